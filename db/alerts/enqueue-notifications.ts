import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { CURSOR_EVENT_KEY, CURSOR_STATE } from '../../core/alerts/alert-event.js';
import { eventKeySql, eventPayloadSql, hearingEventKeySql, hearingEventPayloadSql, watchCoversBillSql } from './alert-event-sql.js';

/** Any fixed number: serializes enqueue passes, so cursors and cross-watch dedupe don't race. */
const ENQUEUE_LOCK = 72_410_002;

export type EnqueueOptions = {
  /** Hour (UTC) daily digests go out; digest notifications become due at its next occurrence. */
  digestHourUtc: number;
  /** Changes this recent are looked at again even below a watch's cursor (late commits). */
  lateCommitGraceSeconds: number;
};

/**
 * Hearing notices are matched without a cursor: each pass looks at the notices of this many
 * days (the unique (watch, event) key keeps a second look free of duplicates).
 */
const HEARING_WINDOW_DAYS = 14;

/** Shared by both inserts: digest rows wait for the next digest hour, the rest are due at once. */
function dueAtSql(digestHour: number) {
  return sql`CASE WHEN c.channel = 'email-digest'
                  THEN date_trunc('day', now() AT TIME ZONE 'UTC' - ${digestHour}::int * interval '1 hour') AT TIME ZONE 'UTC'
                       + interval '1 day' + ${digestHour}::int * interval '1 hour'
                  ELSE now() END`;
}

/**
 * Inserts one `pending` notification per watcher, channel, target and event of `candidates`
 * (columns watch_id, user_id, channel, target, status_change_id, event_key, payload) that the
 * outbox does not hold for that watcher yet; returns how many.
 */
async function insertCandidates(t: Db, candidates: SQL, digestHour: number): Promise<number> {
  const rows = await queryRows<{ id: string | number }>(
    t,
    sql`
    WITH candidates AS (${candidates})
    INSERT INTO notifications (watch_id, status_change_id, event_key, state, payload, next_attempt_at)
    SELECT DISTINCT ON (c.user_id, c.channel, c.target, c.event_key)
           c.watch_id, c.status_change_id, c.event_key, 'pending', c.payload, ${dueAtSql(digestHour)}
    FROM candidates c
    WHERE NOT EXISTS (
      SELECT 1 FROM notifications n JOIN watches w2 ON w2.id = n.watch_id
      WHERE n.event_key = c.event_key AND w2.user_id IS NOT DISTINCT FROM c.user_id AND w2.channel = c.channel AND w2.target = c.target
    )
    ORDER BY c.user_id, c.channel, c.target, c.event_key, c.watch_id
    ON CONFLICT (watch_id, event_key) DO NOTHING
    RETURNING id`,
  );
  return rows.length;
}

/** How many notifications a pass added, and the last change id it looked at (null: no changes yet). */
export type EnqueueResult = { enqueued: number; through: number | null };

/**
 * Enqueues, in one transaction under an advisory lock, a notification for every active
 * watch and status change it covers that the outbox does not hold yet: first a `cursor` row
 * for each new watch (at the last change before the watch was created), then one `pending`
 * row per watcher, channel, target and change (`status-change:<id>` or `new-bill:<bill id>`),
 * inserted ON CONFLICT DO NOTHING, then every cursor moves up to the newest change.
 * Digest rows are due at the next digest hour; the rest at once. Newly scheduled hearings of
 * covered bills (hearing notices since the watch was created) are enqueued the same way, as
 * `hearing:<bill id>:<meeting id>`.
 */
export async function enqueueNotifications(db: Db, options: EnqueueOptions): Promise<EnqueueResult> {
  const digestHour = options.digestHourUtc;
  const grace = options.lateCommitGraceSeconds;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`SELECT pg_advisory_xact_lock(${ENQUEUE_LOCK})`);
    await t.execute(sql`
      INSERT INTO notifications (watch_id, status_change_id, event_key, state, payload)
      SELECT w.id, (SELECT max(sc.id) FROM status_changes sc WHERE sc.changed_at < w.created_at), ${CURSOR_EVENT_KEY}, ${CURSOR_STATE}, '{}'::jsonb
      FROM watches w
      WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.watch_id = w.id AND n.event_key = ${CURSOR_EVENT_KEY})
      ON CONFLICT (watch_id, event_key) DO NOTHING`);
    const hearings = await insertCandidates(
      t,
      sql`SELECT w.id AS watch_id, w.user_id, w.channel, w.target, NULL::bigint AS status_change_id, ${hearingEventKeySql} AS event_key, ${hearingEventPayloadSql} AS payload
          FROM watches w
          JOIN hearing_notices hn ON hn.noticed_at >= w.created_at AND hn.noticed_at > now() - ${HEARING_WINDOW_DAYS}::int * interval '1 day'
          JOIN meetings m ON m.id = hn.meeting_id
          JOIN bills b ON b.id = hn.bill_id
          JOIN jurisdictions j ON j.id = b.jurisdiction_id
          WHERE w.active AND ${watchCoversBillSql}`,
      digestHour,
    );
    const [top] = await queryRows<{ through: string | number | null }>(t, sql`SELECT max(id) AS through FROM status_changes`);
    if (top.through === null) return { enqueued: hearings, through: null };
    const through = Number(top.through);

    const inserted = await insertCandidates(
      t,
      sql`SELECT w.id AS watch_id, w.user_id, w.channel, w.target, sc.id AS status_change_id, ${eventKeySql} AS event_key, ${eventPayloadSql} AS payload
          FROM watches w
          JOIN notifications cur ON cur.watch_id = w.id AND cur.event_key = ${CURSOR_EVENT_KEY}
          JOIN status_changes sc
            ON sc.id <= ${through}
           AND (sc.id > coalesce(cur.status_change_id, 0) OR sc.changed_at > now() - ${grace}::int * interval '1 second')
           AND sc.changed_at >= w.created_at
          JOIN bills b ON b.id = sc.bill_id
          JOIN jurisdictions j ON j.id = b.jurisdiction_id
          WHERE w.active AND ${watchCoversBillSql}`,
      digestHour,
    );
    await t.execute(sql`
      UPDATE notifications SET status_change_id = ${through}
      WHERE event_key = ${CURSOR_EVENT_KEY} AND (status_change_id IS NULL OR status_change_id < ${through})`);
    return { enqueued: inserted + hearings, through };
  });
}
