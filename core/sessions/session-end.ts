/**
 * When a legislative session is over: the rule every source shares before it derives a
 * status (ARCHITECTURE.md "One status model"). Pure: the sessions are read by db/, handed in.
 *
 * - A session is over when its end date has passed.
 * - Where the end date is unknown or empty (common in the real API), it is over once a later
 *   regular session of the same jurisdiction has started.
 * - A recorded end date the bill's own record contradicts (the legislature acted on the bill
 *   well after it, as in Illinois' `104th`, listed as ending 2025-05-31 while the General
 *   Assembly sat through 2026) is not trusted for that bill: the later-regular-session rule
 *   decides instead.
 */

/** A session as the status model needs it; dates are `YYYY-MM-DD` or null. */
export type SessionFact = {
  identifier: string;
  name?: string | null;
  /** `primary` / `regular` / `special`, or null / "" when the source leaves it out. */
  classification: string | null;
  startDate: string | null;
  endDate: string | null;
};

/** Where a session ends for one bill, and on what basis. */
export type SessionEnd = {
  /** The day the session ended (or ends), or null when nothing says it has. */
  endDate: string | null;
  basis: 'end-date' | 'next-regular-session' | 'unknown';
  /** With `next-regular-session`: the regular session whose start ended this one. */
  nextSession: string | null;
  /** Words for the change log: "session ended 2025-02-22". */
  cause: string;
};

/** Days after sine die a governor may still act; a bill's action later than this contradicts a recorded end date. */
export const SESSION_END_SLACK_DAYS = 45;

const SPECIAL_NAME = /\b(special|extraordinary|extra|called)\b/i;
// `2025S1` (VA), `2025E1` (NC), `20251E` (MS), `2026E` (FL), `107S1` (NE), `2011specialI`, `2026_ss` (GA).
const SPECIAL_IDENTIFIER = /special|_ss$|\d[ES]\d*$/i;

/**
 * True for a regular session. The classification decides when it says `special`; a name or
 * identifier that says special wins over `primary` (the real API lists Mississippi's "2026 1st
 * Extraordinary Session" as `primary`); anything else, classification empty included, is regular.
 */
export function isRegularSession(session: Pick<SessionFact, 'identifier' | 'classification' | 'name'>): boolean {
  const classification = (session.classification ?? '').trim().toLowerCase();
  if (classification === 'special') return false;
  if (SPECIAL_NAME.test(session.name ?? '')) return false;
  return !SPECIAL_IDENTIFIER.test(session.identifier);
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * A session date as a full day: timestamps cut to their day, and Open States' partial dates
 * widened to the period they name, so they never break an ordering: a start of `2024` is
 * 2024-01-01, an end of `2024-04` is 2024-04-30. Null for "", null or anything unreadable.
 */
export function sessionDateBound(value: string | null | undefined, bound: 'start' | 'end'): string | null {
  const text = (value ?? '').trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (day) return `${day[1]}-${day[2]}-${day[3]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    if (bound === 'start') return `${month[1]}-${month[2]}-01`;
    const last = new Date(Date.UTC(Number(month[1]), Number(month[2]), 0)).getUTCDate();
    return `${month[1]}-${month[2]}-${String(last).padStart(2, '0')}`;
  }
  const year = /^(\d{4})$/.exec(text);
  if (year) return bound === 'start' ? `${year[1]}-01-01` : `${year[1]}-12-31`;
  return null;
}

/**
 * Where session `identifier` ends, for a bill whose latest dated action is `latestActionOn`
 * (see the module comment). `endDate` may lie in the future (the session is running). A
 * session missing from `sessions` has an unknown end. Pure; never throws.
 */
export function sessionEnd(
  sessions: readonly SessionFact[],
  identifier: string,
  today: string,
  options: { latestActionOn?: string | null } = {},
): SessionEnd {
  const index = sessions.findIndex((s) => s.identifier === identifier);
  const session = index >= 0 ? sessions[index] : undefined;
  if (!session) return { endDate: null, basis: 'unknown', nextSession: null, cause: `session ${identifier} is not known` };
  const latest = options.latestActionOn ?? null;
  const recorded = session.endDate;
  if (recorded && !(latest && latest > addDays(recorded, SESSION_END_SLACK_DAYS))) {
    return { endDate: recorded, basis: 'end-date', nextSession: null, cause: `session ended ${recorded}` };
  }
  // No usable end date: over once a later regular session has begun.
  const later = sessions
    .filter((s, i) => s.identifier !== identifier && s.startDate !== null && s.startDate <= today && isRegularSession(s))
    .filter((s) => (session.startDate ? s.startDate! > session.startDate : sessions.indexOf(s) > index))
    .filter((s) => !latest || s.startDate! > latest)
    .sort((a, b) => (a.startDate! < b.startDate! ? -1 : a.startDate! > b.startDate! ? 1 : 0));
  const next = later[0];
  if (next) {
    return {
      endDate: next.startDate,
      basis: 'next-regular-session',
      nextSession: next.identifier,
      cause: `session ended by ${next.startDate} (the ${next.name || next.identifier} began)`,
    };
  }
  return { endDate: null, basis: 'unknown', nextSession: null, cause: recorded ? `session ${identifier} still active after ${recorded}` : `session ${identifier} has no end date yet` };
}

/** True when session `identifier` is over on `today` (its end, as `sessionEnd` finds it, has passed). */
export function sessionOver(sessions: readonly SessionFact[], identifier: string, today: string, options: { latestActionOn?: string | null } = {}): boolean {
  const end = sessionEnd(sessions, identifier, today, options).endDate;
  return end !== null && end < today;
}
