import { oneOf } from './one-of.js';
import { CURSOR_STATE, NOTIFICATION_STATES, WATCH_CHANNELS } from '../../core/alerts/alert-event.js';

/** The outbox states plus the cursor rows' own. */
const NOTIFICATION_STATES_STORED = [...NOTIFICATION_STATES, CURSOR_STATE] as const;
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { statusChanges } from './bills.js';

/**
 * What someone watches (a bill; or bills on a policy, in jurisdictions, matching a search)
 * and how they hear of it. Staff watches belong to a user; a public email subscription has
 * no user and stays inactive until its address is confirmed (double opt-in).
 */
export const watches = pgTable(
  'watches',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'cascade' }), // null: a public subscription
    billId: bigint('bill_id', { mode: 'number' }),
    policyId: text('policy_id'),
    jurisdictionIds: text('jurisdiction_ids').array().notNull().default(sql`'{}'::text[]`), // OCD ids and state codes (va: the state and its places)
    query: text('query'), // a saved search's words (PostgreSQL websearch syntax)
    channel: text('channel', { enum: WATCH_CHANNELS }).notNull(),
    target: text('target').notNull(), // email address or webhook URL
    secret: text('secret'), // webhook signing secret
    feedToken: text('feed_token'), // secret part of the watchlist's Atom feed URL
    unsubscribeToken: text('unsubscribe_token').notNull(),
    active: boolean('active').notNull().default(true),
    confirmTokenHash: text('confirm_token_hash'), // public subscriptions: hash of the token in the confirmation email
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('watches_user_idx').on(t.userId),
    uniqueIndex('watches_unsubscribe_token').on(t.unsubscribeToken),
    index('watches_feed_token_idx').on(t.feedToken),
    index('watches_confirm_token_idx').on(t.confirmTokenHash),
    oneOf('watches_channel_check', t.channel, WATCH_CHANNELS),
  ],
);

/** Outbox: one row per change, watch and channel; the unique key makes re-runs send nothing twice. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    watchId: bigint('watch_id', { mode: 'number' }).notNull().references(() => watches.id, { onDelete: 'cascade' }),
    statusChangeId: bigint('status_change_id', { mode: 'number' }).references(() => statusChanges.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(), // status-change:<id> | new-bill:<id>
    state: text('state', { enum: NOTIFICATION_STATES_STORED }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    payload: jsonb('payload').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notifications_once').on(t.watchId, t.eventKey),
    index('notifications_due_idx').on(t.state, t.nextAttemptAt),
    oneOf('notifications_state_check', t.state, NOTIFICATION_STATES_STORED),
  ],
);
