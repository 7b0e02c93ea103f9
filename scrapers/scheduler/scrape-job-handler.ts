import type { DatabaseHandle } from '../../db/connect.js';
import { finishRun, startRun } from '../../db/runs/scrape-runs.js';
import { emptyCounts } from '../../core/sources/source-health.js';
import { closeAbandonedRuns, readFailureStreak } from '../../db/runs/source-health.js';
import { unreachableBackoffUntil } from '../../core/sources/source-health.js';
import { type RunFlag } from '../../core/sources/source-health.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { SourceNotConfiguredError, type SourceAdapter } from '../sources/source-adapter.js';
import type { SourceRecord } from '../../core/sources/source-record.js';
import { loadSource } from '../../db/sources/load-source.js';
import { defaultTimeLimitFor } from '../../core/sources/default-schedules.js';
import type { JobHandler, JobMeta, ScrapeJob } from '../../db/queue/job-queue.js';
import { runScheduledSource } from './run-scheduled-source.js';
import { createAdvisorySourceLock, createLocalSourceLock, type SourceLock } from '../../db/scheduling/source-lock.js';

/** Looks up the adapter for a source kind (the lead's registry in scrapers/sources/adapters.ts). */
export type AdapterLookup = (kind: string) => SourceAdapter;

export type ScrapeJobHandlerOptions = {
  handle: DatabaseHandle;
  config: Config;
  adapterFor: AdapterLookup;
  /** `schedule` when jobs run inside the scheduling process, `worker` in a worker process. */
  trigger: 'schedule' | 'worker';
  logger?: Logger;
  /** Per-source time limit (default: the kind's, from default-schedules). */
  timeLimitFor?: (source: SourceRecord) => number;
  /** Default: an advisory lock on PostgreSQL, an in-process lock on the embedded database. */
  sourceLock?: SourceLock;
};

export type ScrapeJobResult =
  | { status: 'ran'; runId: number; outcome: string; flag: RunFlag | null }
  | { status: 'skipped'; reason: string };

/**
 * The job handler workers run: loads the source as it is now (staff may have edited or
 * disabled it since the fire), takes the source's lock (a source never runs twice at once;
 * a fire arriving while it runs is skipped), closes a previous attempt of the same fire left
 * `running` by a dead worker, then runs it with its time limit and flags the run.
 * A failed run is a result, not an error: it is recorded and the job completes (the next
 * fire tries again). Only infrastructure errors (database) throw, so the job is retried.
 */
export function createScrapeJobHandler(options: ScrapeJobHandlerOptions): JobHandler {
  const { handle, config, logger } = options;
  const lock = options.sourceLock ?? (handle.kind === 'postgres' && handle.pool ? createAdvisorySourceLock(handle.pool) : createLocalSourceLock());
  const timeLimitFor = options.timeLimitFor ?? ((s: SourceRecord) => defaultTimeLimitFor(s.kind));

  return async function handleScrapeJob(job: ScrapeJob, meta: JobMeta): Promise<ScrapeJobResult> {
    const log = logger?.child({ sourceId: job.sourceId, jobId: meta.id, attempt: meta.attempt });
    const source = await loadSource(handle, job.sourceId);
    if (!source) return skip(log, 'the source no longer exists');
    if (!source.enabled) return skip(log, 'the source is disabled');
    const streak = await readFailureStreak(handle.db, source.id);
    const waitUntil = unreachableBackoffUntil(streak, new Date());
    if (waitUntil) {
      return skip(log, `backing off: its site could not be reached ${streak.consecutiveFailures} time(s) in a row; next try after ${waitUntil.toISOString()}`);
    }

    let adapter: SourceAdapter;
    try {
      adapter = options.adapterFor(source.kind);
    } catch (error) {
      // Recorded as a failed run so staff see it on the health page, not only in logs.
      const runId = await startRun(handle.db, { sourceId: source.id, kind: source.kind, trigger: options.trigger, params: job.params, cursorBefore: source.cursor });
      await finishRun(handle.db, runId, { outcome: 'failed', counts: emptyCounts(), errors: [{ url: null, message: (error as Error).message, code: 'no_adapter' }] });
      log?.error({ err: error }, 'no adapter for source kind');
      return { status: 'ran', runId, outcome: 'failed', flag: null };
    }

    const release = await lock.tryAcquire(source.id);
    if (!release) return skip(log, 'the source is already running');
    try {
      const fireAt = typeof job.params.fireAt === 'string' ? job.params.fireAt : undefined;
      if (fireAt) {
        const closed = await closeAbandonedRuns(handle.db, { sourceId: source.id, fireAt }, 'its worker stopped mid-run; the job was retried');
        if (closed) log?.warn({ closed, fireAt }, 'closed runs abandoned by a dead worker');
      }
      const summary = await runScheduledSource(handle, config, source, adapter, { trigger: options.trigger, params: job.params, timeLimitMs: timeLimitFor(source) });
      log?.info({ runId: summary.runId, outcome: summary.outcome, counts: summary.counts, flag: summary.flag }, 'scheduled run finished');
      return { status: 'ran', runId: summary.runId, outcome: summary.outcome, flag: summary.flag };
    } catch (error) {
      if (error instanceof SourceNotConfiguredError) return skip(log, error.message);
      throw error;
    } finally {
      await release();
    }
  };
}

function skip(log: Logger | undefined, reason: string): ScrapeJobResult {
  log?.info({ reason }, 'scrape job skipped');
  return { status: 'skipped', reason };
}
