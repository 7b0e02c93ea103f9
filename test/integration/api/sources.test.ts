import request from 'supertest';
import { eq } from 'drizzle-orm';
import { createApp } from '../../../server/app.js';
import { createLogger } from '../../../core/logger.js';
import { createUser } from '../../../server/auth/auth-service.js';
import { sources } from '../../../db/schema/index.js';
import { runScheduledSource } from '../../../scrapers/scheduler/run-scheduled-source.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { createScheduler, type Scheduler } from '../../../scrapers/scheduler/scheduler.js';
import { createInProcessQueue } from '../../../db/queue/job-queue.js';
import type { SchedulingControl } from '../../../server/sources/source-schedule-service.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { insertTestJurisdiction, insertTestSource } from '../../helpers/scheduler-fixtures.js';
import { makeBills, startTestSourceServer, type TestSourceServer } from '../../helpers/test-source-server.js';
import { testSourceAdapter } from '../../helpers/test-source.adapter.js';

/*
 * Source health, run history and schedule edits over the API, with runs made by the real
 * pipeline (the test-json adapter against a loopback site) and a real scheduler that
 * re-reads schedules when staff save one.
 */

const EMAIL = 'operator@example.org';
const PASSWORD = 'correct horse battery staple';

type SourceJson = {
  id: string; status: string; enabled: boolean; schedule: string | null; timezone: string; configured: boolean; stale: boolean; running: boolean;
  consecutive_failures: number; data_age_seconds: number | null; data_fresh_at: string | null;
  last_run: { id: number; outcome: string; flag: string | null; fetched: number; first_error: { url: string | null; code: string } | null } | null;
  last_success: { id: number; outcome: string } | null;
};

let server: TestSourceServer;
beforeAll(async () => {
  server = await startTestSourceServer();
});
afterAll(async () => {
  await server.close();
});

describeEachDatabase('sources and runs API', (ctx) => {
  let client: ReturnType<typeof api>;
  let scheduler: Scheduler;
  let reloads = 0;
  let cookie: string;
  let csrf: string;
  let readKey: string;
  let writeKey: string;
  const feed = (name: string) => `${ctx.kind}-${name}`;

  /** One run of a source through the real pipeline and the health flags, as the scheduler runs it. */
  async function run(id: string) {
    const source = await loadSource(ctx.handle, id);
    return runScheduledSource(ctx.handle, testConfig(), source!, testSourceAdapter, { trigger: 'schedule', params: {} });
  }

  const sourceOf = async (id: string): Promise<SourceJson> =>
    ((await client.get('/api/sources').set('Authorization', `Bearer ${readKey}`).expect(200)).body.results as SourceJson[]).find((s) => s.id === id)!;

  beforeAll(async () => {
    await insertTestJurisdiction(ctx.handle);
    server.feeds.set(feed('good'), { pages: [makeBills('good', 1, 10), makeBills('good', 11, 10)], mode: 'ok' });
    server.feeds.set(feed('broken'), { pages: [makeBills('broken', 1, 2)], mode: 'error500' });
    await insertTestSource(ctx.handle, 'good', server.feedUrl(feed('good')), { schedule: '17 */3 * * *' });
    await insertTestSource(ctx.handle, 'broken', server.feedUrl(feed('broken')), { schedule: '7 * * * 1-5', maxAttempts: 1 });
    await insertTestSource(ctx.handle, 'quiet', server.feedUrl(feed('quiet')), { schedule: '0 3 1 1 *', timezone: 'America/Chicago' });

    // A real scheduler (no worker: nothing here waits for a fire), reloaded by schedule edits.
    scheduler = createScheduler({ handle: ctx.handle, queue: createInProcessQueue(), pollIntervalMs: null, coordinator: null });
    await scheduler.start();
    const scheduling: SchedulingControl = {
      reload: async () => {
        reloads += 1;
        return scheduler.reload();
      },
    };
    client = api(createApp({ handle: ctx.handle, config: testConfig(), logger: createLogger('silent'), scheduling }));

    for (let i = 0; i < 3; i++) expect(await run('good')).toMatchObject({ outcome: 'ok', flag: null });
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await run('broken'));
    expect(failures.map((f) => [f.outcome, f.flag])).toEqual([['failed', null], ['failed', null], ['failed', 'failing']]);

    await createUser(ctx.handle.db, { email: EMAIL, name: 'Ops', password: PASSWORD });
    const session = await client.post('/api/session').send({ email: EMAIL, password: PASSWORD }).expect(201);
    cookie = ([] as string[]).concat(session.headers['set-cookie'] ?? [])[0].split(';')[0];
    csrf = session.body.csrf_token;
    readKey = (await client.post('/api/keys').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ name: 'dashboard' }).expect(201)).body.key;
    writeKey = (await client.post('/api/keys').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ name: 'ops', scopes: ['read', 'write'] }).expect(201)).body.key;
  }, 60_000);

  afterAll(async () => {
    await scheduler?.stop();
  });

  test('GET /api/sources is for staff: every source with status, schedule, last run, last success, failures and data age', async () => {
    await client.get('/api/sources').expect(401);
    const res = await client.get('/api/sources').set('Cookie', cookie).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const byId = new Map((res.body.results as SourceJson[]).map((s) => [s.id, s]));
    expect([...byId.keys()]).toEqual(['broken', 'good', 'quiet']);

    const good = byId.get('good')!;
    expect(good).toMatchObject({ status: 'ok', enabled: true, schedule: '17 */3 * * *', timezone: 'UTC', configured: true, stale: false, running: false, consecutive_failures: 0 });
    expect(good.last_run).toMatchObject({ outcome: 'ok', fetched: 20, first_error: null });
    expect(good.last_success!.id).toBe(good.last_run!.id);
    expect(good.data_age_seconds).toBeGreaterThanOrEqual(0);
    expect(good.data_age_seconds).toBeLessThan(60);

    const broken = byId.get('broken')!;
    expect(broken).toMatchObject({ status: 'failing', consecutive_failures: 3, last_success: null, data_fresh_at: null, data_age_seconds: null });
    expect(broken.last_run).toMatchObject({ outcome: 'failed', flag: 'failing' });
    expect(broken.last_run!.first_error).toMatchObject({ code: 'http_status', url: `${server.feedUrl(feed('broken'))}?page=1` });

    expect(byId.get('quiet')).toMatchObject({ status: 'never-run', schedule: '0 3 1 1 *', timezone: 'America/Chicago', last_run: null, last_success: null });
  });

  test('/api/health counts the sources and is degraded (still 200) while an enabled source is failing', async () => {
    const res = await client.get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'degraded',
      scheduler: 'on',
      sources: { total: 3, enabled: 3, ok: 1, failed: 0, failing: 1, probable_site_change: 0, never_run: 1, stale: 0 },
    });
  });

  test('GET /api/sources/:id pages the run history with before; unknown sources are a 404', async () => {
    const auth = { Authorization: `Bearer ${readKey}` };
    const first = await client.get('/api/sources/broken?limit=2').set(auth).expect(200);
    expect(first.body.source).toMatchObject({ id: 'broken', status: 'failing' });
    expect(first.body.runs.map((r: { outcome: string; flag: string | null }) => [r.outcome, r.flag])).toEqual([['failed', 'failing'], ['failed', null]]);
    expect(first.body.next_before).toBe(first.body.runs[1].id);
    const second = await client.get(`/api/sources/broken?limit=2&before=${first.body.next_before}`).set(auth).expect(200);
    expect(second.body.runs).toHaveLength(1);
    expect(second.body.runs[0].id).toBeLessThan(first.body.runs[1].id);
    expect(second.body.next_before).toBeNull();

    const missing = await client.get('/api/sources/no-such-source').set(auth).expect(404);
    expect(missing.body.error.message).toBe('source no-such-source not found');
    expect(missing.headers['cache-control']).toBe('no-store');
    const bad = await client.get('/api/sources/good?limit=0&page=2').set(auth).expect(400);
    expect(bad.body.error.details.map((d: { parameter: string }) => d.parameter).sort()).toEqual(['limit', 'page']);
  });

  test('GET /api/runs/:id shows every error with its URL, the counts and the cursor before and after', async () => {
    const auth = { Authorization: `Bearer ${readKey}` };
    const broken = await sourceOf('broken');
    const failed = await client.get(`/api/runs/${broken.last_run!.id}`).set(auth).expect(200);
    expect(failed.body).toMatchObject({ source_id: 'broken', outcome: 'failed', flag: 'failing', error_count: 1, fetched: 0, requests: 1 });
    expect(failed.body.errors).toEqual([
      { url: `${server.feedUrl(feed('broken'))}?page=1`, code: 'http_status', message: expect.stringMatching(/^HTTP 500 /) },
    ]);
    expect(failed.body.cursor_after).toBeNull();

    const good = await sourceOf('good');
    const ok = await client.get(`/api/runs/${good.last_run!.id}`).set(auth).expect(200);
    expect(ok.body).toMatchObject({ outcome: 'ok', requests: 2, fetched: 20, created: 0, unchanged: 20, errors: [], error_count: 0 });
    expect(ok.body.cursor_before).toEqual({ pagesRead: 2, lastId: 'good-20' });
    expect(ok.body.cursor_after).toEqual({ pagesRead: 2, lastId: 'good-20' });
    expect(ok.body.duration_ms).toBeGreaterThanOrEqual(0);

    await client.get('/api/runs/99999999').set(auth).expect(404);
    const bad = await client.get('/api/runs/latest').set(auth).expect(400);
    expect(bad.body.error.details[0].parameter).toBe('id');
    await client.get(`/api/runs/${good.last_run!.id}`).expect(401);
  });

  test('PATCH /api/sources/:id refuses a bad cron expression or time zone, naming the parameter, and saves nothing', async () => {
    const auth = { Authorization: `Bearer ${writeKey}` };
    const before = reloads;
    const cron = await client.patch('/api/sources/quiet').set(auth).send({ schedule: 'every day at noon' }).expect(400);
    expect(cron.body.error.details).toEqual([{ parameter: 'schedule', message: expect.stringContaining('invalid cron expression "every day at noon"') }]);
    const zone = await client.patch('/api/sources/quiet').set(auth).send({ timezone: 'Mars/Olympus_Mons' }).expect(400);
    expect(zone.body.error.details).toEqual([{ parameter: 'timezone', message: expect.stringContaining('unknown time zone "Mars/Olympus_Mons"') }]);
    const both = await client.patch('/api/sources/quiet').set(auth).send({ schedule: '61 * * * *', timezone: '', enabled: 'yes' }).expect(400);
    expect(both.body.error.details.map((d: { parameter: string }) => d.parameter)).toEqual(['enabled']);
    const both2 = await client.patch('/api/sources/quiet').set(auth).send({ schedule: '61 * * * *', timezone: 'Nowhere' }).expect(400);
    expect(both2.body.error.details.map((d: { parameter: string }) => d.parameter)).toEqual(['schedule', 'timezone']);
    const unknownField = await client.patch('/api/sources/quiet').set(auth).send({ cron: '* * * * *' }).expect(400);
    expect(unknownField.body.error.details).toEqual([{ parameter: 'cron', message: 'unknown body parameter' }]);
    const empty = await client.patch('/api/sources/quiet').set(auth).send({}).expect(400);
    expect(empty.body.error.details[0].parameter).toBe('body');
    await client.patch('/api/sources/no-such-source').set(auth).send({ enabled: false }).expect(404);

    expect(await sourceOf('quiet')).toMatchObject({ schedule: '0 3 1 1 *', timezone: 'America/Chicago', enabled: true });
    expect(reloads).toBe(before);
  });

  test('PATCH needs staff with the CSRF token or a write-scoped key; a saved schedule reaches the running scheduler at once', async () => {
    const edit = { schedule: '30 2 1 1 *', timezone: 'Europe/Paris' };
    await client.patch('/api/sources/quiet').send(edit).expect(401);
    const noCsrf = await client.patch('/api/sources/quiet').set('Cookie', cookie).send(edit).expect(403);
    expect(noCsrf.body.error.message).toBe('missing or wrong CSRF token');
    const readOnly = await client.patch('/api/sources/quiet').set('Authorization', `Bearer ${readKey}`).send(edit).expect(403);
    expect(readOnly.body.error.message).toBe('this API key is read-only');
    expect(scheduler.list().find((s) => s.sourceId === 'quiet')).toMatchObject({ schedule: '0 3 1 1 *', timezone: 'America/Chicago' });

    const before = reloads;
    const saved = await client.patch('/api/sources/quiet').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(edit).expect(200);
    expect(saved.body).toMatchObject({ scheduler: 'reloaded', source: { id: 'quiet', schedule: '30 2 1 1 *', timezone: 'Europe/Paris', enabled: true } });
    expect(reloads).toBe(before + 1);
    expect(scheduler.list().find((s) => s.sourceId === 'quiet')).toMatchObject({ schedule: '30 2 1 1 *', timezone: 'Europe/Paris' });

    // A write key may edit too; disabling unschedules, and a failing source that is disabled no longer degrades health.
    const off = await client.patch('/api/sources/broken').set('Authorization', `Bearer ${writeKey}`).send({ enabled: false }).expect(200);
    expect(off.body.source).toMatchObject({ id: 'broken', enabled: false, status: 'failing' });
    expect(scheduler.list().map((s) => s.sourceId)).not.toContain('broken');
    expect((await client.get('/api/health').expect(200)).body).toMatchObject({ status: 'ok', sources: { failing: 1, enabled: 2 } });
    await client.patch('/api/sources/broken').set('Authorization', `Bearer ${writeKey}`).send({ enabled: true }).expect(200);
    expect((await client.get('/api/health').expect(200)).body.status).toBe('degraded');

    // Null (or blank) means manual runs only.
    const manual = await client.patch('/api/sources/quiet').set('Authorization', `Bearer ${writeKey}`).send({ schedule: null }).expect(200);
    expect(manual.body.source.schedule).toBeNull();
    expect(scheduler.list().map((s) => s.sourceId)).not.toContain('quiet');
    const [row] = await ctx.handle.db.select().from(sources).where(eq(sources.id, 'quiet'));
    expect(row).toMatchObject({ schedule: null, timezone: 'Europe/Paris', enabled: true });
  });

  test('without a scheduler in this process the edit is saved and says so; a failed reload still saves', async () => {
    const plain = api(createApp({ handle: ctx.handle, config: testConfig(), logger: createLogger('silent') }));
    const auth = { Authorization: `Bearer ${writeKey}` };
    expect((await plain.patch('/api/sources/quiet').set(auth).send({ schedule: '0 4 1 1 *' }).expect(200)).body.scheduler).toBe('off');
    expect((await plain.get('/api/health').expect(200)).body.scheduler).toBe('off');
    const broken = api(
      createApp({ handle: ctx.handle, config: testConfig(), logger: createLogger('silent'), scheduling: { reload: () => Promise.reject(new Error('database gone')) } }),
    );
    expect((await broken.patch('/api/sources/quiet').set(auth).send({ schedule: '0 5 1 1 *' }).expect(200)).body.scheduler).toBe('reload_failed');
    expect((await sourceOf('quiet')).schedule).toBe('0 5 1 1 *');
  });

  test('a run parsing far fewer items than usual shows as a probable site change in the source and in /api/health', async () => {
    server.feeds.get(feed('good'))!.pages = [makeBills('good', 1, 2)];
    expect(await run('good')).toMatchObject({ outcome: 'ok', flag: 'probable-site-change' });
    expect(await sourceOf('good')).toMatchObject({ status: 'probable-site-change', last_run: { flag: 'probable-site-change', fetched: 2 } });
    expect((await client.get('/api/health').expect(200)).body.sources).toMatchObject({ ok: 0, probable_site_change: 1, failing: 1 });
  });

  test('source pages need staff and the CSRF token: the form saves a schedule and names a bad one', async () => {
    const pages = request(createApp({ handle: ctx.handle, config: testConfig(), logger: createLogger('silent') }));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const list = await pages.get('/staff/sources').set('Cookie', cookie).expect(200);
    expect(list.text).toMatch(/<tr data-source="broken" data-status="failing">[\s\S]*?class="source-status outcome-failing">Failing</);
    expect(list.text).toContain('Probable site change');
    const detail = await pages.get('/staff/sources/quiet').set('Cookie', cookie).expect(200);
    expect(detail.text).toContain(`name="_csrf" value="${csrf}"`);

    await pages.post('/staff/sources/quiet').set('Cookie', cookie).set(form).send(new URLSearchParams({ schedule: '0 6 1 1 *', timezone: 'UTC' }).toString()).expect(403);
    const bad = await pages.post('/staff/sources/quiet').set('Cookie', cookie).set(form)
      .send(new URLSearchParams({ _csrf: csrf, schedule: 'sometimes', timezone: 'Atlantis/Capital', enabled: 'on' }).toString()).expect(400);
    expect(bad.text).toContain('id="schedule-error">invalid cron expression &quot;sometimes&quot;');
    expect(bad.text).toContain('id="timezone-error">unknown time zone &quot;Atlantis/Capital&quot;');
    expect(bad.text).toContain('value="sometimes"');

    const saved = await pages.post('/staff/sources/quiet').set('Cookie', cookie).set(form)
      .send(new URLSearchParams({ _csrf: csrf, schedule: '0 6 1 1 *', timezone: 'America/Denver' }).toString()).expect(303);
    expect(saved.headers.location).toBe('/staff/sources/quiet?saved=off#schedule');
    expect(await sourceOf('quiet')).toMatchObject({ schedule: '0 6 1 1 *', timezone: 'America/Denver', enabled: false });
  });
});
