import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readOpenStatesFile } from '../openstates/normalize-openstates-bill.js';
import { readOpenStatesEvents } from '../openstates/openstates-events.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import { parseVirginiaBillsCsv, toVirginiaNormalizedBill } from '../virginia/virginia-bills.parser.js';
import { groupVirginiaHistory, parseVirginiaHistoryCsv } from '../virginia/virginia-history.parser.js';
import { parseVirginiaSessionCode } from '../virginia/virginia-session.js';
import {
  buildCaliforniaBills, parseCaliforniaAuthorTable, parseCaliforniaBillTable, parseCaliforniaHistoryTable, parseCaliforniaVersionTable,
} from '../california/california-bills.parser.js';
import { parseTexasBillHistory } from '../texas/texas-bill-history.parser.js';
import { parseLegislationDetail } from '../legistar/html/legislation-detail.parser.js';
import { billFromLegislationDetail } from '../legistar/html/legistar-html.adapter.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import type { Db } from '../../db/database.js';
import { legistarCity } from './legistar.source.js';
import { bulkExportRecords } from './openstates-bulk-records.js';
import { resolveStateJurisdiction } from './openstates.source.js';
import { OPENSTATES_BULK_SOURCE } from '../openstates-bulk/bulk-export.parser.js';

/** What an import may use besides its files: the database, for bookkeeping (sessions), never for bills. */
export type FileImportContext = { db: Db };

/** What `tracker import <kind>` reads, and which source the records belong to. */
export type FileImporter = {
  kind: string;
  sourceId: (options: Record<string, string | undefined>) => string;
  usage: string;
  /**
   * Why these files and options cannot be this kind (a CSV given as Open States JSON, a
   * missing --session), or null. Checked before any run is recorded: a mistyped command is a
   * usage error, not a failed source run. Reads only the first bytes of each file.
   */
  check: (files: string[], options: Record<string, string | undefined>) => string | null;
  read: (files: string[], options: Record<string, string | undefined>, ctx?: FileImportContext) => Iterable<SourceItem> | AsyncIterable<SourceItem>;
};

/** The first `bytes` of a file as text (a byte-order mark dropped), for telling file kinds apart. */
function fileHead(file: string, bytes = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/** The first file whose head fails `test`, named with what it should have been; null when all pass. */
function firstWrongFile(files: string[], test: (head: string) => boolean, expected: string): string | null {
  const wrong = files.find((f) => !test(fileHead(f)));
  if (!wrong) return null;
  const start = fileHead(wrong, 40).trim().replace(/\s+/g, ' ');
  return `${path.basename(wrong)} is not ${expected} (it starts with ${JSON.stringify(start.slice(0, 30))})`;
}

const looksLikeHtml = (head: string) => /^\s*</.test(head);

function fileUrl(file: string): string {
  return pathToFileURL(path.resolve(file)).toString();
}

function failure(message: string, file: string): SourceItem {
  return { error: new InvalidRecordError(message, fileUrl(file)), url: fileUrl(file) };
}

const openstates: FileImporter = {
  kind: 'openstates',
  sourceId: () => 'openstates',
  usage: 'saved Open States v3 responses: a bill, a /bills list page, or an array of bills (JSON)',
  check: (files) => firstWrongFile(files, (head) => /^\s*[[{]/.test(head), 'an Open States JSON file (a bill, a /bills page or an array)'),
  *read(files) {
    for (const file of files) {
      const { bills, problems } = readOpenStatesFile(readFileSync(file, 'utf8'));
      for (const p of problems) yield failure(`${path.basename(file)} record ${p.position}: ${p.message}`, file);
      yield* bills;
    }
  },
};

/** The five-digit LIS session code from --session or a path segment like `.../20251/BILLS.CSV`. */
function virginiaSessionOf(files: string[], given: string | undefined) {
  const code = given ?? files.map((f) => /(?:^|[/\\_-])(\d{4}[1-9])(?:[/\\_.-]|$)/.exec(f)?.[1]).find(Boolean);
  if (!code) throw new Error('give the LIS session code with --session (e.g. 20251 for the 2025 regular session)');
  return parseVirginiaSessionCode(code);
}

const virginia: FileImporter = {
  kind: 'virginia',
  sourceId: () => 'virginia-lis',
  usage: 'Virginia LIS BILLS.CSV (and HISTORY.CSV) files; --session <code> unless the path names it (20251)',
  check(files, options) {
    try {
      virginiaSessionOf(files, options.session);
    } catch (error) {
      return (error as Error).message;
    }
    return firstWrongFile(files, (head) => /^"?Bill_id"?\s*,/i.test(head), 'a Virginia LIS BILLS.CSV or HISTORY.CSV (its first column is Bill_id)');
  },
  *read(files, options) {
    const session = virginiaSessionOf(files, options.session);
    const historyFiles = files.filter((f) => /history/i.test(path.basename(f)));
    const billFiles = files.filter((f) => !historyFiles.includes(f));
    const history = new Map<string, ReturnType<typeof groupVirginiaHistory> extends Map<string, infer V> ? V : never>();
    for (const file of historyFiles) {
      const parsed = parseVirginiaHistoryCsv(readFileSync(file, 'utf8'), fileUrl(file));
      for (const e of parsed.rejected) yield { error: e, url: e.url };
      for (const [id, actions] of groupVirginiaHistory(parsed.records)) history.set(id, actions);
    }
    for (const file of billFiles) {
      const parsed = parseVirginiaBillsCsv(readFileSync(file, 'utf8'), fileUrl(file));
      for (const e of parsed.rejected) yield { error: e, url: e.url };
      for (const record of parsed.records) yield toVirginiaNormalizedBill(record, session, history.get(record.billId));
    }
  },
};

const california: FileImporter = {
  kind: 'california',
  sourceId: () => 'california-pubinfo',
  usage: 'California pubinfo .dat files: BILL_TBL, BILL_HISTORY_TBL, BILL_VERSION_TBL (titles) and optionally BILL_VERSION_AUTHORS_TBL',
  check(files) {
    const names = files.map((f) => path.basename(f).toUpperCase());
    const other = names.find((n) => !/_TBL.*\.DAT$/.test(n));
    if (other) return `${other} is not a California pubinfo table (expected names like BILL_TBL.dat)`;
    return names.some((n) => /BILL_TBL/.test(n)) ? null : 'no BILL_TBL file among the files given';
  },
  *read(files) {
    const pick = (pattern: RegExp) => files.filter((f) => pattern.test(path.basename(f).toUpperCase()));
    const billFiles = pick(/BILL_TBL/);
    if (!billFiles.length) throw new Error('no BILL_TBL file among the files given');
    const tables = { bills: [] as ReturnType<typeof parseCaliforniaBillTable>['records'], history: [] as ReturnType<typeof parseCaliforniaHistoryTable>['records'], versions: [] as ReturnType<typeof parseCaliforniaVersionTable>['records'], authors: [] as ReturnType<typeof parseCaliforniaAuthorTable>['records'] };
    const load = <T>(list: string[], parse: (text: string, url: string) => { records: T[]; rejected: InvalidRecordError[] }, into: T[], rejected: InvalidRecordError[]) => {
      for (const f of list) {
        const r = parse(readFileSync(f, 'utf8'), fileUrl(f));
        into.push(...r.records);
        rejected.push(...r.rejected);
      }
    };
    const rejected: InvalidRecordError[] = [];
    load(billFiles, parseCaliforniaBillTable, tables.bills, rejected);
    load(pick(/BILL_HISTORY_TBL/), parseCaliforniaHistoryTable, tables.history, rejected);
    load(pick(/BILL_VERSION_TBL/), parseCaliforniaVersionTable, tables.versions, rejected);
    load(pick(/AUTHORS/), parseCaliforniaAuthorTable, tables.authors, rejected);
    for (const e of rejected) yield { error: e, url: e.url };
    const built = buildCaliforniaBills(tables, fileUrl(billFiles[0]));
    for (const e of built.rejected) yield { error: e, url: e.url };
    yield* built.records;
  },
};

const texas: FileImporter = {
  kind: 'texas',
  sourceId: () => 'texas-tlo',
  usage: 'saved Texas Legislature Online History.aspx pages (HTML)',
  check: (files) => firstWrongFile(files, looksLikeHtml, 'a saved HTML page'),
  *read(files) {
    for (const file of files) {
      try {
        yield parseTexasBillHistory(readFileSync(file, 'utf8'), fileUrl(file));
      } catch (error) {
        yield { error: error as Error, url: fileUrl(file) };
      }
    }
  },
};

const legistarHtml: FileImporter = {
  kind: 'legistar-html',
  sourceId: (options) => `legistar:${options.client ?? ''}`,
  usage: 'saved Legistar LegislationDetail.aspx pages; --client <name> names the city',
  check(files, options) {
    if (!options.client) return 'give the city with --client <legistar client name>';
    try {
      legistarCity(options.client);
    } catch (error) {
      return (error as Error).message;
    }
    return firstWrongFile(files, looksLikeHtml, 'a saved HTML page');
  },
  *read(files, options) {
    if (!options.client) throw new Error('give the city with --client <legistar client name>');
    const city = legistarCity(options.client);
    for (const file of files) {
      try {
        yield billFromLegislationDetail(parseLegislationDetail(readFileSync(file, 'utf8'), fileUrl(file)), { client: options.client, jurisdictionId: city.id, terms: city.terms });
      } catch (error) {
        yield { error: error as Error, url: fileUrl(file) };
      }
    }
  },
};

const openstatesEvents: FileImporter = {
  kind: 'openstates-events',
  sourceId: () => 'openstates-events',
  usage: 'saved Open States v3 /events answers (JSON): hearings stored as meetings, linked to the bills they take up',
  check: (files) => firstWrongFile(files, (head) => /^\s*[[{]/.test(head), 'an Open States /events answer (JSON)'),
  *read(files) {
    for (const file of files) {
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        yield failure(`${path.basename(file)} is not JSON: ${(error as Error).message}`, file);
        continue;
      }
      const read = readOpenStatesEvents(body, fileUrl(file));
      for (const problem of read.problems) yield { error: problem, url: problem.url };
      for (const meeting of read.meetings) yield { meeting };
    }
  },
};

const openstatesBulk: FileImporter = {
  kind: 'openstates-bulk',
  sourceId: () => OPENSTATES_BULK_SOURCE,
  usage: 'Open States bulk CSV exports (formats 2.0 and 2.1): session zips as downloaded, or folders of their CSVs',
  // A folder is read as an export's CSVs; a file must be a zip (the parser names a bad member).
  check: (files) => firstWrongFile(files.filter((f) => !statSync(f).isDirectory()), (head) => head.startsWith('PK'), 'a zip of an Open States bulk export'),
  read: (files, _options, ctx) => {
    if (!ctx) throw new Error('an openstates-bulk import needs the database (it stores the sessions it reads)');
    return bulkExportRecords(files, { db: ctx.db, jurisdictionFor: resolveStateJurisdiction });
  },
};

export const FILE_IMPORTERS: FileImporter[] = [openstates, openstatesBulk, virginia, california, texas, legistarHtml, openstatesEvents];

/**
 * The records of an import, and how many there are when the importer can tell before the
 * pipeline runs: files read whole are counted (progress can then show a total and an ETA);
 * an export streamed member by member (Open States bulk) has no total.
 */
export function readImport(importer: FileImporter, files: string[], options: Record<string, string | undefined>, ctx: FileImportContext): { items: Iterable<SourceItem> | AsyncIterable<SourceItem>; total: number | null } {
  const read = importer.read(files, options, ctx);
  if (Symbol.iterator in read) {
    const items: SourceItem[] = [];
    try {
      for (const item of read) items.push(item);
    } catch (error) {
      // A file that cannot be read at all (a changed layout) fails the run, recorded as such
      // with its error and file, rather than the command before any run exists.
      return { items: (function* () { yield* items; throw error; })(), total: items.length };
    }
    return { items, total: items.length };
  }
  return { items: read, total: null };
}
