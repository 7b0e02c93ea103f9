import { loadConfig, type Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrateDatabase } from '../db/migrate.js';
import { needsFirstSeed, seedDatabase } from '../db/seed/run-seed.js';
import { seedSessions } from '../db/seed/session-seed.js';
import { closeAbandonedRuns } from '../db/runs/source-health.js';

/** What every command needs: configuration parsed once, a logger, and the database on demand. */
export type Runtime = { config: Config; logger: Logger };

let runtime: Runtime | null = null;

/** @throws ConfigError (printed by the CLI as one line per problem). */
export function getRuntime(): Runtime {
  if (!runtime) {
    const config = loadConfig();
    runtime = { config, logger: createLogger(config.logLevel) };
  }
  return runtime;
}

/** Opens the configured database (the embedded one with its free-space guard). */
export function openConfiguredDatabase(config: Config, command: string): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command, minFreeBytes: config.diskMinFreeBytes });
}

/**
 * On the embedded database, runs still marked running belong to a process that died (a
 * killed CLI command, a crash): the folder lock this process holds proves no other process
 * has it open. They are closed as abandoned so history and health stop showing them running.
 * On PostgreSQL another process may own them; the scheduler closes those by age instead.
 * Returns how many were closed.
 */
export async function closeRunsOfDeadProcesses(handle: DatabaseHandle): Promise<number> {
  if (handle.kind !== 'pglite') return 0;
  return closeAbandonedRuns(handle.db, {}, 'the process running it stopped before it finished (closed at the next start)');
}

/**
 * Opens and migrates the configured database, seeding it first when it is new (the same
 * first-start seed `serve` runs) and otherwise adding the legislative sessions the repo's
 * tables know and the database does not; the caller closes it.
 */
export async function openMigratedDatabase(command: string, options: { seedIfEmpty?: boolean } = {}): Promise<DatabaseHandle> {
  const { config } = getRuntime();
  const handle = await openConfiguredDatabase(config, command);
  try {
    await migrateDatabase(handle);
    await closeRunsOfDeadProcesses(handle);
    if (options.seedIfEmpty !== false && (await needsFirstSeed(handle.db))) {
      await seedDatabase(handle.db, { curated: config.seed !== 'none' });
      // Loaded only on a first seed: the scorer and the models are not needed by every command.
      const [{ scoreCuratedLawTexts }, { loadModelPolicies }] = await Promise.all([import('../scrapers/pipeline/score-texts.js'), import('../db/seed/model-policies.js')]);
      await scoreCuratedLawTexts(handle.db, loadModelPolicies());
    } else if (options.seedIfEmpty !== false) {
      // Every command that derives status knows the sessions the repo's tables know (fill-only, cheap).
      await seedSessions(handle.db);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** Runs `fn` with a migrated database and always closes it. */
export async function withDatabase<T>(command: string, fn: (handle: DatabaseHandle) => Promise<T>, options: { seedIfEmpty?: boolean } = {}): Promise<T> {
  const handle = await openMigratedDatabase(command, options);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
