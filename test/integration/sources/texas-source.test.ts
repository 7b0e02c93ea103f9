import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, sources } from '../../../db/schema/index.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { texasSource } from '../../../scrapers/sources/texas.source.js';
import type { SourceRecord } from '../../../core/sources/source-record.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { storedBillsSnapshot } from '../../helpers/db-snapshot.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { readReference, repoRoot } from '../../helpers/reference.js';
import { runCli } from '../../helpers/run-cli.js';

const TX = 'ocd-jurisdiction/country:us/state:tx/government';
// The real TLO results page (86R: HB 21 to HB 45, "Bills 1 through 25 out of 1,140 matches."),
// read in place from ../shared. Trimmed in memory to its one page: the count says 25 matches,
// so the run does not go on to ask for the 45 pages this test does not serve.
const RESULTS = readReference('pages', 'texas', 'tlo-bill-search-results-86R-2019.html')
  .replace('Bills 1 through 25 out of 1,140 matches.', 'Bills 1 through 25 out of 25 matches.');
const NO_MATCHES = readReference('pages', 'texas', 'tlo-bill-search-results-no-matches-2019.html');
// Hand-made History.aspx page (see test/fixtures/states/texas/README.md); each bill's copy gets
// its own last action.
const HISTORY = readFileSync(path.join(repoRoot, 'test/fixtures/states/texas/History-hand-made.html'), 'utf8');

function historyPage(lastAction: string): string {
  return HISTORY.replace(/(<td id="cellLastAction">)[^<]*(<\/td>)/, `$1${lastAction}$2`);
}

/** TLO on loopback: the results page, one history page per bill, injected failures and page overrides. */
async function startTloServer() {
  const lastActions = new Map<string, string>([
    ['HB21', '06/10/2019 E Signed by the Governor'],
    ['HB22', '03/04/2019 H Referred to Elections'],
  ]);
  const state = { results: RESULTS, lastActions, failOnce: new Set<string>(), brokenHistory: new Set<string>() };
  const log: { path: string; query: URLSearchParams; status: number }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const answer = (status: number, body: string) => {
      log.push({ path: url.pathname, query: url.searchParams, status });
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    };
    if (url.pathname === '/Search/BillSearchResults.aspx') return answer(200, state.results);
    const bill = url.searchParams.get('Bill') ?? '';
    if (state.failOnce.delete(bill)) return answer(500, '<html><body>Server Error in \'/\' Application.</body></html>');
    if (url.pathname === '/BillLookup/History.aspx' && url.searchParams.get('LegSess') === '86R' && /^[HS][BJRC]+\d+$/.test(bill)) {
      if (state.brokenHistory.has(bill)) return answer(200, HISTORY.replace('id="cellLastAction"', 'id="cellLastActionText"'));
      return answer(200, historyPage(lastActions.get(bill) ?? '11/12/2018 H Filed'));
    }
    return answer(404, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, state, log, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The source row as adapters see it (its cursor moves between tests). */
async function texasRow(handle: TestDatabase): Promise<SourceRecord> {
  return (await loadSource(handle, 'texas-tlo'))!;
}

describeEachDatabase('Texas Legislature Online, fetched live', (ctx) => {
  let tlo: Awaited<ReturnType<typeof startTloServer>>;
  const run = async (session = '86') =>
    runSource(ctx.handle, testConfig(), await texasRow(ctx.handle), texasSource, { trigger: 'cli', params: { session }, today: '2019-07-01' });
  const bill = async (identifier: string) =>
    (await ctx.handle.db.select().from(bills).where(and(eq(bills.jurisdictionId, TX), eq(bills.identifier, identifier))))[0];

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    tlo = await startTloServer();
    await ctx.handle.db.update(sources).set({ settings: { baseUrl: tlo.baseUrl, minIntervalMs: 0 } }).where(eq(sources.id, 'texas-tlo'));
  });
  afterAll(() => tlo.close());

  test("every bill the search lists is read from its history page, with the stage and status it shows", async () => {
    const summary = await run('86');
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 26, fetched: 25, created: 25, failed: 0 } });
    // The search asked TLO for the 86th Legislature's regular session, first page.
    const search = tlo.log[0];
    expect(search.path).toBe('/Search/BillSearchResults.aspx');
    expect(Object.fromEntries(['CP', 'Leg', 'Sess', 'BillType'].map((k) => [k, search.query.get(k)]))).toEqual({ CP: '1', Leg: '86', Sess: 'R', BillType: 'B;JR;;;;;' });
    expect(tlo.log.slice(1, 3).map((r) => `${r.query.get('LegSess')} ${r.query.get('Bill')}`)).toEqual(['86R HB21', '86R HB22']);

    expect(await bill('HB 21')).toMatchObject({ session: '86', title: 'Relating to an example subject invented for a parser test.', stage: 'enacted', status: 'enacted', latestActionOn: '2019-06-10' });
    expect(await bill('HB 22')).toMatchObject({ stage: 'committee', status: 'pending', latestActionOn: '2019-03-04' });
    expect(await bill('HB 45')).toMatchObject({ stage: 'introduced', status: 'pending', latestActionOn: '2018-11-12' });
    expect((await texasRow(ctx.handle)).cursor).toMatchObject({ lastSession: '86R', seen: expect.objectContaining({ 'HB 21': '2018-11-12 H Filed | Introduced' }) });
  });

  test('run again with nothing changed in the results: one request, no history pages, nothing written', async () => {
    const before = await storedBillsSnapshot(ctx.handle);
    const summary = await run('86R');
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 1, fetched: 0, failed: 0 } });
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
  });

  test('a 500 on a history page is retried; only the bill whose last action moved is read again', async () => {
    tlo.state.results = RESULTS.replace(/(HB 23[\s\S]*?<em>)11\/12\/2018 H Filed/, '$103/01/2019 H Referred to Transportation');
    tlo.state.lastActions.set('HB23', '03/01/2019 H Referred to Transportation');
    tlo.state.failOnce.add('HB23');
    const summary = await run('86');
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 3, fetched: 1, updated: 1, unchanged: 0, failed: 0 } });
    expect(tlo.log.slice(-3).map((r) => `${r.status} ${r.query.get('Bill') ?? 'search'}`)).toEqual(['200 search', '500 HB23', '200 HB23']);
    expect(await bill('HB 23')).toMatchObject({ stage: 'committee', status: 'pending', latestActionOn: '2019-03-01' });
  }, 20_000);

  test('a results page that says no bills were found yields nothing and is not an error', async () => {
    tlo.state.results = NO_MATCHES;
    const before = await storedBillsSnapshot(ctx.handle);
    const summary = await run('86');
    expect(summary).toMatchObject({ outcome: 'ok', errors: [], counts: { requests: 1, fetched: 0, failed: 0 } });
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
  });

  test('a history page whose layout changed fails the run with the selector and URL, and keeps the stored bills', async () => {
    tlo.state.results = RESULTS.replace(/(HB 24[\s\S]*?<em>)11\/12\/2018 H Filed/, '$103/02/2019 H Referred to Ways &amp; Means');
    tlo.state.brokenHistory.add('HB24');
    const before = await storedBillsSnapshot(ctx.handle);
    const summary = await run('86');
    expect(summary.outcome).toBe('failed');
    expect(summary.cursorAdvanced).toBe(false);
    expect(summary.errors[0]).toMatchObject({ code: 'layout_changed', url: `${tlo.baseUrl}/BillLookup/History.aspx?LegSess=86R&Bill=HB24` });
    expect(summary.errors[0].message).toContain('"#cellLastAction"');
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
  });

  test('a results page whose layout changed fails the run too', async () => {
    tlo.state.results = RESULTS.replace('id="lblMatches"', 'id="lblMatchCount"');
    const summary = await run('86');
    expect(summary).toMatchObject({ outcome: 'failed', counts: { requests: 1 } });
    expect(summary.errors[0].code).toBe('layout_changed');
    expect(summary.errors[0].message).toContain('"#lblMatches"');
    expect(summary.errors[0].url).toMatch(/\/Search\/BillSearchResults\.aspx\?CP=1&/);
  });
});

describe('tracker scrape texas on the command line', () => {
  test('without --session it is a usage error (exit 2), like every other kind', async () => {
    const result = await runCli(['scrape', 'texas'], { SEED: 'none' });
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(/texas needs one --session/);
  }, 60_000);
});
