import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { readOpenStatesFile } from '../../scrapers/openstates/normalize-openstates-bill.js';
import { repoRoot } from './reference.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { importBills } from '../../scrapers/pipeline/import-bills.js';
import { loadPolicies } from '../../db/policies/load-policies.js';

export const VIRGINIA = 'ocd-jurisdiction/country:us/state:va/government';
export const KENTUCKY = 'ocd-jurisdiction/country:us/state:ky/government';
export const LOUISVILLE = 'ocd-jurisdiction/country:us/state:ky/place:louisville/government';

/**
 * A bill record as a source adapter would yield it. The defaults describe Virginia's real
 * 2020 special-session no-knock ban (HB 5099: passed both chambers, approved by the
 * governor); override what a test needs.
 */
export function makeBill(overrides: Partial<NormalizedBillInput> = {}): NormalizedBillInput {
  return {
    source: 'test',
    externalId: `test-${overrides.identifier ?? 'HB 5099'}-${overrides.session ?? '2020S1'}`,
    jurisdictionId: VIRGINIA,
    session: '2020S1',
    identifier: 'HB 5099',
    title: 'Search warrants; no-knock warrants prohibited',
    classification: 'bill',
    chamber: 'lower',
    actions: [
      { date: '2020-08-18', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] },
      { date: '2020-08-18', description: 'Referred to Committee for Courts of Justice', actorClassification: 'lower', sourceClassification: ['referral-committee'] },
      { date: '2020-09-01', description: 'Passed House', actorClassification: 'lower', sourceClassification: ['passage'] },
      { date: '2020-09-23', description: 'Passed Senate', actorClassification: 'upper', sourceClassification: ['passage'] },
      { date: '2020-10-28', description: 'Approved by Governor-Chapter 39', actorClassification: 'executive', sourceClassification: ['executive-signature'] },
    ],
    sourceUrl: 'https://lis.virginia.gov/bill-details/20202/HB5099',
    ...overrides,
  };
}

/**
 * A day inside Virginia's 2026 regular session (2026-01-14 to 2026-03-14, as the seeded
 * session table says): the fixtures' 2026 bills are pending because their session still runs.
 */
export const FIXTURE_TODAY = '2026-03-01';

/** Runs records through the real pipeline (validate, upsert, status, classify, rollup). */
export async function importFixtureBills(handle: DatabaseHandle, bills: NormalizedBillInput[], today = FIXTURE_TODAY) {
  return importBills(handle.db, bills, { runId: null, today, policies: await loadPolicies(handle) });
}

/** The bill records of the Open States fixtures (`test/fixtures/openstates`), as the adapter yields them, in file order. */
export function openStatesFixtureBills(): NormalizedBillInput[] {
  const folder = path.join(repoRoot, 'test', 'fixtures', 'openstates');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => readOpenStatesFile(readFileSync(path.join(folder, f), 'utf8')).bills);
}
