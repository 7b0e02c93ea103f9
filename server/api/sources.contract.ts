import { z } from 'zod';
import { RUN_OUTCOMES } from '../../core/vocabulary.js';
import { RUN_FLAGS } from '../../core/sources/source-health.js';
import { component, csrfField, defineOperation, noQuery, resultsOf, wire } from './contract-kit.js';
import { boundedInt, recordId } from './validate.js';

/** Sources and scrape runs, for staff. */

const RUN_TRIGGERS = ['cli', 'schedule', 'worker', 'api'] as const;

const RunError = component(
  'RunError',
  z.object({ url: z.string().nullable().describe('The URL being fetched when it went wrong, when there was one.'), message: z.string(), code: z.string() }),
);

const runShape = {
  id: wire.int,
  source_id: z.string(),
  kind: z.string(),
  trigger: z.enum(RUN_TRIGGERS),
  outcome: z.enum(RUN_OUTCOMES),
  flag: z.enum(RUN_FLAGS).nullable().describe('`probable-site-change`: far fewer items than usual; `failing`: the third failure in a row.'),
  started_at: wire.dateTime,
  finished_at: wire.dateTime.nullable(),
  duration_ms: wire.int.nullable(),
  requests: wire.int,
  fetched: wire.int,
  created: wire.int,
  updated: wire.int,
  unchanged: wire.int,
  failed: wire.int,
  error_count: wire.int,
  first_error: RunError.nullable(),
  params: z.record(z.string(), z.unknown()).describe('What the run was asked to do (fire time, jurisdiction, ...).'),
};

const Run = component('Run', z.object(runShape).describe('A scrape run, newest first in lists.'));

const RunDetail = component(
  'RunDetail',
  z.object({
    ...runShape,
    errors: z.array(RunError).describe('Every recorded error (at most 200), with the URL each happened at.'),
    cursor_before: z.unknown().describe('The source cursor the run started from (any JSON).'),
    cursor_after: z.unknown().describe('The cursor it left (any JSON); null when it did not advance it.'),
  }),
);

const Source = component(
  'Source',
  z
    .object({
      id: z.string(),
      kind: z.string(),
      name: z.string(),
      jurisdiction_id: z.string().nullable(),
      configured: z.boolean().describe('False for a source id seen only in run history (a command-line run of a source not configured).'),
      enabled: z.boolean().describe('Runs on its schedule.'),
      schedule: z.string().nullable().describe('Cron expression (5 fields, or 6 with seconds first); null for manual runs only.'),
      timezone: z.string().describe('IANA time zone the schedule is read in.'),
      status: z
        .enum(['never-run', 'ok', 'partial', 'probable-site-change', 'failed', 'failing'])
        .describe('`failing`: 3 or more failed runs in a row; `probable-site-change`: the last run fetched far fewer items than usual.'),
      running: z.boolean().describe('A run is in progress now.'),
      stale: z.boolean().describe('Enabled and scheduled, but its data is older than three days.'),
      consecutive_failures: wire.int,
      not_configured: z.string().nullable().describe('What keeps the source from running in this configuration (a missing API key), or null.'),
      last_run: Run.nullable().describe('The latest finished run.'),
      last_success: Run.nullable().describe('The latest ok or partial run.'),
      data_fresh_at: wire.dateTime.nullable().describe('When data from this source was last fetched successfully.'),
      data_age_seconds: wire.int.nullable(),
    })
    .describe("A source's health and schedule."),
);

/** A source id as configured (`openstates`, `legistar:louisville`, `virginia-lis`). */
const sourcePath = z.strictObject({
  id: z.string().regex(/^[\w:.-]{1,200}$/, 'id must be a source id such as legistar:louisville').describe('The source id, e.g. `legistar:louisville`.'),
});

export const sourcesContract = {
  listSources: defineOperation({
    method: 'get',
    path: '/api/sources',
    summary: 'Every source with its health (status, last run, last success, consecutive failures, data age) and schedule (staff)',
    access: 'staff',
    query: noQuery,
    answers: { 200: { description: 'Sources, by id', json: resultsOf(Source) } },
    errors: ['BadRequest'],
  }),
  getSource: defineOperation({
    method: 'get',
    path: '/api/sources/{id}',
    summary: 'A source with its run history, newest first (staff)',
    access: 'staff',
    params: sourcePath,
    query: z.strictObject({
      limit: boundedInt('limit', 1, 100).describe('Runs per page.').default(20),
      before: recordId('before').describe('The `next_before` of the previous page: runs older than that run.').optional(),
    }),
    answers: {
      200: {
        description: 'The source and a page of its runs',
        json: z.object({
          source: Source,
          runs: z.array(Run),
          next_before: wire.int.nullable().describe('Pass as `before` for older runs; null on the last page.'),
        }),
      },
    },
    errors: ['BadRequest', 'NotFound'],
  }),
  editSchedule: defineOperation({
    method: 'patch',
    path: '/api/sources/{id}',
    summary: "Edit a source's schedule (staff): cron expression, time zone, enabled. The running scheduler picks it up at once",
    description: 'Give at least one of `schedule`, `timezone`, `enabled`.',
    access: 'staff',
    params: sourcePath,
    body: z.strictObject({
      schedule: z
        .string({ message: 'schedule must be a cron expression or null' })
        .max(200, 'schedule is too long')
        .nullable()
        .describe('Cron expression (node-cron: 5 fields, or 6 with seconds first); null or empty for manual runs only.')
        .optional(),
      timezone: z
        .string({ message: 'timezone must be an IANA time zone name' })
        .max(100, 'timezone is too long')
        .describe('An IANA time zone, e.g. `America/New_York`.')
        .optional(),
      enabled: z.boolean({ message: 'enabled must be true or false' }).optional(),
      _csrf: csrfField,
    }),
    answers: {
      200: {
        description: 'The saved source',
        json: z.object({
          source: Source,
          scheduler: z
            .enum(['reloaded', 'off', 'reload_failed'])
            .describe(
              '`reloaded`: in effect now; `off`: this process runs no scheduler (the one that does re-reads schedules every minute); `reload_failed`: saved, in effect within a minute.',
            ),
        }),
      },
    },
    errors: ['NotFound'],
  }),
  getRun: defineOperation({
    method: 'get',
    path: '/api/runs/{id}',
    summary: 'One scrape run with every error and the URL it happened at, its counts, and the cursor before and after (staff)',
    access: 'staff',
    params: z.strictObject({ id: recordId('id').describe('The run id') }),
    answers: { 200: { description: 'The run', json: RunDetail } },
    errors: ['BadRequest', 'NotFound'],
  }),
};
