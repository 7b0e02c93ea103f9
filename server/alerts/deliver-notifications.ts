import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { queryRows } from '../../db/database.js';
import { alertEventSchema, type AlertEvent, type WatchChannel } from './alert-event.js';

/** How long a claim protects a row, and how retries back off. */
export type RetryPolicy = {
  /** A claim older than this is taken to belong to a dead process and is reclaimed. Keep it well above a send's timeout. */
  claimTimeoutMs: number;
  /** Attempts (claims) before a notification is given up and shown as failed. */
  maxAttempts: number;
  /** Wait after the first failure; doubles each attempt up to `backoffCapMs`. */
  backoffBaseMs: number;
  backoffCapMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { claimTimeoutMs: 5 * 60_000, maxAttempts: 8, backoffBaseMs: 60_000, backoffCapMs: 6 * 3_600_000 };

/** A claimed outbox row with what its sender needs to know about the watch. */
export type ClaimedNotification = {
  id: number;
  watchId: number;
  eventKey: string;
  attempts: number;
  createdAt: string;
  event: AlertEvent;
  watch: { id: number; userId: number; channel: WatchChannel; target: string; secret: string | null; unsubscribeToken: string; description: string };
};

/** Sends one notification; throws to have it retried. */
export type NotificationSender = (notification: ClaimedNotification) => Promise<void>;

type ClaimedRow = {
  id: string | number; watch_id: string | number; event_key: string; attempts: number; created_at: string | Date; payload: unknown;
  user_id: string | number; channel: WatchChannel; target: string; secret: string | null; unsubscribe_token: string;
  bill_id: string | number | null; bill_identifier: string | null; policy_id: string | null; policy_name: string | null; jurisdiction_ids: string[];
};

/** "bill VA HB 5099", "policy No-knock warrants in 2 jurisdictions", "jurisdictions ...": what a watch covers, for messages. */
export function describeWatch(w: { billIdentifier: string | null; billId: number | null; policyName: string | null; policyId: string | null; jurisdictionIds: string[] }): string {
  if (w.billId !== null) return `bill ${w.billIdentifier ?? `#${w.billId}`}`;
  const places = w.jurisdictionIds.length === 1 ? w.jurisdictionIds[0] : `${w.jurisdictionIds.length} jurisdictions`;
  if (w.policyId !== null) return `policy ${w.policyName ?? w.policyId}${w.jurisdictionIds.length ? ` in ${places}` : ''}`;
  return `jurisdiction${w.jurisdictionIds.length === 1 ? '' : 's'} ${w.jurisdictionIds.join(', ')}`;
}

function toClaimed(r: ClaimedRow): ClaimedNotification {
  const billId = r.bill_id === null ? null : Number(r.bill_id);
  return {
    id: Number(r.id),
    watchId: Number(r.watch_id),
    eventKey: r.event_key,
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at).toISOString(),
    event: alertEventSchema.parse(r.payload),
    watch: {
      id: Number(r.watch_id), userId: Number(r.user_id), channel: r.channel, target: r.target, secret: r.secret, unsubscribeToken: r.unsubscribe_token,
      description: describeWatch({ billId, billIdentifier: r.bill_identifier, policyId: r.policy_id, policyName: r.policy_name, jurisdictionIds: r.jurisdiction_ids ?? [] }),
    },
  };
}

/**
 * Claims due notifications of active watches on the given channels: pending ones whose time
 * has come, and claimed ones whose claim went stale (their process died between claiming
 * and finishing). One UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select, so concurrent
 * deliverers never claim the same row; each claim counts as an attempt, so a message that
 * kills its sender cannot loop forever. Stale claims already at the attempt limit are
 * marked failed instead.
 */
export async function claimDueNotifications(db: Db, options: { channels: WatchChannel[]; limit: number; policy: RetryPolicy }): Promise<ClaimedNotification[]> {
  if (options.channels.length === 0) return [];
  const stale = sql`n2.state = 'claimed' AND n2.claimed_at < now() - ${Math.round(options.policy.claimTimeoutMs)}::int * interval '1 millisecond'`;
  await db.execute(sql`
    UPDATE notifications n2 SET state = 'failed', claimed_at = NULL, last_error = 'gave up: the delivering process stopped while sending, ' || n2.attempts || ' times'
    WHERE ${stale} AND n2.attempts >= ${options.policy.maxAttempts}`);
  const rows = await queryRows<ClaimedRow>(
    db,
    sql`
    UPDATE notifications n SET state = 'claimed', claimed_at = now(), attempts = n.attempts + 1
    FROM watches w
    LEFT JOIN bills b ON b.id = w.bill_id
    LEFT JOIN policies p ON p.id = w.policy_id
    WHERE w.id = n.watch_id AND n.id IN (
      SELECT n2.id FROM notifications n2 JOIN watches w2 ON w2.id = n2.watch_id
      WHERE w2.active AND w2.channel IN ${options.channels}
        AND ((n2.state = 'pending' AND n2.next_attempt_at <= now()) OR (${stale}))
      ORDER BY n2.next_attempt_at, n2.id
      LIMIT ${options.limit}
      FOR UPDATE OF n2 SKIP LOCKED)
    RETURNING n.id, n.watch_id, n.event_key, n.attempts, n.created_at, n.payload, w.user_id, w.channel, w.target, w.secret, w.unsubscribe_token,
              w.bill_id, b.identifier AS bill_identifier, w.policy_id, p.name AS policy_name, w.jurisdiction_ids`,
  );
  return rows.map(toClaimed).sort((a, b) => a.id - b.id);
}

/** Marks claimed notifications delivered. */
export async function markSent(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`UPDATE notifications SET state = 'sent', sent_at = now(), claimed_at = NULL, last_error = NULL WHERE id IN ${ids}`);
}

/**
 * Records a failed attempt: back to pending after an exponential backoff, or `failed` for
 * good once the attempts are used up (the owner sees it with its last error). Only rows
 * still held by this claim (same attempt number) are touched, so a slow sender whose claim
 * went stale cannot undo another process's claim.
 */
export async function markFailed(db: Db, claims: { id: number; attempts: number }[], error: string, policy: RetryPolicy): Promise<void> {
  if (claims.length === 0) return;
  const held = sql.join(claims.map((c) => sql`(${c.id}::bigint, ${c.attempts}::int)`), sql`, `);
  await db.execute(sql`
    UPDATE notifications
    SET state = CASE WHEN attempts >= ${policy.maxAttempts} THEN 'failed' ELSE 'pending' END,
        claimed_at = NULL,
        last_error = ${error.slice(0, 2000)},
        next_attempt_at = now() + least(${policy.backoffBaseMs}::float8 * power(2, greatest(attempts - 1, 0)), ${policy.backoffCapMs}::float8) * interval '1 millisecond'
    WHERE state = 'claimed' AND (id, attempts) IN (${held})`);
}

/**
 * Renews a claim just before sending (a heartbeat, so a long batch does not look dead) and
 * tells whether this process still holds it: the attempt number is the claim's token.
 */
export async function renewClaim(db: Db, claim: { id: number; attempts: number }): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE notifications SET claimed_at = now() WHERE id = ${claim.id} AND state = 'claimed' AND attempts = ${claim.attempts} RETURNING id`,
  );
  return rows.length === 1;
}

/** Notes on pending notifications why they wait (e.g. no SMTP server configured), without claiming them. */
export async function noteWaiting(db: Db, channels: WatchChannel[], reason: string): Promise<number> {
  if (channels.length === 0) return 0;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE notifications n SET last_error = ${reason}
        FROM watches w
        WHERE w.id = n.watch_id AND w.active AND w.channel IN ${channels} AND n.state = 'pending' AND n.last_error IS DISTINCT FROM ${reason}
        RETURNING n.id`,
  );
  return rows.length;
}

export type DeliveryCounts = { claimed: number; sent: number; retrying: number; failed: number };

/**
 * Delivers due notifications one at a time through the sender for their channel, in
 * batches until nothing is due. A sender's throw is a failed attempt (retried with
 * backoff). Delivery is at least once: a process that dies after sending but before
 * marking sends again after the claim times out; receivers can drop repeats by the
 * notification id they are given.
 */
export async function deliverNotifications(
  db: Db,
  senders: Partial<Record<WatchChannel, NotificationSender>>,
  options: { policy: RetryPolicy; batchSize?: number; maxBatches?: number; onError?: (n: ClaimedNotification, error: Error) => void },
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  const channels = (Object.keys(senders) as WatchChannel[]).filter((c) => senders[c]);
  const maxBatches = options.maxBatches ?? 20;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const claimed = await claimDueNotifications(db, { channels, limit: options.batchSize ?? 50, policy: options.policy });
    if (claimed.length === 0) break;
    counts.claimed += claimed.length;
    for (const n of claimed) {
      if (!(await renewClaim(db, n))) continue;
      try {
        await senders[n.watch.channel]!(n);
        await markSent(db, [n.id]);
        counts.sent += 1;
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        options.onError?.(n, e);
        await markFailed(db, [n], e.message, options.policy);
        if (n.attempts >= options.policy.maxAttempts) counts.failed += 1;
        else counts.retrying += 1;
      }
    }
  }
  return counts;
}
