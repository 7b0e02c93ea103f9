import { bigint, bigserial, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions.js';
import { bills } from './bills.js';
import { oneOf } from './one-of.js';
import { MEETING_STATUSES } from '../../core/vocabulary.js';

/**
 * Council and committee meetings and legislative hearings, as their sources list them
 * (Legistar events, OnBase and NovusAGENDA agendas, Austin's council pages, Open States
 * events). Identity is (source, external id); a re-scrape that changes nothing writes nothing.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(), // legistar:phila, onbase:sandiego, openstates ...
    externalId: text('external_id').notNull(), // EventId, OnBase meetingId, ocd-event/...
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    body: text('body').notNull(),
    name: text('name'),
    date: date('date', { mode: 'string' }).notNull(), // the meeting's local day
    time: text('time'), // HH:MM, local
    location: text('location'),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('scheduled'),
    agendaUrl: text('agenda_url'),
    minutesUrl: text('minutes_url'),
    sourceUrl: text('source_url'),
    matterSource: text('matter_source'), // whose ids items' matter_external_id are (default: source)
    contentHash: text('content_hash').notNull(),
    runId: bigint('run_id', { mode: 'number' }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meetings_identity').on(t.source, t.externalId),
    index('meetings_jurisdiction_date_idx').on(t.jurisdictionId, t.date),
    oneOf('meetings_status_check', t.status, MEETING_STATUSES),
  ],
);

/** The lines of a meeting's agenda, in agenda order; rewritten with the meeting. `bill_id` is the bill the item takes up. */
export const meetingItems = pgTable(
  'meeting_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meetingId: bigint('meeting_id', { mode: 'number' }).notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    externalId: text('external_id'),
    number: text('number'),
    title: text('title').notNull(),
    section: text('section'),
    matterFile: text('matter_file'), // the city's file number the item names
    matterExternalId: text('matter_external_id'), // the bill's id in the meeting's matter source
    action: text('action'),
    result: text('result'),
    url: text('url'),
    billId: bigint('bill_id', { mode: 'number' }).references(() => bills.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('meeting_items_meeting_position').on(t.meetingId, t.position), index('meeting_items_bill_idx').on(t.billId)],
);

/**
 * A bill newly put on an upcoming meeting's agenda, once per bill and meeting (so a re-scrape
 * that rewrites the agenda does not announce it again): what watches hear as "hearing scheduled".
 */
export const hearingNotices = pgTable(
  'hearing_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    billId: bigint('bill_id', { mode: 'number' }).notNull().references(() => bills.id, { onDelete: 'cascade' }),
    meetingId: bigint('meeting_id', { mode: 'number' }).notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    noticedAt: timestamp('noticed_at', { withTimezone: true }).notNull().defaultNow(),
    runId: bigint('run_id', { mode: 'number' }),
  },
  (t) => [uniqueIndex('hearing_notices_once').on(t.billId, t.meetingId), index('hearing_notices_noticed_idx').on(t.noticedAt, t.id)],
);
