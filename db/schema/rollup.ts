import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bills } from './bills.js';
import { oneOf } from './one-of.js';
import { STANCES, STATUSES, STRENGTHS } from '../../core/vocabulary.js';

/**
 * The rollup's input, one narrow row per bill and policy as the public sees it (the
 * effective classification of `bill_policy_effective`, with the bill's jurisdiction and
 * status beside it). Rewritten for a bill whenever its classification, a staff decision on
 * it or its status is written (`db/rollup/rollup-items.ts`), so recomputing one
 * (jurisdiction, policy) cell reads only that cell's rows, and the bill search filters by
 * policy with one index probe per bill. `law` is false for resolutions, memorials and other
 * kinds that never become law (core/bill/bill-kind.ts): search still finds them by policy,
 * but the rollup counts laws only.
 */
export const rollupItems = pgTable(
  'rollup_items',
  {
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    policyId: text('policy_id').notNull(),
    jurisdictionId: text('jurisdiction_id').notNull(),
    stance: text('stance', { enum: STANCES }).notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    strength: text('strength', { enum: STRENGTHS }),
    law: boolean('law').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.billId, t.policyId] }),
    // A cell's rows, grouped as the rollup counts them (laws only; no strength is '', as in
    // rollup_counts, so every group is an equality prefix), newest bill last: a group's newest
    // references are read backwards from its end, by index alone.
    index('rollup_items_cell_idx').on(t.jurisdictionId, t.policyId, t.stance, t.status, sql`coalesce(${t.strength}, '')`, t.billId).where(sql`law`),
    index('rollup_items_policy_idx').on(t.policyId, t.stance, t.billId),
    oneOf('rollup_items_stance_check', t.stance, STANCES),
    oneOf('rollup_items_status_check', t.status, STATUSES),
    oneOf('rollup_items_strength_check', t.strength, STRENGTHS),
  ],
);

/**
 * One row (id 1) whose `version` is bumped in the same transaction as every write that
 * changes the rollup, curated laws, policies or jurisdictions: readers in any process compare
 * it with the version their cached map was built at. No row yet means version 0.
 */
export const rollupVersion = pgTable('rollup_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/**
 * How many rollup items of laws (`law`) each cell holds, per stance, status and strength ('' for
 * none, so the key has no null): kept by triggers on `rollup_items` in the statement that
 * writes the items (migration 0017), so recomputing a cell reads a few count rows and the
 * newest references of each group, never every item of a cell that has thousands.
 */
export const rollupCounts = pgTable(
  'rollup_counts',
  {
    jurisdictionId: text('jurisdiction_id').notNull(),
    policyId: text('policy_id').notNull(),
    stance: text('stance', { enum: STANCES }).notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    strength: text('strength').notNull().default(''),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.policyId, t.stance, t.status, t.strength] })],
);
