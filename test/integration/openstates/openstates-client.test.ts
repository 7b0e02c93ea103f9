import { ScrapeError } from '../../../core/scrape-errors.js';
import { apiKeyId, InMemoryQuotaStore } from '../../../core/sources/quota-store.js';
import { OpenStatesClient, QuotaExhaustedError, type Clock, type OpenStatesClientOptions } from '../../../scrapers/openstates/openstates-client.js';
import { loadOpenStatesFixtures, startOpenStatesServer, syntheticBill, type FakeJurisdiction, type OpenStatesTestServer } from '../../helpers/openstates-server.js';

const KEY = 'test-key-1';
const CO: FakeJurisdiction = { id: 'ocd-jurisdiction/country:us/state:co/government', name: 'Colorado', abbreviation: 'co', legislative_sessions: [] };
const ZZ: FakeJurisdiction = { id: 'ocd-jurisdiction/country:us/state:zz/government', name: 'Synthetica', abbreviation: 'zz', legislative_sessions: [] };

/** Time that passes only when the client sleeps: rate limits and backoff cost no real time. */
function fakeClock(start = Date.parse('2025-03-03T12:00:00Z')): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; }, sleeps };
}

let server: OpenStatesTestServer;
const fixtures = loadOpenStatesFixtures();
const synthetic = Array.from({ length: 45 }, (_, i) => syntheticBill(i + 1, ZZ, '2025', `2025-02-01T00:00:${String(i).padStart(2, '0')}+00:00`));

beforeAll(async () => {
  server = await startOpenStatesServer({ apiKeys: [KEY], bills: [...Object.values(fixtures), ...synthetic], jurisdictions: [CO, ZZ] });
});
afterAll(() => server.close());
beforeEach(() => server.requests.splice(0));

const makeClient = (over: Partial<OpenStatesClientOptions> = {}) =>
  new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, clock: fakeClock(), backoffMs: () => 1_000, timeoutMs: 2_000, ...over });

const rejection = async (promise: Promise<unknown>): Promise<ScrapeError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ScrapeError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
};

test('sends the key in X-API-KEY and repeats include=, and the includes come back', async () => {
  const page = await makeClient().searchBills({ jurisdiction: 'co', include: ['actions', 'sponsorships'] });
  const request = server.requests[0]!;
  expect(request.apiKey).toBe(KEY);
  expect(request.query.getAll('include')).toEqual(['actions', 'sponsorships']);
  expect(request.query.get('apikey')).toBeNull();
  expect(page.bills[0]!.identifier).toBe('HB21-1251');
  expect(page.bills[0]!.actions).toHaveLength(5);
  expect(page.bills[0]!.versions).toBeUndefined();
});

test('listBills walks every page until page == max_page, never asking past it', async () => {
  const client = makeClient();
  const identifiers: string[] = [];
  for await (const page of client.listBills({ jurisdiction: ZZ.id, session: '2025', sort: 'updated_asc' })) identifiers.push(...page.bills.map((b) => b.identifier));
  expect(identifiers).toHaveLength(45);
  expect(identifiers[0]).toBe('HB 1');
  expect(server.requests.map((r) => [r.query.get('page'), r.query.get('per_page'), r.status])).toEqual([['1', '20', 200], ['2', '20', 200], ['3', '20', 200]]);
  expect(client.requests).toBe(3);
});

test('a page past max_page is a clear not_found error with the API message', async () => {
  const error = await rejection(makeClient().searchBills({ jurisdiction: ZZ.id, page: 9 }));
  expect(error.code).toBe('not_found');
  expect(error.message).toContain('invalid page, must be in [1, 3]');
  expect(error.retryable).toBe(false);
});

test('per_page over 20 and more than 20 identifiers are refused before spending a request', async () => {
  const client = makeClient();
  await expect(client.searchBills({ jurisdiction: 'co', per_page: 50 })).rejects.toMatchObject({ code: 'bad_request' });
  const many = Array.from({ length: 21 }, (_, i) => `HB ${i}`);
  await expect(client.searchBills({ jurisdiction: 'co', identifier: many })).rejects.toMatchObject({ code: 'bad_request' });
  expect(server.requests).toHaveLength(0);
});

test('429 without Retry-After: backs off itself, then succeeds', async () => {
  const clock = fakeClock();
  server.failNext(2, 429);
  const client = makeClient({ clock, backoffMs: (attempt) => 10_000 * attempt });
  const page = await client.searchBills({ jurisdiction: 'co' });
  expect(page.bills).toHaveLength(1);
  expect(server.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  expect(clock.sleeps).toEqual([10_000, 20_000]);
  expect(client.requests).toBe(3);
});

test('500s are retried; when they persist the error says so and is retryable', async () => {
  server.failNext(1, 502);
  await expect(makeClient().searchBills({ jurisdiction: 'co' })).resolves.toMatchObject({ bills: [expect.anything()] });
  server.failNext(3, 500);
  const error = await rejection(makeClient({ maxAttempts: 3 }).searchBills({ jurisdiction: 'co' }));
  expect(error).toMatchObject({ code: 'server_error', retryable: true });
});

test('a hung request times out and is retried', async () => {
  server.hangNext(1);
  const page = await makeClient({ timeoutMs: 150 }).searchBills({ jurisdiction: 'co' });
  expect(page.bills).toHaveLength(1);
  expect(server.requests).toHaveLength(2);
});

test('a bad key (401) stops at once with auth_invalid, no retry', async () => {
  const error = await rejection(makeClient({ apiKey: 'wrong' }).searchBills({ jurisdiction: 'co' }));
  expect(error).toMatchObject({ code: 'auth_invalid', retryable: false });
  expect(error.message).toContain('Invalid API Key');
  expect(server.requests).toHaveLength(1);
});

test('no key: auth_missing without a request; a 403 from the API maps to the same code', async () => {
  await expect(makeClient({ apiKey: undefined }).searchBills({ jurisdiction: 'co' })).rejects.toMatchObject({ code: 'auth_missing' });
  expect(server.requests).toHaveLength(0);
  server.failNext(1, 403, 'Must provide API Key as ?apikey or X-API-KEY.');
  await expect(makeClient().searchBills({ jurisdiction: 'co' })).rejects.toMatchObject({ code: 'auth_missing', retryable: false });
});

test('an unknown include is a 422 invalid_request, not retried', async () => {
  const error = await rejection(makeClient().searchBills({ jurisdiction: 'co', include: ['actions,sponsorships' as 'actions'] }));
  expect(error.code).toBe('invalid_request');
  expect(server.requests).toHaveLength(1);
});

test('the per-minute limit spaces requests out (11th request waits for the window)', async () => {
  const clock = fakeClock();
  const client = makeClient({ clock, requestsPerMinute: 10 });
  for (let i = 0; i < 11; i++) await client.searchBills({ jurisdiction: 'co' });
  expect(clock.sleeps).toEqual([60_000]);
});

test('the daily budget is counted per key hash and stops with QuotaExhaustedError', async () => {
  const store = new InMemoryQuotaStore();
  const client = makeClient({ quotaStore: store, requestsPerDay: 2 });
  await client.searchBills({ jurisdiction: 'co' });
  await client.searchBills({ jurisdiction: 'co' });
  const error = await rejection(client.searchBills({ jurisdiction: 'co' }));
  expect(error).toBeInstanceOf(QuotaExhaustedError);
  expect((error as QuotaExhaustedError).resumeAt).toBe('2025-03-04T00:00:00.000Z');
  expect(await store.spent(apiKeyId(KEY), '2025-03-03')).toBe(2);
  expect(server.requests).toHaveLength(2);
  // A new client on the same store (a restart) does not get a fresh budget.
  await expect(makeClient({ quotaStore: store, requestsPerDay: 2 }).remainingToday()).resolves.toBe(0);
});

test('a per-day 429 from the API ends the day at once', async () => {
  server.failNext(1, 429, 'exceeded limit of 250/day: 251');
  const client = makeClient();
  await expect(client.searchBills({ jurisdiction: 'co' })).rejects.toBeInstanceOf(QuotaExhaustedError);
  await expect(client.searchBills({ jurisdiction: 'co' })).rejects.toBeInstanceOf(QuotaExhaustedError);
  expect(server.requests).toHaveLength(1);
});

test('identifier look-ups are batched 20 per request and normalised by the API', async () => {
  const identifiers = Array.from({ length: 45 }, (_, i) => `hb${String(i + 1).padStart(4, '0')}`);
  const { bills } = await makeClient().billsByIdentifier(ZZ.id, '2025', identifiers);
  expect(bills).toHaveLength(45);
  expect(server.requests.map((r) => r.query.getAll('identifier').length)).toEqual([20, 20, 5]);
});

test('the jurisdiction detail gives its sessions; a bill is fetched by ocd id', async () => {
  const jurisdiction = await makeClient().getJurisdiction(ZZ.id);
  expect(jurisdiction.legislative_sessions).toEqual([]);
  expect(server.requests[0]!.path).toBe(`/jurisdictions/${ZZ.id}`);
  const bill = await makeClient().getBill('ocd-bill/00000000-0000-4000-8000-000000000002');
  expect(bill.identifier).toBe('HB 5099');
});
