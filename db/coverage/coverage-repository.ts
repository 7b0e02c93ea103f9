import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { jurisdictionCoverage, jurisdictions, sources } from '../schema/index.js';
import { coverageOf, sourcesCovering, type Coverage, type CoverageJurisdiction, type CoverageRecord, type CoverageSource } from '../../core/coverage/jurisdiction-coverage.js';
import { sourceConfigProblem } from '../../core/sources/source-config.js';
import type { Config } from '../../core/config.js';
import { bumpRollupVersion } from '../rollup/rollup-version.js';

/**
 * Which sources have run for which jurisdictions (`jurisdiction_coverage`), and the facts
 * core/coverage judges a jurisdiction's coverage from.
 */

/**
 * Notes that a finished run of `sourceId` covered these jurisdictions (unknown ids are ignored).
 * Every map cell carries its coverage, so this bumps the rollup version (cached maps rebuild).
 */
export async function recordCoverage(db: Db, sourceId: string, jurisdictionIds: readonly string[], runId: number | null): Promise<void> {
  const ids = [...new Set(jurisdictionIds)];
  if (ids.length === 0) return;
  const known = (await db.select({ id: jurisdictions.id }).from(jurisdictions).where(inArray(jurisdictions.id, ids))).map((r) => r.id);
  if (known.length === 0) return;
  await db
    .insert(jurisdictionCoverage)
    .values(known.map((jurisdictionId) => ({ jurisdictionId, sourceId, lastRunId: runId })))
    .onConflictDoUpdate({
      target: [jurisdictionCoverage.jurisdictionId, jurisdictionCoverage.sourceId],
      set: { lastRunAt: sql`now()`, lastRunId: sql`excluded.last_run_id` },
    });
  await bumpRollupVersion(db);
}

export type CoverageFacts = {
  sources: CoverageSource[];
  /** Coverage rows by jurisdiction id. */
  records: Map<string, CoverageRecord[]>;
  /** Jurisdictions with at least one stored bill (tracked even when no run recorded it: bills imported before coverage was kept). */
  withBills: Set<string>;
};

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * The facts coverage is judged from, for some jurisdictions or (without ids) all: every
 * configured source with whether this configuration lets it run, the coverage rows, and which
 * jurisdictions have bills. A handful of small queries whatever the number of bills.
 */
export async function readCoverageFacts(db: Db, config: Pick<Config, 'openstates'> | undefined, jurisdictionIds?: readonly string[]): Promise<CoverageFacts> {
  const scoped = jurisdictionIds ? [...new Set(jurisdictionIds)] : null;
  if (scoped && scoped.length === 0) return { sources: [], records: new Map(), withBills: new Set() };
  const sourceRows = await db.select({ id: sources.id, kind: sources.kind, name: sources.name, jurisdictionId: sources.jurisdictionId, enabled: sources.enabled }).from(sources);
  const coverageRows = await db
    .select()
    .from(jurisdictionCoverage)
    .where(scoped ? inArray(jurisdictionCoverage.jurisdictionId, scoped) : undefined);
  const records = new Map<string, CoverageRecord[]>();
  for (const r of coverageRows) {
    const list = records.get(r.jurisdictionId) ?? [];
    list.push({ sourceId: r.sourceId, firstRunAt: iso(r.firstRunAt), lastRunAt: iso(r.lastRunAt) });
    records.set(r.jurisdictionId, list);
  }
  const filter = scoped ? sql`WHERE j.id IN ${scoped}` : sql``;
  const withBills = await queryRows<{ id: string }>(
    db,
    sql`SELECT j.id FROM jurisdictions j ${filter} ${scoped ? sql`AND` : sql`WHERE`} EXISTS (SELECT 1 FROM bills b WHERE b.jurisdiction_id = j.id)`,
  );
  return {
    // Without a configuration to judge (a caller outside the server) no source counts as unconfigured.
    sources: sourceRows.map((s) => ({ ...s, problem: config ? sourceConfigProblem(s.kind, config) : null })),
    records,
    withBills: new Set(withBills.map((r) => r.id)),
  };
}

/**
 * The coverage of each of these jurisdictions (core/coverage/jurisdiction-coverage.ts), by id.
 * With `all`, the facts of every jurisdiction are read at once (the map); otherwise only theirs.
 */
export async function readJurisdictionCoverage(
  db: Db,
  list: readonly CoverageJurisdiction[],
  config: Pick<Config, 'openstates'> | undefined,
  options: { all?: boolean } = {},
): Promise<Map<string, Coverage>> {
  const facts = await readCoverageFacts(db, config, options.all ? undefined : list.map((j) => j.id));
  return new Map(list.map((j) => [j.id, coverageOf(j, sourcesCovering(j, facts.sources), facts.records.get(j.id) ?? [], facts.withBills.has(j.id))]));
}
