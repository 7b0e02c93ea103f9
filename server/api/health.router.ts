import { Router } from 'express';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/connect.js';
import { migrationLevel, shippedMigrations } from '../../db/migrate.js';
import { appVersion } from '../version.js';

/** `GET /api/health`: is the database reachable and migrated, and which version runs. */
export function healthRouter(handle: DatabaseHandle): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const shipped = shippedMigrations().length;
    try {
      await handle.db.execute(sql`SELECT 1`);
      const applied = await migrationLevel(handle);
      const current = applied === shipped;
      res.status(current ? 200 : 503).json({
        status: current ? 'ok' : 'degraded',
        version: appVersion,
        database: { kind: handle.kind, reachable: true, migrations: { applied, shipped, current } },
      });
    } catch (error) {
      res.status(503).json({
        status: 'down',
        version: appVersion,
        database: { kind: handle.kind, reachable: false, error: (error as Error).message, migrations: { shipped } },
      });
    }
  });
  return router;
}
