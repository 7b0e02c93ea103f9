import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../connect.js';

/**
 * The import benchmark's baseline: loads the given bill and action rows (CSV) with COPY
 * into empty copies of the tables, on the embedded database. Returns the seconds COPY took.
 */
export async function timeCopyBaseline(handle: DatabaseHandle, billCsv: string, actionCsv: string): Promise<number> {
  if (!handle.pglite) throw new Error('the COPY baseline needs the embedded database');
  await handle.db.execute(sql`CREATE TABLE bench_bills (LIKE bills INCLUDING DEFAULTS EXCLUDING GENERATED)`);
  await handle.db.execute(sql`CREATE TABLE bench_actions (LIKE actions INCLUDING DEFAULTS)`);
  const started = performance.now();
  await handle.pglite.query(`COPY bench_bills (id, jurisdiction_id, session, identifier, title, primary_source, content_hash) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([billCsv]) });
  await handle.pglite.query(`COPY bench_actions (id, bill_id, position, date, description) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([actionCsv]) });
  return (performance.now() - started) / 1000;
}
