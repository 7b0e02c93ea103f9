import { validate } from 'node-cron';
import { isTimeZone } from '../dates.js';

/** Why a cron expression cannot be scheduled, or null. */
export function cronExpressionProblem(schedule: string): string | null {
  return validate(schedule) ? null : `invalid cron expression ${JSON.stringify(schedule)}`;
}

/** Why a time zone cannot be scheduled in (not an IANA name this runtime knows), or null. */
export function timeZoneProblem(timezone: string): string | null {
  return isTimeZone(timezone) ? null : `unknown time zone ${JSON.stringify(timezone)}`;
}

/** Why a cron expression or time zone cannot be scheduled, or null. */
export function scheduleProblem(schedule: string, timezone: string): string | null {
  return cronExpressionProblem(schedule) ?? timeZoneProblem(timezone);
}
