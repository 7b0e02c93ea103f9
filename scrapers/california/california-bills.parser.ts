import { z } from 'zod';
import type { NormalizedAction, NormalizedBillInput, NormalizedSponsor } from '../../core/bill/bill.schema.js';
import type { ActorClassification } from '../../core/vocabulary.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { InvalidRecordError, LayoutChangedError } from '../../core/scrape-errors.js';
import { parsePubinfoDat } from './pubinfo-dat.parser.js';
import type { DatRow } from './pubinfo-dat.parser.js';

/**
 * California pubinfo tables → bills. Column orders come from the capublic load scripts in
 * `pubinfo_load.zip` (transcribed in nomindnick/ca-leginfo-mcp `ingest/tables.py`). The files
 * have no header line, so a layout change shows as a wrong field count or a field that no
 * longer looks like what its position should hold; both throw LayoutChangedError.
 *
 * Old and new layouts: archive rows (the 1999-2000 BILL_HISTORY_TBL slice) have the same 13
 * positions but NULL in the columns filled only by the newer system (action_sequence ...
 * end_status); both read the same way here. Because a dropped column would silently shift
 * every later value, a row must have exactly the table's field count.
 */

export const CALIFORNIA_SOURCE = 'california-pubinfo';
export const CALIFORNIA_JURISDICTION_ID = 'ocd-jurisdiction/country:us/state:ca/government';

type TableSpec<K extends string> = { file: string; columns: readonly K[] };

const BILL_TBL = {
  file: 'BILL_TBL',
  columns: ['bill_id', 'session_year', 'session_num', 'measure_type', 'measure_num', 'measure_state', 'chapter_year',
    'chapter_type', 'chapter_session_num', 'chapter_num', 'latest_bill_version_id', 'active_flg', 'trans_uid',
    'trans_update', 'current_location', 'current_secondary_loc', 'current_house', 'current_status', 'days_31st_in_print'],
} as const satisfies TableSpec<string>;

const BILL_HISTORY_TBL = {
  file: 'BILL_HISTORY_TBL',
  columns: ['bill_id', 'bill_history_id', 'action_date', 'action', 'trans_uid', 'trans_update', 'action_sequence',
    'action_code', 'action_status', 'primary_location', 'secondary_location', 'ternary_location', 'end_status'],
} as const satisfies TableSpec<string>;

const BILL_VERSION_TBL = {
  file: 'BILL_VERSION_TBL',
  columns: ['bill_version_id', 'bill_id', 'version_num', 'action_date', 'action', 'request_num', 'subject',
    'vote_required', 'appropriation', 'fiscal_committee', 'local_program', 'substantive_changes', 'urgency',
    'tax_levy', 'lob_file', 'active_flg', 'trans_uid', 'trans_update'],
} as const satisfies TableSpec<string>;

const BILL_VERSION_AUTHORS_TBL = {
  file: 'BILL_VERSION_AUTHORS_TBL',
  columns: ['bill_version_id', 'type', 'house', 'name', 'contribution', 'committee_members', 'active_flg',
    'trans_uid', 'trans_update', 'primary_author_flg'],
} as const satisfies TableSpec<string>;

const billId = z.string().regex(/^\d{8}\d[A-Z]+\d+$/, 'expected a bill_id like 202520260AB831');
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, 'expected YYYY-MM-DD hh:mm:ss');
const optional = z.string().nullable().default(null);

const billRowSchema = z.object({
  bill_id: billId,
  session_year: z.string().regex(/^\d{8}$/, 'expected a session like 20252026'),
  session_num: z.string().regex(/^\d$/, 'expected a session number 0-9'),
  measure_type: z.string().regex(/^[A-Z]+$/, 'expected a measure type like AB'),
  measure_num: z.string().regex(/^\d+$/, 'expected a measure number'),
  measure_state: optional,
  chapter_year: optional,
  chapter_type: optional,
  chapter_session_num: optional,
  chapter_num: z.string().regex(/^\d+$/, 'expected a chapter number').nullable().default(null),
  latest_bill_version_id: optional,
  trans_update: timestamp.nullable().default(null),
  current_location: optional,
  current_secondary_loc: optional,
  current_house: optional,
  current_status: optional,
});
/** A BILL_TBL row, typed (only the columns the tracker reads). */
export type CaliforniaBillRow = z.infer<typeof billRowSchema>;

const historyRowSchema = z.object({
  bill_id: billId,
  bill_history_id: z.string().regex(/^\d+$/, 'expected a numeric bill_history_id'),
  action_date: timestamp,
  action: z.string().trim().min(1, 'action is empty'),
  action_sequence: z.string().regex(/^\d+$/).nullable().default(null),
  action_code: optional,
  action_status: optional,
  primary_location: optional,
  secondary_location: optional,
  ternary_location: optional,
  end_status: optional,
});
/** A BILL_HISTORY_TBL row, typed. */
export type CaliforniaHistoryRow = z.infer<typeof historyRowSchema>;

const versionRowSchema = z.object({
  bill_version_id: z.string().min(1),
  bill_id: billId,
  version_num: z.string().regex(/^\d+$/),
  action_date: timestamp.nullable().default(null),
  action: optional,
  subject: optional,
});
/** A BILL_VERSION_TBL row (the subject is the bill's title), typed. */
export type CaliforniaVersionRow = z.infer<typeof versionRowSchema>;

const authorRowSchema = z.object({
  bill_version_id: z.string().min(1),
  type: optional,
  house: optional,
  name: z.string().trim().min(1),
  contribution: optional,
  primary_author_flg: optional,
});
/** A BILL_VERSION_AUTHORS_TBL row, typed. */
export type CaliforniaAuthorRow = z.infer<typeof authorRowSchema>;

/** What a table parse returns: every good row, and a reported error for each bad one. */
export type CaliforniaParseResult<T> = { records: T[]; rejected: InvalidRecordError[] };

function readTable<K extends string, T>(text: string, spec: TableSpec<K>, schema: z.ZodType<T>, url: string | null): CaliforniaParseResult<T> {
  const rows = parsePubinfoDat(text, spec.file, url);
  const records: T[] = [];
  const rejected: InvalidRecordError[] = [];
  rows.forEach((fields: DatRow, index) => {
    const line = index + 1;
    if (fields.length !== spec.columns.length) {
      throw new LayoutChangedError(`${spec.file} row ${line}`, url,
        `${spec.file} row ${line} has ${fields.length} fields; expected ${spec.columns.length}`);
    }
    const named: Record<string, string | null> = {};
    spec.columns.forEach((column, i) => { named[column] = fields[i]; });
    const checked = schema.safeParse(named);
    if (checked.success) {
      records.push(checked.data);
      return;
    }
    const issues = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    // The key column holding something else means the columns moved: that is the layout, not the row.
    if (checked.error.issues.some((issue) => issue.path[0] === spec.columns[0])) {
      throw new LayoutChangedError(`${spec.file} column ${spec.columns[0]}`, url, `${spec.file} row ${line}: ${issues}`);
    }
    rejected.push(new InvalidRecordError(`${spec.file} row ${line} (${named[spec.columns[0]]}): ${issues}`, url));
  });
  return { records, rejected };
}

/** Parses BILL_TBL.dat. Throws LayoutChangedError on a wrong field count or a bill_id column that no longer holds bill ids. */
export function parseCaliforniaBillTable(text: string, url: string | null): CaliforniaParseResult<CaliforniaBillRow> {
  return readTable(text, BILL_TBL, billRowSchema, url);
}

/** Parses BILL_HISTORY_TBL.dat (either layout). Throws like parseCaliforniaBillTable. */
export function parseCaliforniaHistoryTable(text: string, url: string | null): CaliforniaParseResult<CaliforniaHistoryRow> {
  return readTable(text, BILL_HISTORY_TBL, historyRowSchema, url);
}

/** Parses BILL_VERSION_TBL.dat, where each bill's title (the version subject) lives. Throws like parseCaliforniaBillTable. */
export function parseCaliforniaVersionTable(text: string, url: string | null): CaliforniaParseResult<CaliforniaVersionRow> {
  return readTable(text, BILL_VERSION_TBL, versionRowSchema, url);
}

/** Parses BILL_VERSION_AUTHORS_TBL.dat. Throws LayoutChangedError on a wrong field count. */
export function parseCaliforniaAuthorTable(text: string, url: string | null): CaliforniaParseResult<CaliforniaAuthorRow> {
  return readTable(text, BILL_VERSION_AUTHORS_TBL, authorRowSchema, url);
}

const CLASSIFICATIONS: Record<string, string> = {
  AB: 'bill', SB: 'bill',
  ACA: 'constitutional amendment', SCA: 'constitutional amendment',
  ACR: 'concurrent resolution', SCR: 'concurrent resolution',
  AJR: 'joint resolution', SJR: 'joint resolution',
  HR: 'resolution', SR: 'resolution',
};

const LOCATION_ACTORS: Record<string, ActorClassification> = {
  Assembly: 'lower',
  Senate: 'upper',
  Governor: 'executive',
  'Secretary of State': 'executive',
};

/**
 * Open States' session identifier: `20252026` for the regular session, `20252026 Special
 * Session 1` for the first extraordinary session (openstates-scrapers `scrapers/ca/__init__.py`).
 */
export function californiaSession(sessionYear: string, sessionNum: string): string {
  return sessionNum === '0' ? sessionYear : `${sessionYear} Special Session ${sessionNum}`;
}

/**
 * A bill's history, oldest first. New-layout rows carry action_sequence, which orders same-day
 * actions. Archive rows do not, and their bill_history_id runs newest-first (the 1999 slice:
 * AB 1's "Read third time ... Passed" is 1362988, "To enrollment" the same day is 1362987).
 */
export function sortCaliforniaHistory(rows: CaliforniaHistoryRow[]): CaliforniaHistoryRow[] {
  return [...rows].sort((a, b) => {
    const byDate = a.action_date.slice(0, 10).localeCompare(b.action_date.slice(0, 10));
    if (byDate !== 0) return byDate;
    if (a.action_sequence !== null && b.action_sequence !== null) {
      const bySequence = Number(a.action_sequence) - Number(b.action_sequence);
      if (bySequence !== 0) return bySequence;
      return Number(a.bill_history_id) - Number(b.bill_history_id);
    }
    return Number(b.bill_history_id) - Number(a.bill_history_id);
  });
}

/** A history row as a common action; actor from primary_location when the row has one. */
export function toCaliforniaAction(row: CaliforniaHistoryRow): NormalizedAction {
  return {
    date: row.action_date.slice(0, 10),
    // pubinfo pads committee abbreviations with double spaces ("Com. on  PUB. S."): collapse them.
    description: row.action.replace(/\s+/g, ' ').trim(),
    actor: row.primary_location,
    actorClassification: row.primary_location ? LOCATION_ACTORS[row.primary_location] ?? 'other' : null,
    sourceClassification: [],
    passed: null,
  };
}

/** The public leginfo status page for a bill. */
export function californiaBillUrl(billIdValue: string): string {
  return `https://leginfo.legislature.ca.gov/faces/billStatusClient.xhtml?bill_id=${encodeURIComponent(billIdValue)}`;
}

/**
 * Joins BILL_TBL rows with their history (by bill_id), their latest version's subject (the
 * title) and, when given, that version's authors. Returns one bill per BILL_TBL row; a bill
 * whose latest version is missing from `versions` has no title and is `rejected` with an
 * InvalidRecordError naming it. Never throws.
 */
export function buildCaliforniaBills(
  tables: { bills: CaliforniaBillRow[]; history: CaliforniaHistoryRow[]; versions: CaliforniaVersionRow[]; authors?: CaliforniaAuthorRow[] },
  url: string | null,
): { records: NormalizedBillInput[]; rejected: InvalidRecordError[] } {
  const historyByBill = groupBy(tables.history, (row) => row.bill_id);
  const versionsById = new Map(tables.versions.map((v) => [v.bill_version_id, v]));
  const versionsByBill = groupBy(tables.versions, (v) => v.bill_id);
  const authorsByVersion = groupBy(tables.authors ?? [], (a) => a.bill_version_id);
  const records: NormalizedBillInput[] = [];
  const rejected: InvalidRecordError[] = [];

  for (const bill of tables.bills) {
    // latest_bill_version_id names the version on the bill's page; if that row is absent, the
    // most recent version of the bill still gives its current subject.
    const version = (bill.latest_bill_version_id ? versionsById.get(bill.latest_bill_version_id) : undefined)
      ?? [...(versionsByBill.get(bill.bill_id) ?? [])].sort((a, b) => (b.action_date ?? '').localeCompare(a.action_date ?? ''))[0];
    const title = version?.subject?.trim();
    if (!title) {
      rejected.push(new InvalidRecordError(`${bill.bill_id}: no BILL_VERSION_TBL subject, so no title`, url));
      continue;
    }
    const sponsors: NormalizedSponsor[] = (authorsByVersion.get(version.bill_version_id) ?? [])
      .filter((a) => a.contribution === 'LEAD_AUTHOR' || a.contribution === 'COAUTHOR' || a.contribution === 'PRINCIPAL_COAUTHOR')
      .map((a) => ({
        name: a.name,
        classification: a.contribution === 'LEAD_AUTHOR' ? 'primary' : 'cosponsor',
        primary: a.contribution === 'LEAD_AUTHOR',
        personId: null,
      }));
    const statusHints = [bill.current_status, bill.measure_state].filter((s): s is string => Boolean(s));
    records.push({
      source: CALIFORNIA_SOURCE,
      externalId: bill.bill_id,
      jurisdictionId: CALIFORNIA_JURISDICTION_ID,
      session: californiaSession(bill.session_year, bill.session_num),
      identifier: normalizeBillIdentifier(`${bill.measure_type}${bill.measure_num}`),
      title,
      classification: CLASSIFICATIONS[bill.measure_type] ?? 'other',
      chamber: bill.measure_type.startsWith('S') ? 'upper' : 'lower',
      actions: sortCaliforniaHistory(historyByBill.get(bill.bill_id) ?? []).map(toCaliforniaAction),
      sponsors,
      enactmentNumber: bill.chapter_num ? String(Number(bill.chapter_num)) : null,
      statusHints: [...new Set(statusHints)],
      sourceUrl: californiaBillUrl(bill.bill_id),
      sourceUpdatedAt: bill.trans_update ? bill.trans_update.replace(' ', 'T') : null,
      extras: {
        measureState: bill.measure_state,
        currentStatus: bill.current_status,
        currentHouse: bill.current_house,
        currentLocation: bill.current_location,
        currentSecondaryLocation: bill.current_secondary_loc,
        chapterYear: bill.chapter_year,
        chapterType: bill.chapter_type,
        latestBillVersionId: bill.latest_bill_version_id,
      },
    });
  }
  return { records, rejected };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
