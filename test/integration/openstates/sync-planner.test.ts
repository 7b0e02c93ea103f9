import type { NormalizedBillInput } from '../../../core/bill/bill.schema.js';
import { InMemoryQuotaStore } from '../../../core/sources/quota-store.js';
import { OpenStatesClient, type Clock } from '../../../scrapers/openstates/openstates-client.js';
import type { OpenStatesSession } from '../../../scrapers/openstates/openstates-bill.schema.js';
import { readOpenStatesCursor, runOpenStatesSync, type OpenStatesCursor, type OpenStatesJurisdictionCursor, type OpenStatesSyncSink } from '../../../scrapers/openstates/sync-planner.js';
import { startOpenStatesServer, syntheticBill, type FakeJurisdiction, type OpenStatesTestServer } from '../../helpers/openstates-server.js';

const KEY = 'planner-key';
const ZZ: FakeJurisdiction = {
  id: 'ocd-jurisdiction/country:us/state:zz/government',
  name: 'Synthetica',
  abbreviation: 'zz',
  latest_bill_update: '2025-02-15T00:00:00+00:00',
  legislative_sessions: [
    { identifier: '2023', name: '2023 Regular Session', classification: 'primary', start_date: '2023-01-11', end_date: '2023-05-01' },
    { identifier: '2024', name: '2024 Regular Session', classification: 'primary', start_date: '2024-01-10', end_date: '2024-05-01' },
    { identifier: '2025', name: '2025 Regular Session', classification: 'primary', start_date: '2025-01-08', end_date: '2025-06-01' },
  ],
};
const DAY_MS = 86_400_000;

function clockAt(iso: string): Clock & { set(iso: string): void } {
  let now = Date.parse(iso);
  return { now: () => now, sleep: async (ms) => { now += ms; }, set: (value) => { now = Date.parse(value); } };
}

/** What the lead's pipeline would do: keep the bills, the sessions and the last saved cursor. */
function memorySink(options: { failOnBackfill?: boolean } = {}) {
  const delivered: { task: string; bill: NormalizedBillInput }[] = [];
  const saved: Record<string, OpenStatesJurisdictionCursor> = {};
  const sessions: Record<string, OpenStatesSession[]> = {};
  const sink: OpenStatesSyncSink = {
    async bills(bills, context) {
      if (options.failOnBackfill && context.task === 'backfill') throw new Error('database is down');
      for (const bill of bills) delivered.push({ task: context.task, bill });
    },
    async sessions(id, list) { sessions[id] = list; },
    async cursor(id, cursor) { saved[id] = JSON.parse(JSON.stringify(cursor)) as OpenStatesJurisdictionCursor; },
  };
  return { sink, delivered, saved, sessions };
}

let server: OpenStatesTestServer;
const bills2025 = Array.from({ length: 45 }, (_, i) => syntheticBill(i + 1, ZZ, '2025', `2025-02-01T00:00:${String(i).padStart(2, '0')}.000001+00:00`));
const bills2024 = Array.from({ length: 5 }, (_, i) => syntheticBill(100 + i, ZZ, '2024', `2024-06-01T00:00:0${i}+00:00`));
const bills2023 = [syntheticBill(200, ZZ, '2023', '2023-06-01T00:00:00+00:00')];

beforeEach(async () => {
  server = await startOpenStatesServer({ apiKeys: [KEY], bills: structuredClone([...bills2025, ...bills2024, ...bills2023]), jurisdictions: [ZZ] });
});
afterEach(() => server.close());

test('spends a small daily budget, stops cleanly, resumes each day from the stored cursor, and covers everything', async () => {
  const clock = clockAt('2025-03-03T08:00:00Z');
  const store = new InMemoryQuotaStore();
  const { sink, delivered, saved, sessions } = memorySink();
  let stored: unknown = {};
  const outcomes: string[] = [];
  const tracked = [{ jurisdictionId: ZZ.id, session: '2025', identifier: 'HB 44', pending: true }];

  for (let day = 0; day < 6; day++) {
    // A new client each day, like a new cron run after a restart; the store carries the day's count.
    const client = new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, requestsPerDay: 3, quotaStore: store, clock });
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    const result = await runOpenStatesSync(client, sink, { jurisdictions: [ZZ.id], cursors: readOpenStatesCursor(stored), tracked, today });
    outcomes.push(result.outcome);
    expect(result.requests).toBeLessThanOrEqual(3);
    if (result.outcome === 'quota_exhausted') expect(result.resumeAt).toBe(new Date(Date.parse(`${today}T00:00:00Z`) + DAY_MS).toISOString());
    expect(saved[ZZ.id]).toEqual(result.cursors[ZZ.id]);
    stored = JSON.parse(JSON.stringify(result.cursors));
    if (day === 0) {
      // Day one: sessions read, then the tracked pending bill refreshed before any crawl reached it.
      expect(sessions[ZZ.id]!.map((s) => s.identifier)).toEqual(['2023', '2024', '2025']);
      expect(delivered.filter((d) => d.task === 'targeted').map((d) => d.bill.identifier)).toEqual(['HB 44']);
      expect((stored as OpenStatesCursor)[ZZ.id]!.backfill.map((b) => b.session)).toEqual(['2025', '2024']);
    }
    if (result.outcome === 'done') break;
    clock.set(new Date(clock.now() + DAY_MS).toISOString());
  }

  expect(outcomes.at(-1)).toBe('done');
  expect(outcomes.slice(0, -1).every((o) => o === 'quota_exhausted')).toBe(true);
  const seen = new Set(delivered.map((d) => d.bill.externalId));
  // Current (2025) and previous (2024) sessions in full; 2023 is outside the window.
  expect(seen.size).toBe(50);
  expect(seen.has(String(bills2023[0]!.id))).toBe(false);
  expect(server.requests.every((r) => r.status === 200)).toBe(true);

  // Next day: one bill moved and one was filed; the freshness crawl brings exactly those.
  (server.bills.find((b) => b.identifier === 'HB 3')!).updated_at = '2025-03-20T10:00:00+00:00';
  server.bills.push(syntheticBill(46, ZZ, '2025', '2025-03-20T11:00:00+00:00'));
  delivered.splice(0);
  clock.set(new Date(clock.now() + DAY_MS).toISOString());
  const client = new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, requestsPerDay: 3, quotaStore: store, clock });
  const result = await runOpenStatesSync(client, sink, { jurisdictions: [ZZ.id], cursors: readOpenStatesCursor(stored), today: new Date(clock.now()).toISOString().slice(0, 10) });
  expect(result.outcome).toBe('done');
  expect(result.requests).toBe(1);
  expect(delivered.map((d) => [d.task, d.bill.identifier])).toEqual([['fresh', 'HB 3'], ['fresh', 'HB 46']]);
  expect(result.cursors[ZZ.id]!.fresh.watermark).toBe('2025-03-20T11:00:00+00:00');
});

test('the cursor does not advance past a page the pipeline failed to store', async () => {
  const clock = clockAt('2025-03-03T08:00:00Z');
  const { sink, saved } = memorySink({ failOnBackfill: true });
  const client = new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, clock });
  await expect(runOpenStatesSync(client, sink, { jurisdictions: [ZZ.id], cursors: {}, today: '2025-03-03' })).rejects.toThrow('database is down');
  expect(saved[ZZ.id]!.backfill[0]).toEqual({ session: '2025', since: null, page: 1 });
  expect(saved[ZZ.id]!.fresh.caughtUpOn).toBe('2025-03-03');
});

test('a bad key stops the whole run without retrying', async () => {
  const { sink } = memorySink();
  const client = new OpenStatesClient({ baseUrl: server.url, apiKey: 'nope', clock: clockAt('2025-03-03T08:00:00Z') });
  await expect(runOpenStatesSync(client, sink, { jurisdictions: [ZZ.id], cursors: {}, today: '2025-03-03' })).rejects.toMatchObject({ code: 'auth_invalid' });
  expect(server.requests).toHaveLength(1);
});

test('a state whose crawl keeps failing is reported and the run goes on', async () => {
  const { sink, delivered } = memorySink();
  const client = new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, clock: clockAt('2025-03-03T08:00:00Z'), maxAttempts: 2, backoffMs: () => 1 });
  const cursors = { [ZZ.id]: { ...readOpenStatesCursor({ x: { version: 1 } }).x!, sessionsCheckedOn: '2025-03-03', backfillPlanned: true, relevantSessions: ['2025'], backfill: [{ session: '2025', since: null, page: 1 }], fresh: { watermark: '2025-02-15T00:00:00+00:00', page: 1, caughtUpOn: null, behind: false } } };
  server.failNext(2, 503);
  const result = await runOpenStatesSync(client, sink, { jurisdictions: [ZZ.id], cursors, today: '2025-03-03' });
  expect(result.errors).toEqual([expect.objectContaining({ task: 'fresh', code: 'server_error' })]);
  expect(result.outcome).toBe('done');
  // Every 2025 bill still arrives through the backfill (the page boundary bill is re-read, harmlessly).
  expect(new Set(delivered.map((d) => d.bill.externalId)).size).toBe(45);
});
