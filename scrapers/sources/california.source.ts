import { unzipSync } from 'fflate';
import { z } from 'zod';
import { HttpClient, MemoryValidatorCache } from '../kit/http-client.js';
import { LayoutChangedError, ScrapeError } from '../../core/scrape-errors.js';
import {
  buildCaliforniaBills, parseCaliforniaAuthorTable, parseCaliforniaBillTable, parseCaliforniaHistoryTable, parseCaliforniaVersionTable,
  type CaliforniaParseResult,
} from '../california/california-bills.parser.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/**
 * California's pubinfo downloads (https://downloads.leginfo.legislature.ca.gov/, see FEEDS.md
 * and openstates-scrapers `scrapers/ca/download.py`): `pubinfo_<year>.zip` holds a whole
 * session; `pubinfo_daily_<Day>.zip` is, per nomindnick/ca-leginfo-mcp's research notes, a
 * near-full snapshot of the current session refreshed nightly (not a delta: the small
 * `pubinfo_<Day>.zip` files are the deltas, and are not read here, because a bill's actions
 * are replaced wholesale on import and a delta would drop the older ones).
 */
export const CALIFORNIA_DOWNLOADS_URL = 'https://downloads.leginfo.legislature.ca.gov/';

const settingsSchema = z.object({
  baseUrl: z.string().url().default(CALIFORNIA_DOWNLOADS_URL),
  /** Milliseconds between two requests to the downloads host. */
  minIntervalMs: z.number().int().min(0).default(2000),
  /** The archives are about 1 GB: give the download far longer than a page. */
  timeoutMs: z.number().int().positive().default(30 * 60_000),
});

const cursorSchema = z.object({
  archive: z.string().optional(),
  etag: z.string().nullable().optional(),
  lastModified: z.string().nullable().optional(),
});

/** What a California run remembers: the archive it read last and that archive's validators. */
export type CaliforniaCursor = z.infer<typeof cursorSchema>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * The first year of a session from `--session`: `2025`, `2026` or Open States' `20252026` all
 * mean the 2025-26 session, whose archive is `pubinfo_2025.zip`. Sessions start in odd years.
 * @throws RangeError for anything else.
 */
export function californiaArchiveYear(session: string): number {
  const match = /^(\d{4})(\d{4})?$/.exec(session.trim());
  if (!match) throw new RangeError(`not a California session: ${JSON.stringify(session)} (expected a year such as 2025, or 20252026)`);
  const year = Number(match[1]);
  return year % 2 === 1 ? year : year - 1;
}

/**
 * The newest `pubinfo_daily_<Day>.zip` in the downloads listing, by the date printed in its
 * row (openstates' `get_contents` reads the same listing: file link, then a
 * `YYYY-MM-DD HH:MM` date). @throws LayoutChangedError (selector + URL) when no daily archive
 * with a date is listed.
 */
export function newestDailyArchive(html: string, url: string): string {
  const rows = html.split(/<tr[\s>]/i).slice(1);
  let newest: { name: string; date: string } | null = null;
  for (const row of rows) {
    const link = /href="?([^"\s>]*pubinfo_daily_(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)\.zip)/i.exec(row);
    const date = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(row);
    if (!link || !date) continue;
    const name = link[1].split('/').pop() ?? link[1];
    if (!newest || date[1] > newest.date) newest = { name, date: date[1] };
  }
  if (!newest) throw new LayoutChangedError('tr:has(a[href*="pubinfo_daily_"])', url, `no dated pubinfo_daily_<${DAYS.join('|')}>.zip row in the downloads listing`);
  return newest.name;
}

type Tables = Map<string, { text: string; url: string }>;

/** The `.dat` tables the tracker reads, by upper-case base name, decoded as UTF-8. */
function readArchive(zip: Uint8Array, archiveUrl: string): Tables {
  const wanted = new Set(['BILL_TBL.DAT', 'BILL_HISTORY_TBL.DAT', 'BILL_VERSION_TBL.DAT', 'BILL_VERSION_AUTHORS_TBL.DAT']);
  const baseName = (name: string) => (name.split('/').pop() ?? name).toUpperCase();
  let files: Record<string, Uint8Array>;
  try {
    // The filter keeps the ~1 GB of bill-text .lob files compressed: only four tables are inflated.
    files = unzipSync(zip, { filter: (file) => wanted.has(baseName(file.name)) });
  } catch (error) {
    throw new ScrapeError('invalid_archive', `${archiveUrl} is not a readable zip archive: ${(error as Error).message}`, { url: archiveUrl, cause: error });
  }
  const decoder = new TextDecoder('utf-8');
  const tables: Tables = new Map();
  for (const [name, bytes] of Object.entries(files)) {
    const table = baseName(name).replace(/\.DAT$/, '');
    tables.set(table, { text: decoder.decode(bytes), url: `${archiveUrl}#${name}` });
  }
  return tables;
}

/** Every table parsed and joined into bills; bad rows and title-less bills come back as errors. */
function* billsFromArchive(tables: Tables, archiveUrl: string): Generator<SourceItem> {
  const required = (table: string) => {
    const found = tables.get(table);
    if (!found) throw new LayoutChangedError(`${table}.dat`, archiveUrl, `the archive has no ${table}.dat`);
    return found;
  };
  const rejected: SourceItem[] = [];
  const parse = <T>(file: { text: string; url: string } | undefined, parser: (text: string, url: string) => CaliforniaParseResult<T>): T[] => {
    if (!file) return [];
    const result = parser(file.text, file.url);
    for (const error of result.rejected) rejected.push({ error, url: error.url });
    return result.records;
  };
  const billTable = required('BILL_TBL');
  const bills = parse(billTable, parseCaliforniaBillTable);
  const history = parse(required('BILL_HISTORY_TBL'), parseCaliforniaHistoryTable);
  const versions = parse(required('BILL_VERSION_TBL'), parseCaliforniaVersionTable);
  const authors = parse(tables.get('BILL_VERSION_AUTHORS_TBL'), parseCaliforniaAuthorTable);
  // A BILL_TBL that parses to nothing is a changed or truncated export, not an empty session.
  if (bills.length === 0) throw new LayoutChangedError('BILL_TBL.dat', billTable.url, 'BILL_TBL.dat has no bill rows');
  yield* rejected;
  const built = buildCaliforniaBills({ bills, history, versions, authors }, billTable.url);
  for (const error of built.rejected) yield { error, url: error.url };
  yield* built.records;
}

/**
 * California pubinfo. With `session` (`2025`, `20252026`): that session's `pubinfo_<year>.zip`.
 * Without: the newest `pubinfo_daily_<Day>.zip` of the downloads listing (one more request).
 * The archive is fetched conditionally with the ETag / Last-Modified kept in the cursor, so an
 * unchanged archive costs one 304 and yields nothing. Base URL: `settings.baseUrl`.
 */
export const californiaSource: SourceAdapter = {
  kind: 'california-pubinfo',
  start(ctx: AdapterContext) {
    const settings = settingsSchema.parse(ctx.source.settings);
    const cursor = cursorSchema.parse(ctx.source.cursor);
    const base = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;
    const validators = new MemoryValidatorCache();
    const http = new HttpClient({ minIntervalMs: settings.minIntervalMs, validatorCache: validators });
    const session = typeof ctx.params.session === 'string' && ctx.params.session !== '' ? ctx.params.session : null;
    let cursorAfter: CaliforniaCursor = cursor;

    async function* items(): AsyncGenerator<SourceItem> {
      let archive: string;
      if (session) {
        archive = `pubinfo_${californiaArchiveYear(session)}.zip`;
      } else {
        const listing = await http.getText(base);
        archive = newestDailyArchive(listing.body, listing.url);
      }
      const url = new URL(archive, base).toString();
      // Validators only describe the archive they came from: a new day's file is fetched in full.
      if (cursor.archive === archive && (cursor.etag || cursor.lastModified)) {
        validators.set(url, { etag: cursor.etag ?? null, lastModified: cursor.lastModified ?? null });
      }
      const fetched = await http.getBuffer(url, { conditional: true, timeoutMs: settings.timeoutMs });
      if (fetched.notModified) return;
      const tables = readArchive(new Uint8Array(fetched.body.buffer, fetched.body.byteOffset, fetched.body.byteLength), url);
      yield* billsFromArchive(tables, url);
      // Read only once every bill was handed over: a run that stops earlier keeps the old cursor.
      cursorAfter = { archive, etag: fetched.headers.get('etag'), lastModified: fetched.headers.get('last-modified') };
    }
    return { items: items(), requests: () => http.requests, cursorAfter: () => ({ ...cursorAfter }) };
  },
};
