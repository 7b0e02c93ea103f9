import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { bills, jurisdictions, policies, watches } from '../schema/index.js';
import { CURSOR_EVENT_KEY, type NotificationState, type WatchChannel } from '../../core/alerts/alert-event.js';

/** A stored watch with what describes it (bill identifier, policy name) and its outbox counts by state. */
export type WatchRecord = {
  id: number; userId: number | null; billId: number | null; billIdentifier: string | null; policyId: string | null; policyName: string | null;
  jurisdictionIds: string[]; query: string | null; channel: WatchChannel; target: string; active: boolean; createdAt: string;
  /** Public subscriptions: when the address was confirmed (null: waiting). Staff watches: null. */
  confirmedAt: string | null;
  unsubscribeToken: string;
  /** The webhook signing secret (never shown after creation). */
  secret: string | null;
  deliveries: Record<NotificationState, number>;
};

/** A watch to store; tokens arrive already made (the feed token only as its hash). */
export type NewWatch = {
  userId: number | null; billId: number | null; policyId: string | null; jurisdictionIds: string[]; query?: string | null;
  channel: WatchChannel; target: string; secret: string | null; feedTokenHash: string; unsubscribeToken: string;
  /** A public subscription: stored inactive, with the hash of its confirmation token. */
  confirmTokenHash?: string | null;
};

/** How to find one watch: by id, by its unsubscribe token, or by the hash of its feed token. */
export type WatchLookup = { id: number } | { unsubscribeToken: string } | { feedTokenHash: string } | { confirmTokenHash: string };

type WatchRow = {
  id: string | number; user_id: string | number | null; bill_id: string | number | null; bill_identifier: string | null; policy_id: string | null; policy_name: string | null;
  jurisdiction_ids: string[] | null; query: string | null; channel: WatchChannel; target: string; active: boolean; created_at: string | Date;
  confirmed_at: string | Date | null; unsubscribe_token: string; secret: string | null;
  pending: string | number; claimed: string | number; sent: string | number; failed: string | number;
};

async function selectWatches(db: Db, where: SQL): Promise<WatchRecord[]> {
  const rows = await queryRows<WatchRow>(
    db,
    sql`SELECT w.id, w.user_id, w.bill_id, b.identifier AS bill_identifier, w.policy_id, p.name AS policy_name, w.jurisdiction_ids, w.query, w.channel, w.target, w.active, w.created_at,
               w.confirmed_at, w.unsubscribe_token, w.secret,
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
  return rows.map((r) => ({
    id: Number(r.id), userId: r.user_id === null ? null : Number(r.user_id), billId: r.bill_id === null ? null : Number(r.bill_id), billIdentifier: r.bill_identifier,
    policyId: r.policy_id, policyName: r.policy_name, jurisdictionIds: r.jurisdiction_ids ?? [], query: r.query, channel: r.channel, target: r.target, active: r.active,
    createdAt: new Date(r.created_at).toISOString(), confirmedAt: r.confirmed_at === null ? null : new Date(r.confirmed_at).toISOString(), unsubscribeToken: r.unsubscribe_token, secret: r.secret,
    deliveries: { pending: Number(r.pending), claimed: Number(r.claimed), sent: Number(r.sent), failed: Number(r.failed) },
  }));
}

function lookupSql(by: WatchLookup): SQL {
  if ('id' in by) return sql`w.id = ${by.id}`;
  if ('unsubscribeToken' in by) return sql`w.unsubscribe_token = ${by.unsubscribeToken}`;
  if ('confirmTokenHash' in by) return sql`w.confirm_token_hash = ${by.confirmTokenHash}`;
  return sql`w.feed_token = ${by.feedTokenHash}`;
}

/** Stores a new watch. Returns its id. */
export async function insertWatch(db: Db, watch: NewWatch): Promise<number> {
  const [row] = await db
    .insert(watches)
    .values({
      userId: watch.userId,
      billId: watch.billId,
      policyId: watch.policyId,
      jurisdictionIds: watch.jurisdictionIds,
      query: watch.query ?? null,
      channel: watch.channel,
      target: watch.target,
      secret: watch.secret,
      feedToken: watch.feedTokenHash,
      unsubscribeToken: watch.unsubscribeToken,
      confirmTokenHash: watch.confirmTokenHash ?? null,
      active: watch.confirmTokenHash ? false : true,
    })
    .returning({ id: watches.id });
  return row.id;
}

/** One watch with its counts; null when none matches. */
export async function findWatch(db: Db, by: WatchLookup): Promise<WatchRecord | null> {
  const [record] = await selectWatches(db, lookupSql(by));
  return record ?? null;
}

/** A user's watches with their counts, oldest first. */
export async function listWatchesOfUser(db: Db, userId: number): Promise<WatchRecord[]> {
  return selectWatches(db, sql`w.user_id = ${userId}`);
}

/** Deletes a user's watch (its outbox rows go with it). Returns false when the user has no such watch. */
export async function deleteWatchOfUser(db: Db, userId: number, watchId: number): Promise<boolean> {
  const deleted = await db.delete(watches).where(and(eq(watches.id, watchId), eq(watches.userId, userId))).returning({ id: watches.id });
  return deleted.length > 0;
}

/** Replaces the feed token hash of a user's watch. Returns false when the user has no such watch. */
export async function replaceFeedTokenHash(db: Db, userId: number, watchId: number, feedTokenHash: string): Promise<boolean> {
  const updated = await db
    .update(watches)
    .set({ feedToken: feedTokenHash })
    .where(and(eq(watches.id, watchId), eq(watches.userId, userId)))
    .returning({ id: watches.id });
  return updated.length > 0;
}

/** Deactivates the watch with this unsubscribe token (idempotent). Returns false when the token is unknown. */
export async function deactivateWatchByUnsubscribeToken(db: Db, token: string): Promise<boolean> {
  const rows = await db.update(watches).set({ active: false }).where(eq(watches.unsubscribeToken, token)).returning({ id: watches.id });
  return rows.length > 0;
}

/** What an owner may change on a watch; fields not given stay. */
export type WatchChange = { channel?: WatchChannel; target?: string; active?: boolean; secret?: string | null };

/** Changes a user's watch. Returns false when the user has no such watch. */
export async function updateWatchOfUser(db: Db, userId: number, watchId: number, change: WatchChange): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return (await findWatch(db, { id: watchId }))?.userId === userId;
  const rows = await db.update(watches).set(set).where(and(eq(watches.id, watchId), eq(watches.userId, userId))).returning({ id: watches.id });
  return rows.length > 0;
}

/**
 * Confirms a public subscription by the hash of its confirmation token: it becomes active
 * and the token is spent. Returns the watch id, or null for an unknown or spent token.
 */
export async function confirmSubscription(db: Db, confirmTokenHash: string): Promise<number | null> {
  const rows = await db
    .update(watches)
    .set({ active: true, confirmedAt: sql`now()`, confirmTokenHash: null })
    .where(and(eq(watches.confirmTokenHash, confirmTokenHash), sql`${watches.userId} IS NULL`))
    .returning({ id: watches.id });
  return rows[0]?.id ?? null;
}

/** Public subscriptions to this address made since `since` and not confirmed: bounds the confirmation emails one address gets. */
export async function countUnconfirmedSubscriptions(db: Db, email: string, since: Date): Promise<number> {
  const rows = await queryRows<{ n: string | number }>(
    db,
    sql`SELECT count(*) AS n FROM watches WHERE user_id IS NULL AND lower(target) = ${email.toLowerCase()} AND confirmed_at IS NULL AND created_at >= ${since.toISOString()}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Whether a bill with this id exists. */
export async function billExists(db: Db, billId: number): Promise<boolean> {
  const [row] = await db.select({ id: bills.id }).from(bills).where(eq(bills.id, billId));
  return row !== undefined;
}

/** Whether a policy with this id exists. */
export async function policyExists(db: Db, policyId: string): Promise<boolean> {
  const [row] = await db.select({ id: policies.id }).from(policies).where(eq(policies.id, policyId));
  return row !== undefined;
}

/** Which of these jurisdiction references exist: OCD ids as jurisdictions, state codes (`va`) as states. */
export async function findExistingJurisdictionIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const codes = ids.filter((r) => /^[a-z]{2}$/i.test(r)).map((r) => r.toUpperCase());
  const rows = await db.select({ id: jurisdictions.id }).from(jurisdictions).where(inArray(jurisdictions.id, ids));
  const states = codes.length
    ? await queryRows<{ code: string }>(db, sql`SELECT lower(state_code) AS code FROM jurisdictions WHERE classification = 'state' AND state_code IN ${codes}`)
    : [];
  return new Set([...rows.map((r) => r.id), ...states.map((r) => r.code)]);
}
