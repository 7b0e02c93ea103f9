import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError } from '../core/errors.js';

/**
 * PGlite is one process's database: two processes opening one data folder corrupt it.
 * A lock file names the holder, so a second process refuses with who holds it.
 */
export type DataDirLock = { release: () => void };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** @throws DatabaseUnavailableError when a live process holds the folder. */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tracker.lock');
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; command: string; startedAt: string };
    if (holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new DatabaseUnavailableError(
        `the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}); ` +
          'stop that process first, or run against PostgreSQL with DATABASE_URL',
      );
    }
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error;
    // no lock file, or an unreadable one left by a crash: take it over
  }
  writeFileSync(file, JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }));
  return {
    release: () => {
      try {
        const holder = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
        if (holder.pid === process.pid) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
