import { addDaysToDate, wallTimeIn } from '../../core/dates.js';
import type { SourceRecord } from '../../core/sources/source-record.js';
import { loadCityRegistry } from '../../db/seed/city-registry.js';

/** The registry city a city source reads. @throws naming the source when it names no registry city. */
export function cityJurisdiction(source: SourceRecord): { id: string; name: string; timezone: string } {
  const city = loadCityRegistry().find((c) => c.id === source.jurisdictionId);
  if (!city) throw new Error(`source ${source.id}: jurisdiction ${source.jurisdictionId ?? '(none)'} is not a city of db/seed/cities.json`);
  return { id: city.id, name: city.name, timezone: city.timezone };
}

/** Today's date in a zone (`YYYY-MM-DD`); `override` (a run's `today` parameter) wins when it is a date. */
export function todayIn(timeZone: string, override?: unknown): string {
  if (typeof override === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(override)) return override;
  return wallTimeIn(new Date(), timeZone).slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (negative: back). */
export const addDays = addDaysToDate;

/** Agendas keep changing until a meeting is a week past (revised agendas, added items, results). */
export const SETTLE_DAYS = 7;

/** True when a meeting on `date` is settled by `today`: read once more would change nothing. */
export function settledSince(date: string, today: string): boolean {
  return date < addDays(today, -SETTLE_DAYS);
}
