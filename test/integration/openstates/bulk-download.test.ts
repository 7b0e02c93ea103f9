import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { saveSourceCursorEntry } from '../../../db/sources/sources-repository.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { openStatesSource } from '../../../scrapers/sources/openstates.source.js';
import { readOpenStatesCursor } from '../../../scrapers/openstates/sync-planner.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { startOpenStatesServer, type FakeJurisdiction, type OpenStatesTestServer } from '../../helpers/openstates-server.js';
import { bulkExportFolder, trimBulkExport, zipBulkExport } from '../../helpers/openstates-bulk.js';

const KEY = 'test-key-bulk';
const NH = 'ocd-jurisdiction/country:us/state:nh/government';
const POLICE = /police|law enforcement|officer/i;

/**
 * The planner's download step against a loopback server that speaks API v3 and serves the
 * session zips like data.openstates.org. The zip is New Hampshire's real 2024 export cut to its
 * 23 police bills (the whole session goes through the pipeline in the bulk import test).
 */
describeEachDatabase('Open States planner: sessions loaded from their bulk exports', (ctx) => {
  let server: OpenStatesTestServer;
  const session = { identifier: '2024', name: '2024 Regular Session', classification: 'primary' as const, start_date: '2024-01-03', end_date: '2024-06-30', downloads: [] as NonNullable<FakeJurisdiction['legislative_sessions'][number]['downloads']> };
  const jurisdictions: FakeJurisdiction[] = [{ id: NH, name: 'New Hampshire', abbreviation: 'nh', latest_bill_update: '2026-11-30T02:00:00+00:00', legislative_sessions: [session] }];
  const folder = trimBulkExport(bulkExportFolder('nh-2024'), (bill) => POLICE.test(bill.title!));
  const config = () => testConfig({ OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: '100000' });
  const publish = (name: string, zip: string, updatedAt: string) => {
    server.files.set(`/csv/latest/${name}`, readFileSync(zip));
    session.downloads = [{ created_at: '2023-11-14T23:01:02.000000+00:00', updated_at: updatedAt, data_type: 'csv', url: `${server.url}/csv/latest/${name}` }];
  };
  const run = async () => runSource(ctx.handle, config(), (await loadSource(ctx.handle, 'openstates'))!, openStatesSource, { trigger: 'cli', params: { jurisdiction: ['nh'] }, today: '2026-12-01' });
  const cursorOfNh = async () => readOpenStatesCursor((await loadSource(ctx.handle, 'openstates'))!.cursor)[NH]!;
  /** The sessions are re-read weekly; this makes the next run read them again. */
  const sessionsDue = async () => saveSourceCursorEntry(ctx.handle.db, 'openstates', NH, { ...(await cursorOfNh()), sessionsCheckedOn: '2000-01-01' });
  const zipRequests = () => server.requests.filter((r) => r.path.startsWith('/csv/'));
  const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: string | number }>(ctx.handle.db, query))[0]!.n);

  beforeAll(async () => {
    server = await startOpenStatesServer({ apiKeys: [KEY], bills: [], jurisdictions });
    await seedDatabase(ctx.handle.db, { curated: false });
    await ensureSource(ctx.handle.db, { id: 'openstates', kind: 'openstates', name: 'Open States' });
  });
  afterAll(() => server.close());

  test('a session with an export is downloaded and loaded, not backfilled through the API', async () => {
    publish('NH_2024_csv_3q3Zq.zip', zipBulkExport(folder, 'NH', '2024'), '2024-12-19T23:22:31.086641+00:00');
    const summary = await run();
    expect(summary).toMatchObject({ outcome: 'ok', counts: { fetched: 23, created: 23, failed: 0 } });
    // One request for the sessions, one freshness page; the session itself cost no API request.
    const api = server.requests.filter((r) => !r.path.startsWith('/csv/'));
    expect(api.map((r) => r.path)).toEqual([`/jurisdictions/${NH}`, '/bills']);
    expect(api.some((r) => r.query.get('session') === '2024')).toBe(false);
    expect(zipRequests().map((r) => [r.path, r.status, r.ifNoneMatch])).toEqual([['/csv/latest/NH_2024_csv_3q3Zq.zip', 200, null]]);
    expect(summary.counts.requests).toBe(3);

    expect(await count(sql`SELECT count(*) AS n FROM bill_sources WHERE source = 'openstates-bulk'`)).toBe(23);
    expect(await count(sql`SELECT count(*) AS n FROM votes`)).toBe(4);
    expect(await count(sql`SELECT count(*) AS n FROM bills WHERE jurisdiction_id = ${NH} AND status = 'enacted'`)).toBe(8);
    const loaded = (await cursorOfNh()).bulk['2024']!;
    expect(loaded).toMatchObject({ url: `${server.url}/csv/latest/NH_2024_csv_3q3Zq.zip`, updatedAt: '2024-12-19T23:22:31.086641+00:00', etag: expect.stringMatching(/^"[0-9a-f]{40}"$/) });
    expect((await cursorOfNh()).backfill).toEqual([]);
  });

  test('an export whose updated_at moved but whose file did not costs one 304 and writes nothing', async () => {
    const before = await count(sql`SELECT count(*) AS n FROM bills WHERE updated_at > now() - interval '1 hour'`);
    session.downloads[0]!.updated_at = '2025-01-02T23:10:00.000000+00:00';
    await sessionsDue();
    const summary = await run();
    expect(summary).toMatchObject({ outcome: 'ok', counts: { fetched: 0, created: 0, updated: 0 } });
    const last = zipRequests().at(-1)!;
    expect([last.status, last.ifNoneMatch]).toEqual([304, (await cursorOfNh()).bulk['2024']!.etag]);
    expect((await cursorOfNh()).bulk['2024']!.updatedAt).toBe('2025-01-02T23:10:00.000000+00:00');
    expect(await count(sql`SELECT count(*) AS n FROM bills WHERE updated_at > now() - interval '1 hour'`)).toBe(before);
  });

  test('an export not regenerated since it was loaded is not requested at all', async () => {
    const zips = zipRequests().length;
    await sessionsDue();
    const summary = await run();
    expect(summary.outcome).toBe('ok');
    expect(zipRequests()).toHaveLength(zips);
  });

  test('a regenerated export (new URL) is loaded again: only the bill that changed is updated', async () => {
    // The 2025 regeneration as a test: HB 1237 gains one action; everything else is as exported.
    const changed = zipBulkExport(folder, 'NH', '2024', (name, bytes) =>
      name === 'NH_2024_bill_actions.csv'
        ? Buffer.concat([bytes, Buffer.from('0c0ffee0-0000-4000-8000-000000000001,ocd-bill/5cb44b43-1beb-4f12-ac29-053db7f95ee8,ocd-organization/3b857974-4029-4508-94d4-ce3b86c64602,Test action added on regeneration,2025-01-03,[],99\r\n')])
        : bytes,
    );
    publish('NH_2024_csv_Zx81c.zip', changed, '2025-01-03T23:05:00.000000+00:00');
    await sessionsDue();
    const summary = await run();
    expect(summary).toMatchObject({ outcome: 'ok', counts: { fetched: 23, created: 0, updated: 1, unchanged: 22, failed: 0 } });
    expect(zipRequests().at(-1)).toMatchObject({ path: '/csv/latest/NH_2024_csv_Zx81c.zip', status: 200, ifNoneMatch: null });
    expect((await cursorOfNh()).bulk['2024']).toMatchObject({ url: `${server.url}/csv/latest/NH_2024_csv_Zx81c.zip`, updatedAt: '2025-01-03T23:05:00.000000+00:00' });
  });

  test('a malformed export fails its download step, stores nothing, and is tried again next time', async () => {
    const broken = zipBulkExport(folder, 'NH', '2024', (name, bytes) => (name === 'NH_2024_votes.csv' ? Buffer.from(bytes.toString('utf8').replace('motion_text,', '')) : bytes));
    publish('NH_2024_csv_Broken.zip', broken, '2025-01-04T23:05:00.000000+00:00');
    await sessionsDue();
    const summary = await run();
    expect(summary.counts).toMatchObject({ created: 0, updated: 0 });
    expect(summary.errors.map((e) => e.message).join('\n')).toMatch(/NH\/2024\/NH_2024_votes\.csv line 1: missing column motion_text/);
    const cursor = await cursorOfNh();
    expect(cursor.bulk['2024']!.url).toMatch(/NH_2024_csv_Zx81c\.zip$/);
    expect(cursor.downloads).toEqual([{ session: '2024', url: `${server.url}/csv/latest/NH_2024_csv_Broken.zip`, updatedAt: '2025-01-04T23:05:00.000000+00:00' }]);
  });
});
