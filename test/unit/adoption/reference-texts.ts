import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeBillText, type NormalizedText } from '../../../core/texts/bill-text-normalize.js';
import { extractText } from '../../../scrapers/texts/text-extract.js';
import type { VersionScore } from '../../../core/adoption/adoption-types.js';
import { readReferenceBuffer, repoRoot } from '../../helpers/reference.js';

/** Extracts and normalizes one file of ../shared/reference/texts, read in place. */
export async function referenceText(name: string): Promise<NormalizedText> {
  const extracted = await extractText({ body: readReferenceBuffer('texts', name), mediaType: null, url: `reference/texts/${name}` });
  return normalizeBillText(extracted.raw);
}

/** Reads a fixture of test/fixtures/adoption. */
export function adoptionFixture(name: string): Buffer {
  return readFileSync(path.join(repoRoot, 'test', 'fixtures', 'adoption', name));
}

/** Every outcome other than absent has evidence, and each span is exactly its excerpt. */
export function expectEvidenceInText(norm: NormalizedText, score: VersionScore): void {
  for (const p of score.provisions) {
    if (p.outcome === 'absent') {
      expect(p.evidence).toEqual([]);
      continue;
    }
    expect(p.evidence.length).toBeGreaterThan(0);
    for (const ev of p.evidence) {
      expect(ev.start).toBeGreaterThanOrEqual(0);
      expect(ev.end).toBeLessThanOrEqual(norm.text.length);
      expect(norm.text.slice(ev.start, ev.end)).toBe(ev.excerpt);
      expect(ev.excerpt.length).toBeGreaterThan(0);
    }
    if (p.copyEvidence) expect(norm.text.slice(p.copyEvidence.start, p.copyEvidence.end)).toBe(p.copyEvidence.excerpt);
  }
}

export const UNRELATED_TEXTS = [
  'ca-2025-SB275-introduced.xml',
  'ca-2025-SB275-enrolled.xml',
  'ca-2025-AB831-chaptered.xml',
  'va-2026-HB1-introduced.pdf',
  'ny-2023-S6169B-lbdc-page.html',
] as const;
