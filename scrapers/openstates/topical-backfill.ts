import { ScrapeError } from '../../core/scrape-errors.js';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { SearchPhrase } from '../../core/classify/search-phrases.js';
import { normalizedBillSchema } from '../../core/bill/bill.schema.js';
import type { OpenStatesBill, OpenStatesSession } from './openstates-bill.schema.js';
import { DEFAULT_BILL_INCLUDES, MAX_PER_PAGE, QuotaExhaustedError, type OpenStatesClient, type OpenStatesRecordProblem } from './openstates-client.js';
import { normalizeOpenStatesBill } from './normalize-openstates-bill.js';
import { advanceCrawl } from './sync-planner.js';

/*
 * Topical backfill: the bills of every tracked policy in every session since a year, found
 * with Open States' full-text search. `GET /bills?q=` without `session` spans all sessions
 * (of one jurisdiction, or of all when none is named), searching each bill's title and the
 * text of its latest version (websearch_to_tsquery: the words of a phrase are ANDed). Each
 * phrase is one keyset crawl (`sort=updated_asc&updated_since=`), so a crawl that takes days
 * never skips a bill updated meanwhile; `action_since=<year>` keeps older bills out.
 *
 * Cost: a search costs one request per 20 bills (the keyset re-reads the last bill of each
 * page, so ~19 new ones). Its size is known after its first page (`total_items`); the plan
 * is that sum against the day's budget.
 */

/** A `q` the API takes as a bill number: `re.match(r"\w{1,3}\s*\d{1,5}", q)` (api/bills.py). */
const LIKELY_BILL_ID = /^[\p{L}\p{N}_]{1,3}\s*\p{Nd}/u;

/**
 * The phrase as a `q` the API searches as text: a phrase that starts like a bill number
 * (`988 crisis`, `K9 units`) would be looked up as one, so its words are reordered (the
 * search ANDs them, order does not matter) to start with one that does not (`crisis 988`).
 * Returns null when no order works (`988` alone).
 */
export function searchText(phrase: string): string | null {
  const words = phrase.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const text = [words[i], ...words.slice(0, i), ...words.slice(i + 1)].join(' ');
    if (!LIKELY_BILL_ID.test(text)) return text;
  }
  return null;
}

/** One search of the backfill and where it stands. */
export type BackfillQuery = {
  /** The `q` sent. */
  q: string;
  /** The policies whose rules gave the phrase. */
  policies: string[];
  /** `ocd-jurisdiction/...`, or null for every jurisdiction. */
  jurisdiction: string | null;
  /** Keyset position: `updated_since` and page. */
  since: string | null;
  page: number;
  done: boolean;
  /** Bills still to read after the last page (from its `total_items`); null before the first. */
  remaining: number | null;
  requests: number;
  /** Why the search was given up (the API refused it). */
  error?: string;
};

/** A topical backfill job and its progress (stored as the backfill source's cursor). */
export type BackfillJob = {
  version: 1;
  sinceYear: number;
  /** The jurisdictions searched one by one; empty: all at once. */
  jurisdictions: string[];
  createdOn: string;
  finishedOn: string | null;
  queries: BackfillQuery[];
  /** API requests the job has spent, and today's share. */
  requests: number;
  spent: { day: string; requests: number };
  /** Jurisdictions whose sessions the job has read (once each, so status knows when they ended). */
  sessionsRead: string[];
  /** The bills (`ocd-bill/...`) the latest run found. */
  lastRun: { day: string; found: string[] } | null;
};

/** Reads a stored job; null when there is none (or it is not one). */
export function readBackfillJob(stored: unknown): BackfillJob | null {
  const job = stored as Partial<BackfillJob> | null;
  if (!job || job.version !== 1 || !Array.isArray(job.queries) || typeof job.sinceYear !== 'number') return null;
  return { jurisdictions: [], finishedOn: null, requests: 0, spent: { day: '', requests: 0 }, sessionsRead: [], lastRun: null, createdOn: '', ...job } as BackfillJob;
}

/**
 * The searches for these phrases: one per distinct phrase (and jurisdiction, when given). A
 * phrase whose words include all of another's finds a subset of its bills, so it is left out
 * (`bail fund` when `bail` is searched). Phrases that cannot be sent as text are left out.
 */
export function planBackfillQueries(phrases: readonly SearchPhrase[], jurisdictions: readonly string[]): BackfillQuery[] {
  const byText = new Map<string, Set<string>>();
  for (const p of phrases) {
    const q = searchText(p.phrase);
    if (!q) continue;
    const key = q.toLowerCase();
    byText.set(key, (byText.get(key) ?? new Set()).add(p.policyId));
  }
  const words = (q: string) => new Set(q.split(' '));
  const texts = [...byText.keys()].sort((a, b) => words(a).size - words(b).size);
  const kept: string[] = [];
  for (const text of texts) {
    const mine = words(text);
    if (!kept.some((k) => [...words(k)].every((w) => mine.has(w)))) kept.push(text);
  }
  const original = (key: string) => searchText(phrases.find((p) => searchText(p.phrase)?.toLowerCase() === key)!.phrase)!;
  const ordered = [...byText.keys()].filter((k) => kept.includes(k));
  const scopes = jurisdictions.length ? jurisdictions : [null];
  return scopes.flatMap((jurisdiction) =>
    ordered.map((key) => ({ q: original(key), policies: [...byText.get(key)!], jurisdiction, since: null, page: 1, done: false, remaining: null, requests: 0 })),
  );
}

/** A new job; `today` is `YYYY-MM-DD`. */
export function createBackfillJob(sinceYear: number, jurisdictions: readonly string[], phrases: readonly SearchPhrase[], today: string): BackfillJob {
  return {
    version: 1,
    sinceYear,
    jurisdictions: [...jurisdictions],
    createdOn: today,
    finishedOn: null,
    queries: planBackfillQueries(phrases, jurisdictions),
    requests: 0,
    spent: { day: today, requests: 0 },
    sessionsRead: [],
    lastRun: null,
  };
}

/** Adds searches for phrases staff added to the rules since the job was planned. */
export function withNewPhrases(job: BackfillJob, phrases: readonly SearchPhrase[]): BackfillJob {
  const known = new Set(job.queries.map((q) => `${q.jurisdiction} ${q.q.toLowerCase()}`));
  const added = planBackfillQueries(phrases, job.jurisdictions).filter((q) => !known.has(`${q.jurisdiction} ${q.q.toLowerCase()}`));
  if (added.length === 0) return job;
  return { ...job, finishedOn: null, queries: [...job.queries, ...added] };
}

/** Requests a search still needs: one per 19 new bills, at least one when it has not started. */
function requestsLeft(query: BackfillQuery): number {
  if (query.done) return 0;
  if (query.remaining === null) return 1;
  return Math.max(1, Math.ceil(query.remaining / (MAX_PER_PAGE - 1)));
}

/** Where the job stands against a daily budget: requests spent and left, searches sized, days. */
export type BackfillPlan = {
  searches: number;
  done: number;
  /** Searches not started: their size is unknown until their first page, counted as one request each. */
  unsized: number;
  requestsSpent: number;
  requestsLeft: number;
  perDay: number;
  days: number;
};

export function backfillPlan(job: BackfillJob, perDay: number): BackfillPlan {
  const left = job.queries.reduce((n, q) => n + requestsLeft(q), 0);
  return {
    searches: job.queries.length,
    done: job.queries.filter((q) => q.done).length,
    unsized: job.queries.filter((q) => !q.done && q.remaining === null).length,
    requestsSpent: job.requests,
    requestsLeft: left,
    perDay,
    days: left === 0 ? 0 : Math.ceil(left / Math.max(1, perDay)),
  };
}

/**
 * The share of the key's daily quota the backfill may spend: all of it but what the planner
 * needs to keep every state fresh (~60 requests a day: 52 freshness checks and the weekly
 * sessions; see sync-planner.ts), and never more than three quarters of a small quota.
 */
export function backfillDailyBudget(dailyLimit: number, reserve = 60): number {
  return Math.max(1, dailyLimit - Math.min(reserve, Math.ceil(dailyLimit / 4)));
}

/** Where the backfill's finds go (the pipeline), and its bookkeeping. */
export interface BackfillSink {
  /** Normalized bills of one page; progress is saved after this resolves. */
  bills(bills: NormalizedBillInput[]): Promise<void>;
  problems?(problems: OpenStatesRecordProblem[]): Promise<void> | void;
  /** A jurisdiction's sessions, read before its first bills are handed over. */
  sessions?(jurisdictionId: string, sessions: OpenStatesSession[]): Promise<void>;
  /** Called after every page, so a crash loses at most one page. */
  progress?(job: BackfillJob): Promise<void>;
}

export type BackfillRunOptions = {
  /** `YYYY-MM-DD`, UTC. */
  today: string;
  /** Requests this run may spend. */
  maxRequests: number;
  /** Jurisdictions the tracker stores (others, like the US Congress, are skipped). */
  isKnownJurisdiction: (jurisdictionId: string) => boolean;
};

export type BackfillRunResult = {
  job: BackfillJob;
  outcome: 'done' | 'budget_spent' | 'quota_exhausted';
  resumeAt: string | null;
  requests: number;
  /** Bills handed to the pipeline this run (each once). */
  found: string[];
  errors: { q: string; jurisdiction: string | null; code: string; message: string; url: string | null }[];
};

/**
 * Runs the job's searches within `maxRequests`: first the first page of every search not
 * started (which sizes the plan), then the rest, smallest first. A found bill's jurisdiction
 * has its sessions read once per job before its bills go to the pipeline. Stops cleanly at the
 * budget or the day's quota (the job keeps its place). Throws only for auth errors.
 */
export async function runTopicalBackfill(client: OpenStatesClient, sink: BackfillSink, start: BackfillJob, options: BackfillRunOptions): Promise<BackfillRunResult> {
  const job: BackfillJob = structuredClone(start);
  if (job.spent.day !== options.today) job.spent = { day: options.today, requests: 0 };
  const result: BackfillRunResult = { job, outcome: 'done', resumeAt: null, requests: 0, found: [], errors: [] };
  const found = new Set<string>();
  const before = client.requests;
  const spend = () => {
    const used = client.requests - before;
    result.requests = used;
    return used;
  };
  const budgetLeft = () => options.maxRequests - spend();
  const since = String(job.sinceYear);
  const recentEnough = (bill: OpenStatesBill) => (bill.latest_action_date || bill.first_action_date || bill.created_at).slice(0, 4) >= since;

  const page = async (query: BackfillQuery) => {
    const requestsBefore = client.requests;
    try {
      const answer = await client.searchBills({
        q: query.q,
        ...(query.jurisdiction ? { jurisdiction: query.jurisdiction } : {}),
        sort: 'updated_asc',
        ...(query.since ? { updated_since: query.since } : {}),
        action_since: since,
        page: query.page,
        per_page: MAX_PER_PAGE,
        include: [...DEFAULT_BILL_INCLUDES],
      });
      const wanted = answer.bills.filter((b) => recentEnough(b) && options.isKnownJurisdiction(b.jurisdiction.id) && !found.has(b.id));
      for (const jurisdictionId of new Set(wanted.map((b) => b.jurisdiction.id))) {
        if (job.sessionsRead.includes(jurisdictionId) || budgetLeft() <= 0) continue;
        job.sessionsRead.push(jurisdictionId);
        try {
          const jurisdiction = await client.getJurisdiction(jurisdictionId, ['legislative_sessions']);
          await sink.sessions?.(jurisdictionId, jurisdiction.legislative_sessions ?? []);
        } catch (error) {
          // The bills still go through: without their session's dates, status waits for the daily sweep.
          if (error instanceof QuotaExhaustedError || !(error instanceof ScrapeError) || error.code === 'auth_missing' || error.code === 'auth_invalid') throw error;
          result.errors.push({ q: query.q, jurisdiction: jurisdictionId, code: error.code, message: `sessions of ${jurisdictionId}: ${error.message}`, url: error.url });
        }
      }
      const bills: NormalizedBillInput[] = [];
      const problems = [...answer.problems];
      for (const bill of wanted) {
        const normalized = normalizeOpenStatesBill(bill);
        const checked = normalizedBillSchema.safeParse(normalized);
        if (checked.success) bills.push(normalized);
        else problems.push({ position: answer.url, url: normalized.sourceUrl ?? bill.id, message: checked.error.issues[0]?.message ?? 'invalid' });
        found.add(bill.id);
      }
      if (problems.length) await sink.problems?.(problems);
      await sink.bills(bills);
      const next = advanceCrawl({ since: query.since, page: query.page }, answer.bills, answer.pagination);
      query.since = next.position.since;
      query.page = next.position.page;
      query.done = next.done;
      query.remaining = next.done ? 0 : Math.max(0, answer.pagination.total_items - answer.pagination.page * answer.pagination.per_page);
    } catch (error) {
      if (error instanceof QuotaExhaustedError) throw error;
      if (!(error instanceof ScrapeError) || error.code === 'auth_missing' || error.code === 'auth_invalid') throw error;
      result.errors.push({ q: query.q, jurisdiction: query.jurisdiction, code: error.code, message: error.message, url: error.url });
      // The API refusing the search (4xx) will refuse it tomorrow too; a timeout or 5xx is tried again next run.
      if (!error.retryable) {
        query.done = true;
        query.error = error.message;
      }
      return false;
    } finally {
      const used = client.requests - requestsBefore;
      query.requests += used;
      job.requests += used;
      job.spent.requests += used;
      await sink.progress?.(job);
    }
    return true;
  };

  try {
    const failed = new Set<BackfillQuery>();
    for (const query of job.queries.filter((q) => !q.done && q.remaining === null)) {
      if (budgetLeft() <= 0) throw new BudgetSpentSignal();
      if (!(await page(query))) failed.add(query);
    }
    for (;;) {
      const open = job.queries.filter((q) => !q.done && !failed.has(q)).sort((a, b) => requestsLeft(a) - requestsLeft(b));
      if (open.length === 0) break;
      const query = open[0]!;
      while (!query.done) {
        if (budgetLeft() <= 0) throw new BudgetSpentSignal();
        if (!(await page(query))) {
          failed.add(query);
          break;
        }
      }
    }
  } catch (error) {
    if (error instanceof BudgetSpentSignal) result.outcome = 'budget_spent';
    else if (error instanceof QuotaExhaustedError) {
      result.outcome = 'quota_exhausted';
      result.resumeAt = error.resumeAt;
    } else throw error;
  }
  if (job.queries.every((q) => q.done)) job.finishedOn ??= options.today;
  result.found = [...found];
  job.lastRun = { day: options.today, found: result.found };
  spend();
  await sink.progress?.(job);
  return result;
}

class BudgetSpentSignal extends Error {}
