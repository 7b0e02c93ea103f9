import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/connect.js';
import { migrateDatabase, migrationLevel, shippedMigrations } from '../../db/migrate.js';
import { queryRows } from '../../db/database.js';
import { jurisdictions } from '../../db/schema/index.js';
import { describeEachDatabase } from '../helpers/test-database.js';

describeEachDatabase('schema and migrations', (ctx) => {
  test('every shipped migration is applied and re-running applies nothing', async () => {
    expect(await migrationLevel(ctx.handle)).toBe(shippedMigrations().length);
    const again = await migrateDatabase(ctx.handle);
    expect(again.applied).toBe(0);
  });

  test('full-text search finds a bill by a word of its title, weighted over the abstract', async () => {
    await ctx.handle.db.insert(jurisdictions).values({
      id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', classification: 'state', stateCode: 'VA',
    });
    await ctx.handle.db.execute(sql`
      INSERT INTO bills (jurisdiction_id, session, identifier, title, abstract, primary_source, content_hash) VALUES
      ('ocd-jurisdiction/country:us/state:va/government', '2020S1', 'HB 5099', 'Search warrants; no-knock warrants prohibited', NULL, 'test', 'h1'),
      ('ocd-jurisdiction/country:us/state:va/government', '2020S1', 'HB 1', 'Budget bill', 'mentions warrants once', 'test', 'h2')`);
    const rows = await queryRows<{ identifier: string }>(ctx.handle.db, sql`
      SELECT identifier FROM bills WHERE search @@ websearch_to_tsquery('english', 'warrants')
      ORDER BY ts_rank(search, websearch_to_tsquery('english', 'warrants')) DESC`);
    expect(rows.map((r) => r.identifier)).toEqual(['HB 5099', 'HB 1']);
  });
});

describe('embedded database on disk', () => {
  test('data survives closing and reopening the folder, and a second opener is refused while the first holds it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tracker-db-'));
    try {
      const first = await openDatabase({ databaseUrl: null, dataDir: dir, command: 'test-first' });
      await migrateDatabase(first);
      await first.db.insert(jurisdictions).values({ id: 'ocd-jurisdiction/country:us/state:ky/government', name: 'Kentucky', classification: 'state' });
      // Simulate another live process holding the lock by pointing it at our parent's pid.
      await expect(lockedByOther(dir)).resolves.toMatch(/in use by process \d+ \(other-process/);
      await first.close();
      const second = await openDatabase({ databaseUrl: null, dataDir: dir, command: 'test-second' });
      const rows = await second.db.select().from(jurisdictions);
      expect(rows.map((r) => r.name)).toEqual(['Kentucky']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function lockedByOther(dir: string): Promise<string> {
  const { writeFileSync, readFileSync } = await import('node:fs');
  const file = path.join(dir, 'tracker.lock');
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, JSON.stringify({ pid: process.ppid, command: 'other-process', startedAt: 'now' }));
  try {
    await openDatabase({ databaseUrl: null, dataDir: dir, command: 'intruder' });
    return 'opened';
  } catch (error) {
    return (error as Error).message;
  } finally {
    writeFileSync(file, original);
  }
}

describe('PostgreSQL that cannot be reached', () => {
  test('fails naming the host (never the password), not a stack trace', async () => {
    const failure = await openDatabase({ databaseUrl: 'postgres://u:secret@127.0.0.1:1/tracker', dataDir: '', connectTimeoutMs: 2000 }).then(() => null, (e: Error) => e);
    expect(failure?.message).toMatch(/^cannot reach PostgreSQL at 127\.0\.0\.1:1\/tracker: /);
    expect(failure?.message).not.toContain('secret');
  });
});
