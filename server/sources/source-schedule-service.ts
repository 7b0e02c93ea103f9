import type { Db } from '../../db/database.js';
import { getSourceHealth } from '../../db/runs/source-health.js';
import { type SourceHealth } from '../../core/sources/source-health.js';
import { updateSourceSchedule } from '../../db/sources/sources-repository.js';
import { cronExpressionProblem, timeZoneProblem } from '../../core/sources/schedule-rules.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';

/** What the web app needs of the running scheduler: re-reading schedules after a staff edit. */
export type SchedulingControl = { reload(): Promise<{ problems: unknown[] }> };

/** A staff edit of a source's schedule; only the fields given change. `schedule: null` (or blank) means manual runs only. */
export type SchedulePatch = { schedule?: string | null; timezone?: string; enabled?: boolean };

/**
 * What happened to the running scheduler after the edit: `reloaded`; `off` (no scheduler in
 * this process: another instance picks the edit up on its next poll); `reload_failed` (the
 * edit is saved, and the scheduler's own poll picks it up within a minute).
 */
export type SchedulerReload = 'reloaded' | 'off' | 'reload_failed';

export type ScheduleEdit = { source: SourceHealth; scheduler: SchedulerReload; reloadError: Error | null };

/**
 * Validates and saves a staff edit of a source's schedule, then asks the running scheduler
 * (if this process has one) to re-read schedules, so the edit takes effect at once.
 * @throws ValidationError naming `schedule` (not a cron expression) and/or `timezone` (not an
 *   IANA time zone), or `body` when nothing is given; NotFoundError for a source not in `sources`.
 */
export async function editSourceSchedule(db: Db, scheduling: SchedulingControl | null, sourceId: string, patch: SchedulePatch): Promise<ScheduleEdit> {
  const schedule = patch.schedule === undefined ? undefined : patch.schedule?.trim() || null;
  const timezone = patch.timezone?.trim();
  const problems: { parameter: string; message: string }[] = [];
  if (schedule === undefined && timezone === undefined && patch.enabled === undefined) {
    problems.push({ parameter: 'body', message: 'give at least one of schedule, timezone, enabled' });
  }
  const cronProblem = schedule ? cronExpressionProblem(schedule) : null;
  if (cronProblem) problems.push({ parameter: 'schedule', message: `${cronProblem}: expected 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. "7 * * * 1-5"` });
  const zoneProblem = timezone === undefined ? null : timeZoneProblem(timezone);
  if (zoneProblem) problems.push({ parameter: 'timezone', message: `${zoneProblem}: expected an IANA name such as America/New_York or UTC` });
  if (problems.length) throw new ValidationError(`invalid schedule: ${problems.map((p) => p.parameter).join(', ')}`, problems);

  if (!(await updateSourceSchedule(db, sourceId, { schedule, timezone, enabled: patch.enabled }))) throw new NotFoundError(`source ${sourceId}`);

  let scheduler: SchedulerReload = 'off';
  let reloadError: Error | null = null;
  if (scheduling) {
    try {
      await scheduling.reload();
      scheduler = 'reloaded';
    } catch (error) {
      scheduler = 'reload_failed';
      reloadError = error as Error;
    }
  }
  const source = await getSourceHealth(db, sourceId);
  if (!source) throw new NotFoundError(`source ${sourceId}`);
  return { source, scheduler, reloadError };
}
