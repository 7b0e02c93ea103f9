import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { scrapeRuns } from '../schema/index.js';
import type { RunOutcome } from '../../core/vocabulary.js';
import type { RunCounts, RunErrorEntry, RunFlag } from '../../core/sources/source-health.js';
import { queryRows } from '../database.js';

/** Records the start of a run; returns its id. */
export async function startRun(
  db: Db,
  run: { sourceId: string; kind: string; trigger: string; params?: Record<string, unknown>; cursorBefore?: unknown },
): Promise<number> {
  const [row] = await db
    .insert(scrapeRuns)
    .values({ sourceId: run.sourceId, kind: run.kind, trigger: run.trigger, params: run.params ?? {}, cursorBefore: run.cursorBefore ?? null })
    .returning({ id: scrapeRuns.id });
  return row.id;
}

/** Records how a run ended. Errors are capped so one broken site cannot bloat the table. */
export async function finishRun(
  db: Db,
  id: number,
  result: { outcome: Exclude<RunOutcome, 'running'>; counts: RunCounts; errors: RunErrorEntry[]; cursorAfter?: unknown; flag?: RunFlag | null },
): Promise<void> {
  await db
    .update(scrapeRuns)
    .set({
      outcome: result.outcome,
      finishedAt: sql`now()`,
      ...result.counts,
      errors: result.errors.slice(0, 200),
      cursorAfter: result.cursorAfter ?? null,
      flag: result.flag ?? null,
    })
    .where(eq(scrapeRuns.id, id));
}

/** The newest finished run of a source (what a file import compares its files with), or null. */
export async function lastFinishedRun(db: Db, sourceId: string): Promise<{ id: number; outcome: string; fetched: number; failed: number; params: Record<string, unknown> } | null> {
  const [row] = await queryRows<{ id: number; outcome: string; fetched: number; failed: number; params: Record<string, unknown> | null }>(
    db,
    sql`SELECT id, outcome, fetched, failed, params FROM scrape_runs WHERE source_id = ${sourceId} AND outcome <> 'running' ORDER BY id DESC LIMIT 1`,
  );
  return row ? { ...row, id: Number(row.id), params: row.params ?? {} } : null;
}
