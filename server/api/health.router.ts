import { Router } from 'express';
import { readDatabaseHealth, type DatabaseHealth } from '../../db/health/database-health.js';
import { errorLine } from '../../core/error-summary.js';
import { shippedMigrations } from '../../db/migrate.js';
import { listSourceHealth } from '../../db/runs/source-health.js';
import { summarizeSourceHealth, type SourceHealthSummary } from '../../core/sources/source-health.js';
import type { AppContext } from '../app-context.js';
import { appVersion } from '../version.js';

function sourcesView(s: SourceHealthSummary) {
  return {
    total: s.total, enabled: s.enabled, ok: s.ok, failed: s.failed, failing: s.failing,
    probable_site_change: s.probableSiteChange, never_run: s.neverRun, stale: s.stale, unreachable: s.unreachable,
  };
}

/** What makes the service degraded, in words, most urgent first. */
function problemsOf(database: DatabaseHealth, sources: SourceHealthSummary | null): string[] {
  const problems: string[] = [];
  if (!database.writable) problems.push(`database unwritable: ${database.write_error ?? 'writes fail'}`);
  else if (database.disk?.low) problems.push(`disk nearly full: ${database.disk.free_bytes} bytes free, below ${database.disk.min_free_bytes}`);
  if (sources && sources.unreachable > 0) {
    problems.push(`sources unreachable: ${sources.unreachable} of ${sources.enabled} enabled sources could not be reached (network or timeout); retries back off`);
  }
  if (sources && sources.enabledFailing > 0) problems.push(`sources failing: ${sources.enabledFailing} enabled sources failed 3 or more runs in a row`);
  return problems;
}

/**
 * `GET /api/health`: is the database reachable and migrated, how the sources are doing,
 * whether this process runs the scheduler, and which version runs. 503 only when the
 * database is down, not migrated or refuses writes (a write probe; on the embedded database
 * also free space below DISK_MIN_FREE_MB); failing or unreachable sources make the status
 * `degraded` with 200, since the site itself still works. `problems` says why, in words. Contract: health.contract.ts.
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
        res.status(503).json({ status: 'degraded', version: appVersion, database, sources: null, scheduler, problems: ['database not migrated'] });
        return;
      }
      const sources = summarizeSourceHealth(await listSourceHealth(handle.db));
      const problems = problemsOf(database, sources);
      // A database that cannot write is an outage of half the service (imports, staff edits, alerts): 503.
      res.status(database.writable ? 200 : 503).json({
        status: problems.length ? 'degraded' : 'ok', version: appVersion, database, sources: sourcesView(sources), scheduler, problems,
      });
    } catch (error) {
      res.status(503).json({
        status: 'down',
        version: appVersion,
        database: { kind: handle.kind, reachable: false, error: errorLine(error), migrations: { shipped: shippedMigrations().length } },
        scheduler,
        problems: ['database down'],
      });
    }
  });
  return router;
}
