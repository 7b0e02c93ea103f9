import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../connect.js';
import type { DatabaseKind } from '../database.js';
import { migrationLevel, shippedMigrations } from '../migrate.js';
import { errorLine } from '../../core/error-summary.js';

/** The database as the health check reports it. */
export type DatabaseHealth = {
  kind: DatabaseKind;
  reachable: true;
  migrations: { applied: number; shipped: number; current: boolean };
  /** A write went through just now (see probeWrites); false when the database refuses writes. */
  writable: boolean;
  /** Why writes fail, when they do. */
  write_error?: string;
  /** The embedded database's disk: free space and the least it writes with; null on PostgreSQL and in memory. */
  disk: { free_bytes: number | null; min_free_bytes: number; low: boolean } | null;
};

const PROBE_CACHE_MS = 5_000;
const probes = new WeakMap<DatabaseHandle, { at: number; result: Promise<string | null> }>();

/**
 * Tries a write: a transaction that takes a transaction id (so its commit goes to the
 * write-ahead log) and runs an UPDATE matching nothing (refused by a read-only server or
 * transaction). On the embedded database the transaction first passes the free-space guard.
 * Rolls nothing visible. Returns null when the write went through, else why not. Cached a
 * few seconds: the health check is public and must not become a write amplifier.
 */
export function probeWrites(handle: DatabaseHandle, now = Date.now()): Promise<string | null> {
  const cached = probes.get(handle);
  if (cached && now - cached.at < PROBE_CACHE_MS) return cached.result;
  const result = handle.db
    .transaction(async (tx) => {
      await tx.execute(sql`UPDATE scrape_runs SET outcome = outcome WHERE false`);
      await tx.execute(sql`SELECT pg_current_xact_id()`);
    })
    .then(() => null, (error: unknown) => errorLine(error));
  probes.set(handle, { at: now, result });
  return result;
}

/**
 * Pings the database, compares the migrations it has applied with those this build ships,
 * tries a write (once migrated) and reads the embedded database's free space.
 * @throws whatever the driver throws when the database cannot be reached or read.
 */
export async function readDatabaseHealth(handle: DatabaseHandle): Promise<DatabaseHealth> {
  const shipped = shippedMigrations().length;
  await handle.db.execute(sql`SELECT 1`);
  const applied = await migrationLevel(handle);
  const current = applied === shipped;
  const writeError = current ? await probeWrites(handle) : null;
  const free = handle.disk?.freeBytes() ?? null;
  return {
    kind: handle.kind,
    reachable: true,
    migrations: { applied, shipped, current },
    writable: writeError === null,
    ...(writeError ? { write_error: writeError } : {}),
    disk: handle.disk ? { free_bytes: free, min_free_bytes: handle.disk.minFreeBytes, low: free !== null && free < handle.disk.minFreeBytes } : null,
  };
}
