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
    })
    .describe('How many sources are in each state; the states overlap (a failing source may be stale too).'),
);

const databaseKind = z.enum(['pglite', 'postgres']);
const scheduler = z.enum(['on', 'off']).describe('Whether this process runs the scrape scheduler.');

export const healthContract = {
  health: defineOperation({
    method: 'get',
    path: '/api/health',
    summary: 'Is the database reachable and migrated, how the sources are doing, and whether this process runs the scheduler',
    description:
      '503 only when the database is down or not migrated (the site cannot serve); failing sources make the status `degraded` with 200, since the site itself still works.',
    access: 'anyone',
    answers: {
      200: {
        description: 'Up',
        json: z.object({
          status: z.enum(['ok', 'degraded']).describe('`degraded` when an enabled source is failing (the site itself still works).'),
          version: z.string(),
          database: z.object({
            kind: databaseKind,
            reachable: z.literal(true),
            migrations: z.object({ applied: wire.int, shipped: wire.int, current: z.literal(true) }),
          }),
          sources: SourcesSummary,
          scheduler,
        }),
      },
      503: {
        description: 'The database is down (`down`) or not migrated (`degraded`)',
        json: z.object({
          status: z.enum(['degraded', 'down']),
          version: z.string(),
          database: z.object({
            kind: databaseKind,
            reachable: z.boolean(),
            error: z.string().describe('Why the database could not be read (when `down`).').optional(),
            migrations: z.object({ applied: wire.int.optional(), shipped: wire.int, current: z.boolean().optional() }),
          }),
          sources: z.null().describe('Not read while the database is not migrated.').optional(),
          scheduler,
        }),
      },
    },
  }),
};
