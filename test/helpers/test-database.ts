import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../db/connect.js';
import { openScratchDatabase } from '../../db/scratch-database.js';
import { migrateDatabase } from '../../db/migrate.js';
import type { DatabaseKind } from '../../db/database.js';

/**
 * Integration tests run on every engine available: always the embedded PGlite, and a real
 * PostgreSQL when TEST_DATABASE_URL points at one (`.ci/run` starts a throwaway cluster).
 * Each test file gets its own database, so files can run in parallel.
 */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export type TestDatabase = DatabaseHandle & { url: string | null };

/** A new, migrated, empty database of the given kind; `close()` drops it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    await migrateDatabase(handle);
    return { ...handle, url: null };
  }
  const handle = await openScratchDatabase(process.env.TEST_DATABASE_URL!, 'tracker_test');
  await migrateDatabase(handle);
  return handle;
}

/** Empties every table the app writes (policies and jurisdictions included), keeping the schema. */
export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  const rows = (await handle.db.execute(
    sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
  )) as unknown as { rows: { tablename: string }[] };
  const tables = rows.rows.map((r) => `"${r.tablename}"`).join(', ');
  if (tables) await handle.db.execute(sql.raw(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`));
}

/**
 * `describe` once per available engine, with a fresh database shared by the block's tests.
 * Use `ctx.db` / `ctx.handle` inside tests (they are set in beforeAll).
 */
export function describeEachDatabase(title: string, body: (ctx: { handle: TestDatabase; kind: DatabaseKind }) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      const ctx = { kind } as { handle: TestDatabase; kind: DatabaseKind };
      beforeAll(async () => {
        ctx.handle = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await ctx.handle?.close();
      });
      body(ctx);
    });
  }
}
