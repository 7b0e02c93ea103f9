/**
 * Source health rules: when a source counts as failing, stale or probably broken by a site
 * change, and the shapes the run history and health are reported in. Pure; db/runs reads
 * the rows these rules judge.
 */

export type RunCounts = { requests: number; fetched: number; created: number; updated: number; unchanged: number; failed: number };
export type RunErrorEntry = { url: string | null; message: string; code: string };

export function emptyCounts(): RunCounts {
  return { requests: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
}

/** A source is `failing` from this many consecutive failed runs. */
export const FAILING_AFTER = 3;
/** A run fetching fewer than this share of the usual count is flagged. */
export const SITE_CHANGE_RATIO = 0.2;
/** How many earlier ok runs (same params) make "usual". */
export const SITE_CHANGE_BASELINE_RUNS = 5;
/**
 * A scheduled source whose data is older than this is `stale`. Three days: the tightest
 * default cadences (Legistar hourly on weekdays) leave a weekend gap of about 50 hours.
 */
export const STALE_AFTER_MS = 72 * 3_600_000;

export const RUN_FLAGS = ['probable-site-change', 'failing'] as const;
export type RunFlag = (typeof RUN_FLAGS)[number];

/** Params that vary per run without changing what is fetched; ignored when comparing runs. */
const VOLATILE_PARAMS = new Set(['fireAt']);

export type RunBrief = {
  id: number;
  sourceId: string;
  kind: string;
  trigger: string;
  outcome: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  requests: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  flag: string | null;
  errorCount: number;
  /** The first error, for one-line summaries. */
  firstError: RunErrorEntry | null;
  params: Record<string, unknown>;
};

/** A run with all its recorded errors (for history pages that list them). */
export type RunWithErrors = RunBrief & { errors: RunErrorEntry[] };

export type RunDetail = RunWithErrors & { cursorBefore: unknown; cursorAfter: unknown };

export type SourceStatus = 'never-run' | 'ok' | 'partial' | 'probable-site-change' | 'failed' | 'failing';

export type SourceHealth = {
  sourceId: string;
  kind: string;
  name: string;
  jurisdictionId: string | null;
  enabled: boolean;
  schedule: string | null;
  timezone: string;
  /** False for a source id seen only in `scrape_runs` (a CLI run of a source not in `sources`). */
  configured: boolean;
  status: SourceStatus;
  /** A run is in progress now. */
  running: boolean;
  /** Latest finished run. */
  lastRun: RunBrief | null;
  /** Latest ok or partial run. */
  lastSuccess: RunBrief | null;
  consecutiveFailures: number;
  /** When data from this source was last fetched successfully (lastSuccess.finishedAt). */
  dataFreshAt: string | null;
  dataAgeMs: number | null;
  /** Enabled and scheduled, but its data is older than STALE_AFTER_MS. */
  stale: boolean;
  /** What keeps it from running in this configuration ("OPENSTATES_API_KEY is not set ..."), or null. */
  notConfigured: string | null;
};

export type JurisdictionFreshness = {
  jurisdictionId: string;
  name: string;
  classification: string;
  /** Latest successful run of any source covering the jurisdiction, or null. */
  lastSuccessAt: string | null;
  ageMs: number | null;
  /** Sources covering it: `sources.jurisdiction_id`, or Open States runs with params.jurisdiction. */
  sourceIds: string[];
  /** When any of its bills was last fetched from a source. */
  billsFetchedAt: string | null;
  /** When a curated law of it was last written. */
  curatedUpdatedAt: string | null;
  /** When its status per policy was last computed. */
  statusComputedAt: string | null;
};

/** A source's state from its latest finished run and its failures in a row. */
export function sourceStatusOf(lastRun: RunBrief | null, consecutiveFailures: number): SourceStatus {
  if (consecutiveFailures >= FAILING_AFTER) return 'failing';
  if (!lastRun) return 'never-run';
  if (lastRun.outcome === 'failed') return 'failed';
  if (lastRun.flag === 'probable-site-change') return 'probable-site-change';
  return lastRun.outcome === 'partial' ? 'partial' : 'ok';
}

/** How many sources are in each state, for /api/health. Categories overlap (a failing source may be stale too). */
export type SourceHealthSummary = {
  /** Configured sources (run-only ids are left out). */
  total: number;
  enabled: number;
  /** Last run ok or partial, not flagged. */
  ok: number;
  /** Last run failed, fewer than FAILING_AFTER times in a row. */
  failed: number;
  /** FAILING_AFTER or more failed runs in a row. */
  failing: number;
  probableSiteChange: number;
  neverRun: number;
  stale: number;
  /** Enabled sources that are failing: what makes the service degraded. */
  enabledFailing: number;
  /** Enabled sources whose last run failed because their site could not be reached (network, timeout). */
  unreachable: number;
};

/** Run error codes that mean the source's site could not be reached (offline, DNS, firewall, timeout). */
export const UNREACHABLE_CODES: readonly string[] = ['network', 'timeout'];

/** The facts about a source's recent runs that decide whether it is unreachable. */
export type FailureStreak = { consecutiveFailures: number; lastOutcome: string | null; lastErrorCode: string | null; lastFinishedAt: string | null };

/** The streak as a source's health reports it. */
export function streakOf(h: Pick<SourceHealth, 'lastRun' | 'consecutiveFailures'>): FailureStreak {
  return {
    consecutiveFailures: h.consecutiveFailures,
    lastOutcome: h.lastRun?.outcome ?? null,
    lastErrorCode: h.lastRun?.firstError?.code ?? null,
    lastFinishedAt: h.lastRun?.finishedAt ?? null,
  };
}

/** True when the source's last run failed because its site could not be reached. */
export function failedUnreachable(s: FailureStreak): boolean {
  return s.consecutiveFailures > 0 && s.lastOutcome === 'failed' && UNREACHABLE_CODES.includes(s.lastErrorCode ?? '');
}

/** First wait after a source could not be reached; doubles per failure in a row, up to UNREACHABLE_BACKOFF_CAP_MS. */
export const UNREACHABLE_BACKOFF_MS = 15 * 60_000;
export const UNREACHABLE_BACKOFF_CAP_MS = 6 * 3_600_000;

/**
 * Until when scheduled fires of a source wait after it could not be reached: 15 minutes after
 * the first such failure, doubling per failure in a row up to 6 hours, counted from the end
 * of the last run. Null when a fire may run (the last run did not fail that way, or the wait
 * is over). A machine without network then tries each source a few times a day, not on
 * every fire. Pure.
 */
export function unreachableBackoffUntil(s: FailureStreak, now: Date): Date | null {
  if (!failedUnreachable(s) || !s.lastFinishedAt) return null;
  const wait = Math.min(UNREACHABLE_BACKOFF_MS * 2 ** (s.consecutiveFailures - 1), UNREACHABLE_BACKOFF_CAP_MS);
  const until = new Date(Date.parse(s.lastFinishedAt) + wait);
  return until > now ? until : null;
}

/** Counts sources per state, over configured sources only. Pure. */
export function summarizeSourceHealth(health: SourceHealth[]): SourceHealthSummary {
  const configured = health.filter((h) => h.configured);
  const count = (test: (h: SourceHealth) => boolean) => configured.filter(test).length;
  return {
    total: configured.length,
    enabled: count((h) => h.enabled),
    ok: count((h) => h.status === 'ok' || h.status === 'partial'),
    failed: count((h) => h.status === 'failed'),
    failing: count((h) => h.status === 'failing'),
    probableSiteChange: count((h) => h.status === 'probable-site-change'),
    neverRun: count((h) => h.status === 'never-run'),
    stale: count((h) => h.stale),
    enabledFailing: count((h) => h.enabled && h.status === 'failing'),
    unreachable: count((h) => h.enabled && failedUnreachable(streakOf(h))),
  };
}

/** Params as compared between runs: volatile keys dropped, keys sorted. */
export function comparableParams(params: Record<string, unknown> | null | undefined): string {
  const entries = Object.entries(params ?? {}).filter(([k]) => !VOLATILE_PARAMS.has(k));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export type SiteChangeVerdict = { flagged: boolean; fetched: number; baselineMedian: number | null; baselineRuns: number };

/**
 * Decides whether a finished ok/partial run fetched suspiciously little: fewer than 20% of
 * the median `fetched` of the last 5 earlier ok runs with the same params (not themselves
 * flagged), or zero when those runs had items. A scraper whose selectors silently stop
 * matching produces exactly this, and it must not read as "nothing changed". The ratio rule
 * needs 3 earlier runs; the zero rule one. Pure: the caller stores the flag.
 */
export function judgeSiteChange(run: { outcome: string; fetched: number }, baseline: number[]): SiteChangeVerdict {
  const verdict: SiteChangeVerdict = { flagged: false, fetched: run.fetched, baselineMedian: baseline.length ? median(baseline) : null, baselineRuns: baseline.length };
  if (run.outcome !== 'ok' && run.outcome !== 'partial') return verdict;
  if (verdict.baselineMedian === null || verdict.baselineMedian === 0) return verdict;
  if (run.fetched === 0) return { ...verdict, flagged: true };
  if (baseline.length >= 3 && run.fetched < SITE_CHANGE_RATIO * verdict.baselineMedian) return { ...verdict, flagged: true };
  return verdict;
}
