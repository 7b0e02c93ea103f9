import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database.js';
import { curatedLaws } from '../schema/index.js';
import { normalizeBillText } from '../../core/texts/bill-text-normalize.js';
import { storeText } from '../texts/bill-texts-repository.js';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'curated-law-texts.json');

/**
 * The wording of a curated law that can be cited verbatim: its passages in order, gaps
 * marked "…" and never filled in, the page each came from, and whether the text is only
 * part of the law (shown with the checklist so nobody reads a missing passage as absent).
 */
export const curatedLawTextSchema = z.strictObject({
  seedKey: z.string().min(1),
  partial: z.boolean(),
  note: z.string().min(1),
  sourceUrls: z.array(z.url()).min(1),
  passages: z.array(z.string().min(1)).min(1),
});
export type CuratedLawText = z.infer<typeof curatedLawTextSchema>;

/** The shipped curated-law texts, validated. Throws naming the file and the field. */
export function loadCuratedLawTexts(file = FILE): CuratedLawText[] {
  const parsed = z.array(curatedLawTextSchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`invalid curated-law text in ${path.basename(file)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Stores each shipped curated-law text on its law (found by seed key), normalized, once per
 * hash: running it again adds nothing. Texts staff attached are never touched. Returns the
 * ids of the texts it stored or found, for scoring.
 */
export async function seedCuratedLawTexts(db: Db, texts: CuratedLawText[] = loadCuratedLawTexts()): Promise<{ textIds: number[]; created: number }> {
  const textIds: number[] = [];
  let created = 0;
  for (const t of texts) {
    const [law] = await db.select({ id: curatedLaws.id }).from(curatedLaws).where(eq(curatedLaws.seedKey, t.seedKey));
    if (!law) continue;
    // Paragraph breaks between passages: a gap never joins two passages into one sentence.
    const normalized = normalizeBillText(t.passages.join('\n\n'));
    const stored = await storeText(db, {
      curatedLawId: law.id, versionNote: t.note, versionUrl: t.sourceUrls[0], mediaType: 'text/plain', format: 'plain', normalized,
    });
    textIds.push(stored.textId);
    if (stored.created) created += 1;
  }
  return { textIds, created };
}
