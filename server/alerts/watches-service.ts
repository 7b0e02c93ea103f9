import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { queryRows } from '../../db/database.js';
import { bills, jurisdictions, policies, watches } from '../../db/schema/index.js';
import { hashToken, newToken } from '../auth/secrets.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import {
  alertEventSchema, CURSOR_EVENT_KEY, describeChange, eventKeySql, eventPayloadSql, feedUrl, watchCoversBillSql, type AlertEvent, type NotificationState, type WatchChannel,
} from './alert-event.js';
import { describeWatch } from './deliver-notifications.js';
import { EMAIL_NOT_CONFIGURED } from './email-sender.js';

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

type WatchRow = {
  id: string | number; user_id: string | number; bill_id: string | number | null; bill_identifier: string | null; policy_id: string | null; policy_name: string | null;
  jurisdiction_ids: string[]; channel: WatchChannel; target: string; active: boolean; created_at: string | Date;
  pending: string | number; claimed: string | number; sent: string | number; failed: string | number;
};

function kindOf(w: { bill_id: unknown; policy_id: unknown }): WatchKind {
  if (w.bill_id !== null) return 'bill';
  return w.policy_id !== null ? 'policy' : 'jurisdiction';
}

function toView(r: WatchRow, emailConfigured: boolean): WatchView {
  const billId = r.bill_id === null ? null : Number(r.bill_id);
  const failed = Number(r.failed);
  let problem: string | null = null;
  if (r.channel !== 'webhook' && !emailConfigured) problem = EMAIL_NOT_CONFIGURED;
  else if (!r.active) problem = 'unsubscribed: this watch no longer delivers';
  else if (failed > 0) problem = `${failed} deliver${failed === 1 ? 'y' : 'ies'} failed for good; see the delivery log`;
  return {
    id: Number(r.id), kind: kindOf(r),
    description: describeWatch({ billId, billIdentifier: r.bill_identifier, policyId: r.policy_id, policyName: r.policy_name, jurisdictionIds: r.jurisdiction_ids ?? [] }),
    bill_id: billId, policy_id: r.policy_id, jurisdiction_ids: r.jurisdiction_ids ?? [], channel: r.channel, target: r.target, active: r.active,
    created_at: new Date(r.created_at).toISOString(),
    deliveries: { pending: Number(r.pending), claimed: Number(r.claimed), sent: Number(r.sent), failed },
    problem,
  };
}

async function selectWatches(db: Db, where: ReturnType<typeof sql>): Promise<WatchRow[]> {
  return queryRows<WatchRow>(
    db,
    sql`SELECT w.id, w.user_id, w.bill_id, b.identifier AS bill_identifier, w.policy_id, p.name AS policy_name, w.jurisdiction_ids, w.channel, w.target, w.active, w.created_at,
               count(*) FILTER (WHERE n.state = 'pending') AS pending, count(*) FILTER (WHERE n.state = 'claimed') AS claimed,
               count(*) FILTER (WHERE n.state = 'sent') AS sent, count(*) FILTER (WHERE n.state = 'failed') AS failed
        FROM watches w
        LEFT JOIN bills b ON b.id = w.bill_id
        LEFT JOIN policies p ON p.id = w.policy_id
        LEFT JOIN notifications n ON n.watch_id = w.id AND n.event_key <> ${CURSOR_EVENT_KEY}
        WHERE ${where}
        GROUP BY w.id, b.identifier, p.name
        ORDER BY w.id`,
  );
}

/** Checks that what a watch names exists. @throws ValidationError naming each bad parameter. */
async function checkReferences(db: Db, input: WatchInput): Promise<void> {
  const problems: { parameter: string; message: string }[] = [];
  if (input.bill_id !== undefined) {
    const [row] = await db.select({ id: bills.id }).from(bills).where(eq(bills.id, input.bill_id));
    if (!row) problems.push({ parameter: 'bill_id', message: `no bill ${input.bill_id}` });
  }
  if (input.policy_id !== undefined) {
    const [row] = await db.select({ id: policies.id }).from(policies).where(eq(policies.id, input.policy_id));
    if (!row) problems.push({ parameter: 'policy_id', message: `no policy ${input.policy_id}` });
  }
  const wanted = input.jurisdiction_ids ?? [];
  if (wanted.length) {
    const found = new Set((await db.select({ id: jurisdictions.id }).from(jurisdictions).where(inArray(jurisdictions.id, wanted))).map((r) => r.id));
    wanted.forEach((id, i) => {
      if (!found.has(id)) problems.push({ parameter: `jurisdiction_ids.${i}`, message: `no jurisdiction ${id}` });
    });
  }
  if (problems.length) throw new ValidationError(`invalid body parameters: ${problems.map((p) => p.parameter).join(', ')}`, problems);
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
  options: { publicUrl: string; emailConfigured: boolean },
): Promise<CreatedWatch> {
  await checkReferences(db, input);
  const feedToken = newToken();
  const secret = input.channel === 'webhook' ? `whsec_${newToken(24)}` : null;
  const [row] = await db
    .insert(watches)
    .values({
      userId: owner.id,
      billId: input.bill_id ?? null,
      policyId: input.policy_id ?? null,
      jurisdictionIds: input.jurisdiction_ids ?? [],
      channel: input.channel,
      target: input.target ?? owner.email,
      secret,
      feedToken: hashToken(feedToken),
      unsubscribeToken: newToken(),
    })
    .returning({ id: watches.id });
  const [created] = await selectWatches(db, sql`w.id = ${row.id}`);
  return { ...toView(created, options.emailConfigured), feed_url: feedUrl(options.publicUrl, feedToken), webhook_secret: secret };
}

/** The owner's watches with their delivery counts. */
export async function listWatches(db: Db, userId: number, options: { emailConfigured: boolean }): Promise<WatchView[]> {
  return (await selectWatches(db, sql`w.user_id = ${userId}`)).map((r) => toView(r, options.emailConfigured));
}

/** Deletes one of the owner's watches and its delivery log. @throws NotFoundError when it is not theirs. */
export async function deleteWatch(db: Db, userId: number, watchId: number): Promise<void> {
  const deleted = await db.delete(watches).where(and(eq(watches.id, watchId), eq(watches.userId, userId))).returning({ id: watches.id });
  if (deleted.length === 0) throw new NotFoundError(`watch ${watchId}`);
}

/** Issues a new feed URL for a watch (the old one stops working). @throws NotFoundError when it is not theirs. */
export async function rotateFeedToken(db: Db, userId: number, watchId: number, publicUrl: string): Promise<{ feed_url: string }> {
  const token = newToken();
  const updated = await db
    .update(watches)
    .set({ feedToken: hashToken(token) })
    .where(and(eq(watches.id, watchId), eq(watches.userId, userId)))
    .returning({ id: watches.id });
  if (updated.length === 0) throw new NotFoundError(`watch ${watchId}`);
  return { feed_url: feedUrl(publicUrl, token) };
}

/** The delivery log of the owner's watches, newest first; `before` continues a page. */
export async function listDeliveries(
  db: Db,
  userId: number,
  filter: { watchId?: number; state?: NotificationState; before?: number; limit: number },
): Promise<DeliveryView[]> {
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
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  return rows.map((r) => {
    const event = alertEventSchema.safeParse(r.payload);
    return {
      id: Number(r.id), watch_id: Number(r.watch_id), event_key: r.event_key, state: r.state, attempts: Number(r.attempts), last_error: r.last_error,
      created_at: iso(r.created_at)!, next_attempt_at: r.state === 'pending' ? iso(r.next_attempt_at) : null, claimed_at: iso(r.claimed_at), sent_at: iso(r.sent_at),
      bill: event.success ? { id: event.data.bill.id, identifier: event.data.bill.identifier } : null,
      summary: event.success ? describeChange(event.data) : null,
    };
  });
}

/** What the unsubscribe page shows about a watch, found by its token; null when unknown. */
export async function findWatchByUnsubscribeToken(db: Db, token: string): Promise<{ id: number; description: string; active: boolean } | null> {
  const [row] = await selectWatches(db, sql`w.unsubscribe_token = ${token}`);
  if (!row) return null;
  const view = toView(row, true);
  return { id: view.id, description: view.description, active: view.active };
}

/** Stops a watch by its unsubscribe token (idempotent). Returns false when the token is unknown. */
export async function unsubscribeWatch(db: Db, token: string): Promise<boolean> {
  const rows = await db.update(watches).set({ active: false }).where(eq(watches.unsubscribeToken, token)).returning({ id: watches.id });
  return rows.length > 0;
}

export type WatchFeed = { watch: { id: number; description: string; createdAt: string }; events: { eventKey: string; event: AlertEvent }[] };

/**
 * The events of a watch's secret feed, newest first: the changes its watch covers since it
 * was created, by the same rule the outbox uses. Null when the token is unknown.
 */
export async function watchFeedByToken(db: Db, token: string, limit = 50): Promise<WatchFeed | null> {
  const [row] = await selectWatches(db, sql`w.feed_token = ${hashToken(token)}`);
  if (!row) return null;
  const watch = toView(row, true);
  const events = await queryRows<{ event_key: string; payload: unknown }>(
    db,
    sql`SELECT ${eventKeySql} AS event_key, ${eventPayloadSql} AS payload
        FROM watches w
        JOIN status_changes sc ON sc.changed_at >= w.created_at
        JOIN bills b ON b.id = sc.bill_id
        JOIN jurisdictions j ON j.id = b.jurisdiction_id
        WHERE w.id = ${watch.id} AND ${watchCoversBillSql}
        ORDER BY sc.id DESC LIMIT ${limit}`,
  );
  return {
    watch: { id: watch.id, description: watch.description, createdAt: watch.created_at },
    events: events.map((e) => ({ eventKey: e.event_key, event: alertEventSchema.parse(e.payload) })),
  };
}
