import {
  bigint, bigserial, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bills } from './bills.js';
import { jurisdictions } from './jurisdictions.js';
import { users } from './users.js';

/** The policies tracked, as data staff can edit: rules and colours live here, not in code. */
export const policies = pgTable('policies', {
  id: text('id').primaryKey(), // no-knock, chemical-restraint, ...
  name: text('name').notNull(),
  summary: text('summary').notNull(),
  principles: jsonb('principles').notNull().default([]), // model principles, one line each
  rules: jsonb('rules').notNull(),
  colors: jsonb('colors').notNull().default({}),
  position: integer('position').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Machine classification of a bill against a policy. Rewritten freely by the classifier. */
export const billPolicies = pgTable(
  'bill_policies',
  {
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    policyId: text('policy_id').notNull().references(() => policies.id),
    score: real('score').notNull(),
    stance: text('stance').notNull(), // supports | opposes | unclear
    evidence: jsonb('evidence').notNull().default([]),
    classifiedAt: timestamp('classified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.billId, t.policyId] }), index('bill_policies_policy_idx').on(t.policyId, t.stance)],
);

/**
 * Staff decisions, kept apart from machine results so a re-scrape or re-classification
 * can never erase them. `billHash` is the bill's content hash when decided: a later
 * change sets `needsReview`.
 */
export const policyDecisions = pgTable(
  'policy_decisions',
  {
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    policyId: text('policy_id').notNull().references(() => policies.id),
    decision: text('decision').notNull(), // confirm | reject | add
    stance: text('stance'),
    strength: text('strength'), // full | partial
    note: text('note'),
    billHash: text('bill_hash'),
    needsReview: text('needs_review'), // why the bill needs another look, or null
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.billId, t.policyId] })],
);

/**
 * Laws and actions staff keep by hand (ballot measures, budget votes, ordinances passed
 * before tracking began, court rulings). `seedKey` makes the curated seed idempotent;
 * `editedAt` marks a record staff changed, which the seed then never overwrites.
 */
export const curatedLaws = pgTable(
  'curated_laws',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seedKey: text('seed_key'),
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    policyId: text('policy_id').notNull().references(() => policies.id),
    stance: text('stance').notNull().default('supports'),
    strength: text('strength'), // full | partial
    kind: text('kind').notNull().default('ordinance'), // ordinance, ballot-measure, budget, contract, resolution, court-ruling, statute
    title: text('title').notNull(),
    identifier: text('identifier'), // citation or number; empty when not found
    body: text('body'),
    adoptedOn: date('adopted_on', { mode: 'string' }),
    effectiveOn: date('effective_on', { mode: 'string' }),
    voidedOn: date('voided_on', { mode: 'string' }),
    outcome: text('outcome').notNull(), // enacted | failed | pending | overturned
    summary: text('summary'),
    history: jsonb('history').notNull().default([]), // [{date, description}]
    sourceUrls: text('source_urls').array().notNull().default(sql`'{}'::text[]`),
    verification: text('verification'), // VERIFIED | PARTIAL
    note: text('note'),
    billId: bigint('bill_id', { mode: 'number' }).references(() => bills.id, { onDelete: 'set null' }),
    editedBy: bigint('edited_by', { mode: 'number' }).references(() => users.id),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('curated_laws_seed_key').on(t.seedKey), index('curated_laws_jurisdiction_policy_idx').on(t.jurisdictionId, t.policyId)],
);

/** Rollup: where each jurisdiction stands on each policy. Recomputed on change, cheap to read. */
export const jurisdictionPolicyStatus = pgTable(
  'jurisdiction_policy_status',
  {
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    policyId: text('policy_id').notNull().references(() => policies.id),
    status: text('status').notNull(), // MAP_STATUSES
    strength: text('strength'),
    billIds: bigint('bill_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    curatedLawIds: bigint('curated_law_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    threatBillIds: bigint('threat_bill_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.policyId] }), index('jps_policy_status_idx').on(t.policyId, t.status)],
);
