import type { Config } from '../../core/config.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import type { SourceRecord } from '../../core/sources/source-record.js';

/** Everything an adapter may use for one run. Adapters never write bills themselves. */
export type AdapterContext = {
  source: SourceRecord;
  config: Config;
  /** For adapters that keep their own bookkeeping (quota, sessions); never for bills. */
  handle: DatabaseHandle;
  /** Run parameters from the CLI or the schedule (`jurisdiction`, `session`, `since`, `files`...). */
  params: Record<string, unknown>;
  signal: AbortSignal;
  /** YYYY-MM-DD: the day the run derives status for (which sessions are active, due, over). */
  today: string;
};

/** One run of an adapter: the records, and what it spent and reached once they are consumed. */
export type AdapterRun = {
  items: AsyncIterable<SourceItem> | Iterable<SourceItem>;
  /** HTTP requests made so far. */
  requests: () => number;
  /** The cursor to store when the run succeeds for what it covered (read after `items` is drained). */
  cursorAfter: () => Record<string, unknown>;
  /**
   * The jurisdictions this run read successfully (for "tracked since" on the map); left out,
   * the source's own jurisdiction and those of the bills it yielded count.
   */
  covered?: () => string[];
  /** Jurisdictions whose legislative sessions this run added or changed: their bills are re-derived after it. */
  sessionsChanged?: () => string[];
};

export type SourceAdapter = {
  kind: string;
  /** Why this source cannot run in this configuration (missing key, ...), or null. */
  notConfigured?: (ctx: Pick<AdapterContext, 'config' | 'source'>) => string | null;
  start: (ctx: AdapterContext) => Promise<AdapterRun> | AdapterRun;
};

/** Thrown when a source is not configured: the CLI says so clearly and exits non-zero. */
export class SourceNotConfiguredError extends Error {
  constructor(sourceId: string, reason: string) {
    super(`source ${sourceId} is not configured: ${reason}`);
    this.name = 'SourceNotConfiguredError';
  }
}
