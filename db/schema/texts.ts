import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bills, documents } from './bills.js';
import { curatedLaws } from './policies.js';
import { users } from './users.js';
import { tsvector } from './types.js';
import { oneOf } from './one-of.js';
import { ADOPTION_GRADES, PROVISION_OUTCOMES, STANCES, TEXT_FORMATS } from '../../core/vocabulary.js';

/**
 * One normalized text of a bill version (or of a curated law). The hash is the sha256 of
 * the normalized text: a version whose text did not change is never stored or scored
 * twice. Documents are rewritten when a bill is re-imported, so the version's note, URL,
 * date and position are kept here too and `document_id` is only a convenience link.
 */
export const billTexts = pgTable(
  'bill_texts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).references(() => bills.id, { onDelete: 'cascade' }),
    curatedLawId: bigint('curated_law_id', { mode: 'number' }).references(() => curatedLaws.id, { onDelete: 'cascade' }),
    documentId: bigint('document_id', { mode: 'number' }).references(() => documents.id, { onDelete: 'set null' }),
    versionNote: text('version_note').notNull().default(''),
    versionUrl: text('version_url'), // null for a text attached from a file
    versionDate: date('version_date', { mode: 'string' }),
    versionPosition: integer('version_position'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
    mediaType: text('media_type'),
    format: text('format', { enum: TEXT_FORMATS }).notNull(),
    hash: text('hash').notNull(),
    text: text('text').notNull(),
    deleted: jsonb('deleted').notNull().default([]), // [{at, text}] struck matter, offsets into text
    operativeStart: integer('operative_start').notNull().default(0),
  },
  (t) => [
    // The unique keys also serve look-ups by bill or by law (their leading column).
    uniqueIndex('bill_texts_bill_hash').on(t.billId, t.hash),
    uniqueIndex('bill_texts_law_hash').on(t.curatedLawId, t.hash),
    check('bill_texts_owner', sql`(${t.billId} IS NOT NULL) <> (${t.curatedLawId} IS NOT NULL)`),
    oneOf('bill_texts_format_check', t.format, TEXT_FORMATS),
  ],
);

/**
 * Sections of a stored text, each with its own full-text vector. PostgreSQL caps a
 * tsvector (positions stop at 16,383, size at 1 MB), so search indexes sections, never
 * whole bills; very long sections are stored in several parts.
 */
export const textSections = pgTable(
  'text_sections',
  {
    textId: bigint('text_id', { mode: 'number' }).notNull().references(() => billTexts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    heading: text('heading').notNull().default(''),
    startOffset: integer('start_offset').notNull(),
    endOffset: integer('end_offset').notNull(),
    body: text('body').notNull(),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english', body)`),
  },
  (t) => [primaryKey({ columns: [t.textId, t.position] }), index('text_sections_search_idx').using('gin', t.search)],
);

/**
 * Machine scores of one text against one model policy version: per provision an outcome
 * with evidence and reason (`provisions`). Rewritten by re-scoring; staff overrides live
 * apart in `provision_overrides`.
 */
export const adoptionScores = pgTable(
  'adoption_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    textId: bigint('text_id', { mode: 'number' }).notNull().references(() => billTexts.id, { onDelete: 'cascade' }),
    modelId: text('model_id').notNull(), // the model's policy id
    modelVersion: integer('model_version').notNull(),
    score: doublePrecision('score').notNull(),
    threatScore: doublePrecision('threat_score').notNull(),
    adoption: text('adoption', { enum: ADOPTION_GRADES }).notNull(),
    stance: text('stance', { enum: STANCES }), // null when the text says nothing on it
    copyScore: doublePrecision('copy_score').notNull(),
    provisions: jsonb('provisions').notNull().default([]),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('adoption_scores_text_model').on(t.textId, t.modelId, t.modelVersion),
    index('adoption_scores_model_idx').on(t.modelId),
    oneOf('adoption_scores_adoption_check', t.adoption, ADOPTION_GRADES),
    oneOf('adoption_scores_stance_check', t.stance, STANCES),
  ],
);

/**
 * Staff decisions on one provision of one bill. They apply to the text whose hash was
 * shown when deciding, so they survive re-scoring and lapse when the text changes.
 */
export const provisionOverrides = pgTable(
  'provision_overrides',
  {
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    modelId: text('model_id').notNull(),
    provisionId: text('provision_id').notNull(),
    outcome: text('outcome', { enum: PROVISION_OUTCOMES }).notNull(),
    note: text('note'),
    textHash: text('text_hash').notNull(),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.billId, t.modelId, t.provisionId] }), oneOf('provision_overrides_outcome_check', t.outcome, PROVISION_OUTCOMES)],
);
