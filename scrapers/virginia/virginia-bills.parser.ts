import { z } from 'zod';
import type { NormalizedAction, NormalizedBillInput, NormalizedDocument } from '../../core/bill/bill.schema.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import { lisDateToIso, readLisCsv } from './lis-csv.js';
import type { VirginiaSession } from './virginia-session.js';

/**
 * Virginia LIS BILLS.CSV: one row per bill with its description, chief patron, the last action
 * in each chamber (house, senate, conference, governor) and Y/N flags the clerks maintain.
 * Recorded example: ../shared/reference/pages/virginia/lis-BILLS-2025-session.csv.
 */

export const VIRGINIA_SOURCE = 'virginia-lis';
export const VIRGINIA_JURISDICTION_ID = 'ocd-jurisdiction/country:us/state:va/government';

const FLAG_COLUMNS = {
  emergency: 'Emergency',
  passedHouse: 'Passed_house',
  passedSenate: 'Passed_senate',
  passed: 'Passed',
  failed: 'Failed',
  carriedOver: 'Carried_over',
  approved: 'Approved',
  vetoed: 'Vetoed',
} as const;

/** The file's own Y/N flags, as booleans. */
export type VirginiaStatusFlags = { [K in keyof typeof FLAG_COLUMNS]: boolean };

/** The status hints each flag contributes when it is Y (emergency is a property, not a status). */
const FLAG_HINTS: Partial<Record<keyof VirginiaStatusFlags, string>> = {
  passedHouse: 'passed_house',
  passedSenate: 'passed_senate',
  passed: 'passed',
  failed: 'failed',
  carriedOver: 'carried_over',
  approved: 'approved',
  vetoed: 'vetoed',
};

const CHAMBER_SLOTS = [
  { chamber: 'house', action: 'Last_house_action', date: 'Last_house_action_date', actionId: 'Last_house_actid', committee: 'Last_house_committee_id', actor: 'House of Delegates', classification: 'lower' },
  { chamber: 'senate', action: 'Last_senate_action', date: 'Last_senate_action_date', actionId: 'Last_senate_actid', committee: 'Last_senate_committee_id', actor: 'Senate', classification: 'upper' },
  { chamber: 'conference', action: 'Last_conference_action', date: 'Last_conference_action_date', actionId: 'Last_conference_actid', committee: null, actor: 'Conference committee', classification: 'legislature' },
  // The file files chapter assignments ("Acts of Assembly Chapter text (CHAP0420)") under the
  // governor columns too; they follow the governor's approval, so the slot keeps its name.
  { chamber: 'governor', action: 'Last_governor_action', date: 'Last_governor_action_date', actionId: 'Last_governor_actid', committee: null, actor: 'Governor', classification: 'executive' },
] as const;

export type VirginiaChamber = (typeof CHAMBER_SLOTS)[number]['chamber'];

/** One of the four "last action" slots of a BILLS.CSV row. */
export type VirginiaLastAction = {
  chamber: VirginiaChamber;
  description: string;
  date: string;
  /** LIS action code (`H7010`, `G9998`); LIS's own Last_actid names one of these. */
  actionId: string | null;
  committeeId: string | null;
};

/** A BILLS.CSV row, typed. */
export type VirginiaBillRecord = {
  /** As LIS writes it: `HB1549`. */
  billId: string;
  /** Open States form: `HB 1549`. */
  identifier: string;
  title: string;
  patronId: string | null;
  patronName: string | null;
  flags: VirginiaStatusFlags;
  /** The chamber slots that hold an action, oldest first. */
  chamberActions: VirginiaLastAction[];
  /**
   * The bill's last action: the slot whose action id is the row's Last_actid. When no slot
   * carries that id (12 rows of the 2025 file), the most recent slot.
   */
  lastAction: VirginiaLastAction | null;
  /** `CHAP0366` as LIS writes it, and the chapter number (`366`) of the Acts of Assembly. */
  chapterId: string | null;
  chapterNumber: string | null;
  introductionDate: string | null;
  textVersions: { document: string; date: string | null }[];
};

const REQUIRED_COLUMNS = [
  'Bill_id', 'Bill_description', 'Patron_id', 'Patron_name',
  ...CHAMBER_SLOTS.flatMap((s) => [s.action, s.date, s.actionId, ...(s.committee ? [s.committee] : [])]),
  ...Object.values(FLAG_COLUMNS),
  'Chapter_id', 'Introduction_date', 'Last_actid',
] as const;

const flag = z.enum(['Y', 'N']);
const rowSchema = z.object({
  Bill_id: z.string().trim().regex(/^[HS][BJR]\d+$/, 'expected a bill id like HB1549'),
  Bill_description: z.string().trim().min(1, 'description is empty'),
  Chapter_id: z.string().trim().regex(/^(CHAP\d+)?$/, 'expected a chapter id like CHAP0366'),
  ...Object.fromEntries(Object.values(FLAG_COLUMNS).map((c) => [c, flag])) as Record<(typeof FLAG_COLUMNS)[keyof typeof FLAG_COLUMNS], typeof flag>,
});

/** What a bulk file parse returns: every good record, and a reported error for each bad row. */
export type VirginiaParseResult<T> = { records: T[]; rejected: InvalidRecordError[] };

/**
 * Parses BILLS.CSV text into typed records, oldest-first chamber actions and all.
 * Throws LayoutChangedError when a column it needs is missing or the CSV is unreadable;
 * a row with bad values (an unknown flag, a date that is not M/D/YYYY) is returned in
 * `rejected` as an InvalidRecordError naming the bill, and the other rows still parse.
 */
export function parseVirginiaBillsCsv(text: string, url: string | null): VirginiaParseResult<VirginiaBillRecord> {
  const rows = readLisCsv(text, 'BILLS.CSV', REQUIRED_COLUMNS, url);
  const records: VirginiaBillRecord[] = [];
  const rejected: InvalidRecordError[] = [];
  rows.forEach((row, index) => {
    try {
      records.push(toRecord(row, url));
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      rejected.push(new InvalidRecordError(`BILLS.CSV line ${index + 2}: ${error.message}`, url));
    }
  });
  return { records, rejected };
}

function toRecord(row: Record<string, string>, url: string | null): VirginiaBillRecord {
  const checked = rowSchema.safeParse(row);
  const label = row.Bill_id?.trim() || '(no bill id)';
  if (!checked.success) {
    const detail = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidRecordError(`${label}: ${detail}`, url);
  }
  const date = (column: string): string | null => {
    const iso = lisDateToIso(row[column]);
    if (iso === undefined) throw new InvalidRecordError(`${label}: ${column} ${JSON.stringify(row[column])} is not a M/D/YYYY date`, url);
    return iso;
  };
  const flags = Object.fromEntries(
    Object.entries(FLAG_COLUMNS).map(([key, column]) => [key, row[column] === 'Y']),
  ) as VirginiaStatusFlags;

  const chamberActions: VirginiaLastAction[] = [];
  for (const slot of CHAMBER_SLOTS) {
    const description = row[slot.action].trim();
    const when = date(slot.date);
    if (description === '' && when === null) continue;
    if (description === '' || when === null) {
      throw new InvalidRecordError(`${label}: ${slot.action} and ${slot.date} must both be filled or both empty`, url);
    }
    chamberActions.push({
      chamber: slot.chamber,
      description,
      date: when,
      actionId: row[slot.actionId].trim() || null,
      committeeId: slot.committee ? row[slot.committee].trim() || null : null,
    });
  }
  // Stable sort: same-day slots keep house, senate, conference, governor order.
  chamberActions.sort((a, b) => a.date.localeCompare(b.date));
  const lastActionId = row.Last_actid.trim();
  // Late documents (fiscal impact statements, action H8500/S8500) can carry a later date than
  // the real last action, so LIS's Last_actid decides; the newest slot is only a fallback.
  const lastAction = chamberActions.find((a) => a.actionId !== null && a.actionId === lastActionId)
    ?? chamberActions[chamberActions.length - 1] ?? null;

  const chapterId = checked.data.Chapter_id || null;
  const textVersions: VirginiaBillRecord['textVersions'] = [];
  for (let n = 1; n <= 6; n += 1) {
    const document = (row[`Full_text_doc${n}`] ?? '').trim();
    if (document !== '') textVersions.push({ document, date: date(`Full_text_date${n}`) });
  }

  return {
    billId: checked.data.Bill_id,
    identifier: normalizeBillIdentifier(checked.data.Bill_id),
    title: checked.data.Bill_description,
    patronId: row.Patron_id.trim() || null,
    patronName: row.Patron_name.trim() || null,
    flags,
    chamberActions,
    lastAction,
    chapterId,
    chapterNumber: chapterId ? String(Number(chapterId.slice(4))) : null,
    introductionDate: date('Introduction_date'),
    textVersions,
  };
}

/** The status hints (`passed`, `failed`, `approved`, `vetoed`, `carried_over`, ...) a record's Y flags state. */
export function virginiaStatusHints(flags: VirginiaStatusFlags): string[] {
  return (Object.keys(FLAG_HINTS) as (keyof VirginiaStatusFlags)[])
    .filter((key) => flags[key])
    .map((key) => FLAG_HINTS[key] as string);
}

const CLASSIFICATION: Record<string, string> = { B: 'bill', J: 'joint resolution', R: 'resolution' };

/** The public LIS page for a bill (`https://lis.virginia.gov/bill-details/20251/HB1549`). */
export function virginiaBillUrl(session: VirginiaSession, billId: string): string {
  return `https://lis.virginia.gov/bill-details/${session.code}/${billId}`;
}

/**
 * Turns a BILLS.CSV record into the common shape. Actions are the full HISTORY.CSV history
 * when `history` is given (see parseVirginiaHistoryCsv), otherwise the chamber "last action"
 * slots the bills file carries. Never throws; the pipeline validates the result.
 */
export function toVirginiaNormalizedBill(record: VirginiaBillRecord, session: VirginiaSession, history?: NormalizedAction[]): NormalizedBillInput {
  const actions: NormalizedAction[] = history && history.length > 0
    ? history
    : record.chamberActions.map((a) => {
      const slot = CHAMBER_SLOTS.find((s) => s.chamber === a.chamber)!;
      return {
        date: a.date,
        description: a.description,
        actor: slot.actor,
        actorClassification: slot.classification,
        sourceClassification: [],
        passed: null,
      };
    });
  const billUrl = virginiaBillUrl(session, record.billId);
  const documents: NormalizedDocument[] = record.textVersions.map((v) => ({
    kind: 'version',
    note: v.document,
    date: v.date,
    classification: null,
    // URL form used by openstates-scrapers scrapers/va/csv_bills.py for BILLS.CSV text documents.
    url: `${billUrl}/text/${encodeURIComponent(v.document)}`,
    mediaType: 'text/html',
  }));
  return {
    source: VIRGINIA_SOURCE,
    externalId: `${session.code}/${record.billId}`,
    jurisdictionId: VIRGINIA_JURISDICTION_ID,
    session: session.openStatesSession,
    identifier: record.identifier,
    title: record.title,
    classification: CLASSIFICATION[record.billId[1]],
    chamber: record.billId[0] === 'H' ? 'lower' : 'upper',
    actions,
    sponsors: record.patronName
      ? [{ name: record.patronName, classification: 'primary', primary: true, personId: null }]
      : [],
    documents,
    enactmentNumber: record.chapterNumber,
    statusHints: virginiaStatusHints(record.flags),
    sourceUrl: billUrl,
    sourceUpdatedAt: null,
    extras: {
      lisBillId: record.billId,
      lisSessionCode: session.code,
      patronId: record.patronId,
      flags: record.flags,
      lastAction: record.lastAction,
      chapterId: record.chapterId,
      introductionDate: record.introductionDate,
    },
  };
}
