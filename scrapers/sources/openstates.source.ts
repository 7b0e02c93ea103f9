import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { storeSessions, type SessionRow } from '../../db/sessions/sessions-repository.js';
import { saveSourceCursorEntry } from '../../db/sources/sources-repository.js';
import { loadStates } from '../../db/seed/seed-data.js';
import { DrizzleQuotaStore } from '../../db/sources/api-quota-store.js';
import { DEFAULT_BILL_INCLUDES, OpenStatesClient } from '../openstates/openstates-client.js';
import { normalizeOpenStatesBill } from '../openstates/normalize-openstates-bill.js';
import {
  applySessionsRead, emptyJurisdictionCursor, readOpenStatesCursor, runOpenStatesSync, selectRelevantSessions, sessionsDue, type BulkDownloader, type OpenStatesCursor,
} from '../openstates/sync-planner.js';
import { HttpClient, MemoryValidatorCache } from '../kit/http-client.js';
import type { OpenStatesSession } from '../openstates/openstates-bill.schema.js';
import { InvalidRecordError, ScrapeError } from '../../core/scrape-errors.js';
import { sessionDateBound } from '../../core/sessions/session-end.js';
import { openStatesConfigProblem } from '../../core/sources/source-config.js';
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
/** Download folders untouched this long belong to a run that was killed: no download takes hours. */
const STALE_DOWNLOAD_MS = 6 * 3600_000;

/** Removes the temporary folders of downloads whose run was killed before it could remove them. Returns how many. */
export async function sweepStaleBulkDownloads(dir = tmpdir(), now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('openstates-bulk-')) continue;
    const full = path.join(dir, name);
    const info = await stat(full).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs < STALE_DOWNLOAD_MS) continue;
    await rm(full, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

export function createBulkDownloader(): BulkDownloader & { readonly requests: number } {
  const validators = new MemoryValidatorCache();
  // The zips are static files on Open States' file host, not the metered API.
  const http = new HttpClient({ minIntervalMs: 1000, timeoutMs: 30 * 60_000, validatorCache: validators });
  let swept: Promise<number> | null = null;
  return {
    get requests() {
      return http.requests;
    },
    async download(url, known) {
      swept ??= sweepStaleBulkDownloads().catch(() => 0);
      await swept;
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

/**
 * Sessions as the API lists them, kept for the status model's "died at session end". Partial
 * dates are widened to the period they name (an end of `2024-04` is 2024-04-30); "" stays
 * unknown, and an unknown never erases a date already stored (storeSessions).
 */
export function sessionRows(list: readonly OpenStatesSession[], today: string): SessionRow[] {
  const { active } = selectRelevantSessions(list, today);
  return list.map((s) => ({
    identifier: s.identifier,
    name: s.name,
    classification: s.classification.trim() || null,
    startDate: sessionDateBound(s.start_date, 'start'),
    endDate: sessionDateBound(s.end_date, 'end'),
    active: active.includes(s.identifier),
  }));
}

function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Why an Open States source cannot run: no API key. */
export function openStatesNotConfigured({ config }: Pick<AdapterContext, 'config'>): string | null {
  return openStatesConfigProblem(config)?.detail ?? null;
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
    const covered = new Set<string>();
    const sessionsChanged = new Set<string>();
    const sessionsRead = new Set<string>();
    const sendBills = async (bills: ReturnType<typeof normalizeOpenStatesBill>[]) => {
      for (const bill of bills) await channel.send(bill);
    };
    /** Stores what the API says of a jurisdiction's sessions, before any of its bills is derived. */
    const storeListedSessions = async (jurisdictionId: string, list: OpenStatesSession[]) => {
      covered.add(jurisdictionId);
      const changes = await storeSessions(handle.db, jurisdictionId, sessionRows(list, ctx.today));
      if (changes.added.length || changes.changed.length) sessionsChanged.add(jurisdictionId);
    };
    // Saved as the crawl goes, after a checkpoint: the bills before it are written, so a killed run resumes here.
    const saveCursor = async (jurisdictionId: string, cursor: OpenStatesCursor[string]) => {
      await channel.send(CHECKPOINT);
      cursors = { ...cursors, [jurisdictionId]: cursor };
      await saveSourceCursorEntry(handle.db, ctx.source.id, jurisdictionId, cursor);
    };

    const produce = async () => {
      if (sessions.length) {
        for (const jurisdiction of jurisdictions) {
          // One /jurisdictions request a week at most, counted against the quota like any other.
          if (sessionsDue(cursors[jurisdiction], ctx.today)) {
            try {
              const read = await client.getJurisdiction(jurisdiction, ['legislative_sessions']);
              await storeListedSessions(jurisdiction, read.legislative_sessions ?? []);
              const cursor = structuredClone(cursors[jurisdiction] ?? emptyJurisdictionCursor());
              applySessionsRead(cursor, read, ctx.today);
              await saveCursor(jurisdiction, cursor);
              sessionsRead.add(jurisdiction);
            } catch (error) {
              // A key or quota problem stops the run; anything else is reported and the bills are
              // derived with the sessions already stored (the seeded tables at least).
              if (!(error instanceof ScrapeError) || ['auth_missing', 'auth_invalid', 'quota_exhausted'].includes(error.code)) throw error;
              await channel.send({ error: new ScrapeError(error.code, `sessions of ${jurisdiction} not read (the stored ones are used): ${error.message}`, { url: error.url }), url: error.url });
            }
          }
          for (const session of sessions) {
            const pages = client.listBills({ jurisdiction, session, updated_since: since, sort: 'updated_asc', include: [...DEFAULT_BILL_INCLUDES], per_page: 20 });
            for await (const page of pages) {
              covered.add(jurisdiction);
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
          bills: async (bills, context) => {
            covered.add(context.jurisdictionId);
            await sendBills(bills);
          },
          problems: async (problems) => {
            for (const p of problems) await channel.send({ error: new InvalidRecordError(p.message, p.url), url: p.url });
          },
          sessions: storeListedSessions,
          bulkExport: async (file, { url }) => {
            for await (const item of bulkExportRecords([file], { db: handle.db, url, jurisdictionFor: resolveStateJurisdiction })) await channel.send(item);
          },
          // Saved as the crawl goes (bills before it are already written), so a killed run resumes here.
          cursor: saveCursor,
        },
        {
          jurisdictions,
          cursors,
          today: ctx.today,
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
    return {
      items: channel,
      requests: () => client.requests + (downloader?.requests ?? 0),
      // A crawl of named sessions leaves the planner's cursor as it was, but for the sessions it read.
      cursorAfter: () => (sessions.length ? { ...(ctx.source.cursor ?? {}), ...Object.fromEntries([...sessionsRead].map((id) => [id, cursors[id]])) } : cursors),
      covered: () => [...covered],
      sessionsChanged: () => [...sessionsChanged],
    };
  },
};
