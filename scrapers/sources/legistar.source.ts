import { z } from 'zod';
import { HttpClient } from '../kit/http-client.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import { legistarHtmlSettingsSchema } from '../../core/sources/city-source-settings.js';
import { fetchLegistarBills } from '../legistar/legistar.adapter.js';
import { LegistarApiClient } from '../legistar/legistar-api-client.js';
import { fetchLegistarMeetings } from '../legistar/legistar-events.js';
import { crawlLegistarSite, type LegistarCrawl } from '../legistar/html/legistar-crawler.js';
import { loadCityRegistry, type CityEntry } from '../../db/seed/city-registry.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import { todayIn } from './agenda-run.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';
import { withCheckpoints } from './with-checkpoints.js';

/** The registry entry of a Legistar client. @throws naming the unknown client. */
export function legistarCity(client: string) {
  const city = loadCityRegistry().find((c) => c.client === client);
  if (!city) throw new Error(`no city with Legistar client "${client}" in db/seed/cities.json`);
  return city;
}

const cursorSchema = z
  .object({
    since: z.string().optional(),
    /** Event id → fingerprint of the meetings read through the API. */
    events: z.record(z.string(), z.string()).default({}),
    /** The InSite crawl's state: file → search-row fingerprint of matters whose detail page was read. */
    html: z.object({ seen: z.record(z.string(), z.string()).default({}) }).default({ seen: {} }),
  })
  .passthrough();

const settingsSchema = z
  .object({
    client: z.string().optional(),
    token: z.string().min(1).optional(),
    /** false for a client whose `/events` is broken (San Francisco answers 400). */
    events: z.boolean().default(true),
    /** Also read each matter's latest text (two more requests a matter), which the classifier reads when a title says too little. */
    includeText: z.boolean().default(false),
    /** The InSite crawler's settings (defaults from the registry's InSite address). */
    html: legistarHtmlSettingsSchema.partial().default({}),
  })
  .passthrough();

/**
 * The token for a client: `LEGISTAR_TOKENS` (client:token pairs) first, then the source's
 * settings; null when neither has one.
 */
function tokenFor(ctx: AdapterContext, client: string, settingsToken: string | undefined): string | null {
  return ctx.config.legistar.tokens[client] ?? settingsToken ?? null;
}

/** The InSite crawler's settings for a city, from the source's `html` settings over the registry's site. */
function htmlSettings(city: CityEntry, given: z.infer<typeof settingsSchema>['html']) {
  if (!city.insiteUrl && !given.insiteUrl) return null;
  return legistarHtmlSettingsSchema.parse({ insiteUrl: city.insiteUrl, ...given });
}

/**
 * One city council through the Legistar Web API, incrementally from the cursor (the newest
 * MatterLastModifiedUtc stored) or from `since`, then its meetings around today (events and
 * their agenda items). The client's token comes from `LEGISTAR_TOKENS` or the source's
 * settings. When the API refuses for want of a token, the run goes on through the city's
 * public InSite pages instead (search, detail, calendar and meeting pages), with the same
 * HTTP client and so the same pacing, and the cursor says it was read from there.
 */
export const legistarSource: SourceAdapter = {
  kind: 'legistar',
  start(ctx: AdapterContext) {
    const settings = settingsSchema.parse(ctx.source.settings);
    const client = settings.client ?? ctx.source.id.replace(/^legistar:/, '');
    const city = legistarCity(client);
    const cursor = cursorSchema.parse(ctx.source.cursor);
    const html = htmlSettings(city, settings.html);
    const http = new HttpClient({ minIntervalMs: 250, hostIntervalsMs: html ? { [new URL(html.insiteUrl).host]: html.minIntervalMs } : {} });
    const token = tokenFor(ctx, client, settings.token);
    const today = todayIn(city.timezone, ctx.params.today);
    const sinceText = typeof ctx.params.since === 'string' ? ctx.params.since : (cursor.since ?? null);
    const apiConfig = { client, baseUrl: ctx.config.legistar.apiUrl, token };
    const stream = fetchLegistarBills(
      {
        ...apiConfig, timezone: city.timezone, jurisdictionId: city.id, since: sinceText ? new Date(sinceText) : null, insiteUrl: city.insiteUrl, terms: city.terms,
        includeText: settings.includeText,
      },
      http,
    );
    const events: Record<string, string> = {};
    let crawl: LegistarCrawl | null = null;
    let refusal: string | null = null;

    async function* items(): AsyncGenerator<SourceItem> {
      try {
        yield* stream;
        if (settings.events) {
          yield* fetchLegistarMeetings(new LegistarApiClient(apiConfig, http), { source: ctx.source.id, jurisdictionId: city.id, today, seen: cursor.events, next: events });
        }
      } catch (error) {
        if (!(error instanceof ScrapeError) || error.code !== 'token_required' || !html) throw error;
        refusal = error.message;
        crawl = crawlLegistarSite({ client, jurisdictionId: city.id, terms: city.terms, settings: html, today, seen: cursor.html.seen }, http);
        try {
          yield* crawl.items;
        } catch (fallbackError) {
          // The refusal is the news; say what the fallback met too, where it met it.
          const detail = fallbackError instanceof Error ? fallbackError.message : String(fallbackError);
          const url = fallbackError instanceof ScrapeError ? fallbackError.url : null;
          throw new ScrapeError('token_required', `${error.message} Reading the public site ${html.insiteUrl} instead failed too: ${detail}`, { url, cause: fallbackError });
        }
      }
    }
    return {
      // Each matter costs five or more requests (an InSite matter its detail page): write every 20 rather than every batch.
      items: withCheckpoints(items(), 20),
      requests: () => http.requests,
      cursorAfter: () => {
        const since = stream.cursor ?? cursor.since;
        const keep = <T extends object>(name: string, value: T) => (Object.keys(value).length > 0 ? { [name]: value } : {});
        if (crawl) {
          return { ...(since ? { since } : {}), ...keep('events', cursor.events), html: { seen: crawl.seen() }, readFrom: html?.insiteUrl ?? null, apiRefused: refusal };
        }
        return {
          ...(since ? { since } : {}),
          ...keep('events', settings.events ? events : cursor.events),
          ...keep('html', Object.keys(cursor.html.seen).length > 0 ? cursor.html : {}),
          readFrom: `${ctx.config.legistar.apiUrl}/v1/${client}`,
        };
      },
    };
  },
};

/**
 * A council read only through its public InSite pages (kind `legistar-html`): for clients that
 * have no Web API at all, or whose staff switch the API off. Settings: legistarHtmlSettingsSchema
 * (`insiteUrl` defaults to the registry's), plus `client`.
 */
export const legistarHtmlSource: SourceAdapter = {
  kind: 'legistar-html',
  start(ctx: AdapterContext) {
    const settings = settingsSchema.parse(ctx.source.settings);
    const client = settings.client ?? ctx.source.id.replace(/^legistar(-html)?:/, '');
    const city = legistarCity(client);
    const html = htmlSettings(city, { ...settings.html, ...(typeof ctx.source.settings.insiteUrl === 'string' ? { insiteUrl: ctx.source.settings.insiteUrl } : {}) });
    if (!html) throw new ScrapeError('not_configured', `Legistar client "${client}" has no InSite address in db/seed/cities.json or the source settings`);
    const cursor = cursorSchema.parse(ctx.source.cursor);
    const http = new HttpClient({ minIntervalMs: html.minIntervalMs });
    const crawl = crawlLegistarSite({ client, jurisdictionId: city.id, terms: city.terms, settings: html, today: todayIn(city.timezone, ctx.params.today), seen: cursor.html.seen }, http);
    return { items: crawl.items, requests: () => http.requests, cursorAfter: () => ({ ...cursor, html: { seen: crawl.seen() }, readFrom: html.insiteUrl }) };
  },
};
