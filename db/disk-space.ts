import { statfsSync } from 'node:fs';
import { StorageFullError } from '../core/errors.js';

/**
 * Free space on the embedded database's disk. PGlite meeting a full disk while it starts a
 * new 16 MB write-ahead-log segment does not fail the statement: the WebAssembly engine
 * aborts inside its critical section and spins at 100% CPU for ever, holding the process's
 * only thread (seen on a tmpfs: an import stopped at bill 1,612 with 528 KB free). So the
 * embedded database refuses writes before the disk gets there: below `minFreeBytes` free
 * (default 64 MB, `DISK_MIN_FREE_MB`), a write fails at once with StorageFullError and a
 * message saying what to do; reads go on.
 */

/** Bytes free for this process on the disk holding `dir`, or null when it cannot be told. */
export type FreeSpaceProbe = (dir: string) => number | null;

/** statfs(2): the blocks available to unprivileged users, times the block size. */
export const statfsProbe: FreeSpaceProbe = (dir) => {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
};

export type DiskGuard = {
  dir: string;
  minFreeBytes: number;
  /** Free bytes now (null: unknown). */
  freeBytes: () => number | null;
  /** @throws StorageFullError when the disk has less than `minFreeBytes` free. */
  check: () => void;
};

const MB = 1024 * 1024;

/** "12.3 MB" */
export function formatMegabytes(bytes: number): string {
  return `${(Math.floor((bytes / MB) * 10) / 10).toFixed(1)} MB`;
}

/** The message for a disk too full to write on. */
export function diskFullMessage(dir: string, free: number, minFreeBytes: number): string {
  return (
    `the disk holding ${dir} has ${formatMegabytes(free)} free, below the ${formatMegabytes(minFreeBytes)} the embedded database needs to write safely ` +
    '(DISK_MIN_FREE_MB): free some space, then try again (this write was refused; what was written before is kept)'
  );
}

/**
 * A guard over the disk holding `dir`. The probe is asked at most every `cacheMs` (a statfs
 * per statement would be cheap, but needless): the threshold is far above what a quarter
 * second of writes can use.
 */
export function createDiskGuard(options: { dir: string; minFreeBytes: number; probe?: FreeSpaceProbe; cacheMs?: number; now?: () => number }): DiskGuard {
  const probe = options.probe ?? statfsProbe;
  const cacheMs = options.cacheMs ?? 250;
  const now = options.now ?? Date.now;
  let cached: { at: number; free: number | null } | null = null;
  const freeBytes = () => {
    const t = now();
    if (!cached || t - cached.at >= cacheMs) cached = { at: t, free: probe(options.dir) };
    return cached.free;
  };
  return {
    dir: options.dir,
    minFreeBytes: options.minFreeBytes,
    freeBytes,
    check() {
      const free = freeBytes();
      if (free !== null && free < options.minFreeBytes) throw new StorageFullError(diskFullMessage(options.dir, free, options.minFreeBytes));
    },
  };
}

const READ = /^\s*(select|show|explain|values|table|fetch)\b/i;
const WITH_READ = /^\s*with\b/i;
const WRITES_ANYWAY = /\b(for\s+(update|no\s+key\s+update|share|key\s+share)|nextval\s*\(|setval\s*\()/i;
const WRITE_VERB = /\b(insert|update|delete|merge)\b/i;

/** True when a statement may write (and so add to the write-ahead log). */
export function mayWrite(statement: string): boolean {
  if (WRITES_ANYWAY.test(statement)) return true;
  if (READ.test(statement)) return false;
  if (WITH_READ.test(statement)) return WRITE_VERB.test(statement);
  return true;
}
