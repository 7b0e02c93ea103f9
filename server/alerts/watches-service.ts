import type { Db } from '../../db/database.js';
import {
  billExists, confirmSubscription, countUnconfirmedSubscriptions, deactivateWatchByUnsubscribeToken, deleteWatchOfUser, findExistingJurisdictionIds, findWatch,
  insertWatch, listWatchesOfUser, policyExists, replaceFeedTokenHash, updateWatchOfUser, type WatchRecord,
} from '../../db/alerts/watches-repository.js';
import { listDeliveryRecords } from '../../db/alerts/deliveries-query.js';
import { listWatchEvents } from '../../db/alerts/alert-events-query.js';
import { hashToken, newToken } from '../auth/secrets.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { describeChange, feedUrl, type NotificationState, type WatchChannel, type WatchFeed } from '../../core/alerts/alert-event.js';
import { describeWatch } from './deliver-notifications.js';
import { isWebhookUrl } from '../../core/alerts/webhook-url.js';
import { EMAIL_NOT_CONFIGURED } from './email-sender.js';
import { resolveWebhookTarget, WebhookTargetError, type HostResolver } from './webhook-target.js';

export type { WatchFeed } from '../../core/alerts/alert-event.js';

export type WatchKind = 'bill' | 'policy' | 'jurisdiction' | 'search';

/** A new watch as the API receives it (already shape-checked; jurisdiction references normalized). */
export type WatchInput = { bill_id?: number; policy_id?: string; jurisdiction_ids?: string[]; query?: string; channel: WatchChannel; target?: string };

/** A watch as its owner sees it. Secrets (feed token, webhook secret) are shown once, at creation. */
export type WatchView = {
  id: number; kind: WatchKind; description: string; bill_id: number | null; policy_id: string | null; jurisdiction_ids: string[]; query: string | null;
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
  if (w.query !== null) return 'search';
  return w.policyId !== null ? 'policy' : 'jurisdiction';
}

function toView(r: WatchRecord, emailConfigured: boolean): WatchView {
  const failed = r.deliveries.failed;
  let problem: string | null = null;
  // A pause is the owner's own doing: say that first, then what the server lacks.
  if (!r.active) problem = 'paused (or unsubscribed from an email): resume it to deliver again';
  else if (r.channel !== 'webhook' && !emailConfigured) problem = EMAIL_NOT_CONFIGURED;
  else if (failed > 0) problem = `${failed} deliver${failed === 1 ? 'y' : 'ies'} failed for good; see the delivery log`;
  return {
    id: r.id, kind: kindOf(r),
    description: describeWatch({ billId: r.billId, billIdentifier: r.billIdentifier, policyId: r.policyId, policyName: r.policyName, jurisdictionIds: r.jurisdictionIds, query: r.query }),
    bill_id: r.billId, policy_id: r.policyId, jurisdiction_ids: r.jurisdictionIds, query: r.query, channel: r.channel, target: r.target, active: r.active,
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
async function checkWebhookTarget(input: Pick<WatchInput, 'channel' | 'target'>, options: { allowPrivateWebhooks: boolean; resolveHost?: HostResolver }): Promise<void> {
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
    query: input.query ?? null,
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

/** What an owner may change on a watch: where it goes, and whether it delivers. */
export type WatchEdit = { channel?: WatchChannel; target?: string; active?: boolean };

/**
 * Changes one of the owner's watches: its channel and target (a webhook needs an http(s)
 * target that resolves to public addresses, checked as at creation, and gets a new signing
 * secret, shown once), or pauses and resumes it.
 * @throws NotFoundError when it is not theirs; ValidationError when a webhook has no URL target or a refused one.
 */
export async function editWatch(
  db: Db,
  owner: { id: number; email: string },
  watchId: number,
  edit: WatchEdit,
  options: { emailConfigured: boolean; allowPrivateWebhooks?: boolean; resolveHost?: HostResolver },
): Promise<WatchView & { webhook_secret: string | null }> {
  const current = await findWatch(db, { id: watchId });
  if (!current || current.userId !== owner.id) throw new NotFoundError(`watch ${watchId}`);
  const channel = edit.channel ?? current.channel;
  const becameWebhook = channel === 'webhook' && current.channel !== 'webhook';
  let target = edit.target;
  if (channel === 'webhook' && !isWebhookUrl(target ?? (becameWebhook ? '' : current.target))) {
    throw new ValidationError('invalid body parameters: target', [{ parameter: 'target', message: 'a webhook needs an http or https target URL' }]);
  }
  // A new webhook target is checked as at creation (an unchanged one was checked then, and is again at every send).
  await checkWebhookTarget({ channel, target }, { allowPrivateWebhooks: options.allowPrivateWebhooks ?? false, resolveHost: options.resolveHost });
  if (channel !== 'webhook' && current.channel === 'webhook' && target === undefined) target = owner.email;
  const secret = becameWebhook ? `whsec_${newToken(24)}` : undefined;
  await updateWatchOfUser(db, owner.id, watchId, { channel: edit.channel, target, active: edit.active, ...(secret ? { secret } : {}) });
  const updated = await findWatch(db, { id: watchId });
  return { ...toView(updated!, options.emailConfigured), webhook_secret: secret ?? null };
}

/** A public email subscription, before and after its address is confirmed. */
export type SubscriptionInput = { email: string; bill_id?: number; policy_id?: string; jurisdiction_ids?: string[] };

/** Confirmation emails one address may be sent in a day (double opt-in must not become a way to flood someone). */
export const MAX_UNCONFIRMED_PER_DAY = 5;

/**
 * Records a public email subscription, inactive until confirmed, and returns the token for
 * its confirmation link (only its hash is stored) with what it covers in words.
 * @throws ValidationError naming a bill, policy or jurisdiction that does not exist, or
 *   `email` when the address already has too many unconfirmed subscriptions today.
 */
export async function subscribeByEmail(db: Db, input: SubscriptionInput): Promise<{ confirmToken: string; unsubscribeToken: string; description: string }> {
  const watch: WatchInput = { bill_id: input.bill_id, policy_id: input.policy_id, jurisdiction_ids: input.jurisdiction_ids, channel: 'email', target: input.email };
  await checkReferences(db, watch);
  if ((await countUnconfirmedSubscriptions(db, input.email, new Date(Date.now() - 86_400_000))) >= MAX_UNCONFIRMED_PER_DAY) {
    throw new ValidationError('too many unconfirmed subscriptions', [{ parameter: 'email', message: 'this address has too many subscriptions waiting for confirmation today; confirm one from your inbox first' }]);
  }
  const confirmToken = newToken();
  const unsubscribeToken = newToken();
  const id = await insertWatch(db, {
    userId: null, billId: input.bill_id ?? null, policyId: input.policy_id ?? null, jurisdictionIds: input.jurisdiction_ids ?? [],
    channel: 'email', target: input.email, secret: null, feedTokenHash: hashToken(newToken()), unsubscribeToken, confirmTokenHash: hashToken(confirmToken),
  });
  const record = await findWatch(db, { id });
  return { confirmToken, unsubscribeToken, description: toView(record!, true).description };
}

/** What a confirmation link names, without spending it; null for an unknown or spent token. */
export async function findSubscriptionByConfirmToken(db: Db, token: string): Promise<{ id: number; description: string; target: string } | null> {
  const record = await findWatch(db, { confirmTokenHash: hashToken(token) });
  return record ? { id: record.id, description: toView(record, true).description, target: record.target } : null;
}

/** Confirms a subscription (its first delivery is the next change it covers). Returns false for an unknown or spent token. */
export async function confirmSubscriptionByToken(db: Db, token: string): Promise<boolean> {
  return (await confirmSubscription(db, hashToken(token))) !== null;
}
