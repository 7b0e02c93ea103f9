/**
 * One client cannot slow the site, and the tracker is honest when offline:
 * - exports (CSV) have their own, much lower budget, and run one at a time per client and
 *   two at a time in all; page routes are rate-limited too, public subscription requests
 *   (each sends an email) much more;
 * - X-Forwarded-For is believed only from TRUST_PROXY, so a client cannot reset its budget;
 * - a source whose site cannot be reached is reported (`sources unreachable` in /api/health)
 *   and its scheduled fires back off instead of retrying on every one.
 * (How the home page fares under an export flood is measured in `npm run bench -- --only exports`.)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { loadApiFixtures } from '../api/api-fixtures.js';
import { importFixtureBills } from '../../helpers/bill-fixtures.js';
import { syntheticRecords } from '../../../cli/bench/synthetic-records.js';
import { exportGate } from '../../../server/middleware/public-read.js';
import { SUBSCRIBE_RATE_LIMIT } from '../../../server/app.js';
import { errorHandler } from '../../../server/middleware/error-handler.js';
import { createLogger } from '../../../core/logger.js';
import { createScrapeJobHandler, type ScrapeJobResult } from '../../../scrapers/scheduler/scrape-job-handler.js';
import { testAdapterFor } from '../../helpers/test-source.adapter.js';
import { insertTestJurisdiction, insertTestSource } from '../../helpers/scheduler-fixtures.js';
import { unreachableBackoffUntil, UNREACHABLE_BACKOFF_MS } from '../../../core/sources/source-health.js';

describe('the export gate (real middleware, a route that holds its answer)', () => {
  test('one export at a time per client and two in all; the rest get 429 with Retry-After; other requests pass', async () => {
    const release: (() => void)[] = [];
    const app = express();
    app.set('trust proxy', 'loopback');
    app.use(exportGate({ perMinute: 100, isExport: (req) => req.path.endsWith('.csv') }));
    app.get('/slow.csv', (_req, res) => {
      release.push(() => res.type('text/csv').send('a,b\n'));
    });
    app.get('/fast', (_req, res) => res.send('ok'));
    app.use(errorHandler(createLogger('silent')));
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    try {
      const first = fetch(`${base}/slow.csv`, { headers: from('198.51.100.1') });
      while (release.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const sameClient = await fetch(`${base}/slow.csv`, { headers: from('198.51.100.1') });
      expect(sameClient.status).toBe(429);
      expect(sameClient.headers.get('retry-after')).toBe('5');
      expect(((await sameClient.json()) as { error: { message: string } }).error.message).toMatch(/at most 1 export at a time per client/);
      const second = fetch(`${base}/slow.csv`, { headers: from('198.51.100.2') });
      while (release.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      const third = await fetch(`${base}/slow.csv`, { headers: from('198.51.100.3') });
      expect(third.status).toBe(429);
      expect((await fetch(`${base}/fast`, { headers: from('198.51.100.3') })).status).toBe(200);
      for (const r of release) r();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      // Slots are given back when an export ends.
      const again = fetch(`${base}/slow.csv`, { headers: from('198.51.100.3') });
      while (release.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      release[2]();
      expect((await again).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describeEachDatabase('rate limits per client', (ctx) => {
  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
  });

  test('exports have their own budget: the third CSV in a minute is refused while JSON reads go on', async () => {
    const app = testApp(ctx.handle, { EXPORT_RATE_LIMIT: '2' });
    await request(app).get('/api/bills.csv').expect(200);
    await request(app).get('/api/map.csv?policy=no-knock').expect(200);
    const refused = await request(app).get('/api/bills').set('Accept', 'text/csv').expect(429);
    expect(refused.body.error.message).toBe('too many exports: at most 2 a minute');
    await request(app).get('/api/bills').expect(200);
  });

  test('every CSV export shares that budget: the what-moved and adoption CSVs included', async () => {
    const app = testApp(ctx.handle, { EXPORT_RATE_LIMIT: '2' });
    await request(app).get('/api/changes.csv?since=2020-01-01').expect(200);
    await request(app).get('/api/adoption').query({ policy: 'no-knock' }).set('Accept', 'text/csv').expect(200);
    const refused = await request(app).get('/api/bills.csv').expect(429);
    expect(refused.body.error.message).toBe('too many exports: at most 2 a minute');
  });

  test('a large bill export is sent in pages of 200: every bill once, in order, with the introduced, sponsor, tracker and last-vote columns; what moved likewise', async () => {
    const imported = await importFixtureBills(ctx.handle, syntheticRecords(450, 1, 'paging'));
    expect(imported.counts.created).toBe(450);
    const app = testApp(ctx.handle, { PUBLIC_URL: 'https://tracker.example.org' });
    const res = await request(app).get('/api/bills.csv?session=2025&sort=oldest').expect(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const paged = rows.filter((r) => r.source_url.startsWith('https://example.org/'));
    expect(paged).toHaveLength(450);
    expect(new Set(paged.map((r) => r.id)).size).toBe(450);
    // Keyset pages join without a gap or an overlap: the export is the JSON list, in its order.
    const json: number[] = [];
    for (let cursor: string | null = null, n = 0; n < 20; n++) {
      const page = (await request(app).get('/api/bills').query({ session: '2025', sort: 'oldest', limit: 100, ...(cursor ? { cursor } : {}) }).expect(200)).body as { results: { id: number }[]; next_cursor: string | null };
      json.push(...page.results.map((b) => b.id));
      if (!(cursor = page.next_cursor)) break;
    }
    expect(rows.map((r) => Number(r.id))).toEqual(json);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['introduced_date', 'introduced_basis', 'sponsors', 'tracker_url', 'last_vote_date', 'last_vote_tally']));
    const hb7 = paged.find((r) => r.identifier === 'HB 7')!;
    expect(hb7).toMatchObject({ sponsors: 'Delegate H7; Delegate O20', introduced_date: '2025-01-10', tracker_url: expect.stringMatching(/^https:\/\/tracker\.example\.org\//), last_vote_date: '' });

    // What moved, paged on the change id the same way: every change once, newest first.
    const changes = parse((await request(app).get('/api/changes.csv?since=2000-01-01').expect(200)).text, { columns: true }) as Record<string, string>[];
    const listed: number[] = [];
    for (let before: number | null = null, n = 0; n < 20; n++) {
      const page = (await request(app).get('/api/changes').query({ since: '2000-01-01', limit: 100, ...(before ? { before } : {}) }).expect(200)).body as { results: { id: number }[]; next_before: number | null };
      listed.push(...page.results.map((c) => c.id));
      if (!(before = page.next_before)) break;
    }
    expect(changes.length).toBeGreaterThan(200);
    expect(changes.map((c) => Number(c.change_id))).toEqual(listed);
  });

  test('public subscription requests (each emails the address typed) have their own small budget', async () => {
    const app = testApp(ctx.handle, { PAGE_RATE_LIMIT: '1000' });
    // Refused forms still count: the budget is spent before anything is checked or sent.
    for (let i = 0; i < SUBSCRIBE_RATE_LIMIT; i++) await request(app).post('/subscribe').type('form').send({ email: 'not-an-address', bill_id: '1' }).expect(400);
    const refused = await request(app).post('/subscribe').type('form').send({ email: 'someone@example.org', bill_id: '1' }).expect(429);
    expect(refused.text).toContain(`too many subscription requests: at most ${SUBSCRIBE_RATE_LIMIT} a minute`);
    await request(app).get('/policies').expect(200);
  });

  test('X-Forwarded-For does not reset a budget unless the peer is a trusted proxy', async () => {
    const direct = testApp(ctx.handle, { API_RATE_LIMIT: '2' });
    for (const ip of ['203.0.113.1', '203.0.113.2']) await request(direct).get('/api/policies').set('X-Forwarded-For', ip).expect(200);
    await request(direct).get('/api/policies').set('X-Forwarded-For', '203.0.113.3').expect(429);
    const proxied = testApp(ctx.handle, { API_RATE_LIMIT: '2', TRUST_PROXY: 'loopback' });
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await request(proxied).get('/api/policies').set('X-Forwarded-For', ip).expect(200);
  });

  test('page routes are rate-limited too (signed-out clients)', async () => {
    const app = testApp(ctx.handle, { PAGE_RATE_LIMIT: '2' });
    await request(app).get('/').expect(200);
    await request(app).get('/policies').expect(200);
    const refused = await request(app).get('/search').expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // Static files are not page views.
    await request(app).get('/static/site.css').expect(200);
  });
});

describe('unreachable backoff rule', () => {
  test('15 minutes after the first unreachable failure, doubling per failure, capped at 6 hours; other failures do not back off', () => {
    const at = (n: number, code = 'network') => ({ consecutiveFailures: n, lastOutcome: 'failed', lastErrorCode: code, lastFinishedAt: '2026-01-01T00:00:00.000Z' });
    const now = new Date('2026-01-01T00:00:01.000Z');
    expect(unreachableBackoffUntil(at(1), now)?.toISOString()).toBe('2026-01-01T00:15:00.000Z');
    expect(unreachableBackoffUntil(at(3), now)?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(unreachableBackoffUntil(at(12), now)?.toISOString()).toBe('2026-01-01T06:00:00.000Z');
    expect(unreachableBackoffUntil(at(2, 'timeout'), now)).not.toBeNull();
    expect(unreachableBackoffUntil(at(5, 'http_status'), now)).toBeNull();
    expect(unreachableBackoffUntil(at(1), new Date(Date.parse('2026-01-01T00:00:00.000Z') + UNREACHABLE_BACKOFF_MS))).toBeNull();
  });
});

describeEachDatabase('offline: a source whose site cannot be reached', (ctx) => {
  test('is reported as unreachable by /api/health, and its next fire backs off instead of retrying', async () => {
    await insertTestJurisdiction(ctx.handle);
    // A loopback port nobody listens on: connection refused, as when offline.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await insertTestSource(ctx.handle, 'offline-feed', `http://127.0.0.1:${port}/feeds/none`, { timeoutMs: 500, maxAttempts: 1, schedule: '0 * * * *' });
    const handler = createScrapeJobHandler({ handle: ctx.handle, config: testConfig(), adapterFor: testAdapterFor, trigger: 'schedule', timeLimitFor: () => 10_000 });
    const meta = (n: number) => ({ id: `job-${n}`, attempt: 1, key: `offline-feed@${n}` });

    const first = (await handler({ sourceId: 'offline-feed', params: { fireAt: '2026-01-01T00:00:00.000Z' } }, meta(1))) as ScrapeJobResult;
    expect(first).toMatchObject({ status: 'ran', outcome: 'failed' });
    const second = (await handler({ sourceId: 'offline-feed', params: { fireAt: '2026-01-01T01:00:00.000Z' } }, meta(2))) as ScrapeJobResult;
    expect(second).toEqual({ status: 'skipped', reason: expect.stringMatching(/^backing off: its site could not be reached 1 time\(s\) in a row; next try after /) });

    const health = await request(testApp(ctx.handle)).get('/api/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.sources.unreachable).toBe(1);
    expect(health.body.problems).toContainEqual(expect.stringMatching(/^sources unreachable: 1 of \d+ enabled sources could not be reached/));
  });
});
