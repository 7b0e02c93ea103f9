import type { Outcome, Stance, VersionScore } from './adoption-types.js';
import { applyOverrides, isPublicProvision, type EffectiveProvision, type EffectiveScore, type ProvisionOverride } from './apply-overrides.js';
import { compareVersions } from './version-compare.js';

/**
 * How adoption is shown: a bill's versions with their scores (staff overrides applied) and
 * what each amendment changed, and per jurisdiction the best law in force. Pure: the server
 * reads the stored texts, scores and overrides (db/queries/adoption-query.ts) and hands them
 * here.
 */

/** How far a jurisdiction has adopted a model policy: every required provision (`adopted`), some, or none. */
export const ADOPTION_LEVELS = ['adopted', 'partial', 'none'] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number];

export function levelOf(adoption: string): AdoptionLevel {
  return adoption === 'full' ? 'adopted' : adoption === 'partial' ? 'partial' : 'none';
}

export type ProvisionView = {
  id: string; statement: string; kind: string; required: boolean; verified: boolean; outcome: Outcome; machine_outcome: Outcome; reason: string;
  /** Why the machine outcome is "weaker" (null otherwise): an exception, a limit, a narrower scope, or "may" for "shall". */
  weaker_because?: 'exception' | 'limit' | 'scope' | 'permissive' | null;
  evidence: { start: number; end: number; excerpt: string; deleted?: string }[];
  override: { outcome: Outcome; note: string | null; decided_at: string } | null;
};

export type ScoreView = {
  model: string; model_version: number; score: number; threat_score: number; adoption: 'full' | 'partial' | 'none'; level: AdoptionLevel;
  stance: Stance | null; copy_score: number; scored_at: string;
  provisions: ProvisionView[];
  /** Unverified provisions left out until staff confirm them (0 for staff viewers). */
  hidden_provisions: number;
};

export type VersionView = {
  text_id: number; note: string; url: string | null; date: string | null; media_type: string | null; format: string; hash: string; fetched_at: string;
  latest: boolean; scores: ScoreView[];
};

export type ComparisonView = {
  model: string; from_text_id: number; to_text_id: number; text_changed: boolean; score_delta: number; summary: string;
  provisions: { id: string; from: Outcome; to: Outcome; change: 'strengthened' | 'weakened' | 'unchanged'; reason: string }[];
};

export type BillAdoption = { bill_id: number; versions: VersionView[]; comparisons: ComparisonView[] };

/** A stored version of a bill's text, oldest first. */
export type StoredVersion = { textId: number; note: string; url: string | null; date: string | null; mediaType: string | null; format: string; hash: string; fetchedAt: string };

/** The newest score of one text against one model, as stored. */
export type StoredScore = { textId: number; score: VersionScore; scoredAt: string };

function provisionView(p: EffectiveProvision): ProvisionView {
  return {
    id: p.provisionId, statement: p.statement, kind: p.kind, required: p.required, verified: p.verified, outcome: p.outcome, machine_outcome: p.machineOutcome,
    reason: p.reason, weaker_because: p.machineOutcome === 'weaker' ? p.weakerBecause ?? null : null, evidence: p.evidence.map((e) => ({ start: e.start, end: e.end, excerpt: e.excerpt, ...(e.deleted === undefined ? {} : { deleted: e.deleted }) })),
    override: p.override ? { outcome: p.override.outcome, note: p.override.note, decided_at: p.override.decidedAt } : null,
  };
}

/** Only what the viewer may see: unverified, unconfirmed provisions go unless `showUnverified`. */
function visibleScore(effective: EffectiveScore, showUnverified: boolean): EffectiveScore & { hidden: number } {
  const provisions = showUnverified ? effective.provisions : effective.provisions.filter(isPublicProvision);
  return { ...effective, provisions, hidden: effective.provisions.length - provisions.length };
}

/**
 * A bill's versions (oldest first), each with its scores (the latest model version, staff
 * overrides applied) and, per model, how each version changed from the one before
 * (strengthened / weakened). Unverified provisions are left out unless `showUnverified`.
 * `overrides` is keyed `${billId}:${modelId}`.
 */
export function buildBillAdoption(
  billId: number,
  texts: StoredVersion[],
  scores: StoredScore[],
  overrides: Map<string, ProvisionOverride[]>,
  options: { showUnverified?: boolean } = {},
): BillAdoption {
  const show = options.showUnverified ?? false;
  const effectiveByText = new Map<number, EffectiveScore[]>();
  for (const r of scores) {
    const list = effectiveByText.get(r.textId) ?? [];
    list.push(applyOverrides(r.score, overrides.get(`${billId}:${r.score.policyId}`) ?? []));
    effectiveByText.set(r.textId, list);
  }
  const scoredAt = new Map(scores.map((r) => [`${r.textId}:${r.score.policyId}`, r.scoredAt]));
  const versions: VersionView[] = texts.map((t, i) => ({
    text_id: t.textId, note: t.note, url: t.url, date: t.date, media_type: t.mediaType, format: t.format, hash: t.hash,
    fetched_at: t.fetchedAt, latest: i === texts.length - 1,
    scores: (effectiveByText.get(t.textId) ?? []).sort((a, b) => a.policyId.localeCompare(b.policyId)).map((e) => {
      const v = visibleScore(e, show);
      return {
        model: e.policyId, model_version: e.modelVersion, score: e.score, threat_score: e.threatScore, adoption: e.adoption, level: levelOf(e.adoption), stance: e.stance,
        copy_score: e.copyScore, scored_at: scoredAt.get(`${t.textId}:${e.policyId}`) ?? '', provisions: v.provisions.map(provisionView), hidden_provisions: v.hidden,
      };
    }),
  }));
  const comparisons: ComparisonView[] = [];
  for (let i = 1; i < texts.length; i++) {
    const before = effectiveByText.get(texts[i - 1].textId) ?? [];
    for (const after of effectiveByText.get(texts[i].textId) ?? []) {
      const prior = before.find((b) => b.policyId === after.policyId);
      if (!prior) continue;
      const c = compareVersions(visibleScore(prior, show), visibleScore(after, show));
      comparisons.push({
        model: after.policyId, from_text_id: texts[i - 1].textId, to_text_id: texts[i].textId, text_changed: c.textChanged, score_delta: c.scoreDelta, summary: c.summary,
        provisions: c.provisions.map((p) => ({ id: p.provisionId, from: p.from, to: p.to, change: p.change, reason: p.reason })),
      });
    }
  }
  return { bill_id: billId, versions, comparisons };
}

/** The law whose text gives a jurisdiction its adoption score. */
export type AdoptionSource = {
  kind: 'bill' | 'law';
  id: number;
  identifier: string | null;
  title: string;
  jurisdiction_id: string;
  jurisdiction_name: string;
  text_id: number;
  version: string;
  in_force_on: string | null;
};

export type AdoptionEntry = {
  id: string; name: string; classification: string; state_code: string | null; fips: string | null; latitude: number | null; longitude: number | null;
  parent_id: string | null;
  level: AdoptionLevel;
  score: number;
  threat_score: number;
  stance: Stance | null;
  /** True when the score comes from a law of the parent (a state law counts for its cities). */
  inherited: boolean;
  source: AdoptionSource | null;
};

/** A law in force with a scored text: an enacted bill or an enacted curated law. */
export type AdoptionCandidate = {
  ownerKind: 'bill' | 'law'; ownerId: number; identifier: string | null; title: string; jurisdictionId: string; versionNote: string;
  inForceOn: string | null; textId: number; score: VersionScore;
};

export type AdoptionJurisdiction = {
  id: string; name: string; classification: string; state_code: string | null; fips: string | null; latitude: number | null; longitude: number | null; parent_id: string | null;
};

type Candidate = { source: AdoptionSource; score: EffectiveScore };

function better(a: Candidate | null, b: Candidate | null): Candidate | null {
  if (!a) return b;
  if (!b) return a;
  if (b.score.score !== a.score.score) return b.score.score > a.score.score ? b : a;
  if (b.score.adoption !== a.score.adoption) return b.score.adoption === 'full' ? b : a;
  return (b.source.in_force_on ?? '') > (a.source.in_force_on ?? '') ? b : a;
}

/**
 * Per jurisdiction, the best adoption among the laws in force there, with the law it comes
 * from. A law in force before a later opposing law of the same jurisdiction (a reversal,
 * `reversals`: the latest such date per jurisdiction) drops out; a state's law counts for
 * its places (parent_id, followed upwards); a stronger local law lifts a place above its
 * state. `overrides` (staff outcomes on bills) are keyed `${billId}:${policyId}`.
 */
export function resolveJurisdictionAdoption(
  policyId: string,
  candidates: AdoptionCandidate[],
  reversals: Map<string, string>,
  jurisdictions: AdoptionJurisdiction[],
  overrides: Map<string, ProvisionOverride[]>,
  filter: { classification?: string; state?: string } = {},
): AdoptionEntry[] {
  const names = new Map(jurisdictions.map((j) => [j.id, j.name]));
  const own = new Map<string, Candidate>();
  for (const r of candidates) {
    const reversed = reversals.get(r.jurisdictionId);
    if (reversed !== undefined && (r.inForceOn ?? '') <= reversed) continue;
    const score = applyOverrides(r.score, r.ownerKind === 'bill' ? overrides.get(`${r.ownerId}:${policyId}`) ?? [] : []);
    if (score.score <= 0) continue;
    const candidate: Candidate = {
      score,
      source: {
        kind: r.ownerKind, id: r.ownerId, identifier: r.identifier, title: r.title, jurisdiction_id: r.jurisdictionId,
        jurisdiction_name: names.get(r.jurisdictionId) ?? r.jurisdictionId, text_id: r.textId, version: r.versionNote, in_force_on: r.inForceOn,
      },
    };
    own.set(r.jurisdictionId, better(own.get(r.jurisdictionId) ?? null, candidate)!);
  }
  const parents = new Map(jurisdictions.map((j) => [j.id, j.parent_id]));
  const effective = new Map<string, Candidate | null>();
  const resolve = (id: string, depth = 0): Candidate | null => {
    if (effective.has(id)) return effective.get(id)!;
    const parent = parents.get(id);
    const inherited = parent && depth < 10 ? resolve(parent, depth + 1) : null;
    const best = better(inherited, own.get(id) ?? null);
    effective.set(id, best);
    return best;
  };
  return jurisdictions
    .filter((j) => (!filter.classification || j.classification === filter.classification) && (!filter.state || j.state_code === filter.state.toUpperCase()))
    .map((j) => {
      const best = resolve(j.id);
      return {
        ...j,
        level: best ? levelOf(best.score.adoption) : 'none',
        score: best?.score.score ?? 0,
        threat_score: best?.score.threatScore ?? 0,
        stance: best?.score.stance ?? null,
        inherited: best ? best.source.jurisdiction_id !== j.id : false,
        source: best?.source ?? null,
      };
    });
}

/** The jurisdictions with a law in force that adopts some of the model, best first. */
export function rankByAdoption(entries: AdoptionEntry[]): AdoptionEntry[] {
  const rank: Record<AdoptionLevel, number> = { adopted: 0, partial: 1, none: 2 };
  return entries
    .filter((e) => e.source !== null)
    .sort((a, b) => b.score - a.score || rank[a.level] - rank[b.level] || Number(a.inherited) - Number(b.inherited) || a.name.localeCompare(b.name));
}
