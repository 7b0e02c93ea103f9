import type { DatabaseHandle } from '../db/connect.js';
import { openDatabase } from '../db/connect.js';
import { migrateDatabase } from '../db/migrate.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { listen, type RunningServer } from './serve.js';

export type Tracker = { handle: DatabaseHandle; server: RunningServer; stop: () => Promise<void> };

/**
 * Starts the whole tracker: database (migrated on start), first-start seed, web server.
 * `stop()` finishes requests in flight, then closes the database.
 */
export async function startTracker(config: Config, logger: Logger): Promise<Tracker> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command: 'tracker serve' });
  let server: RunningServer | null = null;
  try {
    const { applied, level } = await migrateDatabase(handle);
    logger.info({ database: handle.kind, location: handle.location, applied, level }, 'database ready');
    server = await listen(handle, config, logger);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const running = server;
  let stopping: Promise<void> | null = null;
  return {
    handle,
    server: running,
    stop: () => {
      stopping ??= (async () => {
        await running.stop();
        await handle.close();
      })();
      return stopping;
    },
  };
}
