import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import { createCuratedLaw } from '../../../db/queries/curated-laws-repository.js';
import { mapCacheFor } from '../../../server/api/map-cache.js';
import { countStatements } from '../../helpers/statement-counter.js';
import { queryRows } from '../../../db/database.js';
import { readRollupVersion } from '../../../db/rollup/rollup-version.js';
import { updateSourceSchedule } from '../../../db/sources/sources-repository.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { loadApiFixtures, COLORADO } from './api-fixtures.js';

const CHILD = path.resolve('test/helpers/write-curated-law.ts');

function writeInAnotherProcess(url: string, userId: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', CHILD, url, String(userId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

type Entry = { id: string; status: string; laws: { title: string }[] };

for (const kind of databaseKinds()) {
  describe(`the map from memory [${kind}]`, () => {
    let handle: TestDatabase;
    let client: ReturnType<typeof api>;

    beforeAll(async () => {
      handle = await createTestDatabase(kind);
      await loadApiFixtures(handle, { curated: true });
      client = api(testApp(handle));
    }, 120_000);
    afterAll(async () => handle?.close());

    /** A staff member of this process records an enacted Colorado law on a policy (a map write). */
    const enactInColorado = async (policyId: string, title: string, email: string) => {
      const [staff] = await handle.db.insert(users).values({ email, name: 'Writer', passwordHash: 'x' }).returning();
      await createCuratedLaw(
        handle.db,
        { jurisdictionId: COLORADO, policyId, stance: 'supports', kind: 'statute', title, outcome: 'enacted', sourceUrls: ['https://leg.colorado.gov/'] },
        staff.id,
      );
    };

    test('answers a client holding the current map 304 with a strong ETag, and gzip to clients that take it', async () => {
      const first = await client.get('/api/map?policy=no-knock').expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"map-\d+-[0-9a-f]+"$/);
      await client.get('/api/map?policy=no-knock').set('If-None-Match', etag).expect(304);
      const gzipped = await client.get('/api/map?policy=no-knock').set('Accept-Encoding', 'gzip');
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.body).toEqual(first.body);
      // Another query is another map (and another tag).
      const states = await client.get('/api/map?policy=no-knock&classification=state').expect(200);
      expect(states.headers.etag).not.toBe(etag);
      expect(states.body.results.length).toBeLessThan(first.body.results.length);
    });

    test('a built map is answered without asking the database, and a write in this process is seen at once', async () => {
      await mapCacheFor(handle.db).watch(handle); // listening for rollup version bumps
      const first = await client.get('/api/map?policy=violence-prevention').expect(200);
      const counter = countStatements(handle);
      try {
        for (let i = 0; i < 5; i++) expect((await client.get('/api/map?policy=violence-prevention').expect(200)).body).toEqual(first.body);
        await client.get('/api/map?policy=violence-prevention').set('If-None-Match', first.headers.etag as string).expect(304);
        await client.get('/api/map?policy=violence-prevention').set('Accept-Encoding', 'gzip').expect(200);
        expect(counter.count()).toBe(0);
      } finally {
        counter.stop();
      }
      await enactInColorado('violence-prevention', 'Community violence intervention fund', `local-${kind}@example.org`);
      const after = await client.get('/api/map?policy=violence-prevention').set('If-None-Match', first.headers.etag as string).expect(200);
      expect(after.headers.etag).not.toBe(first.headers.etag);
      expect(after.body.results.find((e: Entry) => e.id === COLORADO)).toMatchObject({ status: 'enacted', laws: [expect.objectContaining({ title: 'Community violence intervention fund' })] });
    });

    const crossProcess = kind === 'postgres' ? test : test.skip;
    crossProcess('a curated law written by another process changes the next answer (no stale cached map)', async () => {
      const before = await client.get('/api/map?policy=crisis-response').expect(200);
      const etag = before.headers.etag as string;
      expect(before.body.results.find((e: Entry) => e.id === COLORADO).laws).toEqual([]);
      const [staff] = await handle.db.insert(users).values({ email: 'writer@example.org', name: 'Writer', passwordHash: 'x' }).returning();
      const child = await writeInAnotherProcess(handle.url!, staff.id);
      expect(child.stderr).toBe('');
      expect(child.code).toBe(0);
      const after = await client.get('/api/map?policy=crisis-response').set('If-None-Match', etag).expect(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.body.results.find((e: Entry) => e.id === COLORADO)).toMatchObject({ status: 'enacted', laws: [expect.objectContaining({ title: 'Written by another process' })] });
    }, 120_000);

    crossProcess('with its listening connection killed, the cache reads the version row again and misses no write', async () => {
      const cache = mapCacheFor(handle.db);
      await cache.watch(handle);
      const before = await client.get('/api/map?policy=second-chance').expect(200);
      await handle.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN rollup_version'`);
      // Until the loss is noticed a request may still be answered from memory; then each request reads the version row.
      const counter = countStatements(handle);
      try {
        for (let tries = 0; counter.count() === 0 && tries < 200; tries++) {
          await client.get('/api/map?policy=second-chance').expect(200);
          await new Promise((r) => setTimeout(r, 25));
        }
        expect(counter.count()).toBeGreaterThan(0);
      } finally {
        counter.stop();
      }
      await enactInColorado('second-chance', 'Record sealing after the loss', 'after-loss@example.org');
      const after = await client.get('/api/map?policy=second-chance').set('If-None-Match', before.headers.etag as string).expect(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(after.body.results.find((e: Entry) => e.id === COLORADO).laws).toEqual([expect.objectContaining({ title: 'Record sealing after the loss' })]);
    }, 120_000);

    test('a source switched on or off rebuilds the map (coverage changes); saving the same switch keeps it', async () => {
      const [source] = await queryRows<{ id: string; enabled: boolean }>(handle.db, sql`SELECT id, enabled FROM sources ORDER BY id LIMIT 1`);
      const etag = (await client.get('/api/map?policy=no-knock').expect(200)).headers.etag as string;
      const version = await readRollupVersion(handle.db);
      await updateSourceSchedule(handle.db, source.id, { enabled: source.enabled, schedule: null });
      expect(await readRollupVersion(handle.db)).toBe(version);
      await client.get('/api/map?policy=no-knock').set('If-None-Match', etag).expect(304);
      await updateSourceSchedule(handle.db, source.id, { enabled: !source.enabled });
      expect(await readRollupVersion(handle.db)).toBe(version + 1);
      await updateSourceSchedule(handle.db, source.id, { enabled: source.enabled });
    });
  });
}
