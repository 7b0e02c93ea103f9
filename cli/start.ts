import type { DatabaseHandle } from '../db/connect.js';
import { closeRunsOfDeadProcesses, openConfiguredDatabase } from './runtime.js';
import { migrateDatabase } from '../db/migrate.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { listen, type RunningServer } from '../server/serve.js';
import { needsFirstSeed, seedDatabase } from '../db/seed/run-seed.js';
import { seedSessions } from '../db/seed/session-seed.js';
import { startBackground, type Background } from './background.js';
import { reclassifyRunner } from './reclassify-runner.js';
import { scoreCuratedLawTexts } from '../scrapers/pipeline/score-texts.js';
import { loadModelPolicies } from '../db/seed/model-policies.js';
import type { AppContext } from '../server/app-context.js';
import { createUploadControl } from './uploads.js';

export type Tracker = { handle: DatabaseHandle; server: RunningServer; stop: () => Promise<void> };

/**
 * Starts the whole tracker: database (migrated on start), first-start seed, web server.
 * `stop()` finishes requests in flight, then closes the database.
 */
export async function startTracker(config: Config, logger: Logger): Promise<Tracker> {
  const handle = await openConfiguredDatabase(config, 'tracker serve');
  let server: RunningServer | null = null;
  let background: Background | null = null;
  const reclassify = reclassifyRunner(handle, logger);
  try {
    const { applied, level } = await migrateDatabase(handle);
    logger.info({ database: handle.kind, location: handle.location, applied, level }, 'database ready');
    const abandoned = await closeRunsOfDeadProcesses(handle);
    if (abandoned) logger.warn({ abandoned }, 'closed runs left running by a process that stopped');
    if (await needsFirstSeed(handle.db)) {
      const counts = await seedDatabase(handle.db, { curated: config.seed !== 'none' });
      await scoreCuratedLawTexts(handle.db, loadModelPolicies());
      const { sessionJurisdictions, ...rest } = counts;
      // The count, not 52 ids on one log line.
      logger.info({ ...rest, sessionJurisdictions: sessionJurisdictions.length, seed: config.seed }, 'first start: seeded the database');
    } else {
      // Session tables shipped with a newer version fill in what the database does not know yet
      // (never replacing what a source said); the daily time sweep re-derives the bills concerned.
      const sessions = await seedSessions(handle.db);
      if (sessions.size) logger.info({ jurisdictions: [...sessions.keys()] }, 'legislative sessions added from the repo tables');
    }
    // A mutable holder: the app exists before the scheduler does, and reads `scheduling` per request.
    const context: AppContext = { handle, config, logger, scheduling: null, reclassify: reclassify.start, uploads: createUploadControl(handle, config, logger) };
    server = await listen(context);
    background = await startBackground(handle, config, logger);
    context.scheduling = background.scheduling;
  } catch (error) {
    await server?.stop();
    await handle.close();
    throw error;
  }
  const running = server;
  const jobs = background;
  let stopping: Promise<void> | null = null;
  return {
    handle,
    server: running,
    stop: () => {
      stopping ??= (async () => {
        await running.stop();
        await jobs?.stop();
        await reclassify.idle();
        await handle.close();
      })();
      return stopping;
    },
  };
}
