import createClient from 'openapi-fetch';
import { ScrapeError } from '../../core/scrape-errors.js';
import { apiKeyId, InMemoryQuotaStore, type QuotaStore } from '../../core/sources/quota-store.js';
import {
  openStatesBillSchema,
  openStatesErrorBodySchema,
  openStatesJurisdictionSchema,
  openStatesListPageSchema,
  type OpenStatesBill,
  type OpenStatesJurisdiction,
  type OpenStatesPagination,
} from './openstates-bill.schema.js';
import type { components, operations, paths } from './openstates-v3.js';

export type BillInclude = components['schemas']['BillInclude'];
export type JurisdictionInclude = components['schemas']['JurisdictionInclude'];
/** `/bills` filters as the OpenAPI document types them; the key travels in a header, never here. */
export type BillSearchQuery = Omit<NonNullable<operations['bills_search_bills_get']['parameters']['query']>, 'apikey'>;

/** Every include: the same request also brings the roll-call votes. */
export const DEFAULT_BILL_INCLUDES: readonly BillInclude[] = [
  'sponsorships',
  'abstracts',
  'other_titles',
  'other_identifiers',
  'actions',
  'sources',
  'documents',
  'versions',
  'votes',
  'related_bills',
];

/** The API refuses per_page above 20 (400) and more than 20 `identifier` values (400). */
export const MAX_PER_PAGE = 20;
export const MAX_IDENTIFIERS_PER_REQUEST = 20;

/** Time, injectable so rate limits and backoff can be tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type RetryReason = 'rate_limited' | 'server_error' | 'timeout' | 'network_error';

export type OpenStatesClientOptions = {
  /** OPENSTATES_API_URL, e.g. https://v3.openstates.org */
  baseUrl: string;
  /** OPENSTATES_API_KEY; without one every call fails with `auth_missing` before any request. */
  apiKey: string | undefined;
  /** OPENSTATES_RATE_LIMIT: requests per minute for this key (default tier: 10). */
  requestsPerMinute?: number;
  /** OPENSTATES_DAILY_LIMIT: requests per UTC day for this key (default tier: 250). */
  requestsPerDay?: number;
  /** Where the day's count persists (default: in memory). */
  quotaStore?: QuotaStore;
  /** Per-request timeout; a timed-out request is retried. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /**
   * Delay before retry number `attempt` (1-based). The API sends no Retry-After, so the
   * default waits out most of a minute window on 429 (10, 20, 40, 60 s) and 2, 4, 8, 16 s
   * on 5xx and timeouts.
   */
  backoffMs?: (attempt: number, reason: RetryReason) => number;
  clock?: Clock;
  fetch?: typeof fetch;
  userAgent?: string;
};

/** One `/bills` page: the bills that passed the schema and the ones that did not. */
export type BillPage = {
  bills: OpenStatesBill[];
  problems: OpenStatesRecordProblem[];
  pagination: OpenStatesPagination;
  /** The request URL (no key in it: the key goes in a header). */
  url: string;
};

/** A record that failed validation: where it was, and why. */
export type OpenStatesRecordProblem = { position: string; url: string | null; message: string };

/**
 * The day's request budget for the key is spent (by us, or as the API says with a
 * per-day 429). Not retryable today: the planner stops cleanly and resumes at `resumeAt`.
 */
export class QuotaExhaustedError extends ScrapeError {
  readonly day: string;
  readonly limit: number;
  readonly resumeAt: string;

  constructor(day: string, limit: number, detail: string, url: string | null = null) {
    const resumeAt = nextUtcMidnight(day);
    super('quota_exhausted', `Open States daily quota spent for ${day} (${detail}); resumes at ${resumeAt}`, { url, retryable: false });
    this.name = 'QuotaExhaustedError';
    this.day = day;
    this.limit = limit;
    this.resumeAt = resumeAt;
  }
}

/**
 * A typed Open States v3 client: API key header, repeated `include=`, pagination,
 * per-minute and per-day limits per key (the day's count persisted through a
 * QuotaStore), retries with backoff on 429 / 5xx / timeouts, and clear non-retryable
 * ScrapeErrors for 400 / 401 / 403 / 404 / 422.
 */
export class OpenStatesClient {
  /** Requests this client sent (every attempt counts: the API counts them too). */
  requests = 0;

  private readonly api: ReturnType<typeof createClient<paths>>;
  private readonly apiKey: string | null;
  private readonly keyId: string | null;
  private readonly perMinute: number;
  private readonly perDay: number;
  private readonly store: QuotaStore;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number, reason: RetryReason) => number;
  private readonly clock: Clock;
  private readonly recentSends: number[] = [];
  /** Set when the API itself said the day is spent (another user of the key, a reset we misjudged). */
  private exhaustedDay: string | null = null;

  constructor(options: OpenStatesClientOptions) {
    this.apiKey = options.apiKey?.trim() || null;
    this.keyId = this.apiKey ? apiKeyId(this.apiKey) : null;
    this.perMinute = options.requestsPerMinute ?? 10;
    this.perDay = options.requestsPerDay ?? 250;
    this.store = options.quotaStore ?? new InMemoryQuotaStore();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.clock = options.clock ?? systemClock;
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'policy-tracker (+https://github.com/)' };
    if (this.apiKey) headers['x-api-key'] = this.apiKey;
    this.api = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), headers, fetch: options.fetch });
  }

  /** Requests left today for this key (0 when spent). Throws `auth_missing` without a key. */
  async remainingToday(): Promise<number> {
    const keyId = this.requireKey(null);
    if (this.exhaustedDay === this.today()) return 0;
    return Math.max(0, this.perDay - (await this.store.spent(keyId, this.today())));
  }

  /**
   * One page of `GET /bills`. Returns the valid bills and the malformed ones as problems.
   * Throws `bad_request` (per_page > 20, > 20 identifiers) before spending a request,
   * QuotaExhaustedError, or a ScrapeError for the HTTP failure.
   */
  async searchBills(query: BillSearchQuery): Promise<BillPage> {
    const perPage = query.per_page ?? MAX_PER_PAGE;
    if (perPage < 1 || perPage > MAX_PER_PAGE) throw new ScrapeError('bad_request', `per_page must be between 1 and ${MAX_PER_PAGE}, got ${perPage}`);
    if ((query.identifier?.length ?? 0) > MAX_IDENTIFIERS_PER_REQUEST) {
      throw new ScrapeError('bad_request', `at most ${MAX_IDENTIFIERS_PER_REQUEST} identifiers per request, got ${query.identifier?.length}`);
    }
    const fullQuery: BillSearchQuery = { ...query, per_page: perPage, page: query.page ?? 1 };
    const { body, url } = await this.send((signal) => this.api.GET('/bills', { params: { query: fullQuery }, signal }));
    const page = openStatesListPageSchema.safeParse(body);
    if (!page.success) throw new ScrapeError('invalid_response', `GET /bills answered an unexpected shape: ${page.error.issues[0]?.message}`, { url });
    const bills: OpenStatesBill[] = [];
    const problems: OpenStatesRecordProblem[] = [];
    page.data.results.forEach((raw, index) => {
      const parsed = openStatesBillSchema.safeParse(raw);
      if (parsed.success) bills.push(parsed.data);
      else problems.push({ position: `${url} results[${index}]`, url: billUrlOf(raw) ?? url, message: describeIssues(parsed.error.issues) });
    });
    return { bills, problems, pagination: page.data.pagination, url };
  }

  /**
   * Every page of a `/bills` query, from `query.page` (default 1) until `page == max_page`,
   * yielded one at a time so a caller can save its place after each. Throws as `searchBills`.
   */
  async *listBills(query: BillSearchQuery): AsyncGenerator<BillPage> {
    let page = query.page ?? 1;
    for (;;) {
      const result = await this.searchBills({ ...query, page });
      yield result;
      if (result.pagination.page >= result.pagination.max_page) return;
      page = result.pagination.page + 1;
    }
  }

  /**
   * Bills of one session by identifier (`HB 1251`, `hb1251` both work), batched 20 to a
   * request. Returns the bills found (unknown identifiers are simply absent) and problems.
   */
  async billsByIdentifier(
    jurisdiction: string,
    session: string,
    identifiers: readonly string[],
    include: readonly BillInclude[] = DEFAULT_BILL_INCLUDES,
  ): Promise<{ bills: OpenStatesBill[]; problems: OpenStatesRecordProblem[] }> {
    const bills: OpenStatesBill[] = [];
    const problems: OpenStatesRecordProblem[] = [];
    for (const batch of chunk(identifiers, MAX_IDENTIFIERS_PER_REQUEST)) {
      for await (const page of this.listBills({ jurisdiction, session, identifier: [...batch], include: [...include] })) {
        bills.push(...page.bills);
        problems.push(...page.problems);
      }
    }
    return { bills, problems };
  }

  /** One bill by its `ocd-bill/<uuid>` id. Throws `not_found` (404) or `invalid_response`. */
  async getBill(billId: string, include: readonly BillInclude[] = DEFAULT_BILL_INCLUDES): Promise<OpenStatesBill> {
    const uuid = billId.replace(/^ocd-bill\//, '');
    const { body, url } = await this.send((signal) =>
      this.api.GET('/bills/ocd-bill/{openstates_bill_id}', { params: { path: { openstates_bill_id: uuid }, query: { include: [...include] } }, signal }),
    );
    const parsed = openStatesBillSchema.safeParse(body);
    if (!parsed.success) throw new ScrapeError('invalid_record', `bill ${billId}: ${describeIssues(parsed.error.issues)}`, { url });
    return parsed.data;
  }

  /**
   * One jurisdiction (`ocd-jurisdiction/...`, abbreviation or name), by default with its
   * legislative sessions. Throws `not_found`, `invalid_response` or the HTTP failure.
   */
  async getJurisdiction(jurisdictionId: string, include: readonly JurisdictionInclude[] = ['legislative_sessions']): Promise<OpenStatesJurisdiction> {
    const { body, url } = await this.send((signal) =>
      this.api.GET('/jurisdictions/{jurisdiction_id}', { params: { path: { jurisdiction_id: jurisdictionId }, query: { include: [...include] } }, signal }),
    );
    const parsed = openStatesJurisdictionSchema.safeParse(body);
    if (!parsed.success) throw new ScrapeError('invalid_response', `jurisdiction ${jurisdictionId}: ${describeIssues(parsed.error.issues)}`, { url });
    return parsed.data;
  }

  /**
   * One page of `GET /events` with agendas and participants, as the JSON the API answered (read
   * it with readOpenStatesEvents). Spends one request of the quota like every call.
   */
  async searchEvents(query: { jurisdiction: string; after?: string; before?: string; page?: number; require_bills?: boolean }): Promise<{ body: unknown; url: string }> {
    return this.send((signal) =>
      this.api.GET('/events', { params: { query: { ...query, per_page: MAX_PER_PAGE, include: ['agenda', 'participants', 'links', 'sources'] } }, signal }),
    );
  }

  private today(): string {
    return new Date(this.clock.now()).toISOString().slice(0, 10);
  }

  private requireKey(url: string | null): string {
    if (!this.keyId) {
      throw new ScrapeError('auth_missing', 'No Open States API key: set OPENSTATES_API_KEY (keys from https://open.pluralpolicy.com/accounts/profile/)', { url });
    }
    return this.keyId;
  }

  /** Waits for a per-minute slot, checks and counts the day's budget. Throws QuotaExhaustedError. */
  private async acquire(): Promise<void> {
    const keyId = this.requireKey(null);
    for (;;) {
      const now = this.clock.now();
      while (this.recentSends.length > 0 && this.recentSends[0]! <= now - 60_000) this.recentSends.shift();
      if (this.recentSends.length < this.perMinute) break;
      await this.clock.sleep(this.recentSends[0]! + 60_000 - now);
    }
    const day = this.today();
    if (this.exhaustedDay === day) throw new QuotaExhaustedError(day, this.perDay, 'the API answered 429 for the day');
    const spent = await this.store.spent(keyId, day);
    if (spent >= this.perDay) throw new QuotaExhaustedError(day, this.perDay, `${spent} of ${this.perDay} requests used`);
    // Counted before sending: a request that times out may still have been counted upstream.
    await this.store.record(keyId, day);
    this.recentSends.push(this.clock.now());
    this.requests += 1;
  }

  /** Sends with retries; returns the parsed JSON body and the URL. */
  private async send(
    call: (signal: AbortSignal) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  ): Promise<{ body: unknown; url: string }> {
    for (let attempt = 1; ; attempt++) {
      await this.acquire();
      let failure: ScrapeError;
      let reason: RetryReason;
      try {
        const { data, error, response } = await call(AbortSignal.timeout(this.timeoutMs));
        const url = redactUrl(response.url);
        if (response.ok) return { body: data, url };
        failure = this.errorForStatus(response.status, error, url);
        if (!failure.retryable) throw failure;
        reason = response.status === 429 ? 'rate_limited' : 'server_error';
      } catch (error) {
        if (error instanceof ScrapeError) throw error;
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        reason = timedOut ? 'timeout' : error instanceof SyntaxError ? 'server_error' : 'network_error';
        failure = timedOut
          ? new ScrapeError('timeout', `Open States did not answer within ${this.timeoutMs} ms`, { retryable: true, cause: error })
          : error instanceof SyntaxError
            ? new ScrapeError('invalid_response', `Open States answered with invalid JSON: ${error.message}`, { retryable: true, cause: error })
            : new ScrapeError('network_error', `Open States request failed: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
      }
      if (attempt >= this.maxAttempts) throw failure;
      await this.clock.sleep(this.backoffMs(attempt, reason));
    }
  }

  private errorForStatus(status: number, body: unknown, url: string): ScrapeError {
    const detail = detailOf(body);
    const where = `${status} from ${url}`;
    if (status === 403) return new ScrapeError('auth_missing', `Open States refused the request without an API key (${where}): ${detail}`, { url });
    if (status === 401) return new ScrapeError('auth_invalid', `Open States rejected the API key (${where}): ${detail}. Check OPENSTATES_API_KEY.`, { url });
    if (status === 400) return new ScrapeError('bad_request', `Open States rejected the request (${where}): ${detail}`, { url });
    if (status === 404) return new ScrapeError('not_found', `Open States has no such resource (${where}): ${detail}`, { url });
    if (status === 422) return new ScrapeError('invalid_request', `Open States could not validate the request (${where}): ${detail}`, { url });
    if (status === 429) {
      // rrl says which window overflowed: "exceeded limit of 250/day: 251". Only the minute one passes by waiting.
      if (/\/day|per day|daily/i.test(detail)) {
        this.exhaustedDay = this.today();
        return new QuotaExhaustedError(this.today(), this.perDay, `API: ${detail}`, url);
      }
      return new ScrapeError('rate_limited', `Open States rate limit hit (${where}): ${detail}`, { url, retryable: true });
    }
    if (status >= 500) return new ScrapeError('server_error', `Open States failed (${where}): ${detail}`, { url, retryable: true });
    return new ScrapeError('http_error', `Open States answered ${where}: ${detail}`, { url });
  }
}

/** Default backoff: see OpenStatesClientOptions.backoffMs. */
export function defaultBackoffMs(attempt: number, reason: RetryReason): number {
  const base = reason === 'rate_limited' ? 10_000 : 2_000;
  const cap = reason === 'rate_limited' ? 60_000 : 30_000;
  return Math.min(cap, base * 2 ** (attempt - 1));
}

/** `day` + 1 at 00:00 UTC, ISO. The reset time of the API's window is unverified; UTC midnight is the guess. */
export function nextUtcMidnight(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

/** Splits a list into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function detailOf(body: unknown): string {
  const parsed = openStatesErrorBodySchema.safeParse(body);
  if (!parsed.success) return typeof body === 'string' && body ? body.slice(0, 200) : 'no detail';
  const { detail } = parsed.data;
  return typeof detail === 'string' ? detail : detail.map((d) => d.msg).join('; ');
}

function billUrlOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const record = raw as Record<string, unknown>;
  if (typeof record.openstates_url === 'string') return record.openstates_url;
  return typeof record.id === 'string' ? record.id : null;
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}

function redactUrl(url: string): string {
  return url.replace(/([?&]apikey=)[^&]*/i, '$1***');
}
