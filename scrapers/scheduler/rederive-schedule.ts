import os from 'node:os';
import { createTask, type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Logger } from '../../core/logger.js';
import { createPostgresRunCoordinator } from '../../db/scheduling/run-coordinator.js';
import { rederiveBills, type RederiveResult } from '../pipeline/rederive-bills.js';

/**
 * The daily time sweep (scrapers/pipeline/rederive-bills.ts, mode `time`): every pending bill
 * whose session ended (and the governor's grace with it) is re-derived, its move written to
 * the change log with the cause. With several instances on one PostgreSQL, each fire is
 * claimed by one of them through `run_leases` (the scheduler's coordinator), so the change
 * log gets each move once.
 */

/** 04:41 UTC: after midnight everywhere in the US, off the hour. */
export const REDERIVE_SCHEDULE = '41 4 * * *';

export type RederiveSchedule = {
  /** Runs one sweep now (what a fire does). */
  runNow: (today?: string) => Promise<RederiveResult>;
  stop: () => Promise<void>;
};

/**
 * Starts the daily sweep on `schedule` (UTC). A sweep that fails is logged and tried again
 * at the next fire; it never stops the process.
 */
export async function startRederiveSchedule(options: { handle: DatabaseHandle; logger?: Logger; schedule?: string; coordinator?: RunCoordinator | null }): Promise<RederiveSchedule> {
  const { handle, logger } = options;
  const coordinator = options.coordinator !== undefined
    ? options.coordinator
    : handle.kind === 'postgres' && handle.pool ? createPostgresRunCoordinator(handle.pool, `${os.hostname()}:${process.pid}`) : null;
  const runNow = async (today = new Date().toISOString().slice(0, 10)): Promise<RederiveResult> => {
    const result = await rederiveBills(handle.db, { mode: 'time', today });
    logger?.info({ checked: result.checked, moved: result.moved, moves: result.moves, jurisdictions: result.jurisdictions.length }, 'daily status sweep finished');
    return result;
  };
  const task: ScheduledTask = createTask(
    options.schedule ?? REDERIVE_SCHEDULE,
    async () => {
      try {
        await runNow();
      } catch (error) {
        logger?.error({ err: error }, 'daily status sweep failed; the next fire tries again');
      }
    },
    {
      name: 'status-sweep',
      timezone: 'UTC',
      noOverlap: true,
      distributed: coordinator !== null,
      runCoordinator: coordinator ?? undefined,
      distributedLease: 60 * 60_000,
    },
  );
  await task.start();
  return { runNow, stop: async () => task.destroy() };
}
