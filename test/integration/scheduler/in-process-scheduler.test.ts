import { eq } from 'drizzle-orm';
import { sources } from '../../../db/schema/index.js';
import { listRunHistory } from '../../../db/runs/source-health.js';
import { startScheduling, startWorker, WorkerNeedsPostgresError } from '../../../scrapers/scheduler/scheduling-service.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { allRuns, insertTestJurisdiction, insertTestSource } from '../../helpers/scheduler-fixtures.js';
import { makeBills, startTestSourceServer, type TestSourceServer } from '../../helpers/test-source-server.js';
import { testAdapterFor } from '../../helpers/test-source.adapter.js';
import { testConfig } from '../../helpers/test-app.js';

/*
 * The embedded default: scheduler and jobs in one process on PGlite. A hanging source is
 * ended by its time limit and never overlaps itself, while a healthy source keeps firing
 * every second; bad schedules are reported, not thrown; reload() picks up staff edits.
 */

let db: TestDatabase;
let server: TestSourceServer;

beforeAll(async () => {
  db = await createTestDatabase('pglite');
  server = await startTestSourceServer();
  await insertTestJurisdiction(db);
});
afterAll(async () => {
  server.releaseHung();
  await server.close();
  await db.close();
});

test('a hanging source is cut at its time limit and skips its fires while running; the others keep their schedule', async () => {
  server.feeds.set('tick', { pages: [makeBills('tick', 1, 2)], mode: 'ok' });
  server.feeds.set('stuck', { pages: [makeBills('stuck', 1, 2)], mode: 'hang' });
  await insertTestSource(db, 'tick', server.feedUrl('tick'), { schedule: '* * * * * *' });
  await insertTestSource(db, 'stuck', server.feedUrl('stuck'), { schedule: '* * * * * *', timeoutMs: 5000, maxAttempts: 1 });
  await insertTestSource(db, 'typo', server.feedUrl('tick'), { schedule: '61 * * * *' });
  await insertTestSource(db, 'mars', server.feedUrl('tick'), { schedule: '0 * * * *', timezone: 'Mars/Olympus_Mons' });
  await insertTestSource(db, 'manual', server.feedUrl('tick'), { schedule: null });

  const fires: string[] = [];
  const service = await startScheduling({
    handle: db,
    config: testConfig(),
    adapterFor: testAdapterFor,
    timeLimitFor: (s) => (s.id === 'stuck' ? 1500 : 5000),
    schedulerOptions: { pollIntervalMs: null, onFire: (e) => fires.push(`${e.sourceId}@${e.fireAt}`) },
  });
  try {
    expect(service.queue.mode).toBe('in-process');
    const listed = service.scheduler.list();
    expect(listed.map((s) => s.sourceId).sort()).toEqual(['stuck', 'tick']);
    expect(Date.parse(listed[0].nextRunAt!)).toBeGreaterThan(Date.now() - 1000);
    await new Promise((r) => setTimeout(r, 4200));

    // Staff edit schedules: tick disabled, stuck moved to once a year, the typo fixed.
    await db.db.update(sources).set({ enabled: false }).where(eq(sources.id, 'tick'));
    await db.db.update(sources).set({ schedule: '0 0 1 1 *' }).where(eq(sources.id, 'stuck'));
    await db.db.update(sources).set({ schedule: '1 * * * *' }).where(eq(sources.id, 'typo'));
    const reloaded = await service.reload();
    expect(reloaded).toMatchObject({ removed: ['tick'], changed: ['stuck'], added: ['typo'] });
    expect(reloaded.problems).toEqual([{ sourceId: 'mars', schedule: '0 * * * *', timezone: 'Mars/Olympus_Mons', reason: 'unknown time zone "Mars/Olympus_Mons"' }]);
  } finally {
    await service.stop({ graceMs: 3000 });
  }

  const runs = await allRuns(db);
  const tick = runs.filter((r) => r.source_id === 'tick');
  expect(tick.length).toBeGreaterThanOrEqual(3);
  expect(tick.every((r) => r.outcome === 'ok' && r.trigger === 'schedule')).toBe(true);
  expect(new Set(tick.map((r) => r.fire_at)).size).toBe(tick.length);

  const stuck = (await listRunHistory(db.db, { sourceId: 'stuck' })).reverse();
  expect(stuck.length).toBeGreaterThanOrEqual(1);
  expect(stuck.length).toBeLessThan(fires.filter((f) => f.startsWith('stuck@')).length);
  for (const r of stuck) {
    expect(r.outcome).toBe('failed');
    expect(r.firstError!.message).toBe('run exceeded its time limit of 1500 ms');
  }
  // Never two runs of one source at once.
  for (let i = 1; i < stuck.length; i++) expect(Date.parse(stuck[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(stuck[i - 1].finishedAt!));
}, 20_000);

test('a worker refuses to start on the embedded database', async () => {
  await expect(startWorker({ handle: db, config: testConfig(), adapterFor: testAdapterFor })).rejects.toThrow(WorkerNeedsPostgresError);
  await expect(startWorker({ handle: db, config: testConfig(), adapterFor: testAdapterFor })).rejects.toThrow(/workers need PostgreSQL: set DATABASE_URL/);
});
