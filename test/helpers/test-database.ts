import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * A dump of a freshly migrated embedded database, made once per set of migrations and kept in
 * the temporary folder: loading it takes ~0.4 s where migrating an empty cluster takes 2-3 s,
 * and the suite makes a few hundred databases. Keyed by every migration file's bytes, so a
 * new or edited migration makes a new template.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const dir of [MIGRATIONS, path.join(MIGRATIONS, 'meta')]) {
    for (const name of readdirSync(dir).filter((n) => /\.(sql|json)$/.test(n)).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  }
  const file = path.join(tmpdir(), `tracker-test-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    try {
      await migrateDatabase(handle);
      const dump = await handle.pglite!.dumpDataDir('none');
      // Written aside and renamed: a parallel worker never reads half a file.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await handle.close();
    }
  }
  return new Blob([readFileSync(file)]);
}

/** A new, migrated, empty database of the given kind; `close()` drops it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://', loadDataDir: await migratedTemplate() });
    // Up to date already: this only checks the journal.
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
