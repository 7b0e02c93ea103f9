import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Config } from '../../core/config.js';
import type { RunCounts } from '../../core/sources/source-health.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { ensureSource } from '../../db/seed/ensure-sources.js';
import { lastFinishedRun } from '../../db/runs/scrape-runs.js';
import { recordSchemaVersion } from '../pipeline/prepare-bill.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import { readImport, type FileImporter } from './file-importers.js';
import { runSource, type RunSourceOptions, type RunSummary } from './run-source.js';
import type { SourceAdapter } from './source-adapter.js';

/**
 * What identifies an import: the importer, its options, the record schema the pipeline
 * validates against, and every file's bytes. Null when a file is a folder (an unpacked
 * export): folders are always read.
 */
export async function importFingerprint(kind: string, files: readonly string[], options: Record<string, string | undefined>): Promise<string | null> {
  if (files.some((f) => statSync(f).isDirectory())) return null;
  const hash = createHash('sha256').update(JSON.stringify({ kind, options, schema: recordSchemaVersion(), files: files.length }));
  for (const file of files) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    hash.update('\0');
  }
  return hash.digest('hex');
}

export type ImportFilesOptions = {
  trigger: RunSourceOptions['trigger'];
  /** Recorded with the run (the file names, whether uploaded). */
  params: Record<string, unknown>;
  /** Read the files even when they are those of the last clean run. */
  force?: boolean;
  /** How many records there are, once known (null for a streamed export), for progress. */
  onTotal?: (total: number | null) => void;
  onProgress?: (counts: RunCounts) => void;
  /** The run's date (YYYY-MM-DD), for benchmarks and tests; today by default. */
  today?: string;
  /** Wraps the records (the server's upload path yields to requests between them). */
  pace?: (items: Iterable<SourceItem> | AsyncIterable<SourceItem>) => AsyncIterable<SourceItem>;
};

/**
 * Imports saved files through the common pipeline as one recorded run of their source: the
 * path of `tracker import` and of uploads in the staff pages. When the files are byte for
 * byte those of the source's newest run, and that run stored every record (ok, nothing
 * failed), nothing is read again: the run counts the records as fetched and unchanged, as
 * reading them would have (the record hashes of an unchanged file all match). `force` reads
 * them anyway. A run with failures, or a later run of other files, makes the next import read.
 */
export async function importFiles(
  handle: DatabaseHandle, config: Config, importer: FileImporter, files: string[], options: Record<string, string | undefined>, run: ImportFilesOptions,
): Promise<RunSummary> {
  const sourceId = importer.sourceId(options);
  const source = await ensureSource(handle.db, { id: sourceId, kind: importer.kind, name: sourceId });
  const fingerprint = await importFingerprint(importer.kind, files, options);
  const last = fingerprint && !run.force ? await lastFinishedRun(handle.db, sourceId) : null;
  const same = last !== null && last.outcome === 'ok' && last.failed === 0 && last.params.fingerprint === fingerprint;
  let items: Iterable<SourceItem> | AsyncIterable<SourceItem>;
  if (same) {
    items = [{ knownUnchanged: last.fetched }];
    run.onTotal?.(last.fetched);
  } else {
    const read = readImport(importer, files, options, { db: handle.db });
    items = read.items;
    run.onTotal?.(read.total);
  }
  // Reading files is an adapter like any other: the run is recorded the same way.
  const adapter: SourceAdapter = { kind: importer.kind, start: () => ({ items: run.pace ? run.pace(items) : items, requests: () => 0, cursorAfter: () => source.cursor }) };
  return runSource(handle, config, source, adapter, {
    trigger: run.trigger,
    params: { ...run.params, ...(fingerprint ? { fingerprint } : {}), ...(same ? { unchangedSince: last.id } : {}) },
    onProgress: run.onProgress,
    today: run.today,
  });
}
