import {
  bigint, bigserial, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bills } from './bills.js';
import { jurisdictions } from './jurisdictions.js';
import { users } from './users.js';
import { oneOf } from './one-of.js';
import { CURATED_LAW_KINDS, CURATED_LAW_OUTCOMES, DECISIONS, MAP_STATUSES, STANCES, STRENGTHS, VERIFICATIONS } from '../../core/vocabulary.js';

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
  /** When staff last saved the rules; the seed then never replaces them (null: the shipped rules). */
  rulesEditedAt: timestamp('rules_edited_at', { withTimezone: true }),
  rulesEditedBy: bigint('rules_edited_by', { mode: 'number' }).references(() => users.id),
});

/** Machine classification of a bill against a policy. Rewritten freely by the classifier. */
export const billPolicies = pgTable(
  'bill_policies',
  {
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    policyId: text('policy_id').notNull().references(() => policies.id),
    score: real('score').notNull(),
    stance: text('stance', { enum: STANCES }).notNull(),
    /** The machine's strength of a supporting bill (a ban: full; a restriction: partial); null otherwise. */
    strength: text('strength', { enum: STRENGTHS }),
    evidence: jsonb('evidence').notNull().default([]),
    classifiedAt: timestamp('classified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.billId, t.policyId] }), index('bill_policies_policy_idx').on(t.policyId, t.stance), oneOf('bill_policies_stance_check', t.stance, STANCES),
    oneOf('bill_policies_strength_check', t.strength, STRENGTHS)],
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
    decision: text('decision', { enum: DECISIONS }).notNull(),
    stance: text('stance', { enum: STANCES }),
    strength: text('strength', { enum: STRENGTHS }),
    note: text('note'),
    billHash: text('bill_hash'),
    needsReview: text('needs_review'), // why the bill needs another look, or null
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.billId, t.policyId] }),
    oneOf('policy_decisions_decision_check', t.decision, DECISIONS),
    oneOf('policy_decisions_stance_check', t.stance, STANCES),
    oneOf('policy_decisions_strength_check', t.strength, STRENGTHS),
  ],
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
    stance: text('stance', { enum: STANCES }).notNull().default('supports'),
    strength: text('strength', { enum: STRENGTHS }),
    kind: text('kind', { enum: CURATED_LAW_KINDS }).notNull().default('ordinance'),
    title: text('title').notNull(),
    identifier: text('identifier'), // citation or number; empty when not found
    body: text('body'),
    adoptedOn: date('adopted_on', { mode: 'string' }),
    effectiveOn: date('effective_on', { mode: 'string' }),
    voidedOn: date('voided_on', { mode: 'string' }),
    outcome: text('outcome', { enum: CURATED_LAW_OUTCOMES }).notNull(),
    summary: text('summary'),
    history: jsonb('history').notNull().default([]), // [{date, description}]
    sourceUrls: text('source_urls').array().notNull().default(sql`'{}'::text[]`),
    verification: text('verification', { enum: VERIFICATIONS }),
    note: text('note'),
    billId: bigint('bill_id', { mode: 'number' }).references(() => bills.id, { onDelete: 'set null' }),
    editedBy: bigint('edited_by', { mode: 'number' }).references(() => users.id),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('curated_laws_seed_key').on(t.seedKey), index('curated_laws_jurisdiction_policy_idx').on(t.jurisdictionId, t.policyId),
    oneOf('curated_laws_stance_check', t.stance, STANCES),
    oneOf('curated_laws_strength_check', t.strength, STRENGTHS),
    oneOf('curated_laws_kind_check', t.kind, CURATED_LAW_KINDS),
    oneOf('curated_laws_outcome_check', t.outcome, CURATED_LAW_OUTCOMES),
    oneOf('curated_laws_verification_check', t.verification, VERIFICATIONS),
  ],
);

/**
 * Rollup: where each jurisdiction stands on each policy. Recomputed on change, cheap to read:
 * counts, and the newest references (ROLLUP_REFS_PER_CELL) rather than every id.
 */
export const jurisdictionPolicyStatus = pgTable(
  'jurisdiction_policy_status',
  {
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    policyId: text('policy_id').notNull().references(() => policies.id),
    status: text('status', { enum: MAP_STATUSES }).notNull(),
    strength: text('strength', { enum: STRENGTHS }),
    billIds: bigint('bill_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    curatedLawIds: bigint('curated_law_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    threatBillIds: bigint('threat_bill_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    /** How many bills are behind the status (`bill_ids` keeps only the newest of them). */
    billCount: integer('bill_count').notNull().default(0),
    /** How many pending bills oppose the policy (`threat_bill_ids` keeps only the newest). */
    threatCount: integer('threat_count').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.policyId] }), index('jps_policy_status_idx').on(t.policyId, t.status),
    oneOf('jps_status_check', t.status, MAP_STATUSES),
    oneOf('jps_strength_check', t.strength, STRENGTHS),
  ],
);
