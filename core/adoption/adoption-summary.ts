/**
 * Adoption in one line a reader can check: how many of the model's provisions a text
 * adopts ("7 of 15 provisions; 5 of 6 required"), and words for the result that can
 * never contradict the score beside them ("Adopted in full" only at 100%).
 */

export type SummaryProvision = { kind: string; required: boolean; outcome: string };

export type AdoptionCounts = {
  /** Supporting provisions shown (threat provisions count apart). */
  total: number;
  adopted: number;
  weaker: number;
  required: number;
  requiredAdopted: number;
};

/** Counts over the provisions shown (threats left out: they measure the other way). */
export function adoptionCounts(provisions: readonly SummaryProvision[]): AdoptionCounts {
  const supporting = provisions.filter((p) => p.kind !== 'threat');
  const required = supporting.filter((p) => p.required);
  return {
    total: supporting.length,
    adopted: supporting.filter((p) => p.outcome === 'adopted').length,
    weaker: supporting.filter((p) => p.outcome === 'weaker').length,
    required: required.length,
    requiredAdopted: required.filter((p) => p.outcome === 'adopted').length,
  };
}

/** "7 of 15 provisions (2 more weaker); 5 of 6 required". */
export function adoptionSummaryLine(c: AdoptionCounts): string {
  const weaker = c.weaker ? ` (${c.weaker} more weaker)` : '';
  const required = c.required ? `; ${c.requiredAdopted} of ${c.required} required` : '';
  return `${c.adopted} of ${c.total} provision${c.total === 1 ? '' : 's'}${weaker}${required}`;
}

/**
 * Words for a text's adoption that agree with its score and counts: "Adopted in full" only
 * when every provision shown is adopted; "Every required provision" when those are, but not
 * all; "Partly adopted" when anything counts; else "Not adopted".
 */
export function adoptionWords(score: number, c: AdoptionCounts): { key: 'full' | 'required' | 'partial' | 'none'; words: string } {
  if (c.total > 0 && c.adopted === c.total) return { key: 'full', words: 'Adopted in full' };
  if (c.required > 0 && c.requiredAdopted === c.required) return { key: 'required', words: 'Every required provision adopted' };
  if (score > 0 || c.adopted > 0 || c.weaker > 0) return { key: 'partial', words: 'Partly adopted' };
  return { key: 'none', words: 'Not adopted' };
}

/** The same words from a stored level and score alone (rankings, where provisions are not at hand). */
export function levelWords(level: string, score: number): string {
  if (level === 'adopted') return score >= 0.999 ? 'Adopted in full' : 'Every required provision adopted';
  return score > 0 ? 'Partly adopted' : 'Not adopted';
}
