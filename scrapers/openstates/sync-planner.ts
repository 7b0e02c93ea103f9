import { ScrapeError } from '../../core/scrape-errors.js';
import { normalizedBillSchema, type NormalizedBillInput } from '../../core/bill/bill.schema.js';
import {
  compareTimestamps,
  dayOfFuzzyDate,
  type OpenStatesBill,
  type OpenStatesDownload,
  type OpenStatesJurisdiction,
  type OpenStatesPagination,
  type OpenStatesSession,
} from './openstates-bill.schema.js';
import {
  chunk,
  DEFAULT_BILL_INCLUDES,
  MAX_IDENTIFIERS_PER_REQUEST,
  QuotaExhaustedError,
  type BillInclude,
  type BillPage,
  type OpenStatesClient,
  type OpenStatesRecordProblem,
} from './openstates-client.js';
import { normalizeOpenStatesBill } from './normalize-openstates-bill.js';
import { isRegularSession } from '../../core/sessions/session-end.js';

/*
 * Quota arithmetic: what the free tier (10 requests/min, 250/day per key) buys for all 52
 * jurisdictions (50 states, DC, PR). Fixed facts: ≤ 20 bills per request; the keyset crawl
 * below re-reads the last bill of each page, so a long crawl gains ~19 new bills per request.
 * ASSUMPTIONS (order of magnitude, not measured): ~120,000 bills and resolutions a year across
 * the 52; each is updated by Open States on ~8 distinct days (filing, referral, hearing,
 * committee vote, floor votes, second chamber, governor); ~80% of that happens in the ~150
 * peak days (January to May).
 *
 *   fixed, per day      52 freshness crawls that find nothing new (1 request each)      52
 *                       sessions re-read weekly: 52 / 7                                 ~8
 *                       ---------------------------------------------------------------------
 *                       left for changed bills: 250 - 60 = 190 requests ≈ 3,600 bills/day
 *   backfill            current + previous session ≈ 2 years ≈ 240,000 bills / 19 ≈ 12,600
 *                       requests: ~66 days at 190/day (50 days spending all 250). Load the
 *                       backfill from Open States bulk downloads (sessions[].downloads) instead
 *                       when you can; the planner then only keeps bills fresh.
 *   freshness, off-peak 120,000 × 8 × 20% / 215 days ≈ 900 bill updates/day ≈ 47 requests:
 *                       every jurisdiction caught up every day (≤ 1 day stale with a daily run).
 *   freshness, peak     120,000 × 8 × 80% / 150 days ≈ 5,100 updates/day ≈ 270 requests
 *                       + 60 fixed = ~330/day > 250: the general crawl falls behind by ~80
 *                       requests (~1,500 bills) a day, so untracked bills in busy states go
 *                       days stale. Repeated updates of one bill coalesce (the crawl is sorted
 *                       by updated_at), which bounds the backlog by the bills actually moving.
 *                       Tracked pending bills stay ≤ 1 day stale: when a jurisdiction is
 *                       behind they are refreshed first by identifier, 20 per request (100
 *                       tracked bills in 40 sessions cost ≤ 40 requests a day).
 *   wall clock          250 requests at 10/min take ≥ 25 minutes.
 *   to cover the peak   ~350/day: the bronze tier (1,000/day, 40/min) covers it with margin
 *                       and backfills the 2 sessions in ~14 days.
 */

/*
 * Bulk exports. Every session Open States has bills for is also published as a CSV zip,
 * listed in `sessions[].downloads` (read with the sessions, no extra request). A session the
 * planner would backfill through the API (20 bills a request) is downloaded instead (no API
 * request at all), and downloaded again only when its `updated_at` is newer than what was
 * loaded: the URL changes whenever the zip is regenerated, so the URL and `updated_at`
 * loaded are remembered per session, with the ETag / Last-Modified for a conditional GET.
 */

/** What was loaded from a session's bulk export. */
export type BulkLoaded = { url: string; updatedAt: string; etag: string | null; lastModified: string | null; loadedOn: string };
/** A session export waiting to be downloaded. */
export type BulkDownload = { session: string; url: string; updatedAt: string };

/** Where a keyset crawl (`sort=updated_asc&updated_since=since&page=page`) resumes. */
export type CrawlPosition = { since: string | null; page: number };

/**
 * Per-jurisdiction sync state, persisted as JSON (the lead stores the whole map in
 * `sources.cursor`). It only advances for pages actually fetched and handed to the sink.
 * In the brief's terms: `backfill[0].session` / `.page` is the session and page in
 * progress, `fresh.watermark` the `updated_since` watermark.
 */
export type OpenStatesJurisdictionCursor = {
  version: 1;
  /** Day (UTC) the sessions were last read; re-read weekly. */
  sessionsCheckedOn: string | null;
  /** Current then previous session(s), from the API, never hard-coded. */
  relevantSessions: string[];
  /** Sessions in progress today (start ≤ today ≤ end + grace). */
  activeSessions: string[];
  /** Sessions still to backfill; the head is in progress at its since/page. Empty when done. */
  backfill: { session: string; since: string | null; page: number }[];
  /** True once the backfill queue was set up, so a re-read of sessions does not restart it. */
  backfillPlanned: boolean;
  /** The jurisdiction-wide `updated_since` crawl that keeps bills fresh. */
  fresh: { watermark: string | null; page: number; caughtUpOn: string | null; behind: boolean };
  /** Day tracked bills were last refreshed by identifier. */
  targetedOn: string | null;
  /** Bulk exports loaded, by session. */
  bulk: Record<string, BulkLoaded>;
  /** Bulk exports to download, one per session. */
  downloads: BulkDownload[];
};

/** The whole cursor: jurisdiction id → state. */
export type OpenStatesCursor = Record<string, OpenStatesJurisdictionCursor>;

/** A bill staff watch: refreshed by identifier first when its jurisdiction is behind. */
export type TrackedBill = { jurisdictionId: string; session: string; identifier: string; pending: boolean };

export type SyncTask =
  | { kind: 'sessions'; jurisdictionId: string }
  | { kind: 'targeted'; jurisdictionId: string; session: string; identifiers: string[] }
  | { kind: 'fresh'; jurisdictionId: string }
  | { kind: 'download'; jurisdictionId: string; session: string; url: string; updatedAt: string }
  | { kind: 'backfill'; jurisdictionId: string; session: string };

/** A fresh cursor for a jurisdiction never synced. */
export function emptyJurisdictionCursor(): OpenStatesJurisdictionCursor {
  return {
    version: 1,
    sessionsCheckedOn: null,
    relevantSessions: [],
    activeSessions: [],
    backfill: [],
    backfillPlanned: false,
    fresh: { watermark: null, page: 1, caughtUpOn: null, behind: false },
    targetedOn: null,
    bulk: {},
    downloads: [],
  };
}

/**
 * Reads a stored cursor (from `sources.cursor`), keeping well-formed jurisdiction entries
 * and starting over for anything else. Returns a new object; never throws.
 */
export function readOpenStatesCursor(stored: unknown): OpenStatesCursor {
  const out: OpenStatesCursor = {};
  if (typeof stored !== 'object' || stored === null) return out;
  for (const [id, value] of Object.entries(stored)) {
    if (typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1) {
      out[id] = { ...emptyJurisdictionCursor(), ...(value as Partial<OpenStatesJurisdictionCursor>) } as OpenStatesJurisdictionCursor;
    }
  }
  return out;
}

/** Days after a session's end date during which it still counts as active (governors act after sine die). */
export const ACTIVE_GRACE_DAYS = 45;

/**
 * The sessions worth syncing on `today` (`YYYY-MM-DD`): the current regular session, the
 * special sessions since the previous one, and the previous regular session (late governor
 * actions, carried-over bills). Returns them most recent first, plus which are active.
 * Sessions without dates keep the API's order (oldest first); future sessions are skipped.
 */
export function selectRelevantSessions(sessions: readonly OpenStatesSession[], today: string): { relevant: string[]; active: string[] } {
  const dated = sessions.map((s, index) => ({ s, index, start: dayOfFuzzyDate(s.start_date), end: dayOfFuzzyDate(s.end_date) }));
  const ordered = dated.every((d) => d.start) ? [...dated].sort((a, b) => (a.start! < b.start! ? -1 : a.start! > b.start! ? 1 : a.index - b.index)) : dated;
  const started = ordered.filter((d) => !d.start || d.start <= today);
  const primaries = started.filter((d) => isRegularSession(d.s));
  const current = primaries.at(-1) ?? started.at(-1);
  if (!current) return { relevant: [], active: [] };
  const previous = primaries.length >= 2 ? primaries.at(-2) : undefined;
  const from = previous ? ordered.indexOf(previous) : ordered.indexOf(current);
  const relevant = started
    .filter((d) => ordered.indexOf(d) >= from)
    .reverse()
    .map((d) => d.s.identifier);
  const active = started
    .filter((d) => relevant.includes(d.s.identifier))
    .filter((d) => (d.end ? addDays(d.end, ACTIVE_GRACE_DAYS) >= today : d === current))
    .map((d) => d.s.identifier);
  return { relevant, active };
}

/** Days between two reads of a jurisdiction's sessions (one `/jurisdictions/{id}` request each). */
export const SESSION_REFRESH_DAYS = 7;

/** True when a jurisdiction's sessions were never read, or were read `refreshDays` or more ago. */
export function sessionsDue(cursor: OpenStatesJurisdictionCursor | undefined, today: string, refreshDays = SESSION_REFRESH_DAYS): boolean {
  const checked = cursor?.sessionsCheckedOn ?? null;
  return !checked || addDays(checked, refreshDays) <= today;
}

/**
 * What a read of `/jurisdictions/{id}?include=legislative_sessions` changes in a jurisdiction's
 * cursor: the relevant and active sessions, the day they were read, the bulk exports to load
 * (with `bulk`: sessions with a CSV export are downloaded rather than crawled), and (the first
 * time) the freshness watermark and the backfill queue. Every run that reads sessions uses it,
 * so a `--session` run leaves the cursor as the planner would.
 */
export function applySessionsRead(
  cursor: OpenStatesJurisdictionCursor,
  jurisdiction: Pick<OpenStatesJurisdiction, 'latest_bill_update' | 'legislative_sessions'>,
  today: string,
  bulk: { since: number | null } | null = null,
): void {
  const sessions = jurisdiction.legislative_sessions ?? [];
  const { relevant, active } = selectRelevantSessions(sessions, today);
  cursor.relevantSessions = relevant;
  cursor.activeSessions = active;
  cursor.sessionsCheckedOn = today;
  const exports = bulk ? bulkDownloadsToLoad(sessions, relevant, cursor.bulk, bulk.since) : new Map<string, OpenStatesDownload>();
  cursor.downloads = [
    ...cursor.downloads.filter((d) => !exports.has(d.session)),
    ...[...exports].map(([session, d]) => ({ session, url: d.url, updatedAt: d.updated_at })),
  ];
  if (!cursor.backfillPlanned) {
    // Everything updated after this moment reaches the freshness crawl; the backfill covers what came before.
    let watermark = jurisdiction.latest_bill_update ?? `${today}T00:00:00+00:00`;
    // A zip lags the API (it is regenerated nightly): start the crawl before the oldest recent one was made.
    const recent = [...exports.values()].map((d) => d.updated_at).filter((u) => addDays(today, -7) <= u.slice(0, 10)).sort(compareTimestamps)[0];
    if (recent && compareTimestamps(recent, watermark) < 0) watermark = `${addDays(recent.slice(0, 10), -1)}T00:00:00+00:00`;
    cursor.fresh.watermark ??= watermark;
    cursor.backfill = relevant.filter((session) => !exports.has(session)).map((session) => ({ session, since: null, page: 1 }));
    cursor.backfillPlanned = true;
  } else {
    // A session that gained an export since is downloaded rather than crawled.
    cursor.backfill = cursor.backfill.filter((b) => !exports.has(b.session));
  }
}

export type PlanInput = {
  /** `YYYY-MM-DD`, UTC. */
  today: string;
  /** `ocd-jurisdiction/...` ids to cover. */
  jurisdictions: readonly string[];
  cursors: OpenStatesCursor;
  tracked?: readonly TrackedBill[];
  /** Re-read sessions after this many days. Default 7. */
  sessionRefreshDays?: number;
};

/**
 * The day's work, most valuable first: read missing or week-old sessions; refresh pending
 * tracked bills (by identifier, ≤ 20 per request) where the crawl is behind; keep every
 * jurisdiction fresh (active sessions first); then backfill (active sessions, then current,
 * then previous). Pure: the same input gives the same plan.
 */
export function planSync(input: PlanInput): SyncTask[] {
  const refreshDays = input.sessionRefreshDays ?? SESSION_REFRESH_DAYS;
  const cursorOf = (id: string) => input.cursors[id] ?? emptyJurisdictionCursor();
  const isActive = (id: string) => cursorOf(id).activeSessions.length > 0;
  const byActivity = (a: string, b: string) => Number(isActive(b)) - Number(isActive(a));
  const tasks: SyncTask[] = [];

  for (const id of input.jurisdictions) {
    if (sessionsDue(cursorOf(id), input.today, refreshDays)) tasks.push({ kind: 'sessions', jurisdictionId: id });
  }

  const pending = (input.tracked ?? []).filter((t) => t.pending && input.jurisdictions.includes(t.jurisdictionId));
  const groups = new Map<string, TrackedBill[]>();
  for (const bill of pending) {
    const cursor = cursorOf(bill.jurisdictionId);
    const behind = cursor.fresh.watermark === null || cursor.fresh.behind || cursor.backfill.some((b) => b.session === bill.session);
    if (!behind || cursor.targetedOn === input.today) continue;
    const key = JSON.stringify([bill.jurisdictionId, bill.session]);
    groups.set(key, [...(groups.get(key) ?? []), bill]);
  }
  const targeted = [...groups.values()].sort((a, b) => byActivity(a[0]!.jurisdictionId, b[0]!.jurisdictionId));
  for (const group of targeted) {
    const identifiers = [...new Set(group.map((b) => b.identifier))];
    for (const batch of chunk(identifiers, MAX_IDENTIFIERS_PER_REQUEST)) {
      tasks.push({ kind: 'targeted', jurisdictionId: group[0]!.jurisdictionId, session: group[0]!.session, identifiers: batch });
    }
  }

  const fresh = input.jurisdictions.filter((id) => {
    const { watermark, caughtUpOn } = cursorOf(id).fresh;
    return watermark !== null && caughtUpOn !== input.today;
  });
  for (const id of [...fresh].sort(byActivity)) tasks.push({ kind: 'fresh', jurisdictionId: id });

  // Downloads cost no API request; they come before the API backfill they replace.
  for (const id of [...input.jurisdictions].sort(byActivity)) {
    for (const d of cursorOf(id).downloads) tasks.push({ kind: 'download', jurisdictionId: id, session: d.session, url: d.url, updatedAt: d.updatedAt });
  }

  const backfills = input.jurisdictions.flatMap((id) => {
    const cursor = cursorOf(id);
    const head = cursor.backfill[0];
    if (!head) return [];
    const rank = cursor.activeSessions.includes(head.session) ? 0 : Math.max(0, cursor.relevantSessions.indexOf(head.session)) + 1;
    return [{ id, session: head.session, rank }];
  });
  backfills.sort((a, b) => a.rank - b.rank);
  for (const b of backfills) tasks.push({ kind: 'backfill', jurisdictionId: b.id, session: b.session });
  return tasks;
}

/**
 * The next position of a keyset crawl after one page, and whether the crawl is done.
 * Normally the next request starts again at page 1 from the newest `updated_at` seen
 * (rows updated meanwhile move to the end instead of shifting unread pages); when a whole
 * page shares one `updated_at` the position cannot move, so it steps to the next page.
 */
export function advanceCrawl(position: CrawlPosition, bills: readonly Pick<OpenStatesBill, 'updated_at'>[], pagination: OpenStatesPagination): { position: CrawlPosition; done: boolean } {
  let newest = position.since;
  for (const bill of bills) if (newest === null || compareTimestamps(bill.updated_at, newest) > 0) newest = bill.updated_at;
  if (pagination.page >= pagination.max_page) return { position: { since: newest, page: 1 }, done: true };
  if (newest !== null && newest !== position.since) return { position: { since: newest, page: 1 }, done: false };
  return { position: { since: position.since, page: position.page + 1 }, done: false };
}

/**
 * The CSV export of each session worth loading that Open States regenerated since it was last
 * loaded: the sessions the planner would backfill (`relevant`), and with `bulkSince` every
 * session that started in or after that year. Returns session → download.
 */
export function bulkDownloadsToLoad(
  sessions: readonly OpenStatesSession[],
  relevant: readonly string[],
  loaded: Readonly<Record<string, BulkLoaded>>,
  bulkSince: number | null = null,
): Map<string, OpenStatesDownload> {
  const out = new Map<string, OpenStatesDownload>();
  for (const session of sessions) {
    const year = Number((dayOfFuzzyDate(session.start_date) ?? /(?:19|20)\d\d/.exec(session.identifier)?.[0] ?? '0').slice(0, 4));
    if (!relevant.includes(session.identifier) && !(bulkSince !== null && year >= bulkSince)) continue;
    const csv = (session.downloads ?? []).filter((d) => d.data_type === 'csv').sort((a, b) => compareTimestamps(b.updated_at, a.updated_at))[0];
    if (!csv) continue;
    const before = loaded[session.identifier];
    if (before && compareTimestamps(csv.updated_at, before.updatedAt) <= 0) continue;
    out.set(session.identifier, csv);
  }
  return out;
}

/** Fetches bulk export zips (not from the API: no quota). */
export interface BulkDownloader {
  /**
   * Downloads `url` to a file, conditionally when `validators` are given. Returns null when the
   * server answers 304 Not Modified; else the file and its validators (`dispose` deletes it).
   */
  download(url: string, validators: { etag: string | null; lastModified: string | null } | null): Promise<{ file: string; etag: string | null; lastModified: string | null; dispose(): Promise<void> } | null>;
}

/** Receives what the sync fetched. The lead's upsert pipeline implements it. */
export interface OpenStatesSyncSink {
  /** Normalized bills of one page; the cursor advances only after this resolves. */
  bills(bills: NormalizedBillInput[], context: { jurisdictionId: string; task: SyncTask['kind']; session: string | null; url: string }): Promise<void>;
  /** Records that failed validation, with position and URL. */
  problems?(problems: OpenStatesRecordProblem[]): Promise<void> | void;
  /** Sessions as the API lists them (for `legislative_sessions`). */
  sessions?(jurisdictionId: string, sessions: OpenStatesSession[]): Promise<void>;
  /** A downloaded bulk export of one session, to read and hand to the pipeline; the cursor records it after this resolves. */
  bulkExport?(file: string, context: { jurisdictionId: string; session: string; url: string }): Promise<void>;
  /** Called after every step that moved a jurisdiction's cursor, so a crash loses at most one page. */
  cursor?(jurisdictionId: string, cursor: OpenStatesJurisdictionCursor): Promise<void>;
}

export type SyncOptions = {
  jurisdictions: readonly string[];
  cursors: OpenStatesCursor;
  tracked?: readonly TrackedBill[];
  /** `YYYY-MM-DD`; default today in UTC. */
  today?: string;
  /** Stop after this many requests in this run (the day's quota is enforced by the client anyway). */
  maxRequests?: number;
  include?: readonly BillInclude[];
  sessionRefreshDays?: number;
  /** Load sessions from their bulk CSV exports instead of backfilling them through the API. */
  bulk?: BulkDownloader;
  /** With `bulk`: also load every session that started in or after this year. */
  bulkSince?: number | null;
};

export type SyncResult = {
  cursors: OpenStatesCursor;
  /** `done`: all planned work finished; `quota_exhausted`: resume at `resumeAt`; `budget_spent`: maxRequests reached. */
  outcome: 'done' | 'quota_exhausted' | 'budget_spent';
  resumeAt: string | null;
  requests: number;
  fetched: number;
  problems: number;
  /** Errors that ended one task but not the run (e.g. a state's crawl failing after retries). */
  errors: { jurisdictionId: string; task: SyncTask['kind']; code: string; message: string; url: string | null }[];
  sessions: Record<string, OpenStatesSession[]>;
  /** Bulk exports fetched: 200 (downloaded and loaded) or 304 (unchanged since loaded). */
  downloads: { jurisdictionId: string; session: string; url: string; status: 200 | 304 }[];
};

class BudgetSpent extends Error {}

/**
 * Runs the day's plan against the client: sessions first, then the re-planned rest, one
 * page per task in turn within each priority tier, so no state starves the others: tracked
 * bills, freshness, then bulk exports (no API request; loaded even once the quota is spent),
 * then the API backfill of sessions without an export.
 * Stops API work cleanly (outcome `quota_exhausted`, cursors saved) when the day's budget is spent.
 * Throws only for errors that would fail every request (`auth_missing`, `auth_invalid`).
 */
export async function runOpenStatesSync(client: OpenStatesClient, sink: OpenStatesSyncSink, options: SyncOptions): Promise<SyncResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const include = [...(options.include ?? DEFAULT_BILL_INCLUDES)];
  const cursors: OpenStatesCursor = structuredClone(options.cursors);
  for (const id of options.jurisdictions) cursors[id] ??= emptyJurisdictionCursor();
  const startRequests = client.requests;
  const result: SyncResult = { cursors, outcome: 'done', resumeAt: null, requests: 0, fetched: 0, problems: 0, errors: [], sessions: {}, downloads: [] };
  const bulk = options.bulk && sink.bulkExport ? options.bulk : null;

  const checkBudget = () => {
    if (options.maxRequests !== undefined && client.requests - startRequests >= options.maxRequests) throw new BudgetSpent();
  };
  const saveCursor = async (id: string) => sink.cursor?.(id, structuredClone(cursors[id]!));
  const deliver = async (page: BillPage, jurisdictionId: string, task: SyncTask['kind'], session: string | null) => {
    const bills: NormalizedBillInput[] = [];
    const problems = [...page.problems];
    for (const bill of page.bills) {
      const normalized = normalizeOpenStatesBill(bill);
      const checked = normalizedBillSchema.safeParse(normalized);
      if (checked.success) bills.push(normalized);
      else problems.push({ position: page.url, url: normalized.sourceUrl ?? bill.id, message: checked.error.issues[0]?.message ?? 'invalid' });
    }
    result.fetched += bills.length;
    result.problems += problems.length;
    if (problems.length) await sink.problems?.(problems);
    await sink.bills(bills, { jurisdictionId, task, session, url: page.url });
  };

  /** One request of a task; returns true when the task has nothing left to do. */
  const step = async (task: SyncTask): Promise<boolean> => {
    if (task.kind !== 'download') checkBudget();
    const cursor = cursors[task.jurisdictionId]!;
    if (task.kind === 'sessions') {
      const jurisdiction = await client.getJurisdiction(task.jurisdictionId, ['legislative_sessions']);
      const sessions = jurisdiction.legislative_sessions ?? [];
      result.sessions[task.jurisdictionId] = sessions;
      applySessionsRead(cursor, jurisdiction, today, bulk ? { since: options.bulkSince ?? null } : null);
      // Stored before any bill of the jurisdiction is derived: status needs to know when sessions end.
      await sink.sessions?.(task.jurisdictionId, sessions);
      await saveCursor(task.jurisdictionId);
      return true;
    }
    if (task.kind === 'targeted') {
      const page = await client.searchBills({ jurisdiction: task.jurisdictionId, session: task.session, identifier: task.identifiers, include });
      await deliver(page, task.jurisdictionId, 'targeted', task.session);
      return true;
    }
    if (task.kind === 'fresh') {
      const position = { since: cursor.fresh.watermark, page: cursor.fresh.page };
      cursor.fresh.behind = true;
      const page = await client.searchBills({
        jurisdiction: task.jurisdictionId,
        sort: 'updated_asc',
        ...(position.since ? { updated_since: position.since } : {}),
        page: position.page,
        include,
      });
      await deliver(page, task.jurisdictionId, 'fresh', null);
      const next = advanceCrawl(position, page.bills, page.pagination);
      cursor.fresh = { ...cursor.fresh, watermark: next.position.since, page: next.position.page };
      if (next.done) cursor.fresh = { ...cursor.fresh, caughtUpOn: today, behind: false };
      await saveCursor(task.jurisdictionId);
      return next.done;
    }
    if (task.kind === 'download') {
      const queued = cursor.downloads.find((d) => d.session === task.session);
      if (!bulk || !queued) return true;
      const loaded = cursor.bulk[task.session];
      // Validators describe the file they came with: a new URL is a new file.
      const validators = loaded && loaded.url === queued.url ? { etag: loaded.etag, lastModified: loaded.lastModified } : null;
      const fetched = await bulk.download(queued.url, validators);
      if (fetched) {
        try {
          await sink.bulkExport!(fetched.file, { jurisdictionId: task.jurisdictionId, session: task.session, url: queued.url });
        } finally {
          await fetched.dispose();
        }
      }
      cursor.bulk = {
        ...cursor.bulk,
        [task.session]: { url: queued.url, updatedAt: queued.updatedAt, etag: fetched ? fetched.etag : (loaded?.etag ?? null), lastModified: fetched ? fetched.lastModified : (loaded?.lastModified ?? null), loadedOn: today },
      };
      cursor.downloads = cursor.downloads.filter((d) => d.session !== task.session);
      result.downloads.push({ jurisdictionId: task.jurisdictionId, session: task.session, url: queued.url, status: fetched ? 200 : 304 });
      await saveCursor(task.jurisdictionId);
      return true;
    }
    const head = cursor.backfill[0];
    if (!head || head.session !== task.session) return true;
    const page = await client.searchBills({
      jurisdiction: task.jurisdictionId,
      session: head.session,
      sort: 'updated_asc',
      ...(head.since ? { updated_since: head.since } : {}),
      page: head.page,
      include,
    });
    await deliver(page, task.jurisdictionId, 'backfill', head.session);
    const next = advanceCrawl({ since: head.since, page: head.page }, page.bills, page.pagination);
    if (next.done) cursor.backfill = cursor.backfill.slice(1);
    else cursor.backfill = [{ session: head.session, ...next.position }, ...cursor.backfill.slice(1)];
    await saveCursor(task.jurisdictionId);
    return next.done;
  };

  const failed = new Set<string>();
  const taskKey = (task: SyncTask) => `${task.kind} ${task.jurisdictionId}${task.kind === 'download' ? ` ${task.session}` : ''}`;
  /** Round-robin over a tier's tasks, one request each per turn; a task that failed is not retried this run. */
  const runTier = async (tasks: SyncTask[]) => {
    let open = tasks.filter((task) => !failed.has(taskKey(task)));
    while (open.length > 0) {
      const still: SyncTask[] = [];
      for (const task of open) {
        try {
          if (!(await step(task))) still.push(task);
        } catch (error) {
          if (error instanceof QuotaExhaustedError || error instanceof BudgetSpent) throw error;
          if (!(error instanceof ScrapeError) || error.code === 'auth_missing' || error.code === 'auth_invalid') throw error;
          failed.add(taskKey(task));
          result.errors.push({ jurisdictionId: task.jurisdictionId, task: task.kind, code: error.code, message: error.message, url: error.url });
        }
      }
      open = still;
    }
  };

  const planInput = () => ({ today, jurisdictions: options.jurisdictions, cursors, tracked: options.tracked, sessionRefreshDays: options.sessionRefreshDays });
  /** Runs API work until the day's quota or the run's budget is spent; later API work is then skipped. */
  const apiWork = async (work: () => Promise<void>) => {
    if (result.outcome !== 'done') return;
    try {
      await work();
    } catch (error) {
      if (error instanceof QuotaExhaustedError) {
        result.outcome = 'quota_exhausted';
        result.resumeAt = error.resumeAt;
      } else if (error instanceof BudgetSpent) {
        result.outcome = 'budget_spent';
      } else {
        throw error;
      }
    }
  };
  await apiWork(async () => {
    await runTier(planSync(planInput()).filter((t) => t.kind === 'sessions'));
    // Re-plan: reading sessions just set up watermarks, downloads and backfill queues.
    const rest = planSync(planInput()).filter((t) => t.kind !== 'sessions');
    const targetedJurisdictions = new Set(rest.filter((t) => t.kind === 'targeted').map((t) => t.jurisdictionId));
    await runTier(rest.filter((t) => t.kind === 'targeted'));
    for (const id of targetedJurisdictions) {
      cursors[id]!.targetedOn = today;
      await saveCursor(id);
    }
    await runTier(rest.filter((t) => t.kind === 'fresh'));
  });
  // Bulk exports come from Open States' file host, not the API: they load even when the day's quota is spent.
  await runTier(planSync(planInput()).filter((t) => t.kind === 'download'));
  await apiWork(async () => {
    await runTier(planSync(planInput()).filter((t) => t.kind === 'backfill'));
    // A finished session's backfill may reveal the next session in the queue; keep going while budget lasts.
    const moreBackfill = () => planSync(planInput()).filter((t) => t.kind === 'backfill' && !failed.has(taskKey(t)));
    for (let more = moreBackfill(); more.length > 0; more = moreBackfill()) await runTier(more);
  });
  result.requests = client.requests - startRequests;
  return result;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
