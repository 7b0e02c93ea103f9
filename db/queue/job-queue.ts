import { createHash } from 'node:crypto';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';

/**
 * Scrape jobs: "run source X once, with these params". The scheduler enqueues one per fire;
 * workers consume them. Two implementations with one interface:
 *
 * - `createPgBossQueue`: durable, on PostgreSQL (pg-boss). Any number of worker processes
 *   consume it; a job whose worker dies stays `active` until its expiry, then pg-boss's
 *   maintenance fails it into `retry` and another worker picks it up. Each fire gets a
 *   deterministic job id (and singleton key), so a fire enqueued twice is one job.
 * - `createInProcessQueue`: the embedded default; jobs run in this process, same dedupe.
 */

export const SCRAPE_QUEUE = 'scrape-source';

/** What a job carries. `params.fireAt` names the fire it came from (kept in scrape_runs.params). */
export const scrapeJobSchema = z.object({
  sourceId: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type ScrapeJob = z.infer<typeof scrapeJobSchema>;

export type EnqueueOptions = {
  /** Dedupe key: one job per key (`<sourceId>@<fire ISO>` for a scheduled fire). */
  key: string;
  /** An active job older than this is presumed lost (worker died) and retried. Must exceed the run's time limit. */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
};

export type JobMeta = { id: string; key: string | null; attempt: number };

/** Handles one job. Throwing fails the attempt (retried up to the job's retryLimit). */
export type JobHandler = (job: ScrapeJob, meta: JobMeta) => Promise<unknown>;

export type WorkOptions = { concurrency?: number };

export interface JobQueue {
  readonly mode: 'in-process' | 'postgres';
  /** Installs or checks storage (pg-boss schema, queue). Idempotent. */
  start(): Promise<void>;
  /** Adds a job; returns its id, or null when a job with this key already exists. */
  enqueue(job: ScrapeJob, options: EnqueueOptions): Promise<string | null>;
  /** Starts consuming with `handler` (`concurrency` jobs at a time). */
  work(handler: JobHandler, options?: WorkOptions): Promise<void>;
  /** Stops consuming; waits up to `graceMs` for jobs in flight (unfinished ones are retried later). */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** A deterministic UUID for a dedupe key (pg-boss job ids are UUIDs; the insert ignores a duplicate id). */
export function jobIdForKey(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  // Version 5 / RFC 4122 variant bits, so it parses as a well-formed UUID.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Retry and expiry used when the caller gives none. */
export const DEFAULT_JOB_OPTIONS = { expireInSeconds: 60 * 60, retryLimit: 2, retryDelaySeconds: 60 } as const;

export type PgBossQueueOptions = {
  logger?: Logger;
  /** How often pg-boss looks for expired jobs (default 60 s; tests use 1). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker polls for jobs (default 2 s; minimum 0.5). */
  pollingIntervalSeconds?: number;
  /** Run pg-boss maintenance (expiry) in this process (default true). */
  supervise?: boolean;
};

/**
 * A durable queue over the given node-postgres pool (the tracker's own; no second pool).
 * `start()` installs pg-boss's schema (`pgboss`) on first use.
 * @throws from `start()` when the database is unreachable.
 */
export function createPgBossQueue(pool: pg.Pool, options: PgBossQueueOptions = {}): JobQueue {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    supervise: options.supervise ?? true,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  // An unhandled 'error' event would crash the process; a lost connection is logged instead.
  boss.on('error', (error: Error) => options.logger?.warn({ err: error }, 'job queue error'));
  const polling = options.pollingIntervalSeconds ?? 2;
  let started: Promise<void> | null = null;
  let stopped = false;

  return {
    mode: 'postgres',
    start() {
      started ??= (async () => {
        await boss.start();
        await boss.createQueue(SCRAPE_QUEUE, { name: SCRAPE_QUEUE, policy: 'standard' });
      })();
      return started;
    },
    async enqueue(job, opts) {
      const data = scrapeJobSchema.parse(job);
      return boss.send(SCRAPE_QUEUE, data, {
        id: jobIdForKey(opts.key),
        singletonKey: opts.key,
        expireInSeconds: opts.expireInSeconds ?? DEFAULT_JOB_OPTIONS.expireInSeconds,
        retryLimit: opts.retryLimit ?? DEFAULT_JOB_OPTIONS.retryLimit,
        retryDelay: opts.retryDelaySeconds ?? DEFAULT_JOB_OPTIONS.retryDelaySeconds,
      });
    },
    async work(handler, workOptions = {}) {
      // pg-boss v10 has no team size: each work() call is one polling consumer.
      for (let i = 0; i < Math.max(1, workOptions.concurrency ?? 1); i++) {
        await boss.work<unknown>(SCRAPE_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: polling }, async ([job]) => {
          const parsed = scrapeJobSchema.safeParse(job.data);
          // A malformed payload will not get better on retry: fail it for good.
          if (!parsed.success) {
            options.logger?.error({ jobId: job.id, issues: parsed.error.issues }, 'discarding malformed scrape job');
            return { discarded: 'malformed job data' };
          }
          return handler(parsed.data, { id: job.id, key: job.singletonKey, attempt: job.retryCount + 1 });
        });
      }
    },
    async stop(stopOptions = {}) {
      if (stopped || !started) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: stopOptions.graceMs ?? 30_000 });
    },
  };
}

export type InProcessQueueOptions = { logger?: Logger };

type Pending = { job: ScrapeJob; id: string; key: string; attempt: number; retryLimit: number; retryDelayMs: number };

/**
 * Jobs run in this process, `concurrency` at a time, in enqueue order. Same dedupe (one job per
 * key while the key is remembered, a day) and retries as the durable queue; nothing survives
 * a restart, which is fine for the embedded single-process setup: the next fire comes anyway.
 */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const seen = new Map<string, number>();
  const pending: Pending[] = [];
  const running = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let handler: JobHandler | null = null;
  let concurrency = 1;
  let stopped = false;
  let active = 0;
  const SEEN_MS = 24 * 60 * 60 * 1000;

  const pump = (): void => {
    while (!stopped && handler && active < concurrency && pending.length > 0) {
      const next = pending.shift()!;
      active += 1;
      const work = handler;
      const p = (async () => {
        try {
          await work(next.job, { id: next.id, key: next.key, attempt: next.attempt });
        } catch (error) {
          options.logger?.warn({ err: error, jobId: next.id, attempt: next.attempt }, 'scrape job failed');
          if (next.attempt <= next.retryLimit && !stopped) {
            const timer = setTimeout(() => {
              timers.delete(timer);
              pending.push({ ...next, attempt: next.attempt + 1 });
              pump();
            }, next.retryDelayMs);
            timers.add(timer);
          }
        } finally {
          active -= 1;
        }
      })();
      running.add(p);
      void p.finally(() => {
        running.delete(p);
        pump();
      });
    }
  };

  return {
    mode: 'in-process',
    async start() {},
    async enqueue(job, opts) {
      const data = scrapeJobSchema.parse(job);
      const now = Date.now();
      for (const [k, at] of seen) if (now - at > SEEN_MS) seen.delete(k);
      if (seen.has(opts.key) || stopped) return null;
      seen.set(opts.key, now);
      const id = jobIdForKey(opts.key);
      pending.push({
        job: data,
        id,
        key: opts.key,
        attempt: 1,
        retryLimit: opts.retryLimit ?? DEFAULT_JOB_OPTIONS.retryLimit,
        retryDelayMs: (opts.retryDelaySeconds ?? DEFAULT_JOB_OPTIONS.retryDelaySeconds) * 1000,
      });
      pump();
      return id;
    },
    async work(h, workOptions = {}) {
      handler = h;
      concurrency = Math.max(1, workOptions.concurrency ?? 1);
      pump();
    },
    async stop(stopOptions = {}) {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const all = Promise.allSettled([...running]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, stopOptions.graceMs ?? 30_000)))]);
      clearTimeout(timer);
    },
  };
}
