import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ScrapeError } from '../../core/scrape-errors.js';

/**
 * The one polite HTTP client every source uses: it names the project in User-Agent,
 * spaces requests per host, retries what can succeed on a second try (timeouts, network
 * errors, 429, 5xx) with exponential backoff and jitter, fails fast with the status, URL and
 * a body excerpt on other 4xx, sends conditional requests, and counts what it sent so a run
 * can report `requests`.
 */

/** Identifies us to site operators, with a URL where they can reach the project. */
export const DEFAULT_USER_AGENT = 'policy-tracker/0.1 (+https://github.com/policy-tracker/policy-tracker)';

/** ETag / Last-Modified validators remembered per URL for conditional requests. */
export type Validators = { etag: string | null; lastModified: string | null };

/** Where validators live between requests; in memory by default, injectable to persist them. */
export interface ValidatorCache {
  get(url: string): Validators | undefined;
  set(url: string, validators: Validators): void;
}

/** A validator cache in a Map: lasts as long as the process. */
export class MemoryValidatorCache implements ValidatorCache {
  private readonly entries = new Map<string, Validators>();
  get(url: string): Validators | undefined {
    return this.entries.get(url);
  }
  set(url: string, validators: Validators): void {
    this.entries.set(url, validators);
  }
}

export type HttpClientOptions = {
  userAgent?: string;
  /** Minimum milliseconds between the starts of two requests to one host (default 1000). */
  minIntervalMs?: number;
  /** Per-host overrides of minIntervalMs, keyed by `host` (`webapi.legistar.com`, `127.0.0.1:4000`). */
  hostIntervalsMs?: Record<string, number>;
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff delay; doubles on each retry (default 1000). */
  baseDelayMs?: number;
  /** Ceiling of one backoff delay (default 30000). */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out: the request fails instead (default 120000). */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout, headers and body included (default 30000). */
  timeoutMs?: number;
  validatorCache?: ValidatorCache;
  /** For tests: the jitter source (0 ≤ r < 1). */
  random?: () => number;
};

export type RequestOptions = {
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxAttempts?: number;
  /**
   * Send If-None-Match / If-Modified-Since from the validator cache; a 304 then comes back as
   * `{ notModified: true }` instead of a body.
   */
  conditional?: boolean;
  /**
   * Sends the jar's cookies for the host and stores the ones the answer sets: ASP.NET sites
   * (Legistar InSite, NovusAGENDA, OnBase) tie a postback or an AJAX fragment to the session
   * cookie the first page handed out.
   */
  cookies?: CookieJar;
};

/** Cookies by host, in memory for one run (name=value only: paths and expiry do not matter within a run). */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  /** The `Cookie` header for a URL, or null when the jar holds none for its host. */
  headerFor(url: string): string | null {
    const jar = this.hosts.get(new URL(url).host);
    if (!jar || jar.size === 0) return null;
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Stores the cookies of `Set-Cookie` answers to a request to `url`. */
  store(url: string, headers: Headers): void {
    const lines = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    if (lines.length === 0) return;
    const host = new URL(url).host;
    const jar = this.hosts.get(host) ?? new Map<string, string>();
    for (const line of lines) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.hosts.set(host, jar);
  }
}

/** A form body: name/value pairs in order (ASP.NET reads repeated names in order). */
export type FormFields = readonly (readonly [string, string])[];

export type Fetched<T> = {
  notModified: false;
  status: number;
  /** The final URL after redirects. */
  url: string;
  headers: Headers;
  body: T;
};

export type NotModified = { notModified: true; status: 304; url: string; headers: Headers };

/** An HTTP answer that is an error: the status, the URL and the start of the body. */
export class HttpStatusError extends ScrapeError {
  readonly status: number;
  /** The first few hundred characters of the response body, whitespace collapsed. */
  readonly bodyExcerpt: string;

  constructor(status: number, statusText: string, url: string, bodyExcerpt: string, opts: { retryable: boolean; attempts: number; method?: string }) {
    const tried = opts.attempts > 1 ? ` after ${opts.attempts} attempts` : '';
    super('http_status', `HTTP ${status}${statusText ? ` ${statusText}` : ''} for ${opts.method ?? 'GET'} ${url}${tried}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`, {
      url,
      retryable: opts.retryable,
    });
    this.name = 'HttpStatusError';
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }
}

const EXCERPT_CHARS = 300;

/** How the body is taken: as text, as bytes in memory, or streamed to a file (`{ file }`). */
type Kind = 'text' | 'json' | 'buffer' | { file: string };
type Outcome =
  | { ok: true; response: Response; body: string | Buffer }
  | { ok: false; retryable: boolean; error: ScrapeError; retryAfterMs: number | null };

/** See the module comment. One instance per run, so `requests` counts that run. */
export class HttpClient {
  private readonly userAgent: string;
  private readonly minIntervalMs: number;
  private readonly hostIntervalsMs: Record<string, number>;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  /** Validators learnt from responses; read only for conditional requests. */
  readonly validators: ValidatorCache;
  /** Earliest start time of the next request per host (a reservation, so concurrent callers queue). */
  private readonly nextSlot = new Map<string, number>();
  private requestCount = 0;

  constructor(options: HttpClientOptions = {}) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.hostIntervalsMs = options.hostIntervalsMs ?? {};
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120000;
    this.timeoutMs = options.timeoutMs ?? 30000;
    this.random = options.random ?? Math.random;
    this.validators = options.validatorCache ?? new MemoryValidatorCache();
  }

  /** HTTP requests sent so far (every attempt counts: a retry is a request the site served). */
  get requests(): number {
    return this.requestCount;
  }

  /** GET as text. Throws HttpStatusError (4xx, or 5xx/429 after the last attempt) or ScrapeError `timeout` / `network`. */
  getText(url: string, opts?: RequestOptions & { conditional?: false }): Promise<Fetched<string>>;
  getText(url: string, opts: RequestOptions & { conditional: true }): Promise<Fetched<string> | NotModified>;
  getText(url: string, opts: RequestOptions): Promise<Fetched<string> | NotModified>;
  getText(url: string, opts: RequestOptions = {}): Promise<Fetched<string> | NotModified> {
    return this.request(url, opts, 'text') as Promise<Fetched<string> | NotModified>;
  }

  /** GET and parse JSON (sends `Accept: application/json` unless told otherwise). Also throws ScrapeError `invalid_json`. */
  getJson(url: string, opts?: RequestOptions & { conditional?: false }): Promise<Fetched<unknown>>;
  getJson(url: string, opts: RequestOptions & { conditional: true }): Promise<Fetched<unknown> | NotModified>;
  getJson(url: string, opts: RequestOptions): Promise<Fetched<unknown> | NotModified>;
  async getJson(url: string, opts: RequestOptions = {}): Promise<Fetched<unknown> | NotModified> {
    const headers = { accept: 'application/json', ...lowerKeys(opts.headers ?? {}) };
    const result = (await this.request(url, { ...opts, headers }, 'json')) as Fetched<string> | NotModified;
    if (result.notModified) return result;
    try {
      return { ...result, body: JSON.parse(result.body) as unknown };
    } catch (error) {
      const safeUrl = redactUrl(url);
      throw new ScrapeError('invalid_json', `response from ${safeUrl} is not JSON: ${excerpt(result.body)}`, { url: safeUrl, cause: error });
    }
  }

  /** GET as bytes (PDFs, attachments). Same errors as getText. */
  getBuffer(url: string, opts?: RequestOptions & { conditional?: false }): Promise<Fetched<Buffer>>;
  getBuffer(url: string, opts: RequestOptions & { conditional: true }): Promise<Fetched<Buffer> | NotModified>;
  getBuffer(url: string, opts: RequestOptions): Promise<Fetched<Buffer> | NotModified>;
  getBuffer(url: string, opts: RequestOptions = {}): Promise<Fetched<Buffer> | NotModified> {
    return this.request(url, opts, 'buffer') as Promise<Fetched<Buffer> | NotModified>;
  }

  /**
   * POST a form (`application/x-www-form-urlencoded`) and read the answer as text: an ASP.NET
   * postback (search, pager). Spaced, retried and counted like a GET; a redirect after the
   * POST is followed with a GET. Same errors as getText.
   */
  postForm(url: string, fields: FormFields, opts: Omit<RequestOptions, 'conditional'> = {}): Promise<Fetched<string>> {
    const body = new URLSearchParams(fields.map(([name, value]) => [name, value])).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...lowerKeys(opts.headers ?? {}) };
    return this.request(url, { ...opts, headers }, 'text', { method: 'POST', body }) as Promise<Fetched<string>>;
  }

  /**
   * GET streamed to a file (archives of hundreds of MB never sit in memory); the body is the
   * file's path. A failed attempt leaves a partial file that the next attempt overwrites.
   * Same errors as getText.
   */
  getToFile(url: string, file: string, opts?: RequestOptions & { conditional?: false }): Promise<Fetched<string>>;
  getToFile(url: string, file: string, opts: RequestOptions & { conditional: true }): Promise<Fetched<string> | NotModified>;
  getToFile(url: string, file: string, opts: RequestOptions = {}): Promise<Fetched<string> | NotModified> {
    return this.request(url, opts, { file }) as Promise<Fetched<string> | NotModified>;
  }

  private async request(url: string, opts: RequestOptions, kind: Kind, send: { method: 'GET' | 'POST'; body?: string } = { method: 'GET' }): Promise<Fetched<string | Buffer> | NotModified> {
    const parsed = new URL(url);
    const safeUrl = redactUrl(url);
    const maxAttempts = Math.max(1, opts.maxAttempts ?? this.maxAttempts);
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...lowerKeys(opts.headers ?? {}) };
    const cookie = opts.cookies?.headerFor(url);
    if (cookie) headers.cookie = cookie;
    if (opts.conditional) {
      const known = this.validators.get(url);
      if (known?.etag) headers['if-none-match'] = known.etag;
      if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    }
    for (let attempt = 1; ; attempt++) {
      await this.waitForSlot(parsed.host);
      const outcome = await this.attempt(url, headers, opts.timeoutMs ?? this.timeoutMs, kind, attempt, send);
      if (outcome.ok) {
        const { response, body } = outcome;
        opts.cookies?.store(response.url || url, response.headers);
        if (response.status === 304) return { notModified: true, status: 304, url: response.url || url, headers: response.headers };
        this.remember(url, response.headers);
        return { notModified: false, status: response.status, url: response.url || url, headers: response.headers, body };
      }
      if (!outcome.retryable || attempt >= maxAttempts) throw outcome.error;
      if (outcome.retryAfterMs !== null && outcome.retryAfterMs > this.maxRetryAfterMs) {
        throw new ScrapeError('rate_limited', `${safeUrl} asked us to wait ${Math.round(outcome.retryAfterMs / 1000)}s (Retry-After), more than the ${Math.round(this.maxRetryAfterMs / 1000)}s we wait: ${outcome.error.message}`, {
          url: safeUrl,
          retryable: true,
          cause: outcome.error,
        });
      }
      await sleep(outcome.retryAfterMs ?? this.backoff(attempt));
    }
  }

  private async attempt(fetchUrl: string, headers: Record<string, string>, timeoutMs: number, kind: Kind, attempt: number, send: { method: 'GET' | 'POST'; body?: string }): Promise<Outcome> {
    // Errors end up in scrape_runs and logs: never let an API token in a query string reach them.
    const url = redactUrl(fetchUrl);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    this.requestCount++;
    try {
      const response = await fetch(fetchUrl, { method: send.method, body: send.body, headers, signal: controller.signal, redirect: 'follow' });
      // The timer stays armed while the body streams in: a server that stalls mid-body times out too.
      let body: string | Buffer;
      if (typeof kind === 'object' && response.ok && response.body) {
        await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(kind.file));
        body = kind.file;
      } else {
        body = kind === 'buffer' && response.ok ? Buffer.from(await response.arrayBuffer()) : await response.text();
      }
      if (response.ok || response.status === 304) return { ok: true, response, body };
      const status = response.status;
      const retryable = status === 429 || status >= 500;
      const error = new HttpStatusError(status, response.statusText, url, excerpt(typeof body === 'string' ? body : ''), { retryable, attempts: attempt, method: send.method });
      return { ok: false, retryable, error, retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : null };
    } catch (error) {
      if (controller.signal.aborted) {
        const timeout = new ScrapeError('timeout', `timed out after ${timeoutMs}ms ${send.method === 'POST' ? 'posting to' : 'fetching'} ${url}${attempt > 1 ? ` (attempt ${attempt})` : ''}`, { url, retryable: true, cause: error });
        return { ok: false, retryable: true, error: timeout, retryAfterMs: null };
      }
      const reason = describeNetworkError(error);
      const network = new ScrapeError('network', `network error ${send.method === 'POST' ? 'posting to' : 'fetching'} ${url}${attempt > 1 ? ` (attempt ${attempt})` : ''}: ${reason}`, { url, retryable: true, cause: error });
      return { ok: false, retryable: true, error: network, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reserves the next start time for this host, then waits for it. */
  private async waitForSlot(host: string): Promise<void> {
    const interval = this.hostIntervalsMs[host] ?? this.minIntervalMs;
    const now = Date.now();
    const start = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, start + interval);
    if (start > now) await sleep(start - now);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries from many runs spread out. */
  private backoff(attempt: number): number {
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return exp / 2 + this.random() * (exp / 2);
  }

  private remember(url: string, headers: Headers): void {
    const etag = headers.get('etag');
    const lastModified = headers.get('last-modified');
    if (etag || lastModified) this.validators.set(url, { etag, lastModified });
  }
}

const SECRET_PARAMS = /^(token|key|api_?key|access_token)$/i;

/** The URL with secret query parameters (`token`, `key`, `apikey`...) replaced by `***`, for errors and logs. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(name)) {
      parsed.searchParams.set(name, '***');
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, ...) is in `cause`.
 * Duck-typed rather than `instanceof Error`: undici's errors can come from another realm (jest's VM).
 */
function describeNetworkError(error: unknown): string {
  const message = errorField(error, 'message') ?? String(error);
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const causeMessage = errorField(cause, 'message');
  if (!causeMessage) return message;
  const code = errorField(cause, 'code');
  return `${message} (${code ? `${code}: ` : ''}${causeMessage})`;
}

function errorField(value: unknown, key: 'message' | 'code'): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field ? field : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
