import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import pg from 'pg';
import { queryRows } from '../database.js';
import type { DatabaseHandle } from '../connect.js';

/**
 * The rollup version: bumped in the same transaction as every write that changes the
 * rollup, curated laws, policies or jurisdictions, so a reader in any process knows a cached
 * map is stale the moment the write commits (and not before).
 */
export async function bumpRollupVersion(db: Db): Promise<void> {
  // NOTIFY is delivered when (and only if) the transaction commits: other processes' caches
  // hear of the new version without asking for it on every request.
  await db.execute(
    sql`WITH bumped AS (
          INSERT INTO rollup_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = rollup_version.version + 1 RETURNING version
        )
        SELECT pg_notify(${ROLLUP_CHANNEL}, version::text) FROM bumped`,
  );
  for (const listener of localListeners) listener();
}

/** The NOTIFY channel of rollup version bumps. */
export const ROLLUP_CHANNEL = 'rollup_version';

const localListeners = new Set<() => void>();

/**
 * Calls `onChange` when the rollup version may have changed: at once for a bump in this
 * process (before it commits), and, on PostgreSQL, when any process's bump commits (LISTEN on
 * a connection of its own). Returns whether cross-process notices are on (false on the
 * embedded database, where no other process writes) and a function that stops listening.
 */
export async function watchRollupVersion(handle: DatabaseHandle, onChange: () => void): Promise<{ crossProcess: boolean; stop: () => Promise<void> }> {
  localListeners.add(onChange);
  const stopLocal = async () => void localListeners.delete(onChange);
  if (!handle.pool) return { crossProcess: false, stop: stopLocal };
  const client = new pg.Client(handle.pool.options);
  client.on('notification', () => onChange());
  client.on('error', () => onChange()); // a lost listener: readers go back to reading the version row
  await client.connect();
  await client.query(`LISTEN ${ROLLUP_CHANNEL}`);
  // The listening connection must not keep a process alive that is otherwise done.
  (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  return {
    crossProcess: true,
    stop: async () => {
      await stopLocal();
      await client.end().catch(() => undefined);
    },
  };
}

/** The current rollup version (0 before the first write). */
export async function readRollupVersion(db: Db): Promise<number> {
  const [row] = await queryRows<{ version: string | number }>(db, sql`SELECT version FROM rollup_version WHERE id = 1`);
  return row ? Number(row.version) : 0;
}
