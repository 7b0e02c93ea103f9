import type { NormalizedText } from '../texts/bill-text-normalize.js';
import type { Outcome, ProvisionResult, VersionScore } from './adoption-types.js';
import { indexWords } from './copy-align.js';

export type ProvisionChange = {
  provisionId: string;
  from: Outcome;
  to: Outcome;
  change: 'strengthened' | 'weakened' | 'unchanged';
  reason: string;
};

export type VersionComparison = {
  policyId: string;
  /** The enacted wording differs (normalized-text hashes differ). */
  textChanged: boolean;
  /** Share of words the two versions have in common (Dice over word counts), when texts are given. */
  textSimilarity?: number;
  scoreDelta: number;
  threatScoreDelta: number;
  provisions: ProvisionChange[];
  /** One line for the bill page: what changed between the versions, and why. */
  summary: string;
};

/** Strength of an outcome for a supporting provision; a threat provision counts the other way. */
const STRENGTH: Record<Outcome, number> = { contradicted: -1, repealed: 0, absent: 0, mentioned: 1, weaker: 2, adopted: 3 };

function numericDirection(a: ProvisionResult, b: ProvisionResult): number {
  for (const nb of b.numbers) {
    const na = a.numbers.find((n) => n.label === nb.label);
    if (!na || na.value === nb.value) continue;
    const better = nb.comparator === 'at-least' ? nb.value > na.value : nb.value < na.value;
    return better ? 1 : -1;
  }
  return 0;
}

function wordSimilarity(a: NormalizedText, b: NormalizedText): number {
  const count = (t: NormalizedText): Map<string, number> => {
    const m = new Map<string, number>();
    for (const w of indexWords(t.text, t).words) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let common = 0;
  let total = 0;
  for (const [w, n] of ca) { common += Math.min(n, cb.get(w) ?? 0); total += n; }
  for (const n of cb.values()) total += n;
  return total === 0 ? 1 : (2 * common) / total;
}

/**
 * Returns, provision by provision, whether version `b` (the later one) strengthened or
 * weakened `a` (outcome first; for equal outcomes, the numbers, e.g. a wait raised from
 * 10 s to 15 s), the score deltas and a one-line summary. Pass both normalized texts to
 * also get how much of the wording they share. Throws when the two scores are for
 * different policies.
 */
export function compareVersions(a: VersionScore, b: VersionScore, texts?: { a: NormalizedText; b: NormalizedText }): VersionComparison {
  if (a.policyId !== b.policyId) throw new Error(`cannot compare ${a.policyId} with ${b.policyId}`);
  const provisions: ProvisionChange[] = b.provisions.map((pb) => {
    const pa = a.provisions.find((p) => p.provisionId === pb.provisionId);
    const from: Outcome = pa?.outcome ?? 'absent';
    const sign = pb.kind === 'threat' ? -1 : 1;
    let delta = sign * (STRENGTH[pb.outcome] - STRENGTH[from]);
    let why = pb.reason;
    if (delta === 0 && pa) {
      delta = sign * numericDirection(pa, pb);
      if (delta !== 0) why = `numbers changed: ${pa.numbers.map((n) => `${n.label} ${n.value} ${n.unit}`).join(', ')} → ${pb.numbers.map((n) => `${n.label} ${n.value} ${n.unit}`).join(', ')}`;
    }
    const change = delta > 0 ? 'strengthened' : delta < 0 ? 'weakened' : 'unchanged';
    const reason = change === 'unchanged' ? `${pb.outcome} in both` : `${from} → ${pb.outcome}: ${why}`;
    return { provisionId: pb.provisionId, from, to: pb.outcome, change, reason };
  });
  const textChanged = a.textHash !== b.textHash;
  const textSimilarity = texts ? wordSimilarity(texts.a, texts.b) : undefined;
  const moved = provisions.filter((p) => p.change !== 'unchanged');
  const wording = !textChanged ? 'same enacted text (hash equal)'
    : `enacted text changed (hash differs${textSimilarity === undefined ? '' : `; ${Math.round(textSimilarity * 100)}% of words shared`})`;
  const detail = moved.length === 0
    ? `no provision changed (${provisions.length} provisions: ${[...new Set(provisions.map((p) => p.to))].join(', ')})`
    : moved.map((p) => `${p.provisionId} ${p.change} (${p.from} → ${p.to})`).join('; ');
  return {
    policyId: b.policyId, textChanged, ...(textSimilarity === undefined ? {} : { textSimilarity }),
    scoreDelta: b.score - a.score, threatScoreDelta: b.threatScore - a.threatScore, provisions,
    summary: `${wording}; ${detail}`,
  };
}
