import { oneOf } from './one-of.js';
import { RUN_OUTCOMES } from '../../core/vocabulary.js';
import { RUN_FLAGS } from '../../core/sources/source-health.js';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { jurisdictions } from './jurisdictions.js';

/**
 * A configured source: one per adapter instance (Open States, one Legistar client, one
 * state feed). Settings, schedule and the sync cursor live here, so staff can edit them
 * and a restart resumes where the last successful run stopped.
 */
export const sources = pgTable('sources', {
  id: text('id').primaryKey(), // openstates, legistar:louisville, virginia-lis ...
  kind: text('kind').notNull(), // SOURCE_KINDS
  name: text('name').notNull(),
  jurisdictionId: text('jurisdiction_id').references(() => jurisdictions.id),
  settings: jsonb('settings').notNull().default({}),
  schedule: text('schedule'), // cron expression
  timezone: text('timezone').notNull().default('UTC'),
  enabled: boolean('enabled').notNull().default(true),
  cursor: jsonb('cursor').notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every scrape run: what it fetched and wrote, what went wrong and where. */
export const scrapeRuns = pgTable(
  'scrape_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceId: text('source_id').notNull(),
    kind: text('kind').notNull(),
    trigger: text('trigger').notNull().default('cli'), // cli | schedule | worker | api
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome', { enum: RUN_OUTCOMES }).notNull().default('running'),
    requests: integer('requests').notNull().default(0),
    fetched: integer('fetched').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors').notNull().default([]), // [{url, message, code}]
    cursorBefore: jsonb('cursor_before'),
    cursorAfter: jsonb('cursor_after'),
    flag: text('flag', { enum: RUN_FLAGS }),
    params: jsonb('params').notNull().default({}),
  },
  (t) => [
    index('scrape_runs_source_started_idx').on(t.sourceId, t.startedAt),
    // Health checks look for runs still marked running (dead workers, killed processes).
    index('scrape_runs_running_idx').on(t.sourceId).where(sql`outcome = 'running'`),
    oneOf('scrape_runs_outcome_check', t.outcome, RUN_OUTCOMES),
    oneOf('scrape_runs_flag_check', t.flag, RUN_FLAGS),
  ],
);

/** Requests spent against a metered API key, per day, persisted so a restart does not overspend. */
export const apiQuotaUsage = pgTable(
  'api_quota_usage',
  {
    keyId: text('key_id').notNull(), // a hash of the API key, never the key
    day: date('day', { mode: 'string' }).notNull(),
    requests: integer('requests').notNull().default(0),
    lastRequestAt: timestamp('last_request_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

/** Lease rows for "one run per fire" across tracker processes sharing a database. */
export const runLeases = pgTable('run_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export type ScrapeRunRef = { id: number; sourceId: string };

/**
 * Which sources have run for which jurisdictions, and since when: what lets the map say
 * "tracked since <date>, nothing found" rather than showing an empty cell as if it were a
 * finding. Written when a run that covered the jurisdiction finished (ok or partial).
 */
export const jurisdictionCoverage = pgTable(
  'jurisdiction_coverage',
  {
    jurisdictionId: text('jurisdiction_id').notNull().references(() => jurisdictions.id),
    sourceId: text('source_id').notNull(),
    firstRunAt: timestamp('first_run_at', { withTimezone: true }).notNull().defaultNow(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull().defaultNow(),
    lastRunId: bigint('last_run_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.sourceId] })],
);
