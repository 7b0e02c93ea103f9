import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { alertEventSchema, type AlertEvent, type WatchChannel } from '../../core/alerts/alert-event.js';

/** A claimed outbox row, with its parsed event and the watch it goes to. */
export type OutboxClaim = {
  id: number;
  watchId: number;
  eventKey: string;
  /** Claims so far, this one included; also the token of this claim (see `renewNotificationClaim`). */
  attempts: number;
  createdAt: string;
  event: AlertEvent;
  watch: {
    /** null for a public email subscription. */
    userId: number | null; channel: WatchChannel; target: string; secret: string | null; unsubscribeToken: string;
    billId: number | null; billIdentifier: string | null; policyId: string | null; policyName: string | null; jurisdictionIds: string[]; query: string | null;
  };
};

/** What to do with one failed claim: back to `pending` or `failed` for good, next try after `retryInMs`. */
export type FailedAttempt = { id: number; attempts: number; state: 'pending' | 'failed'; retryInMs: number };

type ClaimedRow = {
  id: string | number; watch_id: string | number; event_key: string; attempts: number; created_at: string | Date; payload: unknown;
  user_id: string | number | null; channel: WatchChannel; target: string; secret: string | null; unsubscribe_token: string;
  bill_id: string | number | null; bill_identifier: string | null; policy_id: string | null; policy_name: string | null; jurisdiction_ids: string[] | null; query: string | null;
};

/** Claims older than this belong to a dead process (alias `n2`). */
function staleClaimSql(claimTimeoutMs: number): SQL {
  return sql`n2.state = 'claimed' AND n2.claimed_at < now() - ${Math.round(claimTimeoutMs)}::int * interval '1 millisecond'`;
}

/**
 * Marks `failed` the stale claims (older than `claimTimeoutMs`) that already used
 * `maxAttempts`: their process died while sending that many times, so a message that kills
 * its sender cannot loop forever. Returns how many were given up.
 */
export async function giveUpStaleClaims(db: Db, options: { claimTimeoutMs: number; maxAttempts: number }): Promise<number> {
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`
    UPDATE notifications n2 SET state = 'failed', claimed_at = NULL, last_error = 'gave up: the delivering process stopped while sending, ' || n2.attempts || ' times'
    WHERE ${staleClaimSql(options.claimTimeoutMs)} AND n2.attempts >= ${options.maxAttempts}
    RETURNING n2.id`,
  );
  return rows.length;
}

/**
 * Claims up to `limit` due notifications of active watches on the given channels: pending
 * ones whose time has come, and claims older than `claimTimeoutMs`. One UPDATE over a
 * `FOR UPDATE SKIP LOCKED` sub-select, so concurrent deliverers never claim the same row;
 * each claim adds one to `attempts`. Returns the claims in id order; throws when a stored
 * payload does not parse as an `AlertEvent`.
 */
export async function claimDueNotificationRows(db: Db, options: { channels: WatchChannel[]; limit: number; claimTimeoutMs: number }): Promise<OutboxClaim[]> {
  if (options.channels.length === 0) return [];
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
        AND ((n2.state = 'pending' AND n2.next_attempt_at <= now()) OR (${staleClaimSql(options.claimTimeoutMs)}))
      ORDER BY n2.next_attempt_at, n2.id
      LIMIT ${options.limit}
      FOR UPDATE OF n2 SKIP LOCKED)
    RETURNING n.id, n.watch_id, n.event_key, n.attempts, n.created_at, n.payload, w.user_id, w.channel, w.target, w.secret, w.unsubscribe_token,
              w.bill_id, b.identifier AS bill_identifier, w.policy_id, p.name AS policy_name, w.jurisdiction_ids, w.query`,
  );
  return rows.map(toClaim).sort((a, b) => a.id - b.id);
}

function toClaim(r: ClaimedRow): OutboxClaim {
  return {
    id: Number(r.id),
    watchId: Number(r.watch_id),
    eventKey: r.event_key,
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at).toISOString(),
    event: alertEventSchema.parse(r.payload),
    watch: {
      userId: r.user_id === null ? null : Number(r.user_id), channel: r.channel, target: r.target, secret: r.secret, unsubscribeToken: r.unsubscribe_token,
      billId: r.bill_id === null ? null : Number(r.bill_id), billIdentifier: r.bill_identifier, policyId: r.policy_id, policyName: r.policy_name,
      jurisdictionIds: r.jurisdiction_ids ?? [], query: r.query,
    },
  };
}

/** Marks claimed notifications delivered. */
export async function markNotificationsSent(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`UPDATE notifications SET state = 'sent', sent_at = now(), claimed_at = NULL, last_error = NULL WHERE id IN ${ids}`);
}

/**
 * Records failed attempts as decided by the caller (state and wait), with the error (cut to
 * 2000 characters). Only rows still held by the same claim (same attempt number) are
 * touched, so a slow sender whose claim went stale cannot undo another process's claim.
 */
export async function recordFailedAttempts(db: Db, failures: FailedAttempt[], error: string): Promise<void> {
  if (failures.length === 0) return;
  const decided = sql.join(
    failures.map((f) => sql`(${f.id}::bigint, ${f.attempts}::int, ${f.state}::text, ${f.retryInMs}::float8)`),
    sql`, `,
  );
  await db.execute(sql`
    UPDATE notifications n
    SET state = f.state,
        claimed_at = NULL,
        last_error = ${error.slice(0, 2000)},
        next_attempt_at = now() + f.retry_in_ms * interval '1 millisecond'
    FROM (VALUES ${decided}) AS f(id, attempts, state, retry_in_ms)
    WHERE n.state = 'claimed' AND n.id = f.id AND n.attempts = f.attempts`);
}

/**
 * Renews a claim (a heartbeat, so a long batch does not look dead). Returns whether this
 * process still holds it: the attempt number is the claim's token.
 */
export async function renewNotificationClaim(db: Db, claim: { id: number; attempts: number }): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE notifications SET claimed_at = now() WHERE id = ${claim.id} AND state = 'claimed' AND attempts = ${claim.attempts} RETURNING id`,
  );
  return rows.length === 1;
}

/**
 * Notes on the pending notifications of active watches on the given channels why they wait,
 * without claiming them. Returns how many got the note (rows already carrying it are left alone).
 */
export async function noteWaitingNotifications(db: Db, channels: WatchChannel[], reason: string): Promise<number> {
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
