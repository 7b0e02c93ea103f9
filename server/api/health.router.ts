import { Router } from 'express';
import { readDatabaseHealth } from '../../db/health/database-health.js';
import { shippedMigrations } from '../../db/migrate.js';
import { listSourceHealth } from '../../db/runs/source-health.js';
import { summarizeSourceHealth, type SourceHealthSummary } from '../../core/sources/source-health.js';
import type { AppContext } from '../app-context.js';
import { appVersion } from '../version.js';

function sourcesView(s: SourceHealthSummary) {
  return {
    total: s.total, enabled: s.enabled, ok: s.ok, failed: s.failed, failing: s.failing,
    probable_site_change: s.probableSiteChange, never_run: s.neverRun, stale: s.stale,
  };
}

/**
 * `GET /api/health`: is the database reachable and migrated, how the sources are doing,
 * whether this process runs the scheduler, and which version runs. 503 only when the
 * database is down or not migrated (the site cannot serve); failing sources make the status
 * `degraded` with 200, since the site itself still works. Contract: health.contract.ts.
 */
export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  const { handle } = ctx;
  router.get('/health', async (_req, res) => {
    const scheduler = ctx.scheduling ? 'on' : 'off';
    res.setHeader('Cache-Control', 'no-store');
    try {
      const database = await readDatabaseHealth(handle);
      if (!database.migrations.current) {
        res.status(503).json({ status: 'degraded', version: appVersion, database, sources: null, scheduler });
        return;
      }
      const sources = summarizeSourceHealth(await listSourceHealth(handle.db));
      res.json({ status: sources.enabledFailing > 0 ? 'degraded' : 'ok', version: appVersion, database, sources: sourcesView(sources), scheduler });
    } catch (error) {
      res.status(503).json({
        status: 'down',
        version: appVersion,
        database: { kind: handle.kind, reachable: false, error: (error as Error).message, migrations: { shipped: shippedMigrations().length } },
        scheduler,
      });
    }
  });
  return router;
}
