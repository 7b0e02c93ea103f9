import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../connect.js';
import type { DatabaseKind } from '../database.js';
import { migrationLevel, shippedMigrations } from '../migrate.js';

/** The database as the health check reports it. */
export type DatabaseHealth = {
  kind: DatabaseKind;
  reachable: true;
  migrations: { applied: number; shipped: number; current: boolean };
};

/**
 * Pings the database and compares the migrations it has applied with those this build ships.
 * @throws whatever the driver throws when the database cannot be reached or read.
 */
export async function readDatabaseHealth(handle: DatabaseHandle): Promise<DatabaseHealth> {
  const shipped = shippedMigrations().length;
  await handle.db.execute(sql`SELECT 1`);
  const applied = await migrationLevel(handle);
  return { kind: handle.kind, reachable: true, migrations: { applied, shipped, current: applied === shipped } };
}
