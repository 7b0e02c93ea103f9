import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

/**
 * The rollup version: bumped in the same transaction as every write that changes the
 * rollup, curated laws, policies or jurisdictions, so a reader in any process knows a cached
 * map is stale the moment the write commits (and not before).
 */
export async function bumpRollupVersion(db: Db): Promise<void> {
  await db.execute(sql`INSERT INTO rollup_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = rollup_version.version + 1`);
}

/** The current rollup version (0 before the first write). */
export async function readRollupVersion(db: Db): Promise<number> {
  const [row] = await queryRows<{ version: string | number }>(db, sql`SELECT version FROM rollup_version WHERE id = 1`);
  return row ? Number(row.version) : 0;
}
