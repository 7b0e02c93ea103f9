import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { alertEventSchema, CURSOR_EVENT_KEY, type AlertEvent, type NotificationState } from '../../core/alerts/alert-event.js';

/** One outbox row of the delivery log; instants as ISO strings. */
export type DeliveryRecord = {
  id: number; watchId: number; eventKey: string; state: NotificationState; attempts: number; lastError: string | null;
  createdAt: string; nextAttemptAt: string; claimedAt: string | null; sentAt: string | null;
  /** The snapshotted change; null when the stored payload does not parse (it is listed anyway). */
  event: AlertEvent | null;
};

export type DeliveryFilter = { watchId?: number; state?: NotificationState; before?: number; limit: number };

/**
 * The notifications of a user's watches (cursor rows left out), newest first: at most
 * `limit`, optionally of one watch, in one state, or with ids below `before` (a next page).
 */
export async function listDeliveryRecords(db: Db, userId: number, filter: DeliveryFilter): Promise<DeliveryRecord[]> {
  const where = [sql`w.user_id = ${userId}`, sql`n.event_key <> ${CURSOR_EVENT_KEY}`];
  if (filter.watchId !== undefined) where.push(sql`w.id = ${filter.watchId}`);
  if (filter.state !== undefined) where.push(sql`n.state = ${filter.state}`);
  if (filter.before !== undefined) where.push(sql`n.id < ${filter.before}`);
  const rows = await queryRows<{
    id: string | number; watch_id: string | number; event_key: string; state: NotificationState; attempts: number; last_error: string | null;
    created_at: string | Date; next_attempt_at: string | Date; claimed_at: string | Date | null; sent_at: string | Date | null; payload: unknown;
  }>(
    db,
    sql`SELECT n.id, n.watch_id, n.event_key, n.state, n.attempts, n.last_error, n.created_at, n.next_attempt_at, n.claimed_at, n.sent_at, n.payload
        FROM notifications n JOIN watches w ON w.id = n.watch_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY n.id DESC LIMIT ${filter.limit}`,
  );
  const iso = (v: string | Date) => new Date(v).toISOString();
  return rows.map((r) => {
    const event = alertEventSchema.safeParse(r.payload);
    return {
      id: Number(r.id), watchId: Number(r.watch_id), eventKey: r.event_key, state: r.state, attempts: Number(r.attempts), lastError: r.last_error,
      createdAt: iso(r.created_at), nextAttemptAt: iso(r.next_attempt_at),
      claimedAt: r.claimed_at === null ? null : iso(r.claimed_at), sentAt: r.sent_at === null ? null : iso(r.sent_at),
      event: event.success ? event.data : null,
    };
  });
}
