import type { DatabaseHandle } from '../../db/connect.js';
import { closeAbandonedRuns } from '../../db/runs/source-health.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { SourceRecord } from '../../core/sources/source-record.js';
import { MAX_DEFAULT_TIME_LIMIT_MS } from '../../core/sources/default-schedules.js';
import { createInProcessQueue, createPgBossQueue, type JobQueue, type PgBossQueueOptions } from '../../db/queue/job-queue.js';
import { createScheduler, type ReloadResult, type Scheduler, type SchedulerOptions } from './scheduler.js';
import { createScrapeJobHandler, type AdapterLookup } from './scrape-job-handler.js';
import { startRederiveSchedule, type RederiveSchedule } from './rederive-schedule.js';

/*
 * Running one scheduler and N workers against one PostgreSQL
 * ----------------------------------------------------------
 * With DATABASE_URL set, scrape jobs go through a durable queue in PostgreSQL (pg-boss, in
 * the `pgboss` schema of the same database). Roles:
 *
 *   npm start                       web server + scheduler (SCHEDULER=on, the default) + one
 *                                   in-process worker. Enough for one machine.
 *   SCHEDULER=off npm start         web server only (more web instances behind a proxy).
 *   npm run tracker -- worker       a worker: takes scrape jobs and runs them until SIGTERM.
 *                                   `--concurrency 2` runs two sources at a time.
 *
 * Point every process at the same DATABASE_URL. Any number of instances may run the
 * scheduler: each fire (source, time) is claimed by exactly one of them through a lease row
 * in `run_leases`, and its job id is derived from (source, fire time), so a fire is never
 * enqueued twice. Any number of workers may consume: a job goes to one worker; a source
 * never runs twice at once (a PostgreSQL advisory lock per source); a worker that dies
 * mid-run (crash, OOM, SIGKILL, lost machine) leaves its job `active` until the job expires
 * (the source's time limit + 2 minutes), then another worker retries it (up to 2 retries),
 * marking the dead attempt's run `failed` / `abandoned`. SIGTERM lets a worker finish its
 * runs (up to 30 s) before it exits; unfinished jobs are retried the same way.
 *
 *   # machine A: web + scheduler (+ one worker)
 *   DATABASE_URL=postgres://tracker@db/tracker npm start
 *   # machines B, C: workers only
 *   DATABASE_URL=postgres://tracker@db/tracker npm run tracker -- worker --concurrency 2
 *
 * Without DATABASE_URL (the embedded database) everything runs in the one `npm start`
 * process and `tracker worker` refuses to start: the embedded database cannot be shared.
 */

export type SchedulingOptions = {
  handle: DatabaseHandle;
  config: Config;
  adapterFor: AdapterLookup;
  logger?: Logger;
  /** Run scheduled jobs in this process too (default true). Off when dedicated workers do all runs. */
  consumeJobs?: boolean;
  /** Sources run at once in this process (default 2). */
  concurrency?: number;
  timeLimitFor?: (source: SourceRecord) => number;
  queueOptions?: PgBossQueueOptions;
  schedulerOptions?: Partial<Omit<SchedulerOptions, 'handle' | 'queue' | 'logger'>>;
  /** Cron expression (UTC) of the daily status sweep; default REDERIVE_SCHEDULE. */
  rederiveSchedule?: string;
};

export type SchedulingService = {
  scheduler: Scheduler;
  queue: JobQueue;
  /** The daily status sweep (re-derives what time changed). */
  sweep: RederiveSchedule;
  /** Re-reads source schedules (call after staff edit one). */
  reload: () => Promise<ReloadResult>;
  /** Stops firing, then lets runs in flight finish (up to graceMs, default 30 s). */
  stop: (options?: { graceMs?: number }) => Promise<void>;
};

/** A job queue for the handle: pg-boss on PostgreSQL, in-process on the embedded database. */
export function createJobQueue(handle: DatabaseHandle, options: PgBossQueueOptions = {}): JobQueue {
  if (handle.kind === 'postgres' && handle.pool) return createPgBossQueue(handle.pool, options);
  return createInProcessQueue({ logger: options.logger });
}

/**
 * Starts the scheduler (and, unless `consumeJobs` is false, a worker in this process) for
 * `serve`. Runs left `running` by a process that died long ago are closed first.
 * @throws when the database cannot be read or the queue cannot be installed.
 */
export async function startScheduling(options: SchedulingOptions): Promise<SchedulingService> {
  const { handle, config, logger } = options;
  // Only unattended runs: they all have a time limit, so one this old has no live owner. A CLI
  // backfill may legitimately run for hours.
  await closeAbandonedRuns(handle.db, { startedBeforeMs: MAX_DEFAULT_TIME_LIMIT_MS + 10 * 60_000, triggers: ['schedule', 'worker'] });
  const queue = createJobQueue(handle, { logger, ...options.queueOptions });
  await queue.start();
  if (options.consumeJobs ?? true) {
    const handler = createScrapeJobHandler({ handle, config, adapterFor: options.adapterFor, logger, timeLimitFor: options.timeLimitFor, trigger: 'schedule' });
    await queue.work(handler, { concurrency: options.concurrency ?? 2 });
  }
  const scheduler = createScheduler({ handle, queue, logger, ...options.schedulerOptions });
  let sweep: RederiveSchedule;
  try {
    const loaded = await scheduler.start();
    sweep = await startRederiveSchedule({ handle, logger, schedule: options.rederiveSchedule, coordinator: options.schedulerOptions?.coordinator });
    logger?.info({ scheduled: loaded.scheduled.length, problems: loaded.problems.length, queue: queue.mode }, 'scheduler started');
  } catch (error) {
    await scheduler.stop();
    await queue.stop({ graceMs: 0 });
    throw error;
  }
  return {
    scheduler,
    queue,
    sweep,
    reload: () => scheduler.reload(),
    stop: async (stopOptions = {}) => {
      await sweep.stop();
      await scheduler.stop();
      await queue.stop({ graceMs: stopOptions.graceMs ?? 30_000 });
    },
  };
}

export type WorkerOptions = {
  handle: DatabaseHandle;
  config: Config;
  adapterFor: AdapterLookup;
  logger?: Logger;
  concurrency?: number;
  timeLimitFor?: (source: SourceRecord) => number;
  queueOptions?: PgBossQueueOptions;
};

export type Worker = { queue: JobQueue; stop: (options?: { graceMs?: number }) => Promise<void> };

/** Thrown when a worker is started on the embedded database. */
export class WorkerNeedsPostgresError extends Error {
  constructor() {
    super('workers need PostgreSQL: set DATABASE_URL (the embedded database runs scrape jobs inside `npm start` and cannot be shared)');
    this.name = 'WorkerNeedsPostgresError';
  }
}

/**
 * Starts consuming scrape jobs from the PostgreSQL queue until stop().
 * @throws WorkerNeedsPostgresError on the embedded database; a database error when the queue cannot be installed.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { handle, logger } = options;
  if (handle.kind !== 'postgres' || !handle.pool) throw new WorkerNeedsPostgresError();
  const queue = createPgBossQueue(handle.pool, { logger, ...options.queueOptions });
  await queue.start();
  const handler = createScrapeJobHandler({ handle, config: options.config, adapterFor: options.adapterFor, logger, timeLimitFor: options.timeLimitFor, trigger: 'worker' });
  await queue.work(handler, { concurrency: options.concurrency ?? 1 });
  return { queue, stop: (stopOptions = {}) => queue.stop({ graceMs: stopOptions.graceMs ?? 30_000 }) };
}
