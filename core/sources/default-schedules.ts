import { SOURCE_KINDS, type SourceKind } from '../vocabulary.js';

/**
 * Default schedules per source kind. Schedules are data (`sources.schedule`,
 * `sources.timezone`, `sources.enabled`): these are what a new source row starts with, and
 * staff may change them. Cron expressions use node-cron's syntax (5 fields, or 6 with
 * seconds first). Minutes are deliberately off the hour so we do not hit sites at :00 with
 * everyone else's cron jobs.
 */
export type DefaultSchedule = {
  /** Cron expression, evaluated in `timezone`. */
  schedule: string;
  /** IANA zone the expression is read in. */
  timezone: string;
  /** A run still going after this long is ended and recorded as failed. */
  timeLimitMs: number;
  /** Why this cadence, for the staff page. */
  rationale: string;
};

const MINUTE = 60_000;

/** `timezone: 'jurisdiction'` means the source's jurisdiction's own zone (a city council's office hours). */
type KindDefaults = Omit<DefaultSchedule, 'timezone'> & { timezone: string };

const DEFAULTS: Record<SourceKind, KindDefaults> = {
  // 8 runs a day; the sync planner spreads the day's quota (OPENSTATES_DAILY_LIMIT, 250 on the
  // free tier) over them and stops a run when its share is spent, so the budget lasts the day.
  // 250 requests at 10/min is ~25 minutes of wall clock a day, ~3-4 minutes per run.
  openstates: {
    schedule: '17 */3 * * *',
    timezone: 'UTC',
    timeLimitMs: 30 * MINUTE,
    rationale: 'every 3 hours; the planner spends the daily API quota across the day',
  },
  // The topical backfill (`tracker backfill openstates`) takes the day's quota left after
  // freshness, once a day after the first freshness runs of the UTC day, until it is done.
  // ~190 requests at 10/min is ~20 minutes, plus the pipeline.
  'openstates-backfill': {
    schedule: '41 2 * * *',
    timezone: 'UTC',
    timeLimitMs: 60 * MINUTE,
    rationale: 'daily at 02:41 UTC until the backfill is done; spends the quota left after freshness',
  },
  // Clerks post agendas and file updates during office hours on weekdays; incremental
  // (MatterLastModifiedUtc) runs are cheap, so hourly keeps council actions same-day fresh.
  legistar: {
    schedule: '7 * * * 1-5',
    timezone: 'jurisdiction',
    timeLimitMs: 20 * MINUTE,
    rationale: 'hourly on weekdays, in the city’s time zone',
  },
  // Scraping HTML pages costs the site more than the Web API: every 2 hours in office hours.
  'legistar-html': {
    schedule: '37 8-18/2 * * 1-5',
    timezone: 'jurisdiction',
    timeLimitMs: 30 * MINUTE,
    rationale: 'every 2 hours, 8:37 to 18:37 on weekdays, in the city’s time zone',
  },
  // State feeds (LIS CSV files, PUBINFO database dumps, TLO FTP) are regenerated a few
  // times a day at most.
  'virginia-lis': {
    schedule: '23 6,12,18 * * *',
    timezone: 'America/New_York',
    timeLimitMs: 30 * MINUTE,
    rationale: 'three times a day; LIS regenerates its CSV files a few times a day',
  },
  'california-pubinfo': {
    schedule: '43 5,17 * * *',
    timezone: 'America/Los_Angeles',
    timeLimitMs: 45 * MINUTE,
    rationale: 'twice a day; PUBINFO publishes a daily archive plus day-of updates',
  },
  // Agenda portals (OnBase, NovusAGENDA, Austin's clerk pages) are HTML built for people:
  // clerks publish agendas days ahead, so twice each weekday in the city's office hours.
  onbase: {
    schedule: '41 9,15 * * 1-5',
    timezone: 'jurisdiction',
    timeLimitMs: 30 * MINUTE,
    rationale: 'twice each weekday (9:41, 15:41) in the city’s time zone; agendas are posted days ahead',
  },
  novusagenda: {
    schedule: '47 9,15 * * 1-5',
    timezone: 'jurisdiction',
    timeLimitMs: 30 * MINUTE,
    rationale: 'twice each weekday (9:47, 15:47) in the city’s time zone; agendas are posted days ahead',
  },
  'austin-council': {
    schedule: '53 9,15 * * 1-5',
    timezone: 'jurisdiction',
    timeLimitMs: 30 * MINUTE,
    rationale: 'twice each weekday (9:53, 15:53) in Austin; council agendas are posted a week ahead',
  },
  // Open States events cost requests from the same daily key budget as bills: once a day.
  'openstates-events': {
    schedule: '29 5 * * *',
    timezone: 'UTC',
    timeLimitMs: 20 * MINUTE,
    rationale: 'once a day; hearings are announced days ahead and each page spends the Open States quota',
  },
  'texas-tlo': {
    schedule: '53 6,12,18 * * *',
    timezone: 'America/Chicago',
    timeLimitMs: 30 * MINUTE,
    rationale: 'three times a day; TLO updates its feeds during the day',
  },
};

/** Longest default time limit: a run "running" for longer than this plus a margin is dead. */
export const MAX_DEFAULT_TIME_LIMIT_MS = Math.max(...Object.values(DEFAULTS).map((d) => d.timeLimitMs));

/** The default time limit for a kind; 30 minutes for a kind this table does not know. */
export function defaultTimeLimitFor(kind: string): number {
  return (DEFAULTS as Record<string, KindDefaults | undefined>)[kind]?.timeLimitMs ?? 30 * MINUTE;
}

/**
 * The default schedule for a source kind. Kinds scheduled in the jurisdiction's local time
 * (city councils) take `jurisdictionTimezone` (`jurisdictions.timezone`), else UTC.
 * @throws Error for a kind not in SOURCE_KINDS.
 */
export function defaultScheduleFor(kind: string, jurisdictionTimezone: string | null = null): DefaultSchedule {
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) throw new Error(`no default schedule for source kind "${kind}" (known: ${SOURCE_KINDS.join(', ')})`);
  const d = DEFAULTS[kind as SourceKind];
  const timezone = d.timezone === 'jurisdiction' ? (jurisdictionTimezone ?? 'UTC') : d.timezone;
  return { schedule: d.schedule, timezone, timeLimitMs: d.timeLimitMs, rationale: d.rationale };
}
