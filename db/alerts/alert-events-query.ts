import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { alertEventSchema, type AlertEvent } from '../../core/alerts/alert-event.js';
import { eventKeySql, eventPayloadSql, hearingEventKeySql, hearingEventPayloadSql, watchCoversBillSql } from './alert-event-sql.js';

/**
 * The changes a watch covers since it was created, newest first and at most `limit`, by the
 * same rule and in the same words as the outbox (whether or not the watch is active): stage and
 * status changes, and hearings newly scheduled for its bills. Returns `[]` for an unknown watch.
 */
export async function listWatchEvents(db: Db, watchId: number, limit: number): Promise<{ eventKey: string; event: AlertEvent }[]> {
  // One list, newest first: changes in id order, hearings (noticed in a scrape) by when they were noticed.
  const rows = await queryRows<{ event_key: string; payload: unknown }>(
    db,
    sql`SELECT event_key, payload FROM (
          (SELECT ${eventKeySql} AS event_key, ${eventPayloadSql} AS payload, sc.changed_at AS at, sc.id AS seq
           FROM watches w
           JOIN status_changes sc ON sc.changed_at >= w.created_at
           JOIN bills b ON b.id = sc.bill_id
           JOIN jurisdictions j ON j.id = b.jurisdiction_id
           WHERE w.id = ${watchId} AND ${watchCoversBillSql}
           ORDER BY sc.id DESC LIMIT ${limit})
          UNION ALL
          (SELECT ${hearingEventKeySql}, ${hearingEventPayloadSql}, hn.noticed_at, hn.id
           FROM watches w
           JOIN hearing_notices hn ON hn.noticed_at >= w.created_at
           JOIN meetings m ON m.id = hn.meeting_id
           JOIN bills b ON b.id = hn.bill_id
           JOIN jurisdictions j ON j.id = b.jurisdiction_id
           WHERE w.id = ${watchId} AND ${watchCoversBillSql}
           ORDER BY hn.id DESC LIMIT ${limit})
        ) events ORDER BY at DESC, seq DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({ eventKey: r.event_key, event: alertEventSchema.parse(r.payload) }));
}
