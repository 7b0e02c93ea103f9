import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../../db/connect.js';
import { bills } from '../../../db/schema/index.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { importFixtureBills, KENTUCKY, LOUISVILLE, makeBill, VIRGINIA } from '../../helpers/bill-fixtures.js';

export const CALIFORNIA = 'ocd-jurisdiction/country:us/state:ca/government';
export const COLORADO = 'ocd-jurisdiction/country:us/state:co/government';

/**
 * The bills every API test file reads, imported through the real pipeline (validate,
 * upsert, stage/status, classify, rollup) over the seeded jurisdictions and policies.
 */
export const API_BILLS = [
  makeBill({
    sponsors: [{ name: 'Don Scott', classification: 'primary', primary: true }, { name: 'Lashrecse Aird', classification: 'cosponsor' }],
    documents: [
      { kind: 'version', note: 'Enrolled', date: '2020-10-28', url: 'https://lis.virginia.gov/bill-details/20202/HB5099/text/HB5099ER', mediaType: 'text/html' },
      { kind: 'document', note: 'Fiscal impact statement', url: 'https://lis.virginia.gov/bill-details/20202/HB5099/fis' },
    ],
  }),
  makeBill({
    identifier: 'HB 9',
    externalId: 'va-2026-hb9',
    session: '2026',
    title: 'Search warrants; no-knock warrants authorized for drug offenses',
    actions: [
      { date: '2026-01-10', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] },
      { date: '2026-01-12', description: 'Referred to Committee for Courts of Justice', actorClassification: 'lower', sourceClassification: ['referral-committee'] },
    ],
    sourceUrl: 'https://lis.virginia.gov/bill-details/20261/HB9',
  }),
  makeBill({
    identifier: 'SB 4',
    externalId: 'ky-2021-sb4',
    session: '2021RS',
    jurisdictionId: KENTUCKY,
    title: 'AN ACT relating to search warrants: restricting no-knock warrants',
    chamber: 'upper',
    actions: [
      { date: '2021-01-05', description: 'introduced in Senate', actorClassification: 'upper', sourceClassification: ['introduction'] },
      { date: '2021-02-24', description: 'passed 34-3', actorClassification: 'upper', sourceClassification: ['passage'] },
      { date: '2021-03-30', description: 'passed 92-5', actorClassification: 'lower', sourceClassification: ['passage'] },
      { date: '2021-04-09', description: 'signed by Governor (Acts Ch. 194)', actorClassification: 'executive', sourceClassification: ['executive-signature'] },
    ],
    sourceUrl: 'https://apps.legislature.ky.gov/record/21rs/sb4.html',
  }),
  makeBill({
    identifier: 'O-090-20',
    externalId: '4512',
    source: 'legistar:louisville',
    session: '2020',
    jurisdictionId: LOUISVILLE,
    classification: 'ordinance',
    chamber: 'council',
    title: "An ordinance relating to search warrants and no-knock entries (Breonna's Law)",
    actions: [
      { date: '2020-06-04', description: 'Assigned to Public Safety Committee', actorClassification: 'council', sourceClassification: ['referral-committee'] },
      { date: '2020-06-11', description: 'Passed by Metro Council', actorClassification: 'council', sourceClassification: ['passage'] },
      { date: '2020-06-12', description: 'Approved by the Mayor', actorClassification: 'mayor', sourceClassification: ['executive-signature'] },
    ],
    sourceUrl: 'https://louisville.legistar.com/LegislationDetail.aspx?ID=4512',
  }),
  makeBill({
    identifier: 'SB 2',
    externalId: 'ca-20212022-sb2',
    session: '20212022',
    jurisdictionId: CALIFORNIA,
    chamber: 'upper',
    title: 'Peace officers: certification: decertification for serious misconduct',
    actions: [
      { date: '2020-12-07', description: 'Introduced. Read first time.', actorClassification: 'upper', sourceClassification: ['introduction'] },
      { date: '2021-09-09', description: 'Passed Assembly', actorClassification: 'lower', sourceClassification: ['passage'] },
      { date: '2021-09-30', description: 'Approved by the Governor. Chaptered by Secretary of State. Chapter 409, Statutes of 2021.', actorClassification: 'executive', sourceClassification: ['executive-signature'] },
    ],
    sourceUrl: 'https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=202120220SB2',
  }),
  makeBill({
    identifier: 'HB 1',
    externalId: 'co-2026-hb1',
    session: '2026A',
    jurisdictionId: COLORADO,
    title: 'Creates mobile crisis response teams to respond to 911 calls',
    actions: [
      { date: '2026-01-14', description: 'Introduced In House - Assigned to Public & Behavioral Health', actorClassification: 'lower', sourceClassification: ['introduction', 'referral-committee'] },
      { date: '2026-02-20', description: 'House Committee on Public & Behavioral Health Postpone Indefinitely', actorClassification: 'lower', sourceClassification: ['committee-failure'] },
    ],
    sourceUrl: 'https://leg.colorado.gov/bills/hb26-001',
  }),
  makeBill({
    identifier: 'HB 1100',
    externalId: 'va-2026-hb1100',
    session: '2026',
    title: 'Voter registration; list maintenance records',
    actions: [{ date: '2026-01-09', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] }],
    sourceUrl: 'https://lis.virginia.gov/bill-details/20261/HB1100',
  }),
];

/** Seeds jurisdictions, policies and (optionally) curated laws, then imports API_BILLS. */
export async function loadApiFixtures(handle: DatabaseHandle, options: { curated?: boolean } = {}): Promise<void> {
  await seedDatabase(handle.db, { curated: options.curated ?? false });
  const result = await importFixtureBills(handle, API_BILLS);
  if (result.counts.failed) throw new Error(`fixture import failed: ${JSON.stringify(result.errors)}`);
}

/** The id of a fixture bill by its identifier and session. */
export async function billId(handle: DatabaseHandle, identifier: string): Promise<number> {
  const rows = await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, identifier));
  if (rows.length !== 1) throw new Error(`expected one bill ${identifier}, found ${rows.length}`);
  return rows[0].id;
}

export { KENTUCKY, LOUISVILLE, VIRGINIA };
