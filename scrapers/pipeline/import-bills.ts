import type { Db } from '../../db/database.js';
import { upsertBill, type UpsertResult } from './upsert-bill.js';
import { recomputeRollup } from '../../db/rollup/recompute-rollup.js';
import { emptyCounts, type RunCounts, type RunErrorEntry } from '../../core/sources/source-health.js';
import { normalizedBillSchema, type NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';
import { errorLine, isStorageFailure } from '../../core/error-summary.js';

/** What adapters yield: a record, or a record-level failure to report (the run goes on). */
export type SourceItem = NormalizedBillInput | { error: Error; url?: string | null };

export type ImportOptions = {
  runId: number | null;
  today: string;
  policies: PolicyDefinition[];
  onProgress?: (counts: RunCounts) => void;
  onBill?: (result: UpsertResult) => void;
  /** Stops the import between records (a run's time limit). */
  signal?: AbortSignal;
};

export type ImportResult = { counts: RunCounts; errors: RunErrorEntry[] };

const ROLLUP_BATCH = 200;

/** The database stopped taking writes mid-import; carries what was done before. */
export class ImportStoppedError extends Error {
  readonly counts: RunCounts;
  readonly errors: RunErrorEntry[];
  constructor(cause: unknown, counts: RunCounts, errors: RunErrorEntry[]) {
    super(`the database stopped taking writes: ${errorLine(cause)}`, { cause });
    this.name = 'ImportStoppedError';
    this.counts = counts;
    this.errors = errors;
  }
}

function isFailure(item: SourceItem): item is { error: Error; url?: string | null } {
  return (item as { error?: unknown }).error instanceof Error;
}

/** The URL a bad record came from, for the error report. */
function urlOf(item: unknown): string | null {
  const url = (item as { sourceUrl?: unknown })?.sourceUrl;
  return typeof url === 'string' ? url : null;
}

/**
 * The common pipeline: validate each record against the one bill schema, then upsert it
 * (one transaction per bill). A malformed record or a failing write is reported with its
 * URL and skipped; the rest of the run continues. Counts fetched / created / updated /
 * unchanged / failed.
 */
export async function importBills(db: Db, items: AsyncIterable<SourceItem> | Iterable<SourceItem>, options: ImportOptions): Promise<ImportResult> {
  const counts = emptyCounts();
  const errors: RunErrorEntry[] = [];
  // Rollups are recomputed per batch of bills, and always before returning or throwing.
  const pending = new Map<string, Set<string>>();
  const deferRollup = (jurisdictionId: string, policyIds: string[]) => {
    const set = pending.get(jurisdictionId) ?? new Set<string>();
    for (const p of policyIds) set.add(p);
    pending.set(jurisdictionId, set);
  };
  const flushRollups = async () => {
    for (const [jurisdictionId, policyIds] of pending) await recomputeRollup(db, jurisdictionId, [...policyIds]);
    pending.clear();
  };
  let sinceFlush = 0;
  let storageFailed = false;
  const cache = new Map();
  const importOne = async (item: SourceItem) => {
    counts.fetched += 1;
    if (isFailure(item)) {
      counts.failed += 1;
      const e = item.error;
      errors.push({ url: item.url ?? (e instanceof ScrapeError ? e.url : null), message: e.message, code: e instanceof ScrapeError ? e.code : 'error' });
      return;
    }
    const parsed = normalizedBillSchema.safeParse(item);
    if (!parsed.success) {
      counts.failed += 1;
      const where = `${(item as { identifier?: string }).identifier ?? '?'}`;
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      errors.push({ url: urlOf(item), message: `invalid record ${where}: ${problems}`, code: 'invalid_record' });
      return;
    }
    try {
      const result = await upsertBill(db, parsed.data, { runId: options.runId, today: options.today, policies: options.policies, deferRollup, cache });
      counts[result.outcome] += 1;
      options.onBill?.(result);
      if (++sinceFlush >= ROLLUP_BATCH) {
        sinceFlush = 0;
        await flushRollups();
      }
    } catch (error) {
      // The database itself cannot write (full disk, read-only, gone): every record after this
      // one would fail the same way, so the run stops here and says why.
      if (isStorageFailure(error)) throw error;
      counts.failed += 1;
      errors.push({ url: parsed.data.sourceUrl, message: `${parsed.data.identifier}: ${errorLine(error)}`, code: 'write_failed' });
    }
  };
  try {
    for await (const item of items) {
      if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('import aborted');
      await importOne(item);
      options.onProgress?.(counts);
    }
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    storageFailed = true;
    throw new ImportStoppedError(error, counts, errors);
  } finally {
    // Not after a storage failure: the rollups would fail the same way (the next run redoes them).
    if (!storageFailed) await flushRollups();
  }
  return { counts, errors };
}
