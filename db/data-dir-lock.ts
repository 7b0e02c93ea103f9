import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError } from '../core/errors.js';

/**
 * PGlite is one process's database: two processes opening one data folder corrupt it.
 * A lock file names the holder, so a second process refuses with who holds it.
 *
 * The lock file is created with O_EXCL (`wx`): of two processes racing, the kernel lets
 * exactly one create it. A lock left by a process that died is stale and taken over; a
 * holder counts as dead when its pid is gone, or when the pid now belongs to another
 * process (its start time or the machine's boot differs from what the lock recorded).
 * Taking over goes through a second O_EXCL file, so two processes finding one stale lock
 * cannot both take it.
 */
export type DataDirLock = { release: () => void };

type Holder = { pid: number; command: string; startedAt: string; processStart?: string | null; boot?: string | null };

const LOCK_FILE = 'tracker.lock';
/** A lock file still empty after this long was left by a process that died while writing it. */
const EMPTY_LOCK_STALE_MS = 5_000;
/** A takeover marker older than this was left by a process that died while taking over. */
const TAKEOVER_STALE_MS = 10_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The kernel's start time of a process (clock ticks since boot), or null where /proc is not there. */
export function processStartOf(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Fields after the command name (which may hold spaces and parentheses); starttime is field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function bootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while the process that wrote the lock still runs (not merely a process with its pid). */
export function holderAlive(holder: Holder): boolean {
  if (!Number.isSafeInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.boot && bootId() && holder.boot !== bootId()) return false;
  if (!pidAlive(holder.pid)) return false;
  const start = processStartOf(holder.pid);
  return !(holder.processStart && start && holder.processStart !== start);
}

function parseHolder(text: string | null): Holder | null {
  if (!text) return null;
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** A folder problem at start-up, said in one line. */
function folderError(dataDir: string, error: NodeJS.ErrnoException): DatabaseUnavailableError {
  if (error.code === 'EROFS' || error.code === 'EACCES' || error.code === 'EPERM') {
    return new DatabaseUnavailableError(`the data folder ${dataDir} is not writable (${error.code}): the embedded database needs to write there; choose another DATA_DIR or fix its permissions`);
  }
  if (error.code === 'ENOSPC') return new DatabaseUnavailableError(`the disk holding ${dataDir} is full (ENOSPC): free some space and start again`);
  return new DatabaseUnavailableError(`cannot use the data folder ${dataDir}: ${error.code ?? error.message}`);
}

/**
 * Why the nearest existing folder above `dir` cannot be written (EROFS, EACCES), or null.
 * A recursive mkdir on a read-only disk reports only ENOENT.
 */
function whyNotWritable(dir: string): NodeJS.ErrnoException | null {
  let at = dir;
  while (!existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  try {
    accessSync(at, constants.W_OK);
    return null;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** mkdir -p, one level at a time: node's recursive mkdirSync loops for ever under /proc. */
function makeFolder(dir: string): void {
  if (existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) makeFolder(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Removes a stale lock, under a takeover marker so only one process does it. True when it was removed (or is gone). */
function removeStale(file: string, staleText: string): boolean {
  const marker = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(marker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (ageMs(marker) > TAKEOVER_STALE_MS) rmSync(marker, { force: true });
    return false;
  }
  try {
    // Still the same stale lock? Another process may have replaced it since it was read.
    const now = readText(file);
    if (now === null) return true;
    if (now !== staleText) return false;
    unlinkSync(file);
    return true;
  } finally {
    closeSync(fd);
    rmSync(marker, { force: true });
  }
}

/**
 * Takes the data folder for this process.
 * @throws DatabaseUnavailableError naming the holder when a live process holds the folder, or
 * saying in one line why the folder cannot be used (read-only, full, ...).
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, command, startedAt: new Date().toISOString(), processStart: processStartOf(process.pid), boot: bootId() };
  const text = JSON.stringify(me);
  try {
    makeFolder(dataDir);
  } catch (error) {
    throw folderError(dataDir, whyNotWritable(dataDir) ?? (error as NodeJS.ErrnoException));
  }
  for (let attempt = 0; attempt < 100; attempt += 1) {
    let fd: number | null = null;
    try {
      fd = openSync(file, 'wx', 0o644);
      writeSync(fd, text);
      closeSync(fd);
      return { release: () => releaseLock(file, text) };
    } catch (error) {
      if (fd !== null) {
        closeSync(fd);
        rmSync(file, { force: true });
        throw folderError(dataDir, error as NodeJS.ErrnoException);
      }
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderError(dataDir, error as NodeJS.ErrnoException);
    }
    const current = readText(file);
    if (current === null) continue; // released meanwhile: try again
    const holder = parseHolder(current);
    if (!holder) {
      // Created but not yet written by its holder, or left empty by a crash.
      if (ageMs(file) < EMPTY_LOCK_STALE_MS) {
        sleepSync(20);
        continue;
      }
    } else if (holder.pid !== process.pid && holderAlive(holder)) {
      throw new DatabaseUnavailableError(
        `the embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}); ` +
          'stop that process first, or run against PostgreSQL with DATABASE_URL',
      );
    }
    if (!removeStale(file, current)) sleepSync(10 + Math.floor(Math.random() * 20));
  }
  throw new DatabaseUnavailableError(`could not take the lock ${file}: other processes keep racing for it; try again`);
}

function releaseLock(file: string, mine: string): void {
  if (readText(file) === mine) rmSync(file, { force: true });
}
