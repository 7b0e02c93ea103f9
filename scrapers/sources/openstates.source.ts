import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { storeSessions, type SessionRow } from '../../db/sessions/sessions-repository.js';
import { saveSourceCursorEntry } from '../../db/sources/sources-repository.js';
import { loadStates } from '../../db/seed/seed-data.js';
import { DrizzleQuotaStore } from '../../db/sources/api-quota-store.js';
import { DEFAULT_BILL_INCLUDES, OpenStatesClient } from '../openstates/openstates-client.js';
import { normalizeOpenStatesBill } from '../openstates/normalize-openstates-bill.js';
import { readOpenStatesCursor, runOpenStatesSync, type BulkDownloader, type OpenStatesCursor } from '../openstates/sync-planner.js';
import { HttpClient, MemoryValidatorCache } from '../kit/http-client.js';
import type { OpenStatesSession } from '../openstates/openstates-bill.schema.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import { CHECKPOINT, type SourceItem } from '../pipeline/import-bills.js';
import { createRecordChannel } from './record-channel.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';
import { bulkExportRecords } from './openstates-bulk-records.js';

/** `sources.settings` of the Open States source (staff may edit them). */
const settingsSchema = z
  .object({
    /** Load sessions from Open States' bulk CSV exports instead of backfilling them through the API. */
    bulk: z.boolean().default(true),
    /** Also load the exports of every session that started in or after this year (e.g. 2017). */
    bulkSince: z.number().int().min(1990).max(2100).nullable().default(null),
  })
  .loose();

/**
 * Downloads bulk export zips to temporary files, streamed (a big state's zip is ~100 MB), with a
 * conditional GET when the zip was loaded before; counts its requests apart from the API's.
 */
export function createBulkDownloader(): BulkDownloader & { readonly requests: number } {
  const validators = new MemoryValidatorCache();
  // The zips are static files on Open States' file host, not the metered API.
  const http = new HttpClient({ minIntervalMs: 1000, timeoutMs: 30 * 60_000, validatorCache: validators });
  return {
    get requests() {
      return http.requests;
    },
    async download(url, known) {
      if (known && (known.etag || known.lastModified)) validators.set(url, known);
      const dir = await mkdtemp(path.join(tmpdir(), 'openstates-bulk-'));
      const dispose = () => rm(dir, { recursive: true, force: true });
      try {
        const fetched = await http.getToFile(url, path.join(dir, 'export.zip'), { conditional: true });
        if (fetched.notModified) {
          await dispose();
          return null;
        }
        return { file: fetched.body, etag: fetched.headers.get('etag'), lastModified: fetched.headers.get('last-modified'), dispose };
      } catch (error) {
        await dispose();
        throw error;
      }
    },
  };
}

/** `va`, `VA` or an OCD id → the OCD id of a state-level jurisdiction. @throws naming the unknown value. */
export function resolveStateJurisdiction(value: string): string {
  const states = loadStates();
  const found = /^[A-Za-z]{2}$/.test(value) ? states.find((s) => s.stateCode === value.toUpperCase()) : states.find((s) => s.id === value);
  if (!found) throw new Error(`unknown jurisdiction "${value}": give a two-letter state code or an ocd-jurisdiction id of a state`);
  return found.id;
}

function dayOrNull(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

/** Sessions as the API lists them, kept for the status model's "died at session end". */
export function sessionRows(list: OpenStatesSession[], active: string[]): SessionRow[] {
  return list.map((s) => ({
    identifier: s.identifier,
    name: s.name,
    classification: s.classification,
    startDate: dayOrNull(s.start_date),
    endDate: dayOrNull(s.end_date),
    active: active.includes(s.identifier),
  }));
}

function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Why an Open States source cannot run: no API key. */
export function openStatesNotConfigured({ config }: Pick<AdapterContext, 'config'>): string | null {
  return config.openstates.apiKey ? null : 'OPENSTATES_API_KEY is not set (request a free key at https://open.pluralpolicy.com/accounts/profile/)';
}

/** The API client of a run: the configured key and tier, the day's count kept in the database. */
export function openStatesClientFor({ config, handle }: Pick<AdapterContext, 'config' | 'handle'>): OpenStatesClient {
  return new OpenStatesClient({
    baseUrl: config.openstates.apiUrl,
    apiKey: config.openstates.apiKey ?? undefined,
    requestsPerMinute: config.openstates.rateLimitPerMinute,
    requestsPerDay: config.openstates.dailyLimit,
    quotaStore: new DrizzleQuotaStore(handle.db),
  });
}

/**
 * Open States API v3. With `sessions` it crawls those sessions of the given jurisdictions
 * (since `since`); otherwise the quota-aware planner keeps every given jurisdiction (all
 * 52 by default) fresh, spending the day's budget where it matters and resuming from the
 * cursor stored on the source. Sessions with a bulk CSV export are loaded from it rather
 * than backfilled through the API (settings `bulk`, default on; `bulkSince` a year).
 */
export const openStatesSource: SourceAdapter = {
  kind: 'openstates',
  notConfigured: openStatesNotConfigured,
  start(ctx: AdapterContext) {
    const { handle } = ctx;
    const client = openStatesClientFor(ctx);
    const settings = settingsSchema.parse(ctx.source.settings ?? {});
    const downloader = settings.bulk ? createBulkDownloader() : null;
    const jurisdictionParams = stringList(ctx.params.jurisdiction);
    const jurisdictions = jurisdictionParams.length ? jurisdictionParams.map(resolveStateJurisdiction) : loadStates().map((s) => s.id);
    const sessions = stringList(ctx.params.session);
    const since = typeof ctx.params.since === 'string' ? ctx.params.since : undefined;
    let cursors: OpenStatesCursor = readOpenStatesCursor(ctx.source.cursor);
    const channel = createRecordChannel<SourceItem>();
    const sendBills = async (bills: ReturnType<typeof normalizeOpenStatesBill>[]) => {
      for (const bill of bills) await channel.send(bill);
    };

    const produce = async () => {
      if (sessions.length) {
        for (const jurisdiction of jurisdictions) {
          for (const session of sessions) {
            const pages = client.listBills({ jurisdiction, session, updated_since: since, sort: 'updated_asc', include: [...DEFAULT_BILL_INCLUDES], per_page: 20 });
            for await (const page of pages) {
              for (const p of page.problems) await channel.send({ error: new InvalidRecordError(p.message, p.url), url: p.url });
              await sendBills(page.bills.map(normalizeOpenStatesBill));
              await channel.send(CHECKPOINT); // a killed run keeps every page before this one
            }
          }
        }
        return;
      }
      if (since) for (const id of jurisdictions) if (cursors[id]) cursors[id].fresh.watermark = since;
      const result = await runOpenStatesSync(
        client,
        {
          bills: sendBills,
          problems: async (problems) => {
            for (const p of problems) await channel.send({ error: new InvalidRecordError(p.message, p.url), url: p.url });
          },
          sessions: (jurisdictionId, list) => storeSessions(handle.db, jurisdictionId, sessionRows(list, cursors[jurisdictionId]?.activeSessions ?? [])),
          bulkExport: async (file, { url }) => {
            for await (const item of bulkExportRecords([file], { db: handle.db, url, jurisdictionFor: resolveStateJurisdiction })) await channel.send(item);
          },
          // Saved as the crawl goes (bills before it are already written), so a killed run resumes here.
          cursor: async (jurisdictionId, cursor) => {
            await channel.send(CHECKPOINT);
            cursors = { ...cursors, [jurisdictionId]: cursor };
            await saveSourceCursorEntry(handle.db, ctx.source.id, jurisdictionId, cursor);
          },
        },
        {
          jurisdictions,
          cursors,
          maxRequests: typeof ctx.params.maxRequests === 'number' ? ctx.params.maxRequests : undefined,
          bulk: downloader ?? undefined,
          bulkSince: settings.bulkSince,
        },
      );
      cursors = result.cursors;
      for (const e of result.errors) await channel.send({ error: new Error(`${e.jurisdictionId}: ${e.message}`) });
    };
    produce().then(
      () => channel.close(),
      (error: Error) => channel.close(error),
    );
    return { items: channel, requests: () => client.requests + (downloader?.requests ?? 0), cursorAfter: () => (sessions.length ? ctx.source.cursor : cursors) };
  },
};
