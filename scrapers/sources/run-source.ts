import type { DatabaseHandle } from '../../db/connect.js';
import type { Config } from '../../core/config.js';
import { saveSourceCursor } from '../../db/sources/sources-repository.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { finishRun, startRun } from '../../db/runs/scrape-runs.js';
import { type RunCounts, type RunErrorEntry } from '../../core/sources/source-health.js';
import type { RunOutcome } from '../../core/vocabulary.js';
import { ImportStoppedError, importBills } from '../pipeline/import-bills.js';
import { rederiveBills, type RederiveResult } from '../pipeline/rederive-bills.js';
import { recordCoverage } from '../../db/coverage/coverage-repository.js';
import { errorLine } from '../../core/error-summary.js';
import { AppError } from '../../core/errors.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import { SourceNotConfiguredError, type SourceAdapter } from './source-adapter.js';
import type { SourceRecord } from '../../core/sources/source-record.js';

export type RunSummary = {
  runId: number;
  sourceId: string;
  outcome: Exclude<RunOutcome, 'running'>;
  counts: RunCounts;
  errors: RunErrorEntry[];
  cursorAdvanced: boolean;
  /** Bills re-derived because the run learned new session facts (a later end date, a new session). */
  rederived: RederiveResult | null;
};

export type RunSourceOptions = {
  trigger: 'cli' | 'schedule' | 'worker' | 'api';
  params?: Record<string, unknown>;
  /** A hung run is ended after this long and recorded as failed. */
  timeLimitMs?: number;
  today?: string;
  onProgress?: (counts: RunCounts) => void;
};

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Runs one source once through the common pipeline and records the run: counts, errors
 * with URLs, and the cursor. The cursor moves forward only when the run succeeded for
 * what it covered (ok or partial); a failed run never rewinds or loses data, since every
 * bill is written in its own transaction and nothing is deleted. After a run that succeeded
 * for what it covered, the jurisdictions it covered are marked tracked, and where it learned
 * new session facts the bills of those jurisdictions are re-derived (their moves go to the
 * change log with this run's id).
 * @throws SourceNotConfiguredError before recording anything when the source cannot run.
 */
export async function runSource(handle: DatabaseHandle, config: Config, source: SourceRecord, adapter: SourceAdapter, options: RunSourceOptions): Promise<RunSummary> {
  const reason = adapter.notConfigured?.({ config, source }) ?? null;
  if (reason) throw new SourceNotConfiguredError(source.id, reason);
  const params = options.params ?? {};
  const runId = await startRun(handle.db, { sourceId: source.id, kind: source.kind, trigger: options.trigger, params, cursorBefore: source.cursor });
  const controller = new AbortController();
  const timer = options.timeLimitMs ? setTimeout(() => controller.abort(new Error(`run exceeded its time limit of ${options.timeLimitMs} ms`)), options.timeLimitMs) : null;
  let counts: RunCounts = { requests: 0, fetched: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  let errors: RunErrorEntry[] = [];
  let outcome: RunSummary['outcome'] = 'ok';
  let cursorAdvanced = false;
  let newCursor: Record<string, unknown> | null = null;
  let requests = () => 0;
  let rederived: RederiveResult | null = null;
  const today = options.today ?? todayUtc();
  try {
    const policySet = await loadPolicies(handle);
    const run = await adapter.start({ source, config, handle, params, signal: controller.signal, today });
    requests = run.requests;
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    const result = await Promise.race([
      importBills(handle.db, run.items, {
        runId,
        today,
        policies: policySet,
        signal: controller.signal,
        onProgress: (c) => options.onProgress?.({ ...c, requests: requests() }),
      }),
      aborted,
    ]);
    counts = result.counts;
    errors = result.errors;
    outcome = counts.failed > 0 ? (counts.created + counts.updated + counts.unchanged > 0 ? 'partial' : 'failed') : 'ok';
    if (outcome !== 'failed') {
      newCursor = run.cursorAfter();
      await saveSourceCursor(handle.db, source.id, newCursor);
      cursorAdvanced = true;
      const covered = run.covered?.() ?? [...(source.jurisdictionId ? [source.jurisdictionId] : []), ...result.jurisdictionIds];
      await recordCoverage(handle.db, source.id, covered, runId);
    }
    // New session facts (a later end date, a new regular session) can move bills no record touched.
    for (const jurisdictionId of run.sessionsChanged?.() ?? []) {
      const swept = await rederiveBills(handle.db, { jurisdictionId, mode: 'sessions', today, runId });
      rederived = rederived ? mergeRederived(rederived, swept) : swept;
    }
  } catch (error) {
    outcome = 'failed';
    const e = error as Error;
    if (e instanceof ImportStoppedError) {
      counts = e.counts;
      errors = e.errors;
    }
    errors.push({
      url: e instanceof ScrapeError ? e.url : null,
      message: e instanceof ScrapeError || e instanceof ImportStoppedError ? e.message : errorLine(e),
      code: e instanceof ScrapeError ? e.code : e instanceof ImportStoppedError ? 'storage_failed' : 'run_failed',
    });
  } finally {
    if (timer) clearTimeout(timer);
    controller.abort(new Error('run finished'));
  }
  counts.requests = requests();
  try {
    await finishRun(handle.db, runId, { outcome, counts, errors, cursorAfter: newCursor });
  } catch (error) {
    // The database refuses to record the end too (full disk): say what happened; the run stays
    // "running" until a later start closes it as abandoned.
    const c = counts;
    throw new AppError(
      'run_not_recorded',
      `${source.id}: run ${runId} stopped after ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed, ` +
        `and its end could not be recorded: ${errorLine(error)}`,
      503,
    );
  }
  return { runId, sourceId: source.id, outcome, counts, errors, cursorAdvanced, rederived };
}

function mergeRederived(a: RederiveResult, b: RederiveResult): RederiveResult {
  const moves = { ...a.moves };
  for (const [key, n] of Object.entries(b.moves)) moves[key] = (moves[key] ?? 0) + n;
  return {
    checked: a.checked + b.checked,
    moved: a.moved + b.moved,
    moves,
    skippedWithoutHints: a.skippedWithoutHints + b.skippedWithoutHints,
    jurisdictions: [...new Set([...a.jurisdictions, ...b.jurisdictions])].sort(),
  };
}
