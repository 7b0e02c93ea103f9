import type { NormalizedAction, NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { InvalidRecordError } from '../../core/scrape-errors.js';
import { parseVirginiaBillsCsv, toVirginiaNormalizedBill } from './virginia-bills.parser.js';
import { groupVirginiaHistory, parseVirginiaHistoryCsv } from './virginia-history.parser.js';
import { parseVirginiaSessionCode, virginiaFileUrl } from './virginia-session.js';

/** The one thing this module needs from the shared HTTP client. */
export type TextFetcher = { getText(url: string): Promise<string> };

/**
 * Fetches a session's BILLS.CSV (and HISTORY.CSV unless `withHistory` is false) from the LIS
 * file share and returns every bill in the common shape, with the rows that failed validation.
 * Two requests per session, well under LIS's limit of 15 requests in 30 s.
 * Throws what the client throws (HTTP errors) and LayoutChangedError from the parsers.
 */
export async function scrapeVirginiaSession(
  client: TextFetcher,
  sessionCode: string,
  options: { withHistory?: boolean } = {},
): Promise<{ bills: NormalizedBillInput[]; rejected: InvalidRecordError[] }> {
  const session = parseVirginiaSessionCode(sessionCode);
  const billsUrl = virginiaFileUrl(session.code, 'BILLS.CSV');
  const parsed = parseVirginiaBillsCsv(await client.getText(billsUrl), billsUrl);
  const rejected = [...parsed.rejected];
  let history = new Map<string, NormalizedAction[]>();
  if (options.withHistory !== false) {
    const historyUrl = virginiaFileUrl(session.code, 'HISTORY.CSV');
    const entries = parseVirginiaHistoryCsv(await client.getText(historyUrl), historyUrl);
    rejected.push(...entries.rejected);
    history = groupVirginiaHistory(entries.records);
  }
  return {
    bills: parsed.records.map((record) => toVirginiaNormalizedBill(record, session, history.get(record.billId))),
    rejected,
  };
}
