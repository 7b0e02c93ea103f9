import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../database.js';
import {
  FAILING_AFTER, SITE_CHANGE_BASELINE_RUNS, STALE_AFTER_MS, comparableParams, judgeSiteChange, sourceStatusOf,
  type FailureStreak, type JurisdictionFreshness, type RunBrief, type RunDetail, type RunErrorEntry, type RunFlag, type RunWithErrors, type SourceHealth,
} from '../../core/sources/source-health.js';
import { sourceConfigProblem } from '../../core/sources/source-config.js';
import type { Config } from '../../core/config.js';

/**
 * Run history and health signals, the one implementation behind the API, /api/health, the
 * staff pages and the jurisdiction pages: per source (last run, last success, consecutive
 * failures, freshness, status) and per jurisdiction (when data covering it was last fetched
 * successfully, and when its bills, curated laws and status last changed). Also the two run flags: `probable-site-change` (a run
 * that parsed far fewer items than usual, which would otherwise look like "nothing changed")
 * and `failing` (the run that made it three failures in a row). Every function returns plain
 * JSON-ready objects (ISO strings, numbers).
 */

type RunRow = {
  id: number | string;
  source_id: string;
  kind: string;
  trigger: string;
  outcome: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  requests: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  flag: string | null;
  errors: RunErrorEntry[] | null;
  params: Record<string, unknown> | null;
  cursor_before?: unknown;
  cursor_after?: unknown;
};

function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toBrief(r: RunRow): RunBrief {
  const startedAt = iso(r.started_at)!;
  const finishedAt = iso(r.finished_at);
  const errors = Array.isArray(r.errors) ? r.errors : [];
  return {
    id: Number(r.id),
    sourceId: r.source_id,
    kind: r.kind,
    trigger: r.trigger,
    outcome: r.outcome,
    startedAt,
    finishedAt,
    durationMs: finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    requests: r.requests,
    fetched: r.fetched,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    failed: r.failed,
    flag: r.flag,
    errorCount: errors.length,
    firstError: errors[0] ?? null,
    params: r.params ?? {},
  };
}

const RUN_COLUMNS = sql.raw(
  'id, source_id, kind, trigger, outcome, started_at, finished_at, requests, fetched, created, updated, unchanged, failed, flag, errors, params',
);

function toWithErrors(r: RunRow): RunWithErrors {
  return { ...toBrief(r), errors: Array.isArray(r.errors) ? r.errors : [] };
}

export type RunHistoryOptions = {
  sourceId?: string;
  outcome?: string;
  /** 1 to 500, default 50. */
  limit?: number;
  /** Only runs older than this run (in history order): the last id of the previous page. */
  beforeId?: number;
  /** Every recorded error of each run, not only the first. */
  withErrors?: boolean;
};

/** Run history, newest first (by start, then id); filter by source and/or outcome, page with beforeId. */
export async function listRunHistory(db: Db, options: RunHistoryOptions & { withErrors: true }): Promise<RunWithErrors[]>;
export async function listRunHistory(db: Db, options?: RunHistoryOptions): Promise<RunBrief[]>;
export async function listRunHistory(db: Db, options: RunHistoryOptions = {}): Promise<RunBrief[]> {
  const conditions: SQL[] = [];
  if (options.sourceId) conditions.push(sql`source_id = ${options.sourceId}`);
  if (options.outcome) conditions.push(sql`outcome = ${options.outcome}`);
  // Keyset on the sort order itself, compared inside SQL (a JS Date would cut microseconds).
  if (options.beforeId) conditions.push(sql`(started_at, id) < (SELECT b.started_at, b.id FROM scrape_runs b WHERE b.id = ${options.beforeId})`);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const limit = Math.min(Math.max(1, options.limit ?? 50), 500);
  const rows = await queryRows<RunRow>(db, sql`SELECT ${RUN_COLUMNS} FROM scrape_runs ${where} ORDER BY started_at DESC, id DESC LIMIT ${limit}`);
  return rows.map(options.withErrors ? toWithErrors : toBrief);
}

/** One run with its errors and cursors, or null. */
export async function getRunDetail(db: Db, runId: number): Promise<RunDetail | null> {
  const [row] = await queryRows<RunRow>(db, sql`SELECT ${RUN_COLUMNS}, cursor_before, cursor_after FROM scrape_runs WHERE id = ${runId}`);
  if (!row) return null;
  return { ...toWithErrors(row), cursorBefore: row.cursor_before ?? null, cursorAfter: row.cursor_after ?? null };
}

type HealthRow = {
  id: string;
  kind: string;
  name: string;
  jurisdiction_id: string | null;
  enabled: boolean;
  schedule: string | null;
  timezone: string;
  configured: boolean;
  last_run_id: number | string | null;
  last_success_id: number | string | null;
  running: boolean;
  consecutive_failures: number;
};

function healthQuery(sourceId: string | null): SQL {
  const sourceFilter = sourceId === null ? sql`` : sql`WHERE id = ${sourceId}`;
  const runFilter = sourceId === null ? sql`` : sql`AND r.source_id = ${sourceId}`;
  // Every configured source, plus any source id seen only in scrape_runs (a CLI run of a
  // source not in `sources`), so no run history is invisible.
  return sql`
    WITH ids AS (
      SELECT id FROM sources ${sourceFilter}
      UNION
      SELECT DISTINCT r.source_id FROM scrape_runs r WHERE true ${runFilter}
    ), last_run AS (
      SELECT DISTINCT ON (source_id) source_id, id, kind, started_at
      FROM scrape_runs r WHERE outcome <> 'running' ${runFilter}
      ORDER BY source_id, started_at DESC, id DESC
    ), last_success AS (
      SELECT DISTINCT ON (source_id) source_id, id, started_at
      FROM scrape_runs r WHERE outcome IN ('ok', 'partial') ${runFilter}
      ORDER BY source_id, started_at DESC, id DESC
    ), failures AS (
      SELECT r.source_id, count(*)::int AS n
      FROM scrape_runs r LEFT JOIN last_success ls ON ls.source_id = r.source_id
      WHERE r.outcome = 'failed' AND (ls.started_at IS NULL OR r.started_at > ls.started_at) ${runFilter}
      GROUP BY r.source_id
    ), running AS (
      SELECT source_id, max(kind) AS kind FROM scrape_runs r WHERE outcome = 'running' ${runFilter} GROUP BY source_id
    )
    SELECT ids.id, COALESCE(s.kind, lr.kind, rn.kind, 'unknown') AS kind, COALESCE(s.name, ids.id) AS name, s.jurisdiction_id,
      COALESCE(s.enabled, false) AS enabled, s.schedule, COALESCE(s.timezone, 'UTC') AS timezone, (s.id IS NOT NULL) AS configured,
      lr.id AS last_run_id, ls.id AS last_success_id,
      (rn.source_id IS NOT NULL) AS running,
      COALESCE(f.n, 0) AS consecutive_failures
    FROM ids
    LEFT JOIN sources s ON s.id = ids.id
    LEFT JOIN last_run lr ON lr.source_id = ids.id
    LEFT JOIN last_success ls ON ls.source_id = ids.id
    LEFT JOIN failures f ON f.source_id = ids.id
    LEFT JOIN running rn ON rn.source_id = ids.id
    ORDER BY ids.id`;
}

/** Options of the health readers: the clock, and the configuration that says whether each source can run. */
export type HealthOptions = { now?: Date; config?: Pick<Config, 'openstates'> };

async function buildHealth(db: Db, rows: HealthRow[], now: Date, config: HealthOptions['config']): Promise<SourceHealth[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.last_run_id, r.last_success_id]).filter((id): id is number | string => id !== null).map(Number))];
  const runs = new Map<number, RunBrief>();
  if (ids.length) {
    const runRows = await queryRows<RunRow>(db, sql`SELECT ${RUN_COLUMNS} FROM scrape_runs WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    for (const r of runRows) runs.set(Number(r.id), toBrief(r));
  }
  return rows.map((r) => {
    const lastRun = r.last_run_id === null ? null : (runs.get(Number(r.last_run_id)) ?? null);
    const lastSuccess = r.last_success_id === null ? null : (runs.get(Number(r.last_success_id)) ?? null);
    const dataFreshAt = lastSuccess?.finishedAt ?? null;
    const dataAgeMs = dataFreshAt ? now.getTime() - Date.parse(dataFreshAt) : null;
    return {
      sourceId: r.id,
      kind: r.kind,
      name: r.name,
      jurisdictionId: r.jurisdiction_id,
      enabled: r.enabled,
      schedule: r.schedule,
      timezone: r.timezone,
      configured: r.configured,
      status: sourceStatusOf(lastRun, r.consecutive_failures),
      running: r.running,
      lastRun,
      lastSuccess,
      consecutiveFailures: r.consecutive_failures,
      dataFreshAt,
      dataAgeMs,
      stale: r.enabled && !!r.schedule?.trim() && dataAgeMs !== null && dataAgeMs > STALE_AFTER_MS,
      notConfigured: config ? (sourceConfigProblem(r.kind, config)?.detail ?? null) : null,
    };
  });
}

/** Health of every configured source and every source id that has run, ordered by id. With `config`, each says whether it can run. */
export async function listSourceHealth(db: Db, options: HealthOptions = {}): Promise<SourceHealth[]> {
  return buildHealth(db, await queryRows<HealthRow>(db, healthQuery(null)), options.now ?? new Date(), options.config);
}

/** Health of one source, or null when it is not configured and never ran. */
export async function getSourceHealth(db: Db, sourceId: string, options: HealthOptions = {}): Promise<SourceHealth | null> {
  const [health] = await buildHealth(db, await queryRows<HealthRow>(db, healthQuery(sourceId)), options.now ?? new Date(), options.config);
  return health ?? null;
}

type FreshnessRow = {
  id: string;
  name: string;
  classification: string;
  last_success_at: Date | string | null;
  source_ids: string[] | null;
  bills_fetched_at: Date | string | null;
  curated_updated_at: Date | string | null;
  status_computed_at: Date | string | null;
};

function freshnessQuery(jurisdictionId: string | null): SQL {
  const filter = jurisdictionId === null ? sql`EXISTS (SELECT 1 FROM covering c WHERE c.jurisdiction_id = j.id)` : sql`j.id = ${jurisdictionId}`;
  return sql`
    WITH ok AS (
      SELECT source_id, kind, params->>'jurisdiction' AS param_jurisdiction,
        max(finished_at) FILTER (WHERE outcome IN ('ok', 'partial')) AS finished_at
      FROM scrape_runs
      GROUP BY 1, 2, 3
    ), covering AS (
      SELECT s.jurisdiction_id, s.id AS source_id, (SELECT max(ok.finished_at) FROM ok WHERE ok.source_id = s.id) AS finished_at
      FROM sources s WHERE s.jurisdiction_id IS NOT NULL
      UNION ALL
      SELECT j.id, ok.source_id, ok.finished_at
      FROM ok JOIN jurisdictions j
        ON ok.param_jurisdiction = j.id
        OR (j.classification = 'state' AND j.state_code IS NOT NULL AND lower(ok.param_jurisdiction) = lower(j.state_code))
      WHERE ok.kind = 'openstates'
    )
    SELECT j.id, j.name, j.classification,
      (SELECT max(c.finished_at) FROM covering c WHERE c.jurisdiction_id = j.id) AS last_success_at,
      (SELECT array_agg(DISTINCT c.source_id) FROM covering c WHERE c.jurisdiction_id = j.id) AS source_ids,
      (SELECT max(bs.fetched_at) FROM bill_sources bs JOIN bills b ON b.id = bs.bill_id WHERE b.jurisdiction_id = j.id) AS bills_fetched_at,
      (SELECT max(cl.updated_at) FROM curated_laws cl WHERE cl.jurisdiction_id = j.id) AS curated_updated_at,
      (SELECT max(ps.updated_at) FROM jurisdiction_policy_status ps WHERE ps.jurisdiction_id = j.id) AS status_computed_at
    FROM jurisdictions j
    WHERE ${filter}
    ORDER BY j.id`;
}

function toFreshness(r: FreshnessRow, now: Date): JurisdictionFreshness {
  const lastSuccessAt = iso(r.last_success_at);
  return {
    jurisdictionId: r.id,
    name: r.name,
    classification: r.classification,
    lastSuccessAt,
    ageMs: lastSuccessAt ? now.getTime() - Date.parse(lastSuccessAt) : null,
    sourceIds: (r.source_ids ?? []).filter((s) => s !== null).sort(),
    billsFetchedAt: iso(r.bills_fetched_at),
    curatedUpdatedAt: iso(r.curated_updated_at),
    statusComputedAt: iso(r.status_computed_at),
  };
}

/**
 * Freshness of one jurisdiction: the last successful run of a source covering it (null and
 * no sources when none does), and when its bills, curated laws and status last changed.
 * Null when there is no such jurisdiction.
 */
export async function getJurisdictionFreshness(db: Db, jurisdictionId: string, options: { now?: Date } = {}): Promise<JurisdictionFreshness | null> {
  const [row] = await queryRows<FreshnessRow>(db, freshnessQuery(jurisdictionId));
  return row ? toFreshness(row, options.now ?? new Date()) : null;
}

/**
 * Sets the health flags of a finished run: `probable-site-change` (see judgeSiteChange) or
 * `failing` (a failed run making FAILING_AFTER or more failures in a row). Call it after
 * runSource (runScheduledSource does). Returns the flag set, or null.
 * @throws when the run does not exist.
 */
export async function flagRun(db: Db, runId: number): Promise<RunFlag | null> {
  const [run] = await queryRows<RunRow>(db, sql`SELECT ${RUN_COLUMNS} FROM scrape_runs WHERE id = ${runId}`);
  if (!run) throw new Error(`no scrape run ${runId}`);
  if (run.outcome === 'running') return null;
  if (run.outcome === 'failed') {
    const [row] = await queryRows<{ n: number }>(
      db,
      // Times compared inside SQL: a JS Date would cut PostgreSQL's microseconds.
      sql`WITH target AS (SELECT source_id, started_at FROM scrape_runs WHERE id = ${runId})
          SELECT count(*)::int AS n FROM scrape_runs r, target t
          WHERE r.source_id = t.source_id AND r.outcome = 'failed' AND r.started_at <= t.started_at
            AND r.started_at > COALESCE((SELECT max(o.started_at) FROM scrape_runs o WHERE o.source_id = t.source_id AND o.outcome IN ('ok', 'partial') AND o.started_at <= t.started_at), '-infinity')`,
    );
    if (row.n < FAILING_AFTER) return null;
    await db.execute(sql`UPDATE scrape_runs SET flag = 'failing' WHERE id = ${runId} AND flag IS NULL`);
    return 'failing';
  }
  const earlier = await queryRows<{ fetched: number; params: Record<string, unknown> | null }>(
    db,
    sql`SELECT r.fetched, r.params FROM scrape_runs r, (SELECT source_id, started_at FROM scrape_runs WHERE id = ${runId}) t
        WHERE r.source_id = t.source_id AND r.outcome = 'ok' AND r.flag IS NULL AND r.id <> ${runId} AND r.started_at <= t.started_at
        ORDER BY r.started_at DESC, r.id DESC LIMIT 100`,
  );
  const key = comparableParams(run.params);
  const baseline = earlier.filter((r) => comparableParams(r.params) === key).slice(0, SITE_CHANGE_BASELINE_RUNS).map((r) => r.fetched);
  if (!judgeSiteChange(run, baseline).flagged) return null;
  await db.execute(sql`UPDATE scrape_runs SET flag = 'probable-site-change' WHERE id = ${runId}`);
  return 'probable-site-change';
}

/**
 * A source's failures in a row since its last ok or partial run, with how its last finished
 * run ended (outcome, first error code, end): what the scheduler's backoff needs, in one
 * short query rather than the full health report.
 */
export async function readFailureStreak(db: Db, sourceId: string): Promise<FailureStreak> {
  const [row] = await queryRows<{ n: number; outcome: string | null; code: string | null; finished_at: Date | string | null }>(
    db,
    sql`WITH last AS (
          SELECT outcome, errors->0->>'code' AS code, finished_at, started_at FROM scrape_runs
          WHERE source_id = ${sourceId} AND outcome <> 'running' ORDER BY started_at DESC, id DESC LIMIT 1
        ), ok AS (
          SELECT max(started_at) AS t FROM scrape_runs WHERE source_id = ${sourceId} AND outcome IN ('ok', 'partial')
        )
        SELECT (SELECT count(*)::int FROM scrape_runs r, ok WHERE r.source_id = ${sourceId} AND r.outcome = 'failed' AND (ok.t IS NULL OR r.started_at > ok.t)) AS n,
          last.outcome, last.code, last.finished_at
        FROM (SELECT 1) one LEFT JOIN last ON true`,
  );
  return { consecutiveFailures: Number(row?.n ?? 0), lastOutcome: row?.outcome ?? null, lastErrorCode: row?.code ?? null, lastFinishedAt: iso(row?.finished_at) };
}

/**
 * Closes runs left `running` by a process that died (crash, SIGKILL, power loss): marks them
 * failed with an `abandoned` error so history and health do not show them running forever.
 * Filter by source and fire (`params.fireAt`, for a retried job), trigger and/or age. Returns how
 * many were closed. Only call it when no live process can own those runs (the caller holds
 * the source's lock, or the age is beyond any time limit).
 */
export async function closeAbandonedRuns(
  db: Db,
  filter: { sourceId?: string; fireAt?: string; startedBeforeMs?: number; triggers?: string[] },
  reason = 'the process running it stopped before it finished',
): Promise<number> {
  const conditions: SQL[] = [sql`outcome = 'running'`];
  if (filter.sourceId) conditions.push(sql`source_id = ${filter.sourceId}`);
  if (filter.triggers?.length) conditions.push(sql`trigger IN (${sql.join(filter.triggers.map((t) => sql`${t}`), sql`, `)})`);
  if (filter.fireAt) conditions.push(sql`params->>'fireAt' = ${filter.fireAt}`);
  if (filter.startedBeforeMs !== undefined) conditions.push(sql`started_at < now() - (${Math.round(filter.startedBeforeMs)}::int * interval '1 millisecond')`);
  const error = JSON.stringify([{ url: null, message: `run abandoned: ${reason}`, code: 'abandoned' }]);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE scrape_runs SET outcome = 'failed', finished_at = now(), errors = errors || ${error}::jsonb
        WHERE ${sql.join(conditions, sql` AND `)} RETURNING id`,
  );
  return rows.length;
}
