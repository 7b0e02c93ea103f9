import type { z } from 'zod';
import { HttpStatusError, redactUrl, type HttpClient } from '../kit/http-client.js';
import { InvalidRecordError, ScrapeError } from '../../core/scrape-errors.js';
import {
  legistarAttachmentSchema,
  legistarBodySchema,
  legistarHistorySchema,
  legistarIndexSchema,
  legistarMatterIndexSchema,
  legistarMatterSchema,
  legistarMatterStatusSchema,
  legistarMatterTypeSchema,
  legistarRollCallSchema,
  legistarSponsorSchema,
  legistarTextSchema,
  legistarVersionSchema,
  legistarVoteSchema,
  type LegistarAttachment,
  type LegistarBody,
  type LegistarHistory,
  type LegistarIndex,
  type LegistarMatter,
  type LegistarMatterIndex,
  type LegistarMatterStatus,
  type LegistarMatterType,
  type LegistarRollCall,
  type LegistarSponsor,
  type LegistarText,
  type LegistarVersion,
  type LegistarVote,
} from './legistar-api.schema.js';
import { legistarEventSchema, type LegistarEvent } from './legistar-events.js';
import { parseEventItems, type LegistarEventItem } from './event-items.js';

/** Legistar answers at most this many rows per query (https://webapi.legistar.com/Home/Examples). */
export const LEGISTAR_PAGE_LIMIT = 1000;

/** Where the public Legistar Web API lives. */
export const LEGISTAR_API_BASE_URL = 'https://webapi.legistar.com';

export type LegistarApiConfig = {
  /** The client database code: `phoenix`, `nyc`, `minneapolismn` (not always the InSite subdomain). */
  client: string;
  /** `https://webapi.legistar.com` (a loopback server in tests). */
  baseUrl?: string;
  /** API token for clients that require one; sent as `?token=`. */
  token?: string | null;
};

export type MatterQuery = {
  /** An OData v3 `$filter` expression. */
  filter?: string;
  orderBy?: string;
  /** Rows per request; capped at 1000. */
  pageSize?: number;
};

/**
 * Typed access to one Legistar client's Web API. Every answer passes a zod schema; list
 * endpoints page with `$top`/`$skip`. Throws ScrapeError `token_required` when the client
 * refuses us for want of a token, HttpStatusError for other HTTP errors, InvalidRecordError
 * for a row that does not fit the schema (the matter listing yields those instead).
 */
export class LegistarApiClient {
  readonly client: string;
  private readonly root: string;
  private readonly token: string | null;

  constructor(
    config: LegistarApiConfig,
    private readonly http: HttpClient,
  ) {
    this.client = config.client;
    this.root = `${(config.baseUrl ?? LEGISTAR_API_BASE_URL).replace(/\/+$/, '')}/v1/${encodeURIComponent(config.client)}`;
    this.token = config.token ?? null;
  }

  /** The URL of a resource under this client, with the token when one is configured. */
  url(path: string, params: Record<string, string | number | undefined> = {}): string {
    const url = new URL(`${this.root}/${path.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    if (this.token) url.searchParams.set('token', this.token);
    return url.toString();
  }

  /**
   * Every matter the query selects, paging `$skip` by `$top` until a short page. A matter seen
   * on an earlier page is not yielded again (rows shift between pages when the order is by a
   * field that changes during the crawl). Rows that fail the schema are yielded as
   * InvalidRecordError so one bad row does not stop the run.
   */
  async *matters(query: MatterQuery = {}): AsyncGenerator<LegistarMatter | InvalidRecordError> {
    const pageSize = Math.max(1, Math.min(query.pageSize ?? LEGISTAR_PAGE_LIMIT, LEGISTAR_PAGE_LIMIT));
    const seen = new Set<number>();
    for (let skip = 0; ; skip += pageSize) {
      const url = this.url('matters', { $filter: query.filter, $orderby: query.orderBy, $top: pageSize, $skip: skip });
      const rows = await this.getArray(url);
      for (const [i, row] of rows.entries()) {
        const parsed = legistarMatterSchema.safeParse(row);
        if (!parsed.success) {
          yield new InvalidRecordError(`matter row ${skip + i} does not fit the Legistar matter schema: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`, this.safe(url));
          continue;
        }
        if (seen.has(parsed.data.MatterId)) continue;
        seen.add(parsed.data.MatterId);
        yield parsed.data;
      }
      if (rows.length < pageSize) return;
    }
  }

  /** `/matters/{id}/histories`: the action history, as Legistar orders it (see normalizeHistories). */
  histories(matterId: number): Promise<LegistarHistory[]> {
    return this.list(`matters/${matterId}/histories`, legistarHistorySchema);
  }

  sponsors(matterId: number): Promise<LegistarSponsor[]> {
    return this.list(`matters/${matterId}/sponsors`, legistarSponsorSchema);
  }

  attachments(matterId: number): Promise<LegistarAttachment[]> {
    return this.list(`matters/${matterId}/attachments`, legistarAttachmentSchema);
  }

  /** `/matters/{id}/indexes`: the client's topic tags on this matter. */
  matterIndexes(matterId: number): Promise<LegistarMatterIndex[]> {
    return this.list(`matters/${matterId}/indexes`, legistarMatterIndexSchema);
  }

  /** `/matters/{id}/versions`: `{Key: MatterTextId, Value: version label}` pairs. */
  versions(matterId: number): Promise<LegistarVersion[]> {
    return this.list(`matters/${matterId}/versions`, legistarVersionSchema);
  }

  /** `/matters/{id}/texts/{textId}`: one version's text (plain and RTF; we keep plain). */
  async text(matterId: number, textId: string): Promise<LegistarText> {
    const url = this.url(`matters/${matterId}/texts/${encodeURIComponent(textId)}`);
    return this.parseOne(url, legistarTextSchema, await this.getBody(url));
  }

  /** `/events` matching an OData filter (a date window), every page. */
  events(filter: string): Promise<LegistarEvent[]> {
    return this.list('events', legistarEventSchema, { $filter: filter, $orderby: 'EventDate' });
  }

  /** `/events/{id}/eventitems`: the lines of a meeting's agenda (unordered: see eventItemsToAgenda). */
  async eventItems(eventId: number): Promise<LegistarEventItem[]> {
    const url = this.url(`events/${eventId}/eventitems`);
    return parseEventItems(await this.getBody(url), this.safe(url));
  }

  /**
   * `/eventitems/{id}/votes`: each member's vote on a meeting item (a history row's id is its
   * event item's id). An item without votes answers 404, or 500 "The cast to value type
   * 'System.Int32' failed…" (python-legistar's `_missing_votes`): both read as no votes.
   */
  votes(eventItemId: number): Promise<LegistarVote[]> {
    return this.itemList(`eventitems/${eventItemId}/votes`, legistarVoteSchema);
  }

  /** `/eventitems/{id}/rollcalls`: each member's answer to a roll call on the item; none reads as []. */
  rollCalls(eventItemId: number): Promise<LegistarRollCall[]> {
    return this.itemList(`eventitems/${eventItemId}/rollcalls`, legistarRollCallSchema);
  }

  private async itemList<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>[]> {
    try {
      // Items without votes answer 500 on some tenants, every time: one retry, not the usual backoff series.
      return await this.list(path, schema, {}, 2);
    } catch (error) {
      if (error instanceof HttpStatusError && (error.status === 404 || (error.status === 500 && /cast to value type|materialized value is null/i.test(error.bodyExcerpt)))) return [];
      throw error;
    }
  }

  bodies(): Promise<LegistarBody[]> {
    return this.list('bodies', legistarBodySchema);
  }

  matterTypes(): Promise<LegistarMatterType[]> {
    return this.list('mattertypes', legistarMatterTypeSchema);
  }

  matterStatuses(): Promise<LegistarMatterStatus[]> {
    return this.list('matterstatuses', legistarMatterStatusSchema);
  }

  /** `/indexes`: the client's topic vocabulary. */
  indexes(): Promise<LegistarIndex[]> {
    return this.list('indexes', legistarIndexSchema);
  }

  /** A list endpoint that may pass 1000 rows: pages like matters(). */
  private async list<S extends z.ZodType>(path: string, schema: S, query: Record<string, string> = {}, attempts?: number): Promise<z.infer<S>[]> {
    const out: z.infer<S>[] = [];
    for (let skip = 0; ; skip += LEGISTAR_PAGE_LIMIT) {
      const url = this.url(path, { ...query, $top: LEGISTAR_PAGE_LIMIT, $skip: skip });
      const rows = await this.getArray(url, attempts);
      for (const row of rows) out.push(this.parseOne(url, schema, row));
      if (rows.length < LEGISTAR_PAGE_LIMIT) return out;
    }
  }

  private parseOne<S extends z.ZodType>(url: string, schema: S, row: unknown): z.infer<S> {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
    throw new InvalidRecordError(`Legistar answer does not fit the expected schema: ${issues}`, this.safe(url));
  }

  private async getArray(url: string, attempts?: number): Promise<unknown[]> {
    const body = await this.getBody(url, attempts);
    if (!Array.isArray(body)) {
      throw new ScrapeError('unexpected_response', `expected a JSON array from ${this.safe(url)}, got ${typeof body}`, { url: this.safe(url) });
    }
    return body;
  }

  private async getBody(url: string, attempts?: number): Promise<unknown> {
    try {
      // Accept decides the format: Legistar answers XML to browsers and rejects $format.
      const result = await this.http.getJson(url, { headers: { accept: 'application/json' }, ...(attempts ? { maxAttempts: attempts } : {}) });
      return result.body;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /**
   * Legistar refuses clients that need a token with a 4xx whose message says so ("Token is
   * required", reported 403 for phila on 2026-10-09; see reference/legistar/API.md §1.2).
   */
  private explain(error: unknown): unknown {
    if (!(error instanceof HttpStatusError)) return error;
    if (![400, 401, 403].includes(error.status) || !/token|agency/i.test(error.bodyExcerpt)) return error;
    const had = this.token ? 'the configured token was refused' : 'no token is configured';
    return new ScrapeError(
      'token_required',
      `Legistar client "${this.client}" requires an API token (${had}): HTTP ${error.status} "${error.bodyExcerpt}" at ${error.url}. A token is issued by the city clerk (or Granicus); set it in the source settings, or use the legistar-html source.`,
      { url: error.url, cause: error },
    );
  }

  private safe(url: string): string {
    return redactUrl(url);
  }
}
