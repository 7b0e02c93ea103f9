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

/** A `YYYY-MM-DD` date moved by `days` (negative: back). */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
