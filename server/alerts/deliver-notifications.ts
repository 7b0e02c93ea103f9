import type { Db } from '../../db/database.js';
import {
  claimDueNotificationRows, giveUpStaleClaims, markNotificationsSent, recordFailedAttempts, renewNotificationClaim, type FailedAttempt, type OutboxClaim,
} from '../../db/alerts/notifications-outbox.js';
import type { AlertEvent, WatchChannel } from '../../core/alerts/alert-event.js';

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
  watch: { id: number; userId: number | null; channel: WatchChannel; target: string; secret: string | null; unsubscribeToken: string; description: string };
};

/** Sends one notification; throws to have it retried. */
export type NotificationSender = (notification: ClaimedNotification) => Promise<void>;

/**
 * "bill VA HB 5099", "policy No-knock warrants in 2 jurisdictions", "jurisdictions ...",
 * "search “crisis” in va": what a watch covers, for messages. State codes read upper-case.
 */
export function describeWatch(w: { billIdentifier: string | null; billId: number | null; policyName: string | null; policyId: string | null; jurisdictionIds: string[]; query?: string | null }): string {
  if (w.billId !== null) return `bill ${w.billIdentifier ?? `#${w.billId}`}`;
  const refs = w.jurisdictionIds.map((r) => (/^[a-z]{2}$/.test(r) ? r.toUpperCase() : r));
  const places = refs.length === 1 ? refs[0] : `${refs.length} jurisdictions`;
  const where = refs.length ? ` in ${places}` : '';
  if (w.query) return `search “${w.query}”${w.policyId !== null ? ` on ${w.policyName ?? w.policyId}` : ''}${where}`;
  if (w.policyId !== null) return `policy ${w.policyName ?? w.policyId}${where}`;
  return `jurisdiction${refs.length === 1 ? '' : 's'} ${refs.join(', ')}`;
}

function toClaimed(c: OutboxClaim): ClaimedNotification {
  const w = c.watch;
  return {
    id: c.id,
    watchId: c.watchId,
    eventKey: c.eventKey,
    attempts: c.attempts,
    createdAt: c.createdAt,
    event: c.event,
    watch: {
      id: c.watchId, userId: w.userId, channel: w.channel, target: w.target, secret: w.secret, unsubscribeToken: w.unsubscribeToken,
      description: describeWatch({ billId: w.billId, billIdentifier: w.billIdentifier, policyId: w.policyId, policyName: w.policyName, jurisdictionIds: w.jurisdictionIds, query: w.query }),
    },
  };
}

/**
 * Claims due notifications of active watches on the given channels, in id order: pending
 * ones whose time has come, and claimed ones whose claim went stale (their process died
 * between claiming and finishing). Concurrent deliverers never claim the same row; each
 * claim counts as an attempt, so a message that kills its sender cannot loop forever:
 * stale claims already at the attempt limit are marked failed instead.
 * @throws when a stored payload does not parse as an alert event.
 */
export async function claimDueNotifications(db: Db, options: { channels: WatchChannel[]; limit: number; policy: RetryPolicy }): Promise<ClaimedNotification[]> {
  if (options.channels.length === 0) return [];
  const { claimTimeoutMs, maxAttempts } = options.policy;
  await giveUpStaleClaims(db, { claimTimeoutMs, maxAttempts });
  const claims = await claimDueNotificationRows(db, { channels: options.channels, limit: options.limit, claimTimeoutMs });
  return claims.map(toClaimed);
}

/**
 * What follows a failed attempt: `failed` for good once the attempts are used up (the owner
 * sees it with its last error), else `pending` again; either way the next try waits
 * `backoffBaseMs` doubled per earlier attempt, capped at `backoffCapMs`.
 */
export function afterFailedAttempt(claim: { id: number; attempts: number }, policy: RetryPolicy): FailedAttempt {
  const retryInMs = Math.min(policy.backoffBaseMs * 2 ** Math.max(claim.attempts - 1, 0), policy.backoffCapMs);
  return { id: claim.id, attempts: claim.attempts, state: claim.attempts >= policy.maxAttempts ? 'failed' : 'pending', retryInMs };
}

/**
 * Records a failed attempt of each claim with exponential backoff (see `afterFailedAttempt`).
 * Only rows still held by these claims are touched, so a slow sender whose claim went stale
 * cannot undo another process's claim.
 */
export async function markFailed(db: Db, claims: { id: number; attempts: number }[], error: string, policy: RetryPolicy): Promise<void> {
  await recordFailedAttempts(db, claims.map((c) => afterFailedAttempt(c, policy)), error);
}

export type DeliveryCounts = { claimed: number; sent: number; retrying: number; failed: number };

/**
 * Delivers due notifications one at a time through the sender for their channel, in
 * batches until nothing is due. A sender's throw is a failed attempt (retried with
 * backoff). Delivery is at least once: a process that dies after sending but before
 * marking sends again after the claim times out; receivers can drop repeats by the
 * notification id they are given. Returns what happened, counted.
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
      // A heartbeat just before sending, so a long batch does not look dead; false when another process took the claim over.
      if (!(await renewNotificationClaim(db, n))) continue;
      try {
        await senders[n.watch.channel]!(n);
        await markNotificationsSent(db, [n.id]);
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
