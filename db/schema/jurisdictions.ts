import { oneOf } from './one-of.js';
import { JURISDICTION_CLASSIFICATIONS } from '../../core/vocabulary.js';
import { doublePrecision, index, pgTable, text, timestamp, date, boolean, primaryKey } from 'drizzle-orm/pg-core';

/** States, cities, counties and school districts, keyed by OCD id. */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    id: text('id').primaryKey(), // ocd-jurisdiction/country:us/state:ky/government
    name: text('name').notNull(),
    classification: text('classification', { enum: JURISDICTION_CLASSIFICATIONS }).notNull(),
    stateCode: text('state_code'), // two-letter postal code, upper case
    fips: text('fips'), // state FIPS (2 digits) or place FIPS (7 digits)
    parentId: text('parent_id'),
    /** bicameral | unicameral | council | board: how many bodies must pass a measure. */
    legislature: text('legislature'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    timezone: text('timezone'),
    platform: text('platform'), // legistar, openstates, onbase, novusagenda, own-site...
    client: text('client'), // Legistar client name
    coverage: text('coverage').notNull().default('not_scraped'), // scraped | not_scraped | partial
    url: text('url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jurisdictions_classification_state_idx').on(t.classification, t.stateCode),
    oneOf('jurisdictions_classification_check', t.classification, JURISDICTION_CLASSIFICATIONS),
  ],
);

/** Legislative sessions with their dates, read from the sources (never hard-coded). */
export const legislativeSessions = pgTable(
  'legislative_sessions',
  {
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    identifier: text('identifier').notNull(),
    name: text('name').notNull(),
    classification: text('classification'), // primary | special
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    active: boolean('active'),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.identifier] })],
);
