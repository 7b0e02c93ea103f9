import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { overridesOf } from '../texts/provision-overrides.js';
import type { Outcome, ProvisionResult, Stance, VersionScore } from '../../core/adoption/adoption-types.js';
import { applyOverrides, isPublicProvision, type EffectiveProvision, type EffectiveScore, type ProvisionOverride } from '../../core/adoption/apply-overrides.js';
import { compareVersions } from '../../core/adoption/version-compare.js';

/** How far a jurisdiction has adopted a model policy: every required provision (`adopted`), some, or none. */
export const ADOPTION_LEVELS = ['adopted', 'partial', 'none'] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number];

export function levelOf(adoption: string): AdoptionLevel {
  return adoption === 'full' ? 'adopted' : adoption === 'partial' ? 'partial' : 'none';
}

type ScoreRow = {
  text_id: string | number; hash: string; model_id: string; model_version: number; score: number; threat_score: number; adoption: string;
  stance: string | null; copy_score: number; provisions: ProvisionResult[]; scored_at: string | Date;
};

function toVersionScore(r: ScoreRow): VersionScore {
  return {
    policyId: r.model_id, modelVersion: Number(r.model_version), textHash: r.hash, score: Number(r.score), threatScore: Number(r.threat_score),
    adoption: r.adoption as VersionScore['adoption'], stance: r.stance as Stance | null, copyScore: Number(r.copy_score), provisions: r.provisions ?? [],
  };
}

const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** The newest score per text and model (the model's latest version scored). */
const latestScores = (where: ReturnType<typeof sql>) => sql`
  SELECT DISTINCT ON (s.text_id, s.model_id) s.text_id, t.hash, s.model_id, s.model_version, s.score, s.threat_score, s.adoption, s.stance,
         s.copy_score, s.provisions, s.scored_at
  FROM adoption_scores s JOIN bill_texts t ON t.id = s.text_id
  WHERE ${where}
  ORDER BY s.text_id, s.model_id, s.model_version DESC`;

/** Newest version last: by version date (a file attached counts from the day it was stored), position, id. */
const VERSION_ORDER = sql`coalesce(t.version_date, t.fetched_at::date), coalesce(t.version_position, -1), t.id`;
const VERSION_ORDER_DESC = sql`coalesce(t.version_date, t.fetched_at::date) DESC, coalesce(t.version_position, -1) DESC, t.id DESC`;

export type ProvisionView = {
  id: string; statement: string; kind: string; required: boolean; verified: boolean; outcome: Outcome; machine_outcome: Outcome; reason: string;
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

function provisionView(p: EffectiveProvision): ProvisionView {
  return {
    id: p.provisionId, statement: p.statement, kind: p.kind, required: p.required, verified: p.verified, outcome: p.outcome, machine_outcome: p.machineOutcome,
    reason: p.reason, evidence: p.evidence.map((e) => ({ start: e.start, end: e.end, excerpt: e.excerpt, ...(e.deleted === undefined ? {} : { deleted: e.deleted }) })),
    override: p.override ? { outcome: p.override.outcome, note: p.override.note, decided_at: p.override.decidedAt } : null,
  };
}

/** Only what the viewer may see: unverified, unconfirmed provisions go unless `showUnverified`. */
function visibleScore(effective: EffectiveScore, showUnverified: boolean): EffectiveScore & { hidden: number } {
  const provisions = showUnverified ? effective.provisions : effective.provisions.filter(isPublicProvision);
  return { ...effective, provisions, hidden: effective.provisions.length - provisions.length };
}

/**
 * A bill's stored texts, oldest version first, each with its scores (the latest model
 * version, staff overrides applied) and, per model, how each version changed from the one
 * before (strengthened / weakened). Unverified provisions are left out unless
 * `showUnverified` (staff). Null when the bill does not exist.
 */
export async function getBillAdoption(db: Db, billId: number, options: { showUnverified?: boolean } = {}): Promise<BillAdoption | null> {
  const exists = await queryRows<{ id: string | number }>(db, sql`SELECT id FROM bills WHERE id = ${billId}`);
  if (exists.length === 0) return null;
  const texts = await queryRows<{ id: string | number; version_note: string; version_url: string | null; version_date: string | null; media_type: string | null; format: string; hash: string; fetched_at: string | Date }>(
    db,
    sql`SELECT t.id, t.version_note, t.version_url, t.version_date::text AS version_date, t.media_type, t.format, t.hash, t.fetched_at
        FROM bill_texts t WHERE t.bill_id = ${billId} ORDER BY ${VERSION_ORDER}`,
  );
  const scores = texts.length ? await queryRows<ScoreRow>(db, latestScores(sql`t.bill_id = ${billId}`)) : [];
  const overrides = await overridesOf(db, [billId]);
  const show = options.showUnverified ?? false;
  const effectiveByText = new Map<number, EffectiveScore[]>();
  for (const r of scores) {
    const list = effectiveByText.get(Number(r.text_id)) ?? [];
    list.push(applyOverrides(toVersionScore(r), overrides.get(`${billId}:${r.model_id}`) ?? []));
    effectiveByText.set(Number(r.text_id), list);
  }
  const scoredAt = new Map(scores.map((r) => [`${Number(r.text_id)}:${r.model_id}`, iso(r.scored_at)]));
  const versions: VersionView[] = texts.map((t, i) => ({
    text_id: Number(t.id), note: t.version_note, url: t.version_url, date: t.version_date, media_type: t.media_type, format: t.format, hash: t.hash,
    fetched_at: iso(t.fetched_at), latest: i === texts.length - 1,
    scores: (effectiveByText.get(Number(t.id)) ?? []).sort((a, b) => a.policyId.localeCompare(b.policyId)).map((e) => {
      const v = visibleScore(e, show);
      return {
        model: e.policyId, model_version: e.modelVersion, score: e.score, threat_score: e.threatScore, adoption: e.adoption, level: levelOf(e.adoption), stance: e.stance,
        copy_score: e.copyScore, scored_at: scoredAt.get(`${Number(t.id)}:${e.policyId}`) ?? '', provisions: v.provisions.map(provisionView), hidden_provisions: v.hidden,
      };
    }),
  }));
  const comparisons: ComparisonView[] = [];
  for (let i = 1; i < texts.length; i++) {
    const before = effectiveByText.get(Number(texts[i - 1].id)) ?? [];
    for (const after of effectiveByText.get(Number(texts[i].id)) ?? []) {
      const prior = before.find((b) => b.policyId === after.policyId);
      if (!prior) continue;
      const a = visibleScore(prior, show);
      const b = visibleScore(after, show);
      const c = compareVersions(a, b);
      comparisons.push({
        model: after.policyId, from_text_id: Number(texts[i - 1].id), to_text_id: Number(texts[i].id), text_changed: c.textChanged, score_delta: c.scoreDelta, summary: c.summary,
        provisions: c.provisions.map((p) => ({ id: p.provisionId, from: p.from, to: p.to, change: p.change, reason: p.reason })),
      });
    }
  }
  return { bill_id: billId, versions, comparisons };
}

/** The stored normalized text of one of a bill's versions, or null. */
export async function getBillTextBody(db: Db, billId: number, textId: number): Promise<string | null> {
  const rows = await queryRows<{ text: string }>(db, sql`SELECT text FROM bill_texts WHERE id = ${textId} AND bill_id = ${billId}`);
  return rows[0]?.text ?? null;
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

type Candidate = { source: AdoptionSource; score: EffectiveScore };

function better(a: Candidate | null, b: Candidate | null): Candidate | null {
  if (!a) return b;
  if (!b) return a;
  if (b.score.score !== a.score.score) return b.score.score > a.score.score ? b : a;
  if (b.score.adoption !== a.score.adoption) return b.score.adoption === 'full' ? b : a;
  return (b.source.in_force_on ?? '') > (a.source.in_force_on ?? '') ? b : a;
}

/**
 * Per jurisdiction, the best adoption score of `policyId`'s model among the laws in force
 * there, with the law it comes from. Laws in force are enacted bills (their latest scored
 * version, staff overrides applied; overturned bills are not enacted) and enacted curated
 * laws not voided by `today` that have a text (their own, or their linked bill's). A law
 * enacted before a later opposing law in force in the same jurisdiction (a reversal) drops
 * out, as does a bill staff rejected for the policy. A state's law counts for its places
 * (jurisdictions.parent_id, followed upwards); a stronger local law lifts the place above
 * its state. Every jurisdiction is returned, states first, then by name.
 */
export async function jurisdictionAdoption(db: Db, policyId: string, options: { today?: string; classification?: string; state?: string } = {}): Promise<AdoptionEntry[]> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  type Row = ScoreRow & { owner_kind: 'bill' | 'law'; owner_id: string | number; identifier: string | null; title: string; jurisdiction_id: string; version_note: string; in_force_on: string | null };
  const rows = await queryRows<Row>(
    db,
    sql`WITH scored AS (${latestScores(sql`s.model_id = ${policyId}`)}),
        bill_candidates AS (
          SELECT DISTINCT ON (b.id) 'bill' AS owner_kind, b.id AS owner_id, b.identifier, b.title, b.jurisdiction_id, t.version_note,
                 coalesce(b.status_changed_on, b.latest_action_on)::text AS in_force_on, s.*
          FROM bills b JOIN bill_texts t ON t.bill_id = b.id JOIN scored s ON s.text_id = t.id
          WHERE b.status = 'enacted'
            AND NOT EXISTS (SELECT 1 FROM policy_decisions d WHERE d.bill_id = b.id AND d.policy_id = ${policyId} AND d.decision = 'reject')
          ORDER BY b.id, ${VERSION_ORDER_DESC}
        ),
        law_candidates AS (
          SELECT DISTINCT ON (l.id) 'law' AS owner_kind, l.id AS owner_id, l.identifier, l.title, l.jurisdiction_id, t.version_note,
                 coalesce(l.effective_on, l.adopted_on)::text AS in_force_on, s.*
          FROM curated_laws l JOIN bill_texts t ON t.curated_law_id = l.id OR (l.bill_id IS NOT NULL AND t.bill_id = l.bill_id) JOIN scored s ON s.text_id = t.id
          WHERE l.policy_id = ${policyId} AND l.outcome = 'enacted' AND l.stance <> 'opposes' AND (l.voided_on IS NULL OR l.voided_on > ${today}::date)
            AND (l.bill_id IS NULL OR NOT EXISTS (SELECT 1 FROM bills b WHERE b.id = l.bill_id AND b.status = 'enacted'))
          ORDER BY l.id, ${VERSION_ORDER_DESC}
        )
        SELECT * FROM bill_candidates UNION ALL SELECT * FROM law_candidates`,
  );
  // Opposing laws in force: a later one reverses what came before it.
  const reversals = await queryRows<{ jurisdiction_id: string; on: string | null }>(
    db,
    sql`SELECT l.jurisdiction_id, coalesce(l.effective_on, l.adopted_on)::text AS on FROM curated_laws l
        WHERE l.policy_id = ${policyId} AND l.stance = 'opposes' AND l.outcome = 'enacted' AND (l.voided_on IS NULL OR l.voided_on > ${today}::date)
        UNION ALL
        SELECT b.jurisdiction_id, coalesce(b.status_changed_on, b.latest_action_on)::text FROM bill_policy_effective e JOIN bills b ON b.id = e.bill_id
        WHERE e.policy_id = ${policyId} AND e.stance = 'opposes' AND b.status = 'enacted'`,
  );
  const reversedOn = new Map<string, string>();
  for (const r of reversals) {
    const on = r.on ?? today;
    if ((reversedOn.get(r.jurisdiction_id) ?? '') < on) reversedOn.set(r.jurisdiction_id, on);
  }
  const jurisdictionRows = await queryRows<{ id: string; name: string; classification: string; state_code: string | null; fips: string | null; latitude: number | null; longitude: number | null; parent_id: string | null }>(
    db,
    sql`SELECT id, name, classification, state_code, fips, latitude, longitude, parent_id FROM jurisdictions ORDER BY (classification = 'state') DESC, name`,
  );
  const names = new Map(jurisdictionRows.map((j) => [j.id, j.name]));
  const overrides = await overridesOf(db, rows.filter((r) => r.owner_kind === 'bill').map((r) => Number(r.owner_id)), policyId);
  const own = new Map<string, Candidate>();
  for (const r of rows) {
    const reversed = reversedOn.get(r.jurisdiction_id);
    if (reversed !== undefined && (r.in_force_on ?? '') <= reversed) continue;
    const score = applyOverrides(toVersionScore(r), r.owner_kind === 'bill' ? overrides.get(`${Number(r.owner_id)}:${policyId}`) ?? [] : []);
    if (score.score <= 0) continue;
    const candidate: Candidate = {
      score,
      source: {
        kind: r.owner_kind, id: Number(r.owner_id), identifier: r.identifier, title: r.title, jurisdiction_id: r.jurisdiction_id,
        jurisdiction_name: names.get(r.jurisdiction_id) ?? r.jurisdiction_id, text_id: Number(r.text_id), version: r.version_note, in_force_on: r.in_force_on,
      },
    };
    own.set(r.jurisdiction_id, better(own.get(r.jurisdiction_id) ?? null, candidate)!);
  }
  const parents = new Map(jurisdictionRows.map((j) => [j.id, j.parent_id]));
  const effective = new Map<string, Candidate | null>();
  const resolve = (id: string, depth = 0): Candidate | null => {
    if (effective.has(id)) return effective.get(id)!;
    const parent = parents.get(id);
    const inherited = parent && depth < 10 ? resolve(parent, depth + 1) : null;
    const best = better(inherited, own.get(id) ?? null);
    effective.set(id, best);
    return best;
  };
  return jurisdictionRows
    .filter((j) => (!options.classification || j.classification === options.classification) && (!options.state || j.state_code === options.state.toUpperCase()))
    .map((j) => {
      const best = resolve(j.id);
      return {
        id: j.id, name: j.name, classification: j.classification, state_code: j.state_code, fips: j.fips,
        latitude: j.latitude === null ? null : Number(j.latitude), longitude: j.longitude === null ? null : Number(j.longitude), parent_id: j.parent_id,
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

export type { ProvisionOverride };
