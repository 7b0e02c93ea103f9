import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions.js';
import { tsvector } from './types.js';
import { oneOf } from './one-of.js';
import { ACTOR_CLASSIFICATIONS, BILL_KINDS, STAGES, STATUSES, VOTE_RESULTS } from '../../core/vocabulary.js';

/**
 * State bills and city ordinances in one shape. Identity is the natural key
 * (jurisdiction, session, identifier), so the same bill read from two sources
 * (Open States and a legislature's own feed) is one row; `bill_sources` maps each
 * source's external id onto it.
 */
export const bills = pgTable(
  'bills',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    session: text('session').notNull(),
    identifier: text('identifier').notNull(),
    title: text('title').notNull(),
    abstract: text('abstract'),
    otherTitles: text('other_titles').array().notNull().default(sql`'{}'::text[]`),
    classification: text('classification').notNull().default('bill'), // bill, resolution, ordinance, ...
    /** What the record is, derived from classification and identifier (core/bill/bill-kind.ts). */
    kind: text('kind', { enum: BILL_KINDS }).notNull().default('bill'),
    subjects: text('subjects').array().notNull().default(sql`'{}'::text[]`),
    chamber: text('chamber'), // origin: lower | upper | legislature | council
    stage: text('stage', { enum: STAGES }).notNull().default('introduced'),
    status: text('status', { enum: STATUSES }).notNull().default('pending'),
    introducedOn: date('introduced_on', { mode: 'string' }),
    latestActionOn: date('latest_action_on', { mode: 'string' }),
    latestActionDescription: text('latest_action_description'),
    statusChangedOn: date('status_changed_on', { mode: 'string' }),
    enactmentNumber: text('enactment_number'), // chapter, act or ordinance number once enacted
    /** The source's status flags as the pipeline read them; null for bills stored before they were kept. */
    statusHints: text('status_hints').array(),
    sourceUrl: text('source_url'),
    primarySource: text('primary_source').notNull(), // source id whose facts are current
    contentHash: text('content_hash').notNull(),
    extras: jsonb('extras').notNull().default({}),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(identifier, '') || ' ' || coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(abstract, '')), 'B')`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bills_natural_key').on(t.jurisdictionId, t.session, t.identifier),
    index('bills_stage_status_idx').on(t.stage, t.status),
    index('bills_updated_idx').on(t.updatedAt, t.id),
    index('bills_latest_action_idx').on(t.latestActionOn),
    // The default list order (latest action first, undated last) with its keyset tie-break,
    // so a page of a large filtered list stops after its first matching rows.
    index('bills_list_order_idx').on(sql`coalesce(${t.latestActionOn}, '0001-01-01'::date) DESC`, sql`${t.id} DESC`),
    // One jurisdiction's bills in list order (its page, a search in it): a walk that stops at the page.
    index('bills_jurisdiction_order_idx').on(t.jurisdictionId, sql`coalesce(${t.latestActionOn}, '0001-01-01'::date) DESC`, sql`${t.id} DESC`),
    // No pending list: the embedded database never vacuums, and every search would read the
    // list (up to 4 MB) until it fills; entries go straight into the index instead.
    index('bills_search_idx').using('gin', t.search).with({ fastupdate: false }),
    // Bills stored before their status hints were kept (rewritten once, at their next import):
    // the import's lookup of every record's stored link asks this small index, not each bill.
    index('bills_hints_missing_idx').on(t.id).where(sql`${t.statusHints} IS NULL`),
    oneOf('bills_stage_check', t.stage, STAGES),
    oneOf('bills_kind_check', t.kind, BILL_KINDS),
    oneOf('bills_status_check', t.status, STATUSES),
  ],
);

/** Which source supplied a bill, under which id, and what it looked like last time. */
export const billSources = pgTable(
  'bill_sources',
  {
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    source: text('source').notNull(), // openstates, legistar:louisville, virginia-lis ...
    externalId: text('external_id').notNull(), // ocd-bill/..., Legistar MatterId, ...
    url: text('url'),
    contentHash: text('content_hash').notNull(),
    /** Hash of the record exactly as the source yielded it: the same again is skipped before validation. */
    recordHash: text('record_hash'),
    latestActionOn: date('latest_action_on', { mode: 'string' }),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bill_sources_identity').on(t.source, t.externalId), index('bill_sources_bill_idx').on(t.billId)],
);

/** Ordered actions; the source's text is kept verbatim beside our classification. */
export const actions = pgTable(
  'actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    date: date('date', { mode: 'string' }),
    description: text('description').notNull(),
    actor: text('actor'), // chamber, committee or body name as the source prints it
    actorClassification: text('actor_classification', { enum: ACTOR_CLASSIFICATIONS }),
    sourceClassification: text('source_classification').array().notNull().default(sql`'{}'::text[]`),
    classification: text('classification').array().notNull().default(sql`'{}'::text[]`), // normalized
    passed: boolean('passed'), // Legistar's passed flag, when the source has one
  },
  (t) => [uniqueIndex('actions_bill_position').on(t.billId, t.position), oneOf('actions_actor_classification_check', t.actorClassification, ACTOR_CLASSIFICATIONS)],
);

export const sponsors = pgTable(
  'sponsors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    classification: text('classification'), // primary | cosponsor | ...
    primary: boolean('primary').notNull().default(false),
    personId: text('person_id'),
  },
  (t) => [index('sponsors_bill_idx').on(t.billId), index('sponsors_name_idx').on(t.name)],
);

/** Bill text versions and other documents (fiscal notes, analyses), with links. */
export const documents = pgTable(
  'documents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // version | document
    position: integer('position').notNull(),
    note: text('note').notNull().default(''),
    date: date('date', { mode: 'string' }),
    classification: text('classification'),
    url: text('url').notNull(),
    mediaType: text('media_type'),
  },
  (t) => [index('documents_bill_idx').on(t.billId)],
);

/** Roll-call votes on a bill, in the source's order; rewritten with the bill's actions. */
export const votes = pgTable(
  'votes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    date: date('date', { mode: 'string' }),
    motion: text('motion').notNull(),
    result: text('result', { enum: VOTE_RESULTS }),
    organization: text('organization'),
    chamber: text('chamber', { enum: ACTOR_CLASSIFICATIONS }),
    counts: jsonb('counts').notNull().default({}), // {yes: 51, no: 47, ...}
    voters: jsonb('voters').notNull().default([]), // [{name, option, personId}]
    sourceId: text('source_id'),
  },
  (t) => [
    uniqueIndex('votes_bill_position').on(t.billId, t.position),
    oneOf('votes_result_check', t.result, VOTE_RESULTS),
    oneOf('votes_chamber_check', t.chamber, ACTOR_CLASSIFICATIONS),
  ],
);

/** Append-only log of stage/status changes: feeds the change log, feeds and alerts. */
export const statusChanges = pgTable(
  'status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage', { enum: STAGES }),
    toStage: text('to_stage', { enum: STAGES }).notNull(),
    fromStatus: text('from_status', { enum: STATUSES }),
    toStatus: text('to_status', { enum: STATUSES }).notNull(),
    actionDate: date('action_date', { mode: 'string' }),
    actionDescription: text('action_description'),
    runId: bigint('run_id', { mode: 'number' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('status_changes_changed_idx').on(t.changedAt, t.id),
    index('status_changes_bill_idx').on(t.billId),
    oneOf('status_changes_from_stage_check', t.fromStage, STAGES),
    oneOf('status_changes_to_stage_check', t.toStage, STAGES),
    oneOf('status_changes_from_status_check', t.fromStatus, STATUSES),
    oneOf('status_changes_to_status_check', t.toStatus, STATUSES),
  ],
);
