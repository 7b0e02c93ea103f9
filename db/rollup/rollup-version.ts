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
  // NOTIFY is delivered when (and only if) the transaction commits, carrying the new version:
  // every process's cache (this one's included) hears of it without asking on each request.
  const [row] = await queryRows<{ version: string | number }>(
    db,
    sql`WITH bumped AS (
          INSERT INTO rollup_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = rollup_version.version + 1 RETURNING version
        )
        SELECT version, pg_notify(${ROLLUP_CHANNEL}, version::text) FROM bumped`,
  );
  // The notice of a commit reaches a listening connection a moment after the writer's own
  // call returns: a reader in this process must not answer from memory in that moment.
  const version = Number(row?.version);
  for (const listener of localBumps) listener(version);
}

const localBumps = new Set<(version: number) => void>();

/**
 * Calls `onBump` with the new version each time this process bumps it (before its
 * transaction commits, which may roll it back). Returns a function that stops the calls.
 */
export function onLocalBump(onBump: (version: number) => void): () => void {
  localBumps.add(onBump);
  return () => void localBumps.delete(onBump);
}

/** The NOTIFY channel of rollup version bumps. */
export const ROLLUP_CHANNEL = 'rollup_version';

export type RollupVersionWatch = { stop: () => Promise<void> };

/**
 * Calls `onVersion` with the new version each time a bump commits, in commit order (the
 * version row's lock orders the bumps): on PostgreSQL from every process, on a connection of
 * its own that LISTENs; on the embedded database from this process, the only one that may
 * open it (PGlite delivers a NOTIFY as the committing statement returns). `onLost` is called
 * once if notices stop (the listening connection failed): the reader must then read the row.
 * @throws when listening cannot start (the caller reads the row instead).
 */
export async function watchRollupVersion(handle: DatabaseHandle, onVersion: (version: number) => void, onLost: () => void): Promise<RollupVersionWatch> {
  const heard = (payload: string | undefined) => {
    const version = Number(payload);
    if (Number.isSafeInteger(version)) onVersion(version);
    else onLost(); // a notice we cannot read: trust nothing heard so far
  };
  if (handle.pglite) {
    const unlisten = await handle.pglite.listen(ROLLUP_CHANNEL, heard);
    return { stop: () => unlisten() };
  }
  if (!handle.pool) throw new Error('no connection to listen on');
  const client = new pg.Client(handle.pool.options);
  let lost = false;
  const lose = () => {
    if (lost) return;
    lost = true;
    onLost();
  };
  client.on('notification', (n) => (n.channel === ROLLUP_CHANNEL ? heard(n.payload) : undefined));
  client.on('error', lose);
  client.on('end', lose);
  try {
    await client.connect();
    await client.query(`LISTEN ${ROLLUP_CHANNEL}`);
  } catch (error) {
    lost = true; // the caller is told by the throw, not by onLost
    await client.end().catch(() => undefined);
    throw error;
  }
  // The listening connection must not keep a process alive that is otherwise done.
  (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  return {
    stop: async () => {
      lost = true;
      await client.end().catch(() => undefined);
    },
  };
}

/** The current rollup version (0 before the first write). */
export async function readRollupVersion(db: Db): Promise<number> {
  const [row] = await queryRows<{ version: string | number }>(db, sql`SELECT version FROM rollup_version WHERE id = 1`);
  return row ? Number(row.version) : 0;
}
