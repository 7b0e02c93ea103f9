import { eq, sql } from 'drizzle-orm';
import { sources } from '../../../db/schema/index.js';
import { finishRun, startRun } from '../../../db/runs/scrape-runs.js';
import { emptyCounts } from '../../../core/sources/source-health.js';
import { getJurisdictionFreshness, getSourceHealth, listRunHistory, listSourceHealth } from '../../../db/runs/source-health.js';
import { queryRows } from '../../../db/database.js';
import { createInProcessQueue, type JobMeta, type ScrapeJob } from '../../../db/queue/job-queue.js';
import { createScrapeJobHandler, type ScrapeJobResult } from '../../../scrapers/scheduler/scrape-job-handler.js';
import { createLocalSourceLock, type SourceLock } from '../../../db/scheduling/source-lock.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { allRuns, insertTestJurisdiction, insertTestSource, TEST_JURISDICTION } from '../../helpers/scheduler-fixtures.js';
import { makeBills, startTestSourceServer, type TestSourceServer } from '../../helpers/test-source-server.js';
import { testAdapterFor } from '../../helpers/test-source.adapter.js';
import { testConfig } from '../../helpers/test-app.js';

/*
 * A source that fails (500s, then malformed pages, then hanging) is recorded as failed with
 * its errors, its cursor stays where it was, it becomes `failing` at the third failure, and
 * the other sources' runs go on unaffected. Runs go through the same job handler and queue
 * the scheduler uses (in process here).
 */

let server: TestSourceServer;
beforeAll(async () => {
  server = await startTestSourceServer();
});
afterAll(async () => {
  server.releaseHung();
  await server.close();
});

describeEachDatabase('scheduled runs of a failing source', (c) => {
  /** Runs jobs through an in-process queue, two at a time, and waits for their results. */
  async function runJobs(jobs: ScrapeJob[], sourceLock?: SourceLock): Promise<ScrapeJobResult[]> {
    const handler = createScrapeJobHandler({ handle: c.handle, config: testConfig(), adapterFor: testAdapterFor, trigger: 'schedule', timeLimitFor: () => 800, sourceLock });
    const queue = createInProcessQueue();
    const results = new Map<string, ScrapeJobResult>();
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await queue.work(async (job: ScrapeJob, meta: JobMeta) => {
      const result = (await handler(job, meta)) as ScrapeJobResult;
      results.set(meta.key!, result);
      if (results.size === jobs.length) done();
      return result;
    }, { concurrency: 2 });
    const keys = jobs.map((j, i) => `${j.sourceId}@${String(j.params.fireAt ?? i)}`);
    for (const [i, job] of jobs.entries()) await queue.enqueue(job, { key: keys[i] });
    await all;
    await queue.stop();
    return keys.map((k) => results.get(k)!);
  }

  let fire = 0;
  const nextFire = (): string => new Date(Date.UTC(2025, 0, 1, 0, 0, fire++)).toISOString();

  beforeAll(async () => {
    await insertTestJurisdiction(c.handle);
    server.feeds.set('broken', { pages: [makeBills('broken', 1, 2)], mode: 'ok' });
    server.feeds.set('healthy', { pages: [makeBills('healthy', 1, 10), makeBills('healthy', 11, 10)], mode: 'ok' });
    await insertTestSource(c.handle, 'broken', server.feedUrl('broken'), { timeoutMs: 1500, maxAttempts: 2 });
    await insertTestSource(c.handle, 'healthy', server.feedUrl('healthy'));
    // The broken source worked once: its cursor is what a failure must not move.
    const [first] = await runJobs([{ sourceId: 'broken', params: { fireAt: nextFire() } }]);
    expect(first).toMatchObject({ status: 'ran', outcome: 'ok' });
  });

  async function cursorOf(id: string): Promise<unknown> {
    const [row] = await c.handle.db.select({ cursor: sources.cursor }).from(sources).where(eq(sources.id, id));
    return row.cursor;
  }

  test('500s, malformed pages, then a hang: each recorded as failed with its error; the cursor stays; the healthy source runs on', async () => {
    const cursorBefore = await cursorOf('broken');
    expect(cursorBefore).toEqual({ pagesRead: 1, lastId: 'broken-2' });
    const url = `${server.feedUrl('broken')}?page=1`;

    for (const mode of ['error500', 'malformed', 'hang'] as const) {
      server.feeds.get('broken')!.mode = mode;
      const [broken, healthy] = await runJobs([
        { sourceId: 'broken', params: { fireAt: nextFire() } },
        { sourceId: 'healthy', params: { fireAt: nextFire() } },
      ]);
      expect(broken).toMatchObject({ status: 'ran', outcome: 'failed' });
      expect(healthy).toMatchObject({ status: 'ran', outcome: 'ok' });
    }
    server.releaseHung();

    const history = await listRunHistory(c.handle.db, { sourceId: 'broken' });
    const failures = history.slice(0, 3).reverse();
    expect(failures.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
    const details = await queryRows<{ errors: { url: string | null; message: string; code: string }[] }>(
      c.handle.db,
      sql`SELECT errors FROM scrape_runs WHERE source_id = 'broken' AND outcome = 'failed' ORDER BY id`,
    );
    const [e500, eMalformed, eHang] = details.map((d) => d.errors[0]);
    expect(e500).toMatchObject({ code: 'http_status', url });
    expect(e500.message).toMatch(/^HTTP 500 .* for GET .*\/feeds\/broken\?page=1 after 2 attempts/);
    expect(eMalformed).toMatchObject({ code: 'invalid_json', url });
    expect(eMalformed.message).toContain('We have moved!');
    // The hang is cut by the 800 ms time limit, not the HTTP client's 1.5 s timeout.
    expect(eHang).toMatchObject({ code: 'run_failed', url: null });
    expect(eHang.message).toBe('run exceeded its time limit of 800 ms');
    expect(failures.map((r) => r.flag)).toEqual([null, null, 'failing']);

    expect(await cursorOf('broken')).toEqual(cursorBefore);
    expect(await cursorOf('healthy')).toEqual({ pagesRead: 2, lastId: 'healthy-20' });

    const health = await getSourceHealth(c.handle.db, 'broken');
    expect(health).toMatchObject({ status: 'failing', consecutiveFailures: 3, running: false });
    expect(health!.lastRun!.firstError!.code).toBe('run_failed');
    expect(health!.lastSuccess!.outcome).toBe('ok');
    const healthy = await getSourceHealth(c.handle.db, 'healthy');
    expect(healthy).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(healthy!.lastRun).toMatchObject({ fetched: 20, outcome: 'ok' });

    // One good run ends the streak.
    server.feeds.get('broken')!.mode = 'ok';
    await runJobs([{ sourceId: 'broken', params: { fireAt: nextFire() } }]);
    expect(await getSourceHealth(c.handle.db, 'broken')).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
  }, 30_000);

  test('a kind with no adapter, a disabled source and a source already running: recorded or skipped, never thrown', async () => {
    await c.handle.db.insert(sources).values({ id: 'mystery', kind: 'no-such-kind', name: 'Mystery', settings: {} });
    await insertTestSource(c.handle, 'off', server.feedUrl('healthy'), { enabled: false });
    const [mystery, off, healthy] = await runJobs([
      { sourceId: 'mystery', params: {} },
      { sourceId: 'off', params: {} },
      { sourceId: 'healthy', params: { fireAt: nextFire() } },
    ]);
    expect(mystery).toMatchObject({ status: 'ran', outcome: 'failed' });
    expect(off).toEqual({ status: 'skipped', reason: 'the source is disabled' });
    expect(healthy).toMatchObject({ status: 'ran', outcome: 'ok' });
    const [run] = await listRunHistory(c.handle.db, { sourceId: 'mystery' });
    expect(run.firstError).toEqual({ url: null, message: 'no adapter for source kind "no-such-kind"', code: 'no_adapter' });

    // The same source already running (its lock held elsewhere): this fire is skipped.
    const lock = createLocalSourceLock();
    const release = await lock.tryAcquire('healthy');
    const before = (await allRuns(c.handle)).length;
    expect(await runJobs([{ sourceId: 'healthy', params: { fireAt: nextFire() } }], lock)).toEqual([{ status: 'skipped', reason: 'the source is already running' }]);
    expect((await allRuns(c.handle)).length).toBe(before);
    await release!();
  });

  test('a run that parses far fewer items than usual is flagged probable-site-change, not "nothing changed"', async () => {
    const feed = server.feeds.get('healthy')!;
    for (let i = 0; i < 3; i++) await runJobs([{ sourceId: 'healthy', params: { fireAt: nextFire() } }]);
    feed.pages = [makeBills('healthy', 1, 3)]; // 3 of the usual 20: below 20%
    const [few] = await runJobs([{ sourceId: 'healthy', params: { fireAt: nextFire() } }]);
    expect(few).toMatchObject({ outcome: 'ok', flag: 'probable-site-change' });
    expect(await getSourceHealth(c.handle.db, 'healthy')).toMatchObject({ status: 'probable-site-change' });
    feed.pages = [[]]; // nothing at all, where there always was something
    const [none] = await runJobs([{ sourceId: 'healthy', params: { fireAt: nextFire() } }]);
    expect(none).toMatchObject({ outcome: 'ok', flag: 'probable-site-change' });
    feed.pages = [makeBills('healthy', 1, 10), makeBills('healthy', 11, 8)]; // 18 of 20: fine
    const [normal] = await runJobs([{ sourceId: 'healthy', params: { fireAt: nextFire() } }]);
    expect(normal).toMatchObject({ outcome: 'ok', flag: null });
  }, 30_000);

  test('freshness per jurisdiction: sources covering it, and Open States runs naming it', async () => {
    const health = await listSourceHealth(c.handle.db);
    expect(health.map((h) => h.sourceId)).toEqual(expect.arrayContaining(['broken', 'healthy', 'mystery', 'off']));
    const fresh = await getJurisdictionFreshness(c.handle.db, TEST_JURISDICTION);
    const latest = health.map((h) => h.dataFreshAt).filter((d): d is string => d !== null).sort().at(-1);
    expect(fresh).toMatchObject({ jurisdictionId: TEST_JURISDICTION, lastSuccessAt: latest });
    expect(fresh!.sourceIds).toEqual(['broken', 'healthy', 'off']);

    const tx = 'ocd-jurisdiction/country:us/state:tx/government';
    await c.handle.db.execute(sql`INSERT INTO jurisdictions (id, name, classification, state_code) VALUES (${tx}, 'Texas', 'state', 'TX') ON CONFLICT DO NOTHING`);
    expect(await getJurisdictionFreshness(c.handle.db, tx)).toMatchObject({ lastSuccessAt: null, sourceIds: [] });
    expect(await getJurisdictionFreshness(c.handle.db, 'ocd-jurisdiction/country:us/state:zz/place:nowhere/government')).toBeNull();
    const failedRun = await startRun(c.handle.db, { sourceId: 'openstates', kind: 'openstates', trigger: 'schedule', params: { jurisdiction: tx } });
    await finishRun(c.handle.db, failedRun, { outcome: 'failed', counts: emptyCounts(), errors: [] });
    expect(await getJurisdictionFreshness(c.handle.db, tx)).toMatchObject({ lastSuccessAt: null, sourceIds: ['openstates'] });
    const okRun = await startRun(c.handle.db, { sourceId: 'openstates', kind: 'openstates', trigger: 'cli', params: { jurisdiction: 'tx' } });
    await finishRun(c.handle.db, okRun, { outcome: 'ok', counts: emptyCounts(), errors: [] });
    const txFresh = await getJurisdictionFreshness(c.handle.db, tx);
    expect(txFresh!.lastSuccessAt).not.toBeNull();
    expect(txFresh!.ageMs).toBeGreaterThanOrEqual(0);
  });

  test('every run is in the history with counts and duration', async () => {
    const runs = await allRuns(c.handle);
    expect(runs.filter((r) => r.outcome === 'running')).toEqual([]);
    const [latest] = await listRunHistory(c.handle.db, { sourceId: 'healthy', limit: 1 });
    expect(latest.durationMs).toBeGreaterThanOrEqual(0);
    expect(latest.requests).toBe(2);
  });
});
