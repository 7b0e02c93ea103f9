import { startWorker, WorkerNeedsPostgresError } from '../../scrapers/scheduler/scheduling-service.js';
import type { AdapterLookup } from '../../scrapers/scheduler/scrape-job-handler.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { getRuntime, openMigratedDatabase } from '../runtime.js';

/*
 * `npm run tracker -- worker`: one scrape worker. How to run one scheduler and N workers is
 * described in scrapers/scheduler/scheduling-service.ts (copied into the README).
 */

/**
 * The `worker` command, given the adapter registry (kind → SourceAdapter). Register it in
 * tracker.ts as `createWorkerCommand(adapterFor)`.
 */
export function createWorkerCommand(adapterFor: AdapterLookup): Command {
  return {
    name: 'worker',
    summary: 'run scrape jobs from the PostgreSQL queue until stopped (needs DATABASE_URL)',
    help: `Usage: npm run tracker -- worker [--concurrency N]

Takes scrape jobs from the job queue in PostgreSQL (enqueued by the scheduler of
\`npm start\`) and runs them, until SIGTERM or SIGINT; runs in progress get up to
30 seconds to finish, and any unfinished job is retried by another worker.
Start as many workers as you like against the same DATABASE_URL.

Options:
  --concurrency N   sources run at once by this worker (default 1)

Needs DATABASE_URL: with the embedded database, \`npm start\` runs the jobs itself.`,
    async run(args) {
      const { values } = parseCommandArgs(args, { concurrency: { type: 'string' } });
      const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('--concurrency must be a whole number from 1 to 32');
      const { config, logger } = getRuntime();
      if (!config.databaseUrl) {
        process.stderr.write(`worker: ${new WorkerNeedsPostgresError().message}\n`);
        return 1;
      }
      const handle = await openMigratedDatabase('tracker worker');
      try {
        const worker = await startWorker({ handle, config, adapterFor, logger, concurrency });
        logger.info({ database: handle.location, concurrency }, 'worker started; waiting for scrape jobs');
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', () => resolve());
          process.once('SIGINT', () => resolve());
        });
        logger.info('worker stopping; letting runs in progress finish');
        await worker.stop({ graceMs: 30_000 });
        return 0;
      } finally {
        await handle.close();
      }
    },
  };
}
