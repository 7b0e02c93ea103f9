import { Router, type Response } from 'express';
import type { RunBrief, RunDetail, RunErrorEntry, SourceHealth } from '../../core/sources/source-health.js';
import { getRunDetail, getSourceHealth, listRunHistory, listSourceHealth } from '../../db/runs/source-health.js';
import type { AppContext } from '../app-context.js';
import { requireStaff } from '../middleware/authenticate.js';
import { NotFoundError } from '../../core/errors.js';
import { editSourceSchedule } from '../sources/source-schedule-service.js';
import { parseInput, queryOf } from './validate.js';
import { sourcesContract as op } from './sources.contract.js';

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));

function errorView(e: RunErrorEntry) {
  return { url: e.url ?? null, message: e.message, code: e.code };
}

/** A run as the API shows it (snake_case; the first error only). */
export function runView(r: RunBrief) {
  return {
    id: r.id, source_id: r.sourceId, kind: r.kind, trigger: r.trigger, outcome: r.outcome, flag: r.flag,
    started_at: r.startedAt, finished_at: r.finishedAt, duration_ms: r.durationMs,
    requests: r.requests, fetched: r.fetched, created: r.created, updated: r.updated, unchanged: r.unchanged, failed: r.failed,
    error_count: r.errorCount, first_error: r.firstError ? errorView(r.firstError) : null, params: r.params,
  };
}

function runDetailView(r: RunDetail) {
  return { ...runView(r), errors: r.errors.map(errorView), cursor_before: r.cursorBefore ?? null, cursor_after: r.cursorAfter ?? null };
}

/** A source's health as the API shows it. */
export function sourceView(s: SourceHealth) {
  return {
    id: s.sourceId, kind: s.kind, name: s.name, jurisdiction_id: s.jurisdictionId, configured: s.configured,
    enabled: s.enabled, schedule: s.schedule, timezone: s.timezone,
    status: s.status, running: s.running, stale: s.stale, consecutive_failures: s.consecutiveFailures, not_configured: s.notConfigured,
    last_run: s.lastRun ? runView(s.lastRun) : null, last_success: s.lastSuccess ? runView(s.lastSuccess) : null,
    data_fresh_at: s.dataFreshAt, data_age_seconds: seconds(s.dataAgeMs),
  };
}

/** Staff answers hold operational detail: never kept by shared caches. */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * Sources and runs for staff: health per source, run history with errors, and schedule
 * edits (which the running scheduler picks up at once). Reads `ctx.scheduling` per request:
 * the scheduler starts after the app is created. Contract: sources.contract.ts.
 */
export function sourcesRouter(ctx: AppContext): Router {
  const router = Router();
  const db = ctx.handle.db;

  router.get('/sources', requireStaff, async (req, res) => {
    parseInput(op.listSources.query, queryOf(req), 'query');
    noStore(res);
    res.json({ results: (await listSourceHealth(db, { config: ctx.config })).map(sourceView) });
  });

  router.get('/sources/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.getSource.params, req.params, 'path');
    const q = parseInput(op.getSource.query, queryOf(req), 'query');
    const source = await getSourceHealth(db, id, { config: ctx.config });
    if (!source) throw new NotFoundError(`source ${id}`);
    // One extra row says whether an older page exists.
    const runs = await listRunHistory(db, { sourceId: id, limit: q.limit + 1, beforeId: q.before });
    const page = runs.slice(0, q.limit);
    noStore(res);
    res.json({ source: sourceView(source), runs: page.map(runView), next_before: runs.length > q.limit ? page[page.length - 1].id : null });
  });

  router.patch('/sources/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.editSchedule.params, req.params, 'path');
    const body = parseInput(op.editSchedule.body, req.body, 'body');
    const edit = await editSourceSchedule(db, ctx.scheduling ?? null, id, { schedule: body.schedule, timezone: body.timezone, enabled: body.enabled });
    if (edit.reloadError) ctx.logger.warn({ err: edit.reloadError, sourceId: id }, 'schedule saved, but the scheduler could not reload; its poll will pick the edit up');
    noStore(res);
    res.json({ source: sourceView(edit.source), scheduler: edit.scheduler });
  });

  router.get('/runs/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.getRun.params, req.params, 'path');
    const run = await getRunDetail(db, id);
    if (!run) throw new NotFoundError(`run ${id}`);
    noStore(res);
    res.json(runDetailView(run));
  });

  return router;
}
