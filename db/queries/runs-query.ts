/**
 * Small reads of `scrape_runs` for the staff sources page and the freshness box on
 * jurisdiction pages. Deliberately plain (last runs, last success, failures in a row);
 * richer health signals live in db/runs/source-health.ts.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

export type RunError = { url: string | null; message: string; code: string };

export type RunRow = {
  id: number;
  sourceId: string;
  kind: string;
  trigger: string;
  outcome: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  requests: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  flag: string | null;
  errors: RunError[];
};

export type SourceRuns = {
  id: string;
  kind: string;
  name: string;
  jurisdictionId: string | null;
  enabled: boolean;
  schedule: string | null;
  /** Newest first. */
  runs: RunRow[];
  lastSuccessAt: string | null;
  /** Finished runs that failed since the last ok or partial one. */
  failuresInARow: number;
  health: 'never-run' | 'running' | 'ok' | 'partial' | 'failed' | 'failing';
};

type RawRun = {
  id: string | number; source_id: string; kind: string; trigger: string; outcome: string; started_at: string | Date; finished_at: string | Date | null;
  requests: number; fetched: number; created: number; updated: number; unchanged: number; failed: number; flag: string | null; errors: RunError[] | null;
};

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

function toRun(r: RawRun): RunRow {
  const startedAt = iso(r.started_at)!;
  const finishedAt = iso(r.finished_at);
  return {
    id: Number(r.id), sourceId: r.source_id, kind: r.kind, trigger: r.trigger, outcome: r.outcome, startedAt, finishedAt,
    durationMs: finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    requests: Number(r.requests), fetched: Number(r.fetched), created: Number(r.created), updated: Number(r.updated),
    unchanged: Number(r.unchanged), failed: Number(r.failed), flag: r.flag, errors: Array.isArray(r.errors) ? r.errors : [],
  };
}

/** Three failures in a row make a source `failing` (the same threshold as the health module). */
const FAILING_AFTER = 3;

function healthOf(runs: RunRow[]): Pick<SourceRuns, 'lastSuccessAt' | 'failuresInARow' | 'health'> {
  const finished = runs.filter((r) => r.outcome !== 'running');
  let failuresInARow = 0;
  for (const r of finished) {
    if (r.outcome !== 'failed') break;
    failuresInARow += 1;
  }
  const lastSuccess = finished.find((r) => r.outcome === 'ok' || r.outcome === 'partial');
  let health: SourceRuns['health'];
  if (runs.length === 0) health = 'never-run';
  else if (runs[0].outcome === 'running') health = 'running';
  else if (failuresInARow >= FAILING_AFTER) health = 'failing';
  else health = finished[0].outcome as SourceRuns['health'];
  return { lastSuccessAt: lastSuccess?.finishedAt ?? null, failuresInARow, health };
}

/**
 * Every configured source, plus any source id seen only in `scrape_runs` (a CLI run of an
 * unconfigured source), each with its latest `runsPerSource` runs, newest first.
 */
export async function listSourcesWithRuns(db: Db, options: { runsPerSource?: number } = {}): Promise<SourceRuns[]> {
  const perSource = options.runsPerSource ?? 10;
  const [sourceRows, runRows] = await Promise.all([
    queryRows<{ id: string; kind: string; name: string; jurisdiction_id: string | null; enabled: boolean; schedule: string | null }>(
      db,
      sql`SELECT id, kind, name, jurisdiction_id, enabled, schedule FROM sources ORDER BY id`,
    ),
    queryRows<RawRun>(
      db,
      sql`SELECT * FROM (
            SELECT id, source_id, kind, trigger, outcome, started_at, finished_at, requests, fetched, created, updated, unchanged, failed, flag, errors,
                   row_number() OVER (PARTITION BY source_id ORDER BY started_at DESC, id DESC) AS n
            FROM scrape_runs) r
          WHERE n <= ${perSource} ORDER BY source_id, started_at DESC, id DESC`,
    ),
  ]);
  const runsBySource = new Map<string, RunRow[]>();
  for (const r of runRows) {
    const list = runsBySource.get(r.source_id) ?? [];
    list.push(toRun(r));
    runsBySource.set(r.source_id, list);
  }
  const out: SourceRuns[] = sourceRows.map((s) => {
    const runs = runsBySource.get(s.id) ?? [];
    runsBySource.delete(s.id);
    return { id: s.id, kind: s.kind, name: s.name, jurisdictionId: s.jurisdiction_id, enabled: s.enabled, schedule: s.schedule, runs, ...healthOf(runs) };
  });
  for (const [id, runs] of runsBySource) {
    out.push({ id, kind: runs[0].kind, name: id, jurisdictionId: null, enabled: false, schedule: null, runs, ...healthOf(runs) });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** One source's run history, newest first, with errors; null when the source is unknown and never ran. */
export async function getSourceRuns(db: Db, sourceId: string, options: { limit?: number } = {}): Promise<SourceRuns | null> {
  const [source] = await queryRows<{ id: string; kind: string; name: string; jurisdiction_id: string | null; enabled: boolean; schedule: string | null }>(
    db,
    sql`SELECT id, kind, name, jurisdiction_id, enabled, schedule FROM sources WHERE id = ${sourceId}`,
  );
  const runs = (
    await queryRows<RawRun>(
      db,
      sql`SELECT id, source_id, kind, trigger, outcome, started_at, finished_at, requests, fetched, created, updated, unchanged, failed, flag, errors
          FROM scrape_runs WHERE source_id = ${sourceId} ORDER BY started_at DESC, id DESC LIMIT ${options.limit ?? 50}`,
    )
  ).map(toRun);
  if (!source && runs.length === 0) return null;
  const base = source
    ? { id: source.id, kind: source.kind, name: source.name, jurisdictionId: source.jurisdiction_id, enabled: source.enabled, schedule: source.schedule }
    : { id: sourceId, kind: runs[0].kind, name: sourceId, jurisdictionId: null, enabled: false, schedule: null };
  return { ...base, runs, ...healthOf(runs) };
}

export type JurisdictionDataFreshness = {
  /** When any of the jurisdiction's bills was last fetched from a source. */
  lastFetchedAt: string | null;
  /** The last ok or partial run of a source covering it (its own source, or Open States for its state). */
  lastSuccessfulRunAt: string | null;
  /** The last time a curated law of it was written. */
  curatedUpdatedAt: string | null;
  /** The last time its status per policy was computed. */
  rollupUpdatedAt: string | null;
};

/** How fresh a jurisdiction's data is, from four timestamps; each null when there is none. */
export async function getJurisdictionDataFreshness(db: Db, jurisdictionId: string): Promise<JurisdictionDataFreshness> {
  const [row] = await queryRows<{ fetched: string | Date | null; run: string | Date | null; curated: string | Date | null; rollup: string | Date | null }>(
    db,
    sql`SELECT
          (SELECT max(bs.fetched_at) FROM bill_sources bs JOIN bills b ON b.id = bs.bill_id WHERE b.jurisdiction_id = ${jurisdictionId}) AS fetched,
          (SELECT max(r.finished_at) FROM scrape_runs r
             WHERE r.outcome IN ('ok', 'partial')
               AND (r.source_id IN (SELECT s.id FROM sources s WHERE s.jurisdiction_id = ${jurisdictionId})
                    OR (r.kind = 'openstates' AND (r.params->>'jurisdiction' = ${jurisdictionId}
                        OR lower(r.params->>'jurisdiction') = (SELECT lower(j.state_code) FROM jurisdictions j WHERE j.id = ${jurisdictionId} AND j.classification = 'state'))))) AS run,
          (SELECT max(updated_at) FROM curated_laws WHERE jurisdiction_id = ${jurisdictionId}) AS curated,
          (SELECT max(updated_at) FROM jurisdiction_policy_status WHERE jurisdiction_id = ${jurisdictionId}) AS rollup`,
  );
  return {
    lastFetchedAt: iso(row?.fetched ?? null),
    lastSuccessfulRunAt: iso(row?.run ?? null),
    curatedUpdatedAt: iso(row?.curated ?? null),
    rollupUpdatedAt: iso(row?.rollup ?? null),
  };
}
