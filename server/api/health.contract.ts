import { z } from 'zod';
import { component, defineOperation, wire } from './contract-kit.js';

/** `GET /api/health`. */

const SourcesSummary = component(
  'SourcesSummary',
  z
    .object({
      total: wire.int.describe('Configured sources.'),
      enabled: wire.int,
      ok: wire.int.describe('Last run ok or partial.'),
      failed: wire.int.describe('Last run failed, fewer than 3 times in a row.'),
      failing: wire.int.describe('3 or more failed runs in a row.'),
      probable_site_change: wire.int,
      never_run: wire.int,
      stale: wire.int,
      unreachable: wire.int.describe('Enabled sources whose last run could not reach their site (network or timeout); their scheduled retries back off.'),
    })
    .describe('How many sources are in each state; the states overlap (a failing source may be stale too).'),
);

const databaseKind = z.enum(['pglite', 'postgres']);
const problems = z.array(z.string()).describe('Why the status is not `ok`, in words: `database unwritable: ...`, `sources unreachable: ...`, `sources failing: ...`.');
const disk = z
  .object({ free_bytes: wire.int.nullable(), min_free_bytes: wire.int, low: z.boolean() })
  .nullable()
  .describe('The embedded database\'s disk: below `min_free_bytes` free (DISK_MIN_FREE_MB) writes are refused. Null on PostgreSQL.');
const scheduler = z.enum(['on', 'off']).describe('Whether this process runs the scrape scheduler.');

export const healthContract = {
  health: defineOperation({
    method: 'get',
    path: '/api/health',
    summary: 'Is the database reachable and migrated, how the sources are doing, and whether this process runs the scheduler',
    description:
      '503 when the database is down, not migrated or refuses writes (a write probe; on the embedded database also free space below DISK_MIN_FREE_MB); failing or unreachable sources make the status `degraded` with 200, since the site itself still works. `problems` says why in words.',
    access: 'anyone',
    answers: {
      200: {
        description: 'Up',
        json: z.object({
          status: z.enum(['ok', 'degraded']).describe('`degraded` when enabled sources are failing or unreachable (the site itself still works).'),
          version: z.string(),
          database: z.object({
            kind: databaseKind,
            reachable: z.literal(true),
            migrations: z.object({ applied: wire.int, shipped: wire.int, current: z.literal(true) }),
            writable: z.literal(true),
            disk,
          }),
          sources: SourcesSummary,
          scheduler,
          problems,
        }),
      },
      503: {
        description: 'The database is down (`down`), not migrated or refusing writes (`degraded`, see `problems`)',
        json: z.object({
          status: z.enum(['degraded', 'down']),
          version: z.string(),
          database: z.object({
            kind: databaseKind,
            reachable: z.boolean(),
            error: z.string().describe('Why the database could not be read (when `down`).').optional(),
            migrations: z.object({ applied: wire.int.optional(), shipped: wire.int, current: z.boolean().optional() }),
            writable: z.boolean().optional(),
            write_error: z.string().describe('Why writes fail (when not writable).').optional(),
            disk: disk.optional(),
          }),
          sources: SourcesSummary.nullable().describe('Not read while the database is not migrated.').optional(),
          scheduler,
          problems,
        }),
      },
    },
  }),
};
