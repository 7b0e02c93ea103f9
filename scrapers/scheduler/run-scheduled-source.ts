import type { DatabaseHandle } from '../../db/connect.js';
import { flagRun } from '../../db/runs/source-health.js';
import { type RunFlag } from '../../core/sources/source-health.js';
import type { Config } from '../../core/config.js';
import { runSource, type RunSourceOptions, type RunSummary } from '../sources/run-source.js';
import type { SourceAdapter } from '../sources/source-adapter.js';
import type { SourceRecord } from '../../core/sources/source-record.js';

export type ScheduledRunSummary = RunSummary & { flag: RunFlag | null };

/**
 * runSource, then the health flags on the recorded run (`probable-site-change` when it
 * fetched far fewer items than usual, `failing` at the third failure in a row). Use this
 * for every unattended run; the CLI may call it too.
 * @throws SourceNotConfiguredError (nothing recorded), or a database error.
 */
export async function runScheduledSource(handle: DatabaseHandle, config: Config, source: SourceRecord, adapter: SourceAdapter, options: RunSourceOptions): Promise<ScheduledRunSummary> {
  const summary = await runSource(handle, config, source, adapter, options);
  const flag = await flagRun(handle.db, summary.runId);
  return { ...summary, flag };
}
