import type { Db } from '../../db/database.js';
import {
  billExists, deactivateWatchByUnsubscribeToken, deleteWatchOfUser, findExistingJurisdictionIds, findWatch, insertWatch, listWatchesOfUser, policyExists,
  replaceFeedTokenHash, type WatchRecord,
} from '../../db/alerts/watches-repository.js';
import { listDeliveryRecords } from '../../db/alerts/deliveries-query.js';
import { listWatchEvents } from '../../db/alerts/alert-events-query.js';
import { hashToken, newToken } from '../auth/secrets.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { describeChange, feedUrl, type NotificationState, type WatchChannel, type WatchFeed } from '../../core/alerts/alert-event.js';
import { describeWatch } from './deliver-notifications.js';
import { EMAIL_NOT_CONFIGURED } from './email-sender.js';
import { resolveWebhookTarget, WebhookTargetError, type HostResolver } from './webhook-target.js';

export type { WatchFeed } from '../../core/alerts/alert-event.js';

export type WatchKind = 'bill' | 'policy' | 'jurisdiction';

/** A new watch as the API receives it (already shape-checked). */
export type WatchInput = { bill_id?: number; policy_id?: string; jurisdiction_ids?: string[]; channel: WatchChannel; target?: string };

/** A watch as its owner sees it. Secrets (feed token, webhook secret) are shown once, at creation. */
export type WatchView = {
  id: number; kind: WatchKind; description: string; bill_id: number | null; policy_id: string | null; jurisdiction_ids: string[];
  channel: WatchChannel; target: string; active: boolean; created_at: string;
  deliveries: Record<NotificationState, number>;
  /** Why deliveries wait, e.g. "email not configured"; null when nothing is wrong. */
  problem: string | null;
};

export type CreatedWatch = WatchView & { feed_url: string; webhook_secret: string | null };

export type DeliveryView = {
  id: number; watch_id: number; event_key: string; state: NotificationState; attempts: number; last_error: string | null;
  created_at: string; next_attempt_at: string | null; claimed_at: string | null; sent_at: string | null;
  bill: { id: number; identifier: string } | null; summary: string | null;
};

function kindOf(w: WatchRecord): WatchKind {
  if (w.billId !== null) return 'bill';
  return w.policyId !== null ? 'policy' : 'jurisdiction';
}

function toView(r: WatchRecord, emailConfigured: boolean): WatchView {
  const failed = r.deliveries.failed;
  let problem: string | null = null;
  if (r.channel !== 'webhook' && !emailConfigured) problem = EMAIL_NOT_CONFIGURED;
  else if (!r.active) problem = 'unsubscribed: this watch no longer delivers';
  else if (failed > 0) problem = `${failed} deliver${failed === 1 ? 'y' : 'ies'} failed for good; see the delivery log`;
  return {
    id: r.id, kind: kindOf(r),
    description: describeWatch({ billId: r.billId, billIdentifier: r.billIdentifier, policyId: r.policyId, policyName: r.policyName, jurisdictionIds: r.jurisdictionIds }),
    bill_id: r.billId, policy_id: r.policyId, jurisdiction_ids: r.jurisdictionIds, channel: r.channel, target: r.target, active: r.active,
    created_at: r.createdAt,
    deliveries: { ...r.deliveries },
    problem,
  };
}

/** Checks that what a watch names exists. @throws ValidationError naming each bad parameter. */
async function checkReferences(db: Db, input: WatchInput): Promise<void> {
  const problems: { parameter: string; message: string }[] = [];
  if (input.bill_id !== undefined && !(await billExists(db, input.bill_id))) {
    problems.push({ parameter: 'bill_id', message: `no bill ${input.bill_id}` });
  }
  if (input.policy_id !== undefined && !(await policyExists(db, input.policy_id))) {
    problems.push({ parameter: 'policy_id', message: `no policy ${input.policy_id}` });
  }
  const wanted = input.jurisdiction_ids ?? [];
  if (wanted.length) {
    const found = await findExistingJurisdictionIds(db, wanted);
    wanted.forEach((id, i) => {
      if (!found.has(id)) problems.push({ parameter: `jurisdiction_ids.${i}`, message: `no jurisdiction ${id}` });
    });
  }
  if (problems.length) throw new ValidationError(`invalid body parameters: ${problems.map((p) => p.parameter).join(', ')}`, problems);
}

/** A webhook's target must resolve to public addresses (see webhook-target.ts). @throws ValidationError naming `target`. */
async function checkWebhookTarget(input: WatchInput, options: { allowPrivateWebhooks: boolean; resolveHost?: HostResolver }): Promise<void> {
  if (input.channel !== 'webhook' || input.target === undefined) return;
  try {
    await resolveWebhookTarget(input.target, { allowPrivate: options.allowPrivateWebhooks, resolve: options.resolveHost });
  } catch (error) {
    if (!(error instanceof WebhookTargetError)) throw error;
    throw new ValidationError('invalid body parameters: target', [{ parameter: 'target', message: `webhook target refused: ${error.message}` }]);
  }
}

/**
 * Creates a watch for its owner: email watches go to the owner's address unless another is
 * given; a webhook gets a signing secret. Returns the feed URL and the webhook secret once
 * (only a hash of the feed token is kept).
 * @throws ValidationError when the bill, policy or a jurisdiction does not exist.
 */
export async function createWatch(
  db: Db,
  owner: { id: number; email: string },
  input: WatchInput,
  options: { publicUrl: string; emailConfigured: boolean; allowPrivateWebhooks?: boolean; resolveHost?: HostResolver },
): Promise<CreatedWatch> {
  await checkWebhookTarget(input, { allowPrivateWebhooks: options.allowPrivateWebhooks ?? false, resolveHost: options.resolveHost });
  await checkReferences(db, input);
  const feedToken = newToken();
  const secret = input.channel === 'webhook' ? `whsec_${newToken(24)}` : null;
  const id = await insertWatch(db, {
    userId: owner.id,
    billId: input.bill_id ?? null,
    policyId: input.policy_id ?? null,
    jurisdictionIds: input.jurisdiction_ids ?? [],
    channel: input.channel,
    target: input.target ?? owner.email,
    secret,
    feedTokenHash: hashToken(feedToken),
    unsubscribeToken: newToken(),
  });
  const created = await findWatch(db, { id });
  if (!created) throw new Error(`watch ${id} vanished right after it was created`);
  return { ...toView(created, options.emailConfigured), feed_url: feedUrl(options.publicUrl, feedToken), webhook_secret: secret };
}

/** The owner's watches with their delivery counts. */
export async function listWatches(db: Db, userId: number, options: { emailConfigured: boolean }): Promise<WatchView[]> {
  return (await listWatchesOfUser(db, userId)).map((r) => toView(r, options.emailConfigured));
}

/** Deletes one of the owner's watches and its delivery log. @throws NotFoundError when it is not theirs. */
export async function deleteWatch(db: Db, userId: number, watchId: number): Promise<void> {
  if (!(await deleteWatchOfUser(db, userId, watchId))) throw new NotFoundError(`watch ${watchId}`);
}

/** Issues a new feed URL for a watch (the old one stops working). @throws NotFoundError when it is not theirs. */
export async function rotateFeedToken(db: Db, userId: number, watchId: number, publicUrl: string): Promise<{ feed_url: string }> {
  const token = newToken();
  if (!(await replaceFeedTokenHash(db, userId, watchId, hashToken(token)))) throw new NotFoundError(`watch ${watchId}`);
  return { feed_url: feedUrl(publicUrl, token) };
}

/** The delivery log of the owner's watches, newest first; `before` continues a page. */
export async function listDeliveries(
  db: Db,
  userId: number,
  filter: { watchId?: number; state?: NotificationState; before?: number; limit: number },
): Promise<DeliveryView[]> {
  const records = await listDeliveryRecords(db, userId, filter);
  return records.map((r) => ({
    id: r.id, watch_id: r.watchId, event_key: r.eventKey, state: r.state, attempts: r.attempts, last_error: r.lastError,
    created_at: r.createdAt, next_attempt_at: r.state === 'pending' ? r.nextAttemptAt : null, claimed_at: r.claimedAt, sent_at: r.sentAt,
    bill: r.event ? { id: r.event.bill.id, identifier: r.event.bill.identifier } : null,
    summary: r.event ? describeChange(r.event) : null,
  }));
}

/** What the unsubscribe page shows about a watch, found by its token; null when unknown. */
export async function findWatchByUnsubscribeToken(db: Db, token: string): Promise<{ id: number; description: string; active: boolean } | null> {
  const record = await findWatch(db, { unsubscribeToken: token });
  if (!record) return null;
  const view = toView(record, true);
  return { id: view.id, description: view.description, active: view.active };
}

/** Stops a watch by its unsubscribe token (idempotent). Returns false when the token is unknown. */
export async function unsubscribeWatch(db: Db, token: string): Promise<boolean> {
  return deactivateWatchByUnsubscribeToken(db, token);
}

/**
 * The events of a watch's secret feed, newest first: the changes its watch covers since it
 * was created, by the same rule the outbox uses. Null when the token is unknown.
 */
export async function watchFeedByToken(db: Db, token: string, limit = 50): Promise<WatchFeed | null> {
  const record = await findWatch(db, { feedTokenHash: hashToken(token) });
  if (!record) return null;
  const watch = toView(record, true);
  const events = await listWatchEvents(db, watch.id, limit);
  return { watch: { id: watch.id, description: watch.description, createdAt: watch.created_at }, events };
}
