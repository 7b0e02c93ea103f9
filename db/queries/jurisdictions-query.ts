import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import type { JurisdictionClassification, MapStatus, Stance, Status } from '../../core/vocabulary.js';
import { isBehindStatus } from '../../core/rollup/roll-up.js';
import { curatedLaws, jurisdictions } from '../schema/index.js';
import { listPolicies } from './policy-map.js';
import { getJurisdictionFreshness } from '../runs/source-health.js';
import { toBillSummaries, billSummaryColumns, type BillSummary, type BillSummaryRow } from './bill-summary.js';
import { getLastRead, listUpcomingPolicyMeetings, type LastRead, type UpcomingMeeting } from './hearings.js';
import { wallTimeIn } from '../../core/dates.js';
import { readJurisdictionCoverage } from '../coverage/coverage-repository.js';
import type { Coverage } from '../../core/coverage/jurisdiction-coverage.js';
import type { Config } from '../../core/config.js';

export type JurisdictionSummary = {
  id: string; name: string; classification: string; state_code: string | null; fips: string | null;
  latitude: number | null; longitude: number | null; platform: string | null; coverage: string; parent_id: string | null;
};

function summarize(j: typeof jurisdictions.$inferSelect): JurisdictionSummary {
  return {
    id: j.id, name: j.name, classification: j.classification, state_code: j.stateCode, fips: j.fips,
    latitude: j.latitude, longitude: j.longitude, platform: j.platform, coverage: j.coverage, parent_id: j.parentId,
  };
}

/** Jurisdictions, filtered by classification and state, states first then by name. */
export async function listJurisdictions(db: Db, filter: { classification?: JurisdictionClassification; state?: string }): Promise<JurisdictionSummary[]> {
  const conditions = [];
  if (filter.classification) conditions.push(eq(jurisdictions.classification, filter.classification));
  if (filter.state) conditions.push(eq(jurisdictions.stateCode, filter.state.toUpperCase()));
  const rows = await db
    .select()
    .from(jurisdictions)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`(${jurisdictions.classification} = 'state') DESC`, asc(jurisdictions.name));
  return rows.map(summarize);
}

/** The OCD id a `va` / `VA` state code or an OCD id names, or null when no such jurisdiction is stored. */
export async function resolveJurisdictionRef(db: Db, ref: string): Promise<string | null> {
  const value = ref.trim();
  const [row] = /^[A-Za-z]{2}$/.test(value)
    ? await db.select({ id: jurisdictions.id }).from(jurisdictions).where(and(eq(jurisdictions.classification, 'state'), eq(jurisdictions.stateCode, value.toUpperCase())))
    : await db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.id, value));
  return row?.id ?? null;
}

export type CuratedLawView = {
  id: number; policy: string; stance: string; strength: string | null; kind: string; title: string; identifier: string | null; body: string | null;
  adopted_on: string | null; effective_on: string | null; voided_on: string | null; outcome: string; summary: string | null;
  history: { date: string | null; description: string }[]; source_urls: string[]; verification: string | null; note: string | null; bill_id: number | null;
};

export function toCuratedLawView(l: typeof curatedLaws.$inferSelect): CuratedLawView {
  return {
    id: l.id, policy: l.policyId, stance: l.stance, strength: l.strength, kind: l.kind, title: l.title, identifier: l.identifier, body: l.body,
    adopted_on: l.adoptedOn, effective_on: l.effectiveOn, voided_on: l.voidedOn, outcome: l.outcome, summary: l.summary,
    history: l.history as CuratedLawView['history'], source_urls: l.sourceUrls, verification: l.verification, note: l.note, bill_id: l.billId,
  };
}

export type PolicyStanding = {
  policy: string;
  name: string;
  status: string;
  strength: string | null;
  /** The bills and laws behind the status. */
  bills: BillSummary[];
  laws: CuratedLawView[];
  /** Supporting bills still alive. */
  pending: BillSummary[];
  /** Opposing bills still alive. */
  threats: BillSummary[];
};

/**
 * How current the data is: the latest successful run of any source covering the
 * jurisdiction, and when its bills, curated laws and status last changed.
 */
export type SourceFreshness = {
  last_success_at: string | null;
  age_seconds: number | null;
  sources: string[];
  bills_fetched_at: string | null;
  curated_updated_at: string | null;
  status_computed_at: string | null;
};

export type JurisdictionDetail = Omit<JurisdictionSummary, 'coverage'> & {
  timezone: string | null;
  url: string | null;
  /** How much we know here: not tracked (and why, and what would enable it), or tracked since when. */
  coverage: Coverage;
  freshness: SourceFreshness;
  policies: PolicyStanding[];
  /** Coming meetings (today on, in its own time zone) whose agendas take up bills on tracked policies. */
  upcoming_meetings: UpcomingMeeting[];
  /** When a source last read it successfully, and from where; null when never. */
  last_read: LastRead | null;
};

/**
 * A jurisdiction with, per policy, where it stands and why, its coverage, its coming meetings
 * on tracked policies and when it was last read; null when unknown. `today` (YYYY-MM-DD)
 * defaults to the jurisdiction's own date; `config` lets coverage say a source is not set up.
 */
export async function getJurisdictionDetail(
  db: Db, id: string, options: { today?: string; config?: Pick<Config, 'openstates'> } = {},
): Promise<JurisdictionDetail | null> {
  const [j] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, id));
  if (!j) return null;
  const today = options.today ?? wallTimeIn(new Date(), j.timezone ?? 'UTC').slice(0, 10);
  const [policyList, cells, laws, billRows, fresh, upcoming, lastRead] = await Promise.all([
    listPolicies(db),
    queryRows<{ policy_id: string; status: MapStatus; strength: string | null }>(
      db,
      sql`SELECT policy_id, status, strength FROM jurisdiction_policy_status WHERE jurisdiction_id = ${id}`,
    ),
    db.select().from(curatedLaws).where(eq(curatedLaws.jurisdictionId, id)).orderBy(asc(curatedLaws.adoptedOn)),
    // In the list order of the jurisdiction's own index: the walk stops at the 500th bill on a policy.
    queryRows<BillSummaryRow>(
      db,
      sql`SELECT ${billSummaryColumns} FROM bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id
          WHERE b.jurisdiction_id = ${id} AND EXISTS (SELECT 1 FROM rollup_items ri WHERE ri.bill_id = b.id)
          ORDER BY coalesce(b.latest_action_on, DATE '0001-01-01') DESC, b.id DESC LIMIT 500`,
    ),
    getJurisdictionFreshness(db, id),
    listUpcomingPolicyMeetings(db, id, today),
    getLastRead(db, id),
  ]);
  const bills = await toBillSummaries(db, billRows);
  const standings = policyList.map((p): PolicyStanding => {
    const cell = cells.find((c) => c.policy_id === p.id);
    const touching = bills.filter((b) => b.policies.some((bp) => bp.policy === p.id));
    const stanceOf = (b: BillSummary) => b.policies.find((bp) => bp.policy === p.id)?.stance;
    // The cell keeps only the newest references: the bills behind its status are found by the rollup's own rule.
    const behind = (b: BillSummary) => isBehindStatus(cell?.status ?? 'none', { stance: stanceOf(b) as Stance, status: b.status as Status });
    return {
      policy: p.id,
      name: p.name,
      status: cell?.status ?? 'none',
      strength: cell?.strength ?? null,
      bills: touching.filter(behind),
      laws: laws.filter((l) => l.policyId === p.id).map(toCuratedLawView),
      pending: touching.filter((b) => b.status === 'pending' && stanceOf(b) === 'supports'),
      threats: touching.filter((b) => b.status === 'pending' && stanceOf(b) === 'opposes'),
    };
  });
  const freshness: SourceFreshness = {
    last_success_at: fresh?.lastSuccessAt ?? null,
    age_seconds: fresh?.ageMs == null ? null : Math.round(fresh.ageMs / 1000),
    sources: fresh?.sourceIds ?? [],
    bills_fetched_at: fresh?.billsFetchedAt ?? null,
    curated_updated_at: fresh?.curatedUpdatedAt ?? null,
    status_computed_at: fresh?.statusComputedAt ?? null,
  };
  const coverage = (await readJurisdictionCoverage(db, [j], options.config)).get(j.id)!;
  return { ...summarize(j), coverage, timezone: j.timezone, url: j.url, freshness, policies: standings, upcoming_meetings: upcoming, last_read: lastRead };
}
