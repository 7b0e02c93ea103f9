import type { DatabaseHandle } from '../db/connect.js';
import type { Logger } from '../core/logger.js';
import { loadPolicies } from '../db/policies/load-policies.js';
import { reclassifyBills } from '../scrapers/pipeline/reclassify-bills.js';

export type ReclassifyRunner = {
  /** Starts a re-classification of every stored bill; a request during a run queues one more run after it. */
  start: (reason: string) => void;
  /** Resolves when no run is going (for a clean stop). */
  idle: () => Promise<void>;
};

/**
 * Re-classifies stored bills in the background after staff save a rule edit, one run at a
 * time: the rules are read when the run starts, so saves during a run are picked up by the
 * run queued after it. Failures are logged, never thrown at the web request.
 */
export function reclassifyRunner(handle: DatabaseHandle, logger: Logger): ReclassifyRunner {
  let running: Promise<void> | null = null;
  let again: string | null = null;
  const run = async (reason: string) => {
    let next: string | null = reason;
    while (next) {
      again = null;
      const started = Date.now();
      const { examined, changes } = await reclassifyBills(handle.db, await loadPolicies(handle), {});
      logger.info({ reason: next, examined, changed: changes.length, ms: Date.now() - started }, 're-classified stored bills');
      next = again;
    }
  };
  return {
    start(reason) {
      if (running) {
        again = reason;
        return;
      }
      running = run(reason)
        .catch((error: unknown) => logger.error({ err: error, reason }, 're-classification failed'))
        .finally(() => {
          running = null;
        });
    },
    idle: async () => {
      await running;
    },
  };
}
