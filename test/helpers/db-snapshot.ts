import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.js';
import type { DatabaseHandle } from '../../db/connect.js';

/**
 * What a reader of the stored bills sees (count, change-log length, latest write, every
 * bill's stage and status): equal snapshots before and after a run mean it wrote nothing.
 */
export async function storedBillsSnapshot(handle: DatabaseHandle) {
  const [row] = await queryRows<{ bills: string; changes: string; latest: string; statuses: string }>(
    handle.db,
    sql`SELECT (SELECT count(*) FROM bills) AS bills, (SELECT count(*) FROM status_changes) AS changes,
               (SELECT max(updated_at)::text FROM bills) AS latest,
               (SELECT string_agg(identifier || ':' || stage || ':' || status, ',' ORDER BY identifier, id) FROM bills) AS statuses`,
  );
  return row;
}
