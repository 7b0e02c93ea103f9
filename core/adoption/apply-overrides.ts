import { type Outcome, type ProvisionResult, type VersionScore } from './adoption-types.js';
import { summarizeProvisions } from './text-score.js';

/** A staff decision on one provision, made while looking at the text with `textHash`. */
export type ProvisionOverride = {
  provisionId: string;
  outcome: Outcome;
  note: string | null;
  textHash: string;
  decidedBy: number | null;
  decidedAt: string;
};

/** A provision as the public sees it: the staff outcome when there is one, the machine's beside it. */
export type EffectiveProvision = ProvisionResult & { machineOutcome: Outcome; override: ProvisionOverride | null };

export type EffectiveScore = Omit<VersionScore, 'provisions'> & { provisions: EffectiveProvision[] };

/**
 * Returns the score with staff overrides applied: an override counts only when it was made
 * on this very text (same hash), replaces the machine outcome, and makes an unverified
 * provision count (staff have confirmed it). Score, threat score, adoption and stance are
 * recomputed the way `scoreText` computes them. Pure.
 */
export function applyOverrides(score: VersionScore, overrides: ProvisionOverride[]): EffectiveScore {
  const live = new Map(overrides.filter((o) => o.textHash === score.textHash).map((o) => [o.provisionId, o]));
  const provisions: EffectiveProvision[] = score.provisions.map((p) => {
    const o = live.get(p.provisionId) ?? null;
    return { ...p, outcome: o ? o.outcome : p.outcome, machineOutcome: p.outcome, override: o };
  });
  const summary = summarizeProvisions(provisions, score, (p) => p.verified || live.has(p.provisionId));
  return { ...summary, provisions };
}

/** Whether the public may see a provision: verified in the model, or confirmed by staff. */
export function isPublicProvision(p: EffectiveProvision): boolean {
  return p.verified || p.override !== null;
}
