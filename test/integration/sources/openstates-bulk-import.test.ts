import { truncateSync, statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { FILE_IMPORTERS } from '../../../scrapers/sources/file-importers.js';
import type { SourceAdapter } from '../../../scrapers/sources/source-adapter.js';
import type { SourceRecord } from '../../../core/sources/source-record.js';
import { storedBillsSnapshot } from '../../helpers/db-snapshot.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { bulkExportFolder, readRecordedCsv, zipBulkExport } from '../../helpers/openstates-bulk.js';

const NH = 'ocd-jurisdiction/country:us/state:nh/government';
const bulk = FILE_IMPORTERS.find((i) => i.kind === 'openstates-bulk')!;
/** A whole session through the pipeline, one transaction per bill, takes minutes on a busy machine. */
const IMPORT_TIMEOUT_MS = 15 * 60_000;

/** `tracker import openstates-bulk <files>`, in process. */
async function importFiles(handle: TestDatabase, files: string[]) {
  const row = await ensureSource(handle.db, { id: 'openstates-bulk', kind: 'openstates-bulk', name: 'Open States bulk' });
  const source: SourceRecord = { ...row, settings: {}, cursor: row.cursor as Record<string, unknown> };
  const adapter: SourceAdapter = { kind: 'openstates-bulk', start: () => ({ items: bulk.read(files, {}, { db: handle.db }), requests: () => 0, cursorAfter: () => ({}) }) };
  return runSource(handle, testConfig(), source, adapter, { trigger: 'cli', params: { files }, today: '2026-11-24' });
}

/** Everything an import writes, for "nothing changed" checks. */
async function fullSnapshot(handle: TestDatabase) {
  const [counts] = await queryRows<Record<string, string | number>>(
    handle.db,
    sql`SELECT (SELECT count(*) FROM actions) AS actions, (SELECT count(*) FROM votes) AS votes, (SELECT count(*) FROM sponsors) AS sponsors,
               (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM bill_sources) AS links,
               (SELECT count(*) FROM legislative_sessions) AS sessions, (SELECT max(fetched_at)::text FROM bill_sources) AS fetched`,
  );
  return { ...(await storedBillsSnapshot(handle)), ...Object.fromEntries(Object.entries(counts!).map(([k, v]) => [k, String(v)])) };
}

/** The bill ids whose recorded actions carry any of `classifications`, read straight from the CSV. */
function billsWithAction(folder: string, file: string, classifications: string[]): Set<string> {
  return new Set(
    readRecordedCsv(folder, file)
      .filter((a) => classifications.some((c) => a.classification!.includes(`'${c}'`)))
      .map((a) => a.bill_id!),
  );
}

describeEachDatabase('Open States bulk export, New Hampshire 2024 (format 2.1), zipped as published', (ctx) => {
  const folder = bulkExportFolder('nh-2024');
  let zip: string;

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    zip = zipBulkExport(folder, 'NH', '2024');
  });

  test('every bill is stored with all its actions and its votes, counts as exported', async () => {
    const summary = await importFiles(ctx.handle, [zip]);
    expect(summary).toMatchObject({ outcome: 'ok', counts: { fetched: 1324, created: 1324, failed: 0 } });
    const [stored] = await queryRows<Record<string, string | number>>(
      ctx.handle.db,
      sql`SELECT count(DISTINCT b.id) AS bills, (SELECT count(*) FROM actions) AS actions, (SELECT count(*) FROM votes) AS votes, (SELECT count(*) FROM sponsors) AS sponsors
          FROM bills b WHERE b.jurisdiction_id = ${NH} AND b.session = '2024'`,
    );
    expect(Object.fromEntries(Object.entries(stored!).map(([k, v]) => [k, Number(v)]))).toEqual({ bills: 1324, actions: 16527, votes: 412, sponsors: 6991 });

    // A roll call checked against the recorded vote_counts rows: House, 2024-01-03, "Laid on Table"...
    const counts = readRecordedCsv(folder, 'NH_2024_vote_counts.csv').filter((c) => c.vote_event_id === 'ocd-vote/8341f6f8-7e0b-4753-95f0-58f4810d47fa');
    expect(counts.map((c) => `${c.option}:${c.value}`).sort()).toEqual(['no:178', 'other:28', 'yes:188']);
    const [vote] = await queryRows<{ counts: Record<string, number>; chamber: string; organization: string; motion: string; result: string; identifier: string }>(
      ctx.handle.db,
      sql`SELECT v.counts, v.chamber, v.organization, v.motion, v.result, b.identifier FROM votes v JOIN bills b ON b.id = v.bill_id WHERE v.source_id = 'ocd-vote/8341f6f8-7e0b-4753-95f0-58f4810d47fa'`,
    );
    const recorded = readRecordedCsv(folder, 'NH_2024_votes.csv').find((v) => v.id === 'ocd-vote/8341f6f8-7e0b-4753-95f0-58f4810d47fa')!;
    expect(vote).toMatchObject({ counts: { yes: 188, no: 178, other: 28 }, motion: recorded.motion_text, result: recorded.result });
    expect(vote!.organization).toBe(recorded.organization_id === 'ocd-organization/3b857974-4029-4508-94d4-ce3b86c64602' ? 'House' : 'Senate');
    expect(vote!.chamber).toBe(vote!.organization === 'House' ? 'lower' : 'upper');

    // Every vote's tally equals the export's, summed per option.
    const expected = new Map<string, number>();
    for (const c of readRecordedCsv(folder, 'NH_2024_vote_counts.csv')) expected.set(c.vote_event_id!, (expected.get(c.vote_event_id!) ?? 0) + Number(c.value));
    const totals = await queryRows<{ source_id: string; total: string }>(
      ctx.handle.db,
      sql`SELECT v.source_id, (SELECT coalesce(sum(value::int), 0) FROM jsonb_each_text(v.counts)) AS total FROM votes v`,
    );
    expect(totals).toHaveLength(412);
    for (const t of totals) expect(Number(t.total)).toBe(expected.get(t.source_id) ?? 0);
  }, IMPORT_TIMEOUT_MS);

  test('bills whose actions record a governor’s signature or becoming law are enacted (otherwise only adopted resolutions and overridden vetoes)', async () => {
    const signed = billsWithAction(folder, 'NH_2024_bill_actions.csv', ['executive-signature', 'became-law']);
    expect(signed.size).toBeGreaterThan(100);
    const rows = await queryRows<{ external_id: string; status: string; stage: string; classification: string }>(
      ctx.handle.db,
      sql`SELECT s.external_id, b.status, b.stage, b.classification FROM bills b JOIN bill_sources s ON s.bill_id = b.id WHERE s.source = 'openstates-bulk' AND b.session = '2024'`,
    );
    const enacted = rows.filter((r) => r.status === 'enacted');
    const enactedIds = new Set(enacted.map((r) => r.external_id));
    for (const id of signed) expect(enactedIds.has(id)).toBe(true);
    for (const r of enacted) expect(r.stage).toBe('enacted');
    // The only other enacted measures are simple resolutions (in force once their chamber adopts
    // them) and the two bills whose veto the legislature overrode (HB 1293, HB 1622).
    const others = enacted.filter((x) => !signed.has(x.external_id) && x.classification !== 'resolution');
    const [overridden] = await queryRows<{ n: string | number }>(
      ctx.handle.db,
      sql`SELECT count(DISTINCT b.id) AS n FROM bills b JOIN actions a ON a.bill_id = b.id WHERE b.session = '2024' AND a.description ILIKE 'Veto Overridden%' AND b.status = 'enacted'`,
    );
    expect(others.length).toBe(Number(overridden!.n));
    // HB 1237 (unmarked police vehicles) died: the Senate voted it inexpedient to legislate.
    const [hb1237] = await queryRows<{ status: string }>(ctx.handle.db, sql`SELECT status FROM bills WHERE jurisdiction_id = ${NH} AND session = '2024' AND identifier = 'HB 1237'`);
    expect(hb1237!.status).not.toBe('enacted');
  });

  test('the session it names is stored, before its bills were derived', async () => {
    const sessions = await queryRows<{ identifier: string }>(ctx.handle.db, sql`SELECT identifier FROM legislative_sessions WHERE jurisdiction_id = ${NH}`);
    expect(sessions.map((s) => s.identifier)).toContain('2024');
  });

  test('imported a second time, the export writes nothing', async () => {
    const before = await fullSnapshot(ctx.handle);
    const summary = await importFiles(ctx.handle, [zip]);
    expect(summary.counts).toMatchObject({ fetched: 1324, created: 0, updated: 0, unchanged: 1324, failed: 0 });
    expect(await fullSnapshot(ctx.handle)).toEqual(before);
  }, IMPORT_TIMEOUT_MS);

  test.each([
    ['a missing column', 'NH_2024_bill_actions.csv', (b: Buffer) => Buffer.from(b.toString('utf8').replace(',classification,order\r\n', ',classification\r\n')), /NH\/2024\/NH_2024_bill_actions\.csv line 1: missing column order/],
    ['a bad Python repr', 'NH_2024_bills.csv', (b: Buffer) => Buffer.from(b.toString('utf8').replace("HB 1634,relative to universal eligibility for the education freedom account program.,['bill']", "HB 1634,relative to universal eligibility for the education freedom account program.,['bill'")), /NH\/2024\/NH_2024_bills\.csv line 3: column classification is not a Python list/],
    ['a file cut short', 'NH_2024_vote_counts.csv', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2)), /NH\/2024\/NH_2024_vote_counts\.csv line \d+: .*(cells where the header has|cut short)/],
  ])('%s: the import fails naming the member and line, and nothing changes', async (_what, file, edit, message) => {
    const before = await fullSnapshot(ctx.handle);
    const broken = zipBulkExport(folder, 'NH', '2024', (name, bytes) => (name === file ? edit(bytes) : bytes));
    const summary = await importFiles(ctx.handle, [broken]);
    expect(summary.outcome).toBe('failed');
    expect(summary.counts).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
    expect(summary.errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(await fullSnapshot(ctx.handle)).toEqual(before);
  });

  test('a zip cut short fails as such, and nothing changes', async () => {
    const before = await fullSnapshot(ctx.handle);
    const cut = zipBulkExport(folder, 'NH', '2024');
    truncateSync(cut, Math.floor(statSync(cut).size * 0.7));
    const summary = await importFiles(ctx.handle, [cut]);
    expect(summary.outcome).toBe('failed');
    expect(summary.errors[0]!.message).toMatch(/NH_2024_csv_test\.zip.*cut short/);
    expect(await fullSnapshot(ctx.handle)).toEqual(before);
  });
});
