import type { NormalizedAction } from '../../core/bill/bill.schema.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import { lisDateToIso, readLisCsv } from './lis-csv.js';
import type { VirginiaParseResult } from './virginia-bills.parser.js';

/**
 * Virginia LIS HISTORY.CSV: one row per action, columns
 * `Bill_id, History_date, History_description, History_refid` (as read by
 * openstates-scrapers `scrapers/va/csv_bills.py` `load_history`). The description starts with
 * the chamber letter and a space (`H Prefiled and ordered printed`, `S Passed by indefinitely
 * ...`); governor and chapter entries have no letter. History_refid, when present, is the vote
 * id that VOTE.CSV rows start with; LIS pads it with spaces.
 * No real HISTORY.CSV is recorded yet; see test/fixtures/states/virginia/README.md.
 */

/** One HISTORY.CSV row, typed. */
export type VirginiaHistoryEntry = {
  billId: string;
  action: NormalizedAction;
  /** The vote reference (`H0101V0001`) or null. */
  refId: string | null;
};

const REQUIRED_COLUMNS = ['Bill_id', 'History_date', 'History_description', 'History_refid'] as const;

const CHAMBER_PREFIX: Record<string, { actor: string; classification: 'lower' | 'upper' }> = {
  H: { actor: 'House of Delegates', classification: 'lower' },
  S: { actor: 'Senate', classification: 'upper' },
};

/**
 * Parses HISTORY.CSV into entries in file order. Throws LayoutChangedError when a required
 * column is missing; rows with an unreadable date or no description are `rejected`.
 */
export function parseVirginiaHistoryCsv(text: string, url: string | null): VirginiaParseResult<VirginiaHistoryEntry> {
  const rows = readLisCsv(text, 'HISTORY.CSV', REQUIRED_COLUMNS, url);
  const records: VirginiaHistoryEntry[] = [];
  const rejected: InvalidRecordError[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const billId = row.Bill_id.trim();
    const date = lisDateToIso(row.History_date);
    const raw = row.History_description;
    const prefix = /^([HS]) (.*)$/s.exec(raw);
    const description = (prefix ? prefix[2] : raw).trim();
    if (billId === '' || date === undefined || description === '') {
      rejected.push(new InvalidRecordError(`HISTORY.CSV line ${line}: needs a bill id, a M/D/YYYY date and a description`, url));
      return;
    }
    const chamber = prefix ? CHAMBER_PREFIX[prefix[1]] : null;
    // No chamber letter: governor entries name the governor; chapter and conference entries are
    // the legislature's (the same rule openstates-scrapers uses in chamber_for_action).
    const executive = !chamber && /governor/i.test(description);
    records.push({
      billId,
      refId: row.History_refid.trim() || null,
      action: {
        date,
        description,
        actor: chamber ? chamber.actor : executive ? 'Governor' : 'General Assembly',
        actorClassification: chamber ? chamber.classification : executive ? 'executive' : 'legislature',
        sourceClassification: [],
        passed: null,
      },
    });
  });
  return { records, rejected };
}

/**
 * Groups history entries by LIS bill id (`HB1549`), each bill's actions oldest first. Entries
 * on the same day keep their file order, which is the order LIS recorded them in.
 */
export function groupVirginiaHistory(entries: VirginiaHistoryEntry[]): Map<string, NormalizedAction[]> {
  const byBill = new Map<string, NormalizedAction[]>();
  for (const entry of entries) {
    const list = byBill.get(entry.billId) ?? [];
    list.push(entry.action);
    byBill.set(entry.billId, list);
  }
  for (const list of byBill.values()) list.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  return byBill;
}
