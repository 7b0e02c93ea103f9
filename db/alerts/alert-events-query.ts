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
  const rows = await queryRows<{ event_key: string; payload: unknown }>(
    db,
    sql`SELECT ${eventKeySql} AS event_key, ${eventPayloadSql} AS payload
        FROM watches w
        JOIN status_changes sc ON sc.changed_at >= w.created_at
        JOIN bills b ON b.id = sc.bill_id
        JOIN jurisdictions j ON j.id = b.jurisdiction_id
        WHERE w.id = ${watchId} AND ${watchCoversBillSql}
        ORDER BY sc.id DESC LIMIT ${limit}`,
  );
  const hearings = await queryRows<{ event_key: string; payload: unknown }>(
    db,
    sql`SELECT ${hearingEventKeySql} AS event_key, ${hearingEventPayloadSql} AS payload
        FROM watches w
        JOIN hearing_notices hn ON hn.noticed_at >= w.created_at
        JOIN meetings m ON m.id = hn.meeting_id
        JOIN bills b ON b.id = hn.bill_id
        JOIN jurisdictions j ON j.id = b.jurisdiction_id
        WHERE w.id = ${watchId} AND ${watchCoversBillSql}
        ORDER BY hn.id DESC LIMIT ${limit}`,
  );
  return [...rows, ...hearings]
    .map((r) => ({ eventKey: r.event_key, event: alertEventSchema.parse(r.payload) }))
    .sort((a, b) => b.event.changed_at.localeCompare(a.event.changed_at))
    .slice(0, limit);
}
