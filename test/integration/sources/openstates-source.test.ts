import { and, eq, sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { bills, billSources, scrapeRuns } from '../../../db/schema/index.js';
import { getBillDetail } from '../../../db/queries/bill-detail.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { openStatesSource } from '../../../scrapers/sources/openstates.source.js';
import type { SourceRecord } from '../../../core/sources/source-record.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { loadOpenStatesFixtures, startOpenStatesServer, type FakeJurisdiction, type OpenStatesTestServer } from '../../helpers/openstates-server.js';

const KEY = 'test-key-123';
const session = (identifier: string, start: string, end: string) => ({ identifier, name: `${identifier} session`, classification: 'primary' as const, start_date: start, end_date: end });
const JURISDICTIONS: FakeJurisdiction[] = [
  { id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', abbreviation: 'va', legislative_sessions: [session('2020S1', '2020-08-18', '2020-11-09')] },
  { id: 'ocd-jurisdiction/country:us/state:co/government', name: 'Colorado', abbreviation: 'co', legislative_sessions: [session('2021A', '2021-01-13', '2021-06-08')] },
  { id: 'ocd-jurisdiction/country:us/state:tx/government', name: 'Texas', abbreviation: 'tx', legislative_sessions: [session('87R', '2021-01-12', '2021-05-31')] },
  { id: 'ocd-jurisdiction/country:us/state:nc/government', name: 'North Carolina', abbreviation: 'nc', legislative_sessions: [session('2021', '2021-01-13', '2022-07-01')] },
];

/** The source row as adapters see it (its cursor moves between tests). */
async function sourceRow(handle: TestDatabase): Promise<SourceRecord> {
  return (await loadSource(handle, 'openstates'))!;
}

describeEachDatabase('Open States source through the pipeline', (ctx) => {
  let server: OpenStatesTestServer;
  beforeAll(async () => {
    const fixtures = loadOpenStatesFixtures();
    server = await startOpenStatesServer({
      apiKeys: [KEY],
      bills: ['va-2020S1-HB5099.json', 'co-2021A-HB21-1251.json', 'tx-87R-HB88.json', 'nc-2021-HB805.json'].map((f) => fixtures[f]),
      jurisdictions: JURISDICTIONS,
    });
    await seedDatabase(ctx.handle.db, { curated: false });
    await ensureSource(ctx.handle.db, { id: 'openstates', kind: 'openstates', name: 'Open States' });
  });
  afterAll(() => server.close());

  // A paid tier's limits, so the test does not wait out the free tier's 6 s between requests.
  const config = () => testConfig({ OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: '100000' });

  test('a run stores the bills with the stage, status and policies their actions show', async () => {
    const summary = await runSource(ctx.handle, config(), await sourceRow(ctx.handle), openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va', 'co', 'tx', 'nc'] }, today: '2026-11-24',
    });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { created: 4, failed: 0 } });
    expect(summary.counts.requests).toBeGreaterThanOrEqual(8);

    const byIdentifier = async (jurisdiction: string, identifier: string) => {
      const [row] = await ctx.handle.db.select().from(bills).where(and(eq(bills.jurisdictionId, `ocd-jurisdiction/country:us/state:${jurisdiction}/government`), eq(bills.identifier, identifier)));
      return getBillDetail(ctx.handle.db, row.id);
    };
    const va = await byIdentifier('va', 'HB 5099');
    expect(va).toMatchObject({ stage: 'enacted', status: 'enacted' });
    expect(va!.policies.map((p) => [p.policy, p.stance])).toContainEqual(['no-knock', 'supports']);
    const co = await byIdentifier('co', 'HB21-1251');
    expect(co).toMatchObject({ status: 'enacted' });
    expect(co!.policies.map((p) => p.policy)).toContain('chemical-restraint');
    expect(await byIdentifier('tx', 'HB 88')).toMatchObject({ status: 'failed' });
    expect(await byIdentifier('nc', 'HB 805')).toMatchObject({ status: 'vetoed' });

    // The sessions the API listed are kept beside the seeded tables, and the cursor moved forward.
    const sessions = await ctx.handle.db.execute(sql`SELECT identifier, end_date::text AS end_date FROM legislative_sessions WHERE jurisdiction_id LIKE '%state:tx%'`);
    const rows = (sessions as unknown as { rows: { identifier: string; end_date: string }[] }).rows;
    expect(rows).toContainEqual({ identifier: '87R', end_date: '2021-05-31' });
    expect(rows).toContainEqual({ identifier: '89R', end_date: '2025-06-02' });
    expect(Object.keys((await sourceRow(ctx.handle)).cursor)).toHaveLength(4);
  });

  test('a second run over unchanged data writes nothing new', async () => {
    const before = await ctx.handle.db.select({ n: sql<number>`count(*)` }).from(bills);
    const summary = await runSource(ctx.handle, config(), await sourceRow(ctx.handle), openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va', 'co', 'tx', 'nc'], session: ['2020S1', '2021A', '87R', '2021'] }, today: '2026-11-24',
    });
    expect(summary.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(summary.counts.unchanged).toBeGreaterThanOrEqual(1);
    const after = await ctx.handle.db.select({ n: sql<number>`count(*)` }).from(bills);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
    const links = await ctx.handle.db.select().from(billSources).where(eq(billSources.source, 'openstates'));
    expect(links).toHaveLength(4);
  });

  test('a bad key stops the run as failed without retrying, and keeps the cursor and the bills', async () => {
    const cursorBefore = (await sourceRow(ctx.handle)).cursor;
    const requestsBefore = server.requests.length;
    const summary = await runSource(ctx.handle, testConfig({ OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: 'wrong' }), await sourceRow(ctx.handle), openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va'], session: ['2020S1'] },
    });
    expect(summary.outcome).toBe('failed');
    expect(summary.errors[0]).toMatchObject({ code: 'auth_invalid' });
    expect(server.requests.length - requestsBefore).toBe(1);
    expect((await sourceRow(ctx.handle)).cursor).toEqual(cursorBefore);
    const [run] = await ctx.handle.db.select().from(scrapeRuns).where(eq(scrapeRuns.id, summary.runId));
    expect(run).toMatchObject({ outcome: 'failed' });
    expect(await ctx.handle.db.select().from(bills)).toHaveLength(4);
  });

  test('without an API key the source reports itself not configured', async () => {
    await expect(runSource(ctx.handle, testConfig({ OPENSTATES_API_URL: server.url }), await sourceRow(ctx.handle), openStatesSource, { trigger: 'cli' }))
      .rejects.toThrow(/source openstates is not configured: OPENSTATES_API_KEY is not set/);
  });
});
