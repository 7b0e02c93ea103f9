import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DatabaseHandle } from './connect.js';
import { queryRows } from './database.js';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** Any fixed number: the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK = 72_410_001;

/** The migrations this build ships, from drizzle-kit's journal. */
export function shippedMigrations(): string[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

/**
 * Applies pending migrations. On PostgreSQL several processes may start at once, so the
 * run holds an advisory lock on one connection.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<{ applied: number; level: number }> {
  const before = await migrationLevel(handle);
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    const client = await handle.pool!.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg({ client }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }
  const after = await migrationLevel(handle);
  return { applied: after - before, level: after };
}

/** How many migrations the database has applied (0 for a new database). */
export async function migrationLevel(handle: DatabaseHandle): Promise<number> {
  const exists = await queryRows<{ present: boolean }>(
    handle.db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return 0;
  const rows = await queryRows<{ n: number | string }>(handle.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
  return Number(rows[0]?.n ?? 0);
}
