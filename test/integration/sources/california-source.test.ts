import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { openDatabase } from '../../../db/connect.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { ensureSources } from '../../../db/seed/ensure-sources.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, sources } from '../../../db/schema/index.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { californiaSource } from '../../../scrapers/sources/california.source.js';
import type { SourceRecord } from '../../../core/sources/source-record.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { storedBillsSnapshot } from '../../helpers/db-snapshot.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { readReference } from '../../helpers/reference.js';
import { runCli } from '../../helpers/run-cli.js';

const CA = 'ocd-jurisdiction/country:us/state:ca/government';
// The real pubinfo rows, read in place from ../shared (never copied into the repo).
const BILL_TBL = readReference('pages', 'california', 'pubinfo-BILL_TBL-2025-26-slice.dat');
const HISTORY_TBL = readReference('pages', 'california', 'pubinfo-BILL_HISTORY_TBL-2025-26-slice.dat');
// BILL_VERSION_TBL / BILL_VERSION_AUTHORS_TBL rows of the four bills' latest versions: real pubinfo
// rows, as test/unit/states/california.test.ts has them (nomindnick/ca-leginfo-mcp @ ce73bcd
// tests/fixtures/mini); the shared reference has no version table, and the titles live there.
const VERSION_TBL = [
  '`20250SB27596ENR`\t`202520260SB275`\t96\t2025-09-12 00:00:00\t`Enrolled`\tNULL\t`Eligible training provider list.`\t`Majority`\t`No`\t`Yes`\t`No`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_8685.lob\t`Y`\t`LEG_ESI`\t2025-09-12 14:41:41',
  '`20250AB83194CHP`\t`202520260AB831`\t94\t2025-10-11 00:00:00\t`Chaptered`\tNULL\t`Gambling: operation of a contest or sweepstakes.`\t`Majority`\t`No`\t`Yes`\t`Yes`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_9506.lob\t`Y`\t`LEG_ESI`\t2025-10-13 16:11:05',
  '`20250AB165697AMD`\t`202520260AB1656`\t97\t2026-06-11 00:00:00\t`Amended Senate`\tNULL\t`Human trafficking case continuances.`\t`Majority`\t`No`\t`No`\t`No`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_14928.lob\t`Y`\t`LEG_ESI`\t2026-06-11 20:08:54',
  '`20250AB205297AMD`\t`202520260AB2052`\t97\t2026-06-11 00:00:00\t`Amended Senate`\tNULL\t`Criminal procedure: continuances.`\t`Majority`\t`No`\t`No`\t`No`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_14870.lob\t`Y`\t`LEG_ESI`\t2026-06-11 20:09:01',
].join('\n');
const AUTHORS_TBL = [
  '`20250SB27596ENR`\t`Legislator`\t`SENATE`\t`Smallwood-Cuevas`\t`LEAD_AUTHOR`\tNULL\t`Y`\t`LEG_ESI`\t2025-09-12 14:41:41\t`Y`',
  '`20250AB83194CHP`\t`Legislator`\t`ASSEMBLY`\t`Valencia`\t`LEAD_AUTHOR`\tNULL\t`Y`\t`LEG_ESI`\t2025-10-13 16:11:05\t`Y`',
].join('\n');

/** A pubinfo-like archive built from the tables; a bill-text .lob rides along, as in the real zips. */
function pubinfoZip(tables: { bill?: string; folder?: string } = {}): Buffer {
  const prefix = tables.folder ? `${tables.folder}/` : '';
  return Buffer.from(zipSync({
    [`${prefix}BILL_TBL.dat`]: strToU8(tables.bill ?? BILL_TBL),
    [`${prefix}BILL_HISTORY_TBL.dat`]: strToU8(HISTORY_TBL),
    [`${prefix}BILL_VERSION_TBL.dat`]: strToU8(VERSION_TBL),
    [`${prefix}BILL_VERSION_AUTHORS_TBL.dat`]: strToU8(AUTHORS_TBL),
    [`${prefix}BILL_VERSION_TBL_9506.lob`]: strToU8('<?xml version="1.0"?><caml:MeasureDoc/>'),
  }));
}

type Archive = { body: Buffer; etag: string; lastModified: string };

/** The downloads host on loopback: archives with ETag / Last-Modified, 304s, injected failures, a listing. */
async function startDownloadsServer() {
  const archives = new Map<string, Archive>();
  const failures: number[] = [];
  const log: { path: string; ifNoneMatch: string | null; status: number }[] = [];
  let listing = '';
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const ifNoneMatch = req.headers['if-none-match'] ?? null;
    const answer = (status: number, headers: Record<string, string> = {}, body: Buffer | string = '') => {
      log.push({ path, ifNoneMatch: typeof ifNoneMatch === 'string' ? ifNoneMatch : null, status });
      res.writeHead(status, headers).end(body);
    };
    const failure = failures.shift();
    if (failure) return answer(failure, { 'content-type': 'text/plain' }, 'Service Unavailable');
    if (path === '/') return answer(200, { 'content-type': 'text/html' }, listing);
    const archive = archives.get(path.slice(1));
    if (!archive) return answer(404, { 'content-type': 'text/plain' }, 'not found');
    const validators = { etag: archive.etag, 'last-modified': archive.lastModified };
    if (ifNoneMatch === archive.etag) return answer(304, validators);
    return answer(200, { ...validators, 'content-type': 'application/zip' }, archive.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    archives,
    failures,
    log,
    setListing: (html: string) => { listing = html; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The source row as adapters see it (its cursor moves between tests). */
async function californiaRow(handle: TestDatabase): Promise<SourceRecord> {
  return (await loadSource(handle, 'california-pubinfo'))!;
}

describeEachDatabase('California pubinfo, fetched live', (ctx) => {
  let server: Awaited<ReturnType<typeof startDownloadsServer>>;
  const run = async (params: Record<string, unknown>) =>
    runSource(ctx.handle, testConfig(), await californiaRow(ctx.handle), californiaSource, { trigger: 'cli', params, today: '2026-06-20' });

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    server = await startDownloadsServer();
    server.archives.set('pubinfo_2025.zip', { body: pubinfoZip(), etag: '"v1"', lastModified: 'Sun, 14 Jun 2026 09:00:00 GMT' });
    // The source row says where the downloads live: that is how a test (or a mirror) points it elsewhere.
    await ctx.handle.db.update(sources).set({ settings: { baseUrl: server.baseUrl, minIntervalMs: 0 } }).where(eq(sources.id, 'california-pubinfo'));
  });
  afterAll(() => server.close());

  test('the session archive becomes bills, with the stage and status their history shows', async () => {
    const summary = await run({ session: '20252026' });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 1, fetched: 4, created: 4, failed: 0 } });
    expect(server.log.at(-1)).toEqual({ path: '/pubinfo_2025.zip', ifNoneMatch: null, status: 200 });
    const rows = await ctx.handle.db.select().from(bills).where(eq(bills.jurisdictionId, CA));
    const byIdentifier = new Map(rows.map((r) => [r.identifier, r]));
    expect([...byIdentifier.keys()].sort()).toEqual(['AB 1656', 'AB 2052', 'AB 831', 'SB 275']);
    expect(byIdentifier.get('AB 831')).toMatchObject({ session: '20252026', title: 'Gambling: operation of a contest or sweepstakes.', stage: 'enacted', status: 'enacted' });
    expect(byIdentifier.get('SB 275')).toMatchObject({ title: 'Eligible training provider list.', status: 'vetoed' });
    // Both passed the Assembly and sit on the Senate floor ("Ordered to third reading").
    for (const id of ['AB 1656', 'AB 2052']) {
      expect(byIdentifier.get(id)).toMatchObject({ stage: 'passed_one_chamber', status: 'pending', latestActionOn: '2026-06-11' });
    }
    expect((await californiaRow(ctx.handle)).cursor).toEqual({ archive: 'pubinfo_2025.zip', etag: '"v1"', lastModified: 'Sun, 14 Jun 2026 09:00:00 GMT' });
  });

  test('run again with the archive unchanged: one conditional request, a 304, nothing written', async () => {
    const before = await storedBillsSnapshot(ctx.handle);
    const requestsBefore = server.log.length;
    const summary = await run({ session: '2025' });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 1, fetched: 0, created: 0, updated: 0, unchanged: 0, failed: 0 } });
    expect(server.log.slice(requestsBefore)).toEqual([{ path: '/pubinfo_2025.zip', ifNoneMatch: '"v1"', status: 304 }]);
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
  });

  test('a 500 from the downloads host is retried, and the new archive is read', async () => {
    server.archives.set('pubinfo_2025.zip', { body: pubinfoZip(), etag: '"v2"', lastModified: 'Sun, 21 Jun 2026 09:00:00 GMT' });
    server.failures.push(500);
    const summary = await run({ session: '2025' });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 2, fetched: 4, created: 0, updated: 0, unchanged: 4, failed: 0 } });
    expect(server.log.slice(-2).map((r) => r.status)).toEqual([500, 200]);
    expect((await californiaRow(ctx.handle)).cursor).toMatchObject({ etag: '"v2"' });
  }, 20_000);

  test('an archive whose BILL_TBL lost a column fails the run naming the table and URL, and keeps the stored bills', async () => {
    // In memory from the shared BILL_TBL slice: session_year dropped from every row.
    const shifted = BILL_TBL.trim().split('\n').map((line) => { const f = line.split('\t'); return [f[0], ...f.slice(2)].join('\t'); }).join('\n');
    server.archives.set('pubinfo_2025.zip', { body: pubinfoZip({ bill: shifted }), etag: '"v3"', lastModified: 'Sun, 28 Jun 2026 09:00:00 GMT' });
    const before = await storedBillsSnapshot(ctx.handle);
    const summary = await run({ session: '2025' });
    expect(summary.outcome).toBe('failed');
    expect(summary.cursorAdvanced).toBe(false);
    expect(summary.errors[0].code).toBe('layout_changed');
    expect(summary.errors[0].message).toMatch(/BILL_TBL row 1 has 18 fields; expected 19/);
    expect(summary.errors[0].url).toBe(`${server.baseUrl}pubinfo_2025.zip#BILL_TBL.dat`);
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
    // The cursor still names the last archive read in full, so the next run fetches the new one.
    expect((await californiaRow(ctx.handle)).cursor).toMatchObject({ etag: '"v2"' });
  });

  test('without a session, the newest daily archive of the listing is read', async () => {
    // Hand-made listing in the layout openstates' download.py reads (file link, then a date).
    server.setListing(`<html><body><table>
      <tr><th></th><th>Name</th><th>Last modified</th><th>Size</th></tr><tr><th colspan="4"><hr></th></tr>
      <tr><td></td><td><a href="pubinfo_2025.zip">pubinfo_2025.zip</a></td><td>2026-06-28 03:10</td><td>975M</td></tr>
      <tr><td></td><td><a href="pubinfo_daily_Mon.zip">pubinfo_daily_Mon.zip</a></td><td>2026-06-22 02:40</td><td>950M</td></tr>
      <tr><td></td><td><a href="pubinfo_daily_Tue.zip">pubinfo_daily_Tue.zip</a></td><td>2026-06-30 02:41</td><td>951M</td></tr>
      <tr><td></td><td><a href="pubinfo_daily_Wed.zip">pubinfo_daily_Wed.zip</a></td><td>2026-06-24 02:39</td><td>950M</td></tr>
    </table></body></html>`);
    server.archives.set('pubinfo_daily_Tue.zip', { body: pubinfoZip({ folder: 'pubinfo_daily_Tue' }), etag: '"tue"', lastModified: 'Tue, 30 Jun 2026 09:41:00 GMT' });
    const summary = await run({});
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 2, fetched: 4, unchanged: 4, failed: 0 } });
    expect(server.log.slice(-2).map((r) => r.path)).toEqual(['/', '/pubinfo_daily_Tue.zip']);
    expect((await californiaRow(ctx.handle)).cursor).toEqual({ archive: 'pubinfo_daily_Tue.zip', etag: '"tue"', lastModified: 'Tue, 30 Jun 2026 09:41:00 GMT' });
  });
});

describe('tracker scrape california on the command line', () => {
  test('prints the same counts as every source and exits 0, then 1 when the archive no longer parses', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ca-cli-'));
    const server = await startDownloadsServer();
    try {
      server.archives.set('pubinfo_2025.zip', { body: pubinfoZip(), etag: '"v1"', lastModified: 'Sun, 14 Jun 2026 09:00:00 GMT' });
      // The CLI's own database (PGlite in DATA_DIR), with the source row pointed at the loopback host.
      const dataDir = path.join(dir, 'data');
      const handle = await openDatabase({ databaseUrl: null, dataDir });
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: false });
      await ensureSources(handle.db);
      await handle.db.update(sources).set({ settings: { baseUrl: server.baseUrl, minIntervalMs: 0 } }).where(eq(sources.id, 'california-pubinfo'));
      await handle.close();

      const ok = await runCli(['scrape', 'california', '--session', '2025'], { DATA_DIR: dataDir, SEED: 'none' });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/california-pubinfo: run 1 ok\n {2}requests 1 {2}fetched 4 {2}created 4 {2}updated 0 {2}unchanged 0 {2}failed 0/);

      server.archives.set('pubinfo_2025.zip', { body: pubinfoZip({ bill: 'not a pubinfo table' }), etag: '"v2"', lastModified: 'Sun, 21 Jun 2026 09:00:00 GMT' });
      const failed = await runCli(['scrape', 'california', '--session', '2025'], { DATA_DIR: dataDir, SEED: 'none' });
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/california-pubinfo: run 2 failed/);
      expect(failed.stdout).toMatch(/layout_changed/);
      expect(failed.stdout).toContain(`${server.baseUrl}pubinfo_2025.zip#BILL_TBL.dat`);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  test('a session that is not a year is a usage error (exit 2)', async () => {
    const result = await runCli(['scrape', 'california', '--session', '2025-26'], { SEED: 'none' });
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(/not a California session/);
  }, 60_000);
});
