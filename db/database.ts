import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/**
 * The database handle every module takes. PGlite (embedded) and node-postgres (server)
 * both give a drizzle `PgDatabase` over the same schema, so queries are written once.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Which engine is behind a handle; shown by /api/health. */
export type DatabaseKind = 'pglite' | 'postgres';

/** Rows of a raw `db.execute(sql...)`, which both drivers return as `{ rows }`. */
export async function queryRows<T>(db: Db, query: Parameters<Db['execute']>[0]): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
