import { asc, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { policies } from '../schema/index.js';
import { readJurisdictionCoverage } from '../coverage/coverage-repository.js';
import type { Coverage } from '../../core/coverage/jurisdiction-coverage.js';
import type { Config } from '../../core/config.js';
import { idArray } from '../sql-arrays.js';
import { ROLLUP_REFS_PER_CELL } from '../../core/rollup/roll-up.js';

export type PolicyRow = { id: string; name: string; summary: string; principles: string[]; colors: Record<string, string> };

/** The policies in display order. */
export async function listPolicies(db: Db): Promise<PolicyRow[]> {
  const rows = await db.select().from(policies).orderBy(asc(policies.position), asc(policies.id));
  return rows.map((p) => ({ id: p.id, name: p.name, summary: p.summary, principles: (p.principles ?? []) as string[], colors: (p.colors ?? {}) as Record<string, string> }));
}

export type MapItemRef = { id: number; identifier: string | null; title: string; status: string; url: string | null };

export type MapEntry = {
  id: string;
  name: string;
  classification: string;
  state_code: string | null;
  fips: string | null;
  latitude: number | null;
  longitude: number | null;
  /** How much we know here: not tracked (and why), or tracked since when (core/coverage). */
  coverage: Coverage;
  status: string;
  strength: string | null;
  /** The newest MAP_REFS_PER_CELL bills behind the status; `bill_count` counts them all. */
  bills: MapItemRef[];
  bill_count: number;
  laws: MapItemRef[];
  threats: MapItemRef[];
  threat_count: number;
};

/**
 * Bills listed per map cell (the stored cell keeps no more). A state with thousands of
 * enacted bills on a policy would otherwise make the map answer megabytes; the jurisdiction
 * page and /api/bills list them all.
 */
export const MAP_REFS_PER_CELL = ROLLUP_REFS_PER_CELL;

/** The newest (highest id) refs first, at most MAP_REFS_PER_CELL. */
function newest(ids: (string | number)[] | null): number[] {
  return (ids ?? []).map(Number).sort((a, b) => b - a).slice(0, MAP_REFS_PER_CELL);
}

/**
 * Every jurisdiction with where it stands on one policy (missing rollup rows are `none`),
 * plus the bills and curated laws behind each status, the pending opposing bills, and its
 * coverage, so a `none` from a jurisdiction no source has read is never shown as a finding.
 * States first, then places, by name. `config` lets coverage say a source is not set up.
 */
export async function policyMap(db: Db, policyId: string, filter: { classification?: string; state?: string } = {}, config?: Pick<Config, 'openstates'>): Promise<MapEntry[]> {
  const where = [sql`TRUE`];
  if (filter.classification) where.push(sql`j.classification = ${filter.classification}`);
  if (filter.state) where.push(sql`j.state_code = ${filter.state.toUpperCase()}`);
  const rows = await queryRows<{
    id: string; name: string; classification: string; state_code: string | null; fips: string | null; latitude: number | null; longitude: number | null;
    platform: string | null; status: string | null; strength: string | null; bill_ids: (string | number)[] | null; curated_law_ids: (string | number)[] | null; threat_bill_ids: (string | number)[] | null;
    bill_count: number | null; threat_count: number | null;
  }>(
    db,
    sql`SELECT j.id, j.name, j.classification, j.state_code, j.fips, j.latitude, j.longitude, j.platform,
               s.status, s.strength, s.bill_ids, s.curated_law_ids, s.threat_bill_ids, s.bill_count, s.threat_count
        FROM jurisdictions j
        LEFT JOIN jurisdiction_policy_status s ON s.jurisdiction_id = j.id AND s.policy_id = ${policyId}
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY (j.classification = 'state') DESC, j.name`,
  );
  const billIds = new Set<number>();
  const lawIds = new Set<number>();
  for (const r of rows) {
    for (const id of [...newest(r.bill_ids), ...newest(r.threat_bill_ids)]) billIds.add(id);
    for (const id of r.curated_law_ids ?? []) lawIds.add(Number(id));
  }
  const billRefs = new Map<number, MapItemRef>();
  if (billIds.size) {
    const bills = await queryRows<{ id: string | number; identifier: string; title: string; status: string; source_url: string | null }>(
      db,
      sql`SELECT id, identifier, title, status, source_url FROM bills WHERE id = ANY(${idArray(billIds)}::bigint[])`,
    );
    for (const b of bills) billRefs.set(Number(b.id), { id: Number(b.id), identifier: b.identifier, title: b.title, status: b.status, url: b.source_url });
  }
  const lawRefs = new Map<number, MapItemRef>();
  if (lawIds.size) {
    const laws = await queryRows<{ id: string | number; identifier: string | null; title: string; outcome: string; source_urls: string[] }>(
      db,
      sql`SELECT id, identifier, title, outcome, source_urls FROM curated_laws WHERE id = ANY(${idArray(lawIds)}::bigint[])`,
    );
    for (const l of laws) lawRefs.set(Number(l.id), { id: Number(l.id), identifier: l.identifier, title: l.title, status: l.outcome, url: l.source_urls[0] ?? null });
  }
  const coverage = await readJurisdictionCoverage(db, rows, config, { all: !filter.classification && !filter.state });
  const pick = (ids: (string | number)[] | null, refs: Map<number, MapItemRef>) => (ids ?? []).map((id) => refs.get(Number(id))).filter((r): r is MapItemRef => Boolean(r));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    classification: r.classification,
    state_code: r.state_code,
    fips: r.fips,
    latitude: r.latitude === null ? null : Number(r.latitude),
    longitude: r.longitude === null ? null : Number(r.longitude),
    coverage: coverage.get(r.id)!,
    status: r.status ?? 'none',
    strength: r.strength,
    bills: pick(newest(r.bill_ids), billRefs),
    bill_count: Number(r.bill_count ?? 0),
    laws: pick(r.curated_law_ids, lawRefs),
    threats: pick(newest(r.threat_bill_ids), billRefs),
    threat_count: Number(r.threat_count ?? 0),
  }));
}
