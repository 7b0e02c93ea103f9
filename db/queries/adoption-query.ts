import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { overridesOf } from '../texts/provision-overrides.js';
import type { ProvisionResult, Stance, VersionScore } from '../../core/adoption/adoption-types.js';
import type { ProvisionOverride } from '../../core/adoption/apply-overrides.js';
import type { AdoptionCandidate, AdoptionJurisdiction, StoredScore, StoredVersion } from '../../core/adoption/adoption-views.js';

/**
 * The stored side of adoption: texts, their newest scores, staff overrides, and the laws in
 * force per jurisdiction. It only reads; core/adoption/adoption-views.ts applies the
 * overrides, compares versions and picks the best law per jurisdiction.
 */

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

/** The stored texts whose owner column matches (oldest version first) and their newest scores. */
async function readOwnedTexts(db: Db, owner: ReturnType<typeof sql>): Promise<{ texts: StoredVersion[]; scores: StoredScore[] }> {
  const texts = await queryRows<{ id: string | number; version_note: string; version_url: string | null; version_date: string | null; media_type: string | null; format: string; hash: string; fetched_at: string | Date }>(
    db,
    sql`SELECT t.id, t.version_note, t.version_url, t.version_date::text AS version_date, t.media_type, t.format, t.hash, t.fetched_at
        FROM bill_texts t WHERE ${owner} ORDER BY ${VERSION_ORDER}`,
  );
  const scores = texts.length ? await queryRows<ScoreRow>(db, latestScores(owner)) : [];
  return {
    texts: texts.map((t) => ({
      textId: Number(t.id), note: t.version_note, url: t.version_url, date: t.version_date, mediaType: t.media_type, format: t.format, hash: t.hash, fetchedAt: iso(t.fetched_at),
    })),
    scores: scores.map((r) => ({ textId: Number(r.text_id), score: toVersionScore(r), scoredAt: iso(r.scored_at) })),
  };
}

/** A bill's stored texts (oldest version first), their newest scores and the staff overrides on it; null when there is no such bill. */
export async function readBillAdoption(db: Db, billId: number): Promise<{ texts: StoredVersion[]; scores: StoredScore[]; overrides: Map<string, ProvisionOverride[]> } | null> {
  const exists = await queryRows<{ id: string | number }>(db, sql`SELECT id FROM bills WHERE id = ${billId}`);
  if (exists.length === 0) return null;
  return { ...(await readOwnedTexts(db, sql`t.bill_id = ${billId}`)), overrides: await overridesOf(db, [billId]) };
}

/** The stored normalized text of one of a bill's versions, or null. */
export async function getBillTextBody(db: Db, billId: number, textId: number): Promise<string | null> {
  const rows = await queryRows<{ text: string }>(db, sql`SELECT text FROM bill_texts WHERE id = ${textId} AND bill_id = ${billId}`);
  return rows[0]?.text ?? null;
}

/**
 * What decides each jurisdiction's adoption of `policyId`'s model: the laws in force with a
 * scored text (enacted bills, their latest scored version; enacted curated laws not voided
 * by `today` with a text of their own or their linked bill's; a bill staff rejected for
 * the policy left out), the latest opposing law in force per jurisdiction (a reversal),
 * every jurisdiction (states first, then by name), and the staff overrides on the bills.
 */
export async function readAdoptionCandidates(db: Db, policyId: string, today: string): Promise<{
  candidates: AdoptionCandidate[]; reversals: Map<string, string>; jurisdictions: AdoptionJurisdiction[]; overrides: Map<string, ProvisionOverride[]>;
}> {
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
  const reversalRows = await queryRows<{ jurisdiction_id: string; on: string | null }>(
    db,
    sql`SELECT l.jurisdiction_id, coalesce(l.effective_on, l.adopted_on)::text AS on FROM curated_laws l
        WHERE l.policy_id = ${policyId} AND l.stance = 'opposes' AND l.outcome = 'enacted' AND (l.voided_on IS NULL OR l.voided_on > ${today}::date)
        UNION ALL
        SELECT b.jurisdiction_id, coalesce(b.status_changed_on, b.latest_action_on)::text FROM bill_policy_effective e JOIN bills b ON b.id = e.bill_id
        WHERE e.policy_id = ${policyId} AND e.stance = 'opposes' AND b.status = 'enacted'`,
  );
  const reversals = new Map<string, string>();
  for (const r of reversalRows) {
    const on = r.on ?? today;
    if ((reversals.get(r.jurisdiction_id) ?? '') < on) reversals.set(r.jurisdiction_id, on);
  }
  const jurisdictionRows = await queryRows<{ id: string; name: string; classification: string; state_code: string | null; fips: string | null; latitude: number | null; longitude: number | null; parent_id: string | null }>(
    db,
    sql`SELECT id, name, classification, state_code, fips, latitude, longitude, parent_id FROM jurisdictions ORDER BY (classification = 'state') DESC, name`,
  );
  return {
    candidates: rows.map((r) => ({
      ownerKind: r.owner_kind, ownerId: Number(r.owner_id), identifier: r.identifier, title: r.title, jurisdictionId: r.jurisdiction_id, versionNote: r.version_note,
      inForceOn: r.in_force_on, textId: Number(r.text_id), score: toVersionScore(r),
    })),
    reversals,
    jurisdictions: jurisdictionRows.map((j) => ({ ...j, latitude: j.latitude === null ? null : Number(j.latitude), longitude: j.longitude === null ? null : Number(j.longitude) })),
    overrides: await overridesOf(db, rows.filter((r) => r.owner_kind === 'bill').map((r) => Number(r.owner_id)), policyId),
  };
}

/** A curated law's stored texts (oldest version first) and their newest scores; null when there is no such law. */
export async function readLawAdoption(db: Db, lawId: number): Promise<{ texts: StoredVersion[]; scores: StoredScore[] } | null> {
  const exists = await queryRows<{ id: string | number }>(db, sql`SELECT id FROM curated_laws WHERE id = ${lawId}`);
  if (exists.length === 0) return null;
  return readOwnedTexts(db, sql`t.curated_law_id = ${lawId}`);
}

/** The newest score of each of these texts against one model, by text id (the comparison view). */
export async function readTextScores(db: Db, textIds: number[], modelId: string): Promise<Map<number, VersionScore>> {
  if (textIds.length === 0) return new Map();
  const rows = await queryRows<ScoreRow>(db, latestScores(sql`s.text_id IN ${textIds} AND s.model_id = ${modelId}`));
  return new Map(rows.map((r) => [Number(r.text_id), toVersionScore(r)]));
}

/** The stored normalized text of one of a curated law's versions, or null. */
export async function getLawTextBody(db: Db, textId: number): Promise<string | null> {
  const rows = await queryRows<{ text: string }>(db, sql`SELECT text FROM bill_texts WHERE id = ${textId} AND curated_law_id IS NOT NULL`);
  return rows[0]?.text ?? null;
}
