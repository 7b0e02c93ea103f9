import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { Db } from '../../../db/database.js';
import * as schema from '../../../db/schema/index.js';
import { apiKeyId } from '../../../core/sources/quota-store.js';
import { DrizzleQuotaStore } from '../../../db/sources/api-quota-store.js';
import { OpenStatesClient, QuotaExhaustedError } from '../../../scrapers/openstates/openstates-client.js';
import { repoRoot } from '../../helpers/reference.js';
import { startOpenStatesServer, type OpenStatesTestServer } from '../../helpers/openstates-server.js';

let client: PGlite;
let db: Db;
let server: OpenStatesTestServer;
const KEY = 'persisted-key';

beforeAll(async () => {
  client = new PGlite();
  await client.exec(readFileSync(path.join(repoRoot, 'migrations', '0000_foundation.sql'), 'utf8').replaceAll('--> statement-breakpoint', ''));
  db = drizzle(client, { schema }) as unknown as Db;
  server = await startOpenStatesServer({ apiKeys: [KEY], bills: [], jurisdictions: [{ id: 'ocd-jurisdiction/country:us/state:zz/government', name: 'Synthetica', abbreviation: 'zz', legislative_sessions: [] }] });
});
afterAll(async () => {
  await server.close();
  await client.close();
});
beforeEach(() => client.exec('DELETE FROM api_quota_usage'));

test('counts per key hash and day in api_quota_usage, never storing the key', async () => {
  const store = new DrizzleQuotaStore(db);
  await store.record(apiKeyId(KEY), '2025-03-03');
  await store.record(apiKeyId(KEY), '2025-03-03');
  await store.record(apiKeyId(KEY), '2025-03-04');
  expect(await store.spent(apiKeyId(KEY), '2025-03-03')).toBe(2);
  expect(await store.spent(apiKeyId('other'), '2025-03-03')).toBe(0);
  const rows = await client.query<{ key_id: string }>('SELECT key_id FROM api_quota_usage');
  expect(rows.rows.every((r) => r.key_id === apiKeyId(KEY) && !r.key_id.includes(KEY))).toBe(true);
});

test('a restarted client reads the persisted count and stops at the daily limit', async () => {
  const clock = { now: () => Date.parse('2025-03-03T10:00:00Z'), sleep: async () => {} };
  const first = new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, requestsPerDay: 2, quotaStore: new DrizzleQuotaStore(db), clock });
  await first.getJurisdiction('zz');
  const second = new OpenStatesClient({ baseUrl: server.url, apiKey: KEY, requestsPerDay: 2, quotaStore: new DrizzleQuotaStore(db), clock });
  await second.getJurisdiction('zz');
  await expect(second.getJurisdiction('zz')).rejects.toBeInstanceOf(QuotaExhaustedError);
  expect(server.requests).toHaveLength(2);
});
