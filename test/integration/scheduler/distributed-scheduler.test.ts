import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { allRuns, insertTestJurisdiction, insertTestSource, spawnTrackerProcess, waitFor, type TrackerChild } from '../../helpers/scheduler-fixtures.js';
import { makeBills, startTestSourceServer, type TestSourceServer } from '../../helpers/test-source-server.js';
import { createPgBossQueue, SCRAPE_QUEUE } from '../../../db/queue/job-queue.js';
import { startWorker } from '../../../scrapers/scheduler/scheduling-service.js';
import { testAdapterFor } from '../../helpers/test-source.adapter.js';
import { testConfig } from '../../helpers/test-app.js';

/*
 * Scale-out on a real PostgreSQL, with real processes: two scheduler processes firing the
 * same once-a-second schedule, and a worker process killed with SIGKILL in the middle of a
 * run. Needs TEST_DATABASE_URL (the CI sets it).
 */

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const describePg = hasPostgres ? describe : describe.skip;
if (!hasPostgres) {
  test.skip('distributed scheduler tests need PostgreSQL: set TEST_DATABASE_URL (the CI does)', () => undefined);
}

type JobRow = { state: string; n: number };

async function jobStates(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await queryRows<JobRow>(db.db, sql`SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = ${SCRAPE_QUEUE} GROUP BY state`);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

describePg('one scheduler per fire across processes, durable jobs [postgres]', () => {
  let db: TestDatabase;
  let server: TestSourceServer;
  const children: TrackerChild[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    server = await startTestSourceServer();
    await insertTestJurisdiction(db);
    // pg-boss installs its schema once here, so the children do not race to install it.
    const queue = createPgBossQueue(db.pool!, { supervise: false });
    await queue.start();
    await queue.stop({ graceMs: 0 });
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    server.releaseHung();
    await server?.close();
    await db?.close();
  });

  test('two scheduler processes, a once-a-second schedule for ~5 s: each fire runs exactly once', async () => {
    server.feeds.set('every-second', { pages: [makeBills('sec', 1, 2)], mode: 'ok' });
    await insertTestSource(db, 'every-second', server.feedUrl('every-second'), { schedule: '* * * * * *' });
    const a = spawnTrackerProcess('scheduler', db.url!, { name: 'scheduler-a' });
    const b = spawnTrackerProcess('scheduler', db.url!, { name: 'scheduler-b' });
    children.push(a, b);
    await Promise.all([a.ready, b.ready]);
    await new Promise((r) => setTimeout(r, 5000));
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);

    // Whatever the schedulers enqueued but had not run when they stopped: drain it here.
    const worker = await startWorker({ handle: db, config: testConfig({ DATABASE_URL: db.url! }), adapterFor: testAdapterFor, queueOptions: { pollingIntervalSeconds: 0.5, supervise: false } });
    try {
      await waitFor('the queue to drain', async () => {
        const s = await jobStates(db);
        return (s.created ?? 0) + (s.retry ?? 0) + (s.active ?? 0) === 0 ? s : undefined;
      });
    } finally {
      await worker.stop({ graceMs: 5000 });
    }

    const fires = [...a.events, ...b.events].filter((e) => e.event === 'fire');
    const wonByA = new Set(a.events.filter((e) => e.event === 'fire').map((e) => e.fireAt as string));
    const wonByB = new Set(b.events.filter((e) => e.event === 'fire').map((e) => e.fireAt as string));
    // Each fire was claimed by one process only.
    expect([...wonByA].filter((f) => wonByB.has(f))).toEqual([]);
    expect(fires.every((e) => typeof e.jobId === 'string')).toBe(true);

    const leases = await queryRows<{ name: string; holder: string }>(db.db, sql`SELECT name, holder FROM run_leases ORDER BY name`);
    expect(leases.length).toBe(fires.length);
    expect(new Set(leases.map((l) => l.holder))).toEqual(new Set([...(wonByA.size ? ['scheduler-a'] : []), ...(wonByB.size ? ['scheduler-b'] : [])]));

    const runs = (await allRuns(db)).filter((r) => r.source_id === 'every-second');
    const perFire = new Map<string, number>();
    for (const r of runs) perFire.set(r.fire_at!, (perFire.get(r.fire_at!) ?? 0) + 1);
    expect(perFire.size).toBeGreaterThanOrEqual(4);
    expect([...perFire.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perFire.keys())).toEqual(new Set(fires.map((e) => e.fireAt as string)));
    expect(runs.every((r) => r.outcome === 'ok')).toBe(true);
    // Fires are a second apart: the schedule was honoured, not run in a burst.
    const times = [...perFire.keys()].map((f) => Date.parse(f)).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
    const bills = await queryRows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM bills`);
    expect(bills[0].n).toBe(2);
  }, 40_000);

  test('a worker killed mid-job (SIGKILL): the job is retried by another worker and completes, no duplicate rows', async () => {
    // Page 2 hangs the first time it is asked for: that is where worker A dies.
    server.feeds.set('crashy', { pages: [makeBills('crash', 1, 3), makeBills('crash', 4, 3)], mode: 'ok', hangOncePage: 2 });
    await insertTestSource(db, 'crashy', server.feedUrl('crashy'), { timeoutMs: 30_000 });
    const fireAt = '2025-03-04T05:06:07.000Z';
    const queue = createPgBossQueue(db.pool!, { supervise: false });
    await queue.start();
    const jobId = await queue.enqueue({ sourceId: 'crashy', params: { fireAt } }, { key: `crashy@${fireAt}`, expireInSeconds: 3, retryLimit: 2, retryDelaySeconds: 0 });
    expect(jobId).not.toBeNull();
    // The same fire enqueued again is the same job.
    expect(await queue.enqueue({ sourceId: 'crashy', params: { fireAt } }, { key: `crashy@${fireAt}`, expireInSeconds: 3 })).toBeNull();
    await queue.stop({ graceMs: 0 });

    const hang = server.nextHang();
    const a = spawnTrackerProcess('worker', db.url!, { name: 'worker-a' });
    children.push(a);
    await a.ready;
    expect(await hang).toEqual({ feed: 'crashy', page: 2 });
    await a.kill();

    const b = spawnTrackerProcess('worker', db.url!, { name: 'worker-b' });
    children.push(b);
    await b.ready;
    const done = await waitFor('the retried job to finish', async () => {
      const runs = (await allRuns(db)).filter((r) => r.source_id === 'crashy');
      return runs.some((r) => r.outcome === 'ok') ? runs : undefined;
    }, 25_000);
    expect(await b.stop()).toBe(0);

    // Two attempts of one fire: the dead worker's run closed as abandoned, the retry ok.
    expect(done.map((r) => [r.fire_at, r.outcome])).toEqual([[fireAt, 'failed'], [fireAt, 'ok']]);
    expect(done[0].errors.map((e) => e.code)).toEqual(['abandoned']);
    expect(done[0].created).toBe(0); // counts of the dead attempt were never recorded...
    expect(done[1]).toMatchObject({ fetched: 6, created: 3 }); // ...its page-1 bills were: the retry found them unchanged
    const bills = await queryRows<{ identifier: string; n: number }>(
      db.db,
      sql`SELECT identifier, count(*)::int AS n FROM bills WHERE title LIKE 'crash bill%' GROUP BY identifier ORDER BY identifier`,
    );
    expect(bills.map((r) => r.identifier)).toEqual(['HB 1', 'HB 2', 'HB 3', 'HB 4', 'HB 5', 'HB 6']);
    expect(bills.every((r) => r.n === 1)).toBe(true);
    const job = await queryRows<{ state: string; retry_count: number }>(db.db, sql`SELECT state, retry_count FROM pgboss.job WHERE id = ${jobId}::uuid`);
    expect(job).toEqual([{ state: 'completed', retry_count: 1 }]);
  }, 45_000);
});
