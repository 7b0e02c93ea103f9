/**
 * Legistar dates carry no offset. Date fields (MatterIntroDate, MatterHistoryActionDate...)
 * are wall-clock times of the client's city; `*LastModifiedUtc` fields are UTC. These helpers
 * keep the two apart.
 */

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/**
 * The calendar date (`YYYY-MM-DD`) of a local Legistar datetime. The wall time is already the
 * city's, so its date part is the date a person in that city saw; converting through UTC
 * would move evening meetings to the next day. Null for null or unreadable input.
 */
export function legistarLocalDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = DATETIME.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** A `*LastModifiedUtc` value as an ISO instant (`2014-05-24T04:10:20.030Z`); null when absent or unreadable. */
export function legistarUtcInstant(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = DATETIME.exec(value);
  if (!match) return null;
  const millis = (match[7] ?? '').padEnd(3, '0').slice(0, 3);
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${millis}Z`;
}

/** The wall-clock time (`YYYY-MM-DDTHH:MM:SS`) of an instant in an IANA time zone. Throws RangeError on an unknown zone. */
export function wallTimeIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The wall-clock time of an instant in UTC, in Legistar's format (for `*LastModifiedUtc` filters). */
export function utcWallTime(instant: Date): string {
  return instant.toISOString().slice(0, 19);
}

/** An OData v3 datetime literal as Legistar accepts it: `datetime'2014-09-01T00:00:00'`. */
export function odataDatetime(wallTime: string): string {
  return `datetime'${wallTime}'`;
}

/** True when the runtime knows this IANA time zone. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `12/12/2012` (the InSite pages' US format) as `2012-12-12`; null for blank or unreadable text. */
export function usDateToIso(value: string | null | undefined): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(value ?? '');
  if (!match) return null;
  return `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

/**
 * The one date check every boundary uses (API, forms, cursors, scraped records). PostgreSQL
 * has no year 0, and the tracker keeps nothing from before the year 1000: a date outside
 * these years is a mistake, refused before it reaches SQL.
 */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function realDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar day written `YYYY-MM-DD` (not `2025-02-30`, not year 0). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = CALENDAR_DAY.exec(value);
  return m !== null && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * An ISO date (`2026-01-31`, midnight UTC) or date-time (`2026-01-31T12:00:00Z`, with an
 * optional offset) as an instant; null when it is not one, names a day that does not exist,
 * an hour past 23 or a minute past 59, or a year outside MIN_YEAR..MAX_YEAR.
 */
export function parseIsoInstant(value: string): Date | null {
  const m = INSTANT.exec(value);
  if (!m || !realDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  const date = new Date(m[4] === undefined ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The message every boundary gives for a bad day, naming the field. */
export function calendarDayMessage(field: string): string {
  return `${field} must be a real calendar day as YYYY-MM-DD (years ${MIN_YEAR}-${MAX_YEAR}), e.g. 2025-02-28`;
}

/** A `YYYY-MM-DD` date moved by `days` (negative: back). */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
