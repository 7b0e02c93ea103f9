import { parse } from 'csv-parse/sync';
import { readReference } from '../../helpers/reference.js';
import type { DeriveStatusInput } from '../../../core/status/derive-status.js';

/** One row of the recorded LIS BILLS.CSV (2025 session), read in place from ../shared/reference. */
export type VaBillRow = Record<string, string>;

let cached: VaBillRow[] | null = null;

/** All 3,512 rows, trimmed (LIS pads descriptions with spaces). */
export function readVirginiaBills(): VaBillRow[] {
  if (cached) return cached;
  const rows = parse(readReference('pages', 'virginia', 'lis-BILLS-2025-session.csv'), { columns: true, skip_empty_lines: true, relax_quotes: true }) as VaBillRow[];
  cached = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v).trim()])));
  return cached;
}

function isoDate(us: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(us);
  return m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : null;
}

/**
 * What a Virginia adapter would hand the status model from one CSV row: the last house,
 * senate, conference and governor actions (by date), and the row's Y/N flags as hints.
 */
export function virginiaStatusInput(row: VaBillRow, options: { hints: boolean }): DeriveStatusInput {
  const columns = [
    ['Last_house_action', 'Last_house_action_date', 'lower'],
    ['Last_senate_action', 'Last_senate_action_date', 'upper'],
    ['Last_conference_action', 'Last_conference_action_date', 'legislature'],
    ['Last_governor_action', 'Last_governor_action_date', 'executive'],
  ] as const;
  const actions = columns
    .filter(([text]) => row[text])
    .map(([text, date, actor]) => ({ description: row[text], date: isoDate(row[date]), actorClassification: actor }))
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const flags: Array<[string, string]> = [
    ['Passed_house', 'passed-house'], ['Passed_senate', 'passed-senate'], ['Passed', 'passed'], ['Failed', 'failed'],
    ['Carried_over', 'carried-over'], ['Approved', 'approved'], ['Vetoed', 'vetoed'],
  ];
  const id = row.Bill_id;
  const classification = /^(HR|SR)/.test(id) ? 'resolution' : /^(HJ|SJ)/.test(id) ? 'joint resolution' : 'bill';
  return {
    actions,
    classification,
    chamber: id.startsWith('H') ? 'lower' : 'upper',
    legislature: 'bicameral',
    statusHints: options.hints ? flags.filter(([col]) => row[col] === 'Y').map(([, hint]) => hint) : [],
    session: { endDate: '2025-02-22' },
    today: '2025-04-12',
    sourceKind: 'virginia-lis',
  };
}
