import { openDatabase } from '../../db/connect.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { startScheduling, startWorker } from '../../scrapers/scheduler/scheduling-service.js';
import { testAdapterFor } from './test-source.adapter.js';

/**
 * A tracker process for the scheduler tests (run with tsx by spawnTrackerProcess):
 * `scheduler` = scheduler + in-process worker, as `npm start` runs them on PostgreSQL;
 * `worker` = what `tracker worker` runs. Uses the test source adapter, short pg-boss
 * intervals so expiry and retries happen within seconds, and prints JSON lines on stdout
 * (`ready`, `fire`, `stopped`) for the test to read.
 */

const role = process.argv[2];
const databaseUrl = process.env.TRACKER_TEST_DATABASE_URL;
const name = process.env.TRACKER_TEST_NAME ?? role;
const timeLimitMs = Number(process.env.TRACKER_TEST_TIME_LIMIT_MS ?? '20000');

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ name, ...event })}\n`);
}

async function main(): Promise<void> {
  if (!databaseUrl || (role !== 'scheduler' && role !== 'worker')) throw new Error('usage: scheduler-process.ts scheduler|worker with TRACKER_TEST_DATABASE_URL set');
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DATA_DIR: 'memory://' });
  const logger = createLogger(process.env.TRACKER_TEST_LOG_LEVEL ?? 'silent').child({ process: name });
  const handle = await openDatabase({ databaseUrl, dataDir: '' });
  const queueOptions = { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };
  const common = { handle, config, logger, adapterFor: testAdapterFor, timeLimitFor: () => timeLimitMs, queueOptions };
  const service =
    role === 'scheduler'
      ? await startScheduling({
          ...common,
          concurrency: 2,
          schedulerOptions: {
            holder: name,
            pollIntervalMs: null,
            // Jobs of a crashed process come back within seconds in tests.
            jobOptionsFor: () => ({ expireInSeconds: Math.ceil(timeLimitMs / 1000) + 2, retryLimit: 2, retryDelaySeconds: 0 }),
            onFire: (e) => emit({ event: 'fire', sourceId: e.sourceId, fireAt: e.fireAt, jobId: e.jobId, error: e.error?.message }),
          },
        })
      : await startWorker({ ...common, concurrency: 1 });
  const stop = async (): Promise<void> => {
    await service.stop({ graceMs: 10_000 });
    await handle.close();
    emit({ event: 'stopped' });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  emit({ event: 'ready', role });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
