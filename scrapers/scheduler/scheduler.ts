import os from 'node:os';
import { createTask, type Logger as CronLogger, type RunCoordinator, type ScheduledTask, type TaskContext } from 'node-cron';
import type { DatabaseHandle } from '../../db/connect.js';
import { listSourceSchedules } from '../../db/sources/sources-repository.js';
import { scheduleProblem } from '../../core/sources/schedule-rules.js';
import type { Logger } from '../../core/logger.js';
import { defaultTimeLimitFor } from '../../core/sources/default-schedules.js';
import { DEFAULT_JOB_OPTIONS, type EnqueueOptions, type JobQueue } from '../../db/queue/job-queue.js';
import { createPostgresRunCoordinator } from '../../db/scheduling/run-coordinator.js';

/**
 * Fires each enabled source on its own cron expression and time zone (`sources.schedule`,
 * `sources.timezone`) and enqueues one scrape job per fire; it never scrapes itself, so a
 * slow source cannot delay another's fire. With several instances on one PostgreSQL, each
 * fire is claimed through a lease row in `run_leases` (node-cron's distributed mode with our
 * coordinator), and the job id is derived from (source, fire time): a fire becomes exactly
 * one job even if two instances get past the coordinator. On the embedded database there is
 * one process, so fires are not coordinated.
 *
 * Schedules are data: `reload()` re-reads them (call it after staff edit a source), and every
 * instance also re-reads them every `pollIntervalMs`, so an edit served by one web instance
 * reaches the others.
 */

/** The identity of a source's schedule: a change to any of these reschedules it. */
type ScheduleRow = { id: string; kind: string; schedule: string; timezone: string };

export type ScheduledSource = { sourceId: string; kind: string; schedule: string; timezone: string; nextRunAt: string | null };
export type ScheduleProblem = { sourceId: string; schedule: string; timezone: string; reason: string };
export type ReloadResult = { scheduled: ScheduledSource[]; problems: ScheduleProblem[]; added: string[]; removed: string[]; changed: string[] };

export type FireEvent = { sourceId: string; fireAt: string; jobId: string | null; error?: Error };

export type SchedulerOptions = {
  handle: DatabaseHandle;
  queue: JobQueue;
  logger?: Logger;
  /** This process in `run_leases.holder` (default host:pid). */
  holder?: string;
  /** How long a fire's lease row is kept (default 10 minutes; must exceed clock skew between instances). */
  leaseMs?: number;
  /** Re-read schedules this often; null for only on reload() (default 60 s). */
  pollIntervalMs?: number | null;
  /** Expiry and retries of the job for a fire (default: expiry = the kind's time limit + 2 minutes). */
  jobOptionsFor?: (source: { id: string; kind: string }) => Omit<EnqueueOptions, 'key'>;
  /** Called after each fire this instance won (tests, metrics). */
  onFire?: (event: FireEvent) => void;
  /** Overrides the run coordinator (tests); default PostgreSQL leases on postgres, none on pglite. */
  coordinator?: RunCoordinator | null;
};

/** The dedupe key of a fire: one job per (source, fire time). */
export function fireKey(sourceId: string, fireAt: string): string {
  return `${sourceId}@${fireAt}`;
}

function defaultJobOptions(source: { kind: string }): Omit<EnqueueOptions, 'key'> {
  return {
    expireInSeconds: Math.ceil((defaultTimeLimitFor(source.kind) + 120_000) / 1000),
    retryLimit: DEFAULT_JOB_OPTIONS.retryLimit,
    retryDelaySeconds: DEFAULT_JOB_OPTIONS.retryDelaySeconds,
  };
}

function cronLogger(logger: Logger | undefined): CronLogger {
  return {
    info: (m) => logger?.debug({ component: 'node-cron' }, m),
    warn: (m) => logger?.warn({ component: 'node-cron' }, m),
    error: (m, e) => logger?.error({ component: 'node-cron', err: e ?? m }, typeof m === 'string' ? m : m.message),
    debug: (m) => logger?.debug({ component: 'node-cron' }, typeof m === 'string' ? m : m.message),
  };
}

type Entry = { row: ScheduleRow; task: ScheduledTask };

/** See the module comment. Create with createScheduler; nothing fires before start(). */
export class Scheduler {
  private readonly options: SchedulerOptions;
  private readonly coordinator: RunCoordinator | null;
  private readonly tasks = new Map<string, Entry>();
  private readonly inFlight = new Set<Promise<void>>();
  private poller: NodeJS.Timeout | null = null;
  private reloading: Promise<ReloadResult> | null = null;
  private running = false;

  constructor(options: SchedulerOptions) {
    this.options = options;
    const { handle } = options;
    const holder = options.holder ?? `${os.hostname()}:${process.pid}`;
    this.coordinator =
      options.coordinator !== undefined ? options.coordinator : handle.kind === 'postgres' && handle.pool ? createPostgresRunCoordinator(handle.pool, holder) : null;
  }

  /** Loads the schedules and starts firing. Returns what was scheduled and what could not be. */
  async start(): Promise<ReloadResult> {
    this.running = true;
    const result = await this.reload();
    const every = this.options.pollIntervalMs === undefined ? 60_000 : this.options.pollIntervalMs;
    if (every) {
      this.poller = setInterval(() => {
        this.reload().catch((error: unknown) => this.options.logger?.warn({ err: error }, 'could not re-read source schedules'));
      }, every);
      this.poller.unref();
    }
    return result;
  }

  /**
   * Re-reads `sources` and reschedules what changed: new or re-enabled sources start firing,
   * disabled or deleted ones stop, edited schedules restart. A bad expression or time zone is
   * reported in `problems` (and logged), never thrown, so one typo does not stop the others.
   * @throws only when the database cannot be read (the current schedules stay as they were).
   */
  reload(): Promise<ReloadResult> {
    // Serialized: two overlapping reloads must not both create a task for one source.
    const next = (this.reloading ?? Promise.resolve(null)).catch(() => null).then(() => this.doReload());
    this.reloading = next;
    return next;
  }

  private async doReload(): Promise<ReloadResult> {
    const rows = await listSourceSchedules(this.options.handle.db);
    const result: ReloadResult = { scheduled: [], problems: [], added: [], removed: [], changed: [] };
    if (!this.running) return result;
    const wanted = new Map<string, ScheduleRow>();
    for (const r of rows) {
      if (!r.enabled || !r.schedule?.trim()) continue;
      const row = { id: r.id, kind: r.kind, schedule: r.schedule.trim(), timezone: r.timezone || 'UTC' };
      const problem = scheduleProblem(row.schedule, row.timezone);
      if (problem) {
        result.problems.push({ sourceId: row.id, schedule: row.schedule, timezone: row.timezone, reason: problem });
        continue;
      }
      wanted.set(row.id, row);
    }
    for (const [id, entry] of this.tasks) {
      const want = wanted.get(id);
      if (want && want.schedule === entry.row.schedule && want.timezone === entry.row.timezone && want.kind === entry.row.kind) continue;
      await entry.task.destroy();
      this.tasks.delete(id);
      if (want) result.changed.push(id);
      else result.removed.push(id);
    }
    for (const [id, row] of wanted) {
      if (this.tasks.has(id)) continue;
      const task = this.createTaskFor(row);
      this.tasks.set(id, { row, task });
      await task.start();
      if (!result.changed.includes(id)) result.added.push(id);
    }
    result.scheduled = this.list();
    for (const p of result.problems) this.options.logger?.warn(p, 'source schedule not usable; the source is not scheduled');
    if (result.added.length || result.removed.length || result.changed.length) {
      this.options.logger?.info({ added: result.added, removed: result.removed, changed: result.changed, scheduled: result.scheduled.length }, 'source schedules loaded');
    }
    return result;
  }

  private createTaskFor(row: ScheduleRow): ScheduledTask {
    const task = createTask(row.schedule, (ctx: TaskContext) => this.fire(row, ctx.date), {
      name: `source:${row.id}`,
      timezone: row.timezone,
      // The fire only enqueues, so overlap is short; the source lock stops a source running twice.
      noOverlap: true,
      distributed: this.coordinator !== null,
      runCoordinator: this.coordinator ?? undefined,
      distributedLease: this.options.leaseMs ?? 10 * 60_000,
      logger: cronLogger(this.options.logger),
    });
    task.on('execution:skipped', (ctx) => {
      this.options.logger?.debug({ sourceId: row.id, fireAt: ctx.date.toISOString(), reason: ctx.reason }, 'fire claimed by another instance');
    });
    return task;
  }

  private fire(row: ScheduleRow, date: Date): Promise<void> {
    const fireAt = date.toISOString();
    const jobOptions = (this.options.jobOptionsFor ?? defaultJobOptions)(row);
    const p = (async () => {
      try {
        const jobId = await this.options.queue.enqueue({ sourceId: row.id, params: { fireAt } }, { ...jobOptions, key: fireKey(row.id, fireAt) });
        this.options.logger?.debug({ sourceId: row.id, fireAt, jobId }, jobId ? 'scrape job enqueued' : 'fire already enqueued');
        this.options.onFire?.({ sourceId: row.id, fireAt, jobId });
      } catch (error) {
        // The next fire tries again; a failed enqueue must not kill the timer.
        this.options.logger?.error({ err: error, sourceId: row.id, fireAt }, 'could not enqueue scrape job');
        this.options.onFire?.({ sourceId: row.id, fireAt, jobId: null, error: error as Error });
      }
    })();
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** What is scheduled now, with each source's next fire. */
  list(): ScheduledSource[] {
    return [...this.tasks.values()].map(({ row, task }) => ({
      sourceId: row.id,
      kind: row.kind,
      schedule: row.schedule,
      timezone: row.timezone,
      nextRunAt: task.getNextRun()?.toISOString() ?? null,
    }));
  }

  /** Stops firing and waits for enqueues in flight. Jobs already queued are left to the workers. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.reloading?.catch(() => undefined);
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}

/** A scheduler over the given queue; call start(). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  return new Scheduler(options);
}
