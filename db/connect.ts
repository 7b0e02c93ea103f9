import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { DatabaseUnavailableError, StorageFullError } from '../core/errors.js';
import { errorLine } from '../core/error-summary.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { createDiskGuard, mayWrite, type DiskGuard, type FreeSpaceProbe } from './disk-space.js';
import { startWatchdog, type Watchdog } from './pglite-watchdog.js';
import type { Db, DatabaseKind } from './database.js';
import * as schema from './schema/index.js';

export type DatabaseHandle = {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, for messages: a folder or host:port/database (never a password). */
  location: string;
  /** The node-postgres pool, for tools that need their own connection (queues, locks). */
  pool: pg.Pool | null;
  /** The embedded client, for what drizzle does not expose (COPY from a blob). */
  pglite: PGlite | null;
  /** The embedded database's free-space guard (null on PostgreSQL and in memory). */
  disk: DiskGuard | null;
  close: () => Promise<void>;
};

export type ConnectOptions = {
  databaseUrl: string | null;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Names this process in the data-folder lock. */
  command?: string;
  connectTimeoutMs?: number;
  /** Embedded database: below this many bytes free on its disk, writes are refused (see disk-space.ts); 0 turns the guard off. */
  minFreeBytes?: number;
  /** Embedded database: how free space is measured (tests inject a full disk where they cannot mount one). */
  freeSpace?: FreeSpaceProbe;
  /** Embedded database: how long a free-space reading is reused (default 250 ms; tests use 0 to read it at every write). */
  freeSpaceCacheMs?: number;
  /** In memory only: start from this dump of a data folder (`PGlite.dumpDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob;
};

/** Default `minFreeBytes`: matches DISK_MIN_FREE_MB's default. */
export const DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024;

/** `host:port/database` of a connection string, without credentials. */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/**
 * Opens PostgreSQL when `databaseUrl` is set, otherwise the embedded PGlite in `dataDir`.
 * @throws DatabaseUnavailableError naming the host (or the folder's holder) within the timeout.
 */
export async function openDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.connectTimeoutMs ?? 5000);
  return openPglite(options);
}

async function openPostgres(databaseUrl: string, connectTimeoutMs: number): Promise<DatabaseHandle> {
  const location = describeDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs, max: 10 });
  // An idle client losing its server must not crash the process; queries report it instead.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = (error as Error).message || (error as NodeJS.ErrnoException).code || 'connection failed';
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL at ${location}: ${reason}`);
  }
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return { db, kind: 'postgres', location, pool, pglite: null, disk: null, close: () => pool.end() };
}

/**
 * Refuses writes on a disk below the guard's threshold, before PGlite sees them: statements
 * that may write, and every transaction (see disk-space.ts for why).
 */
function guardWrites(client: PGlite, guard: DiskGuard): void {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  Object.assign(client, {
    query: (text: string, ...rest: unknown[]) => {
      if (mayWrite(text)) guard.check();
      return (query as (t: string, ...r: unknown[]) => unknown)(text, ...rest);
    },
    exec: (text: string, ...rest: unknown[]) => {
      if (mayWrite(text)) guard.check();
      return (exec as (t: string, ...r: unknown[]) => unknown)(text, ...rest);
    },
    transaction: (fn: unknown) => {
      guard.check();
      return (transaction as (f: unknown) => unknown)(fn);
    },
  });
}

async function openPglite(options: ConnectOptions): Promise<DatabaseHandle> {
  const folder = options.dataDir;
  const inMemory = folder.startsWith('memory://');
  const dataDir = inMemory ? folder : path.resolve(folder);
  if (inMemory) {
    const client = new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    await client.waitReady;
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    return { db, kind: 'pglite', location: 'memory', pool: null, pglite: client, disk: null, close: () => client.close() };
  }
  const lock: DataDirLock = lockDataDir(dataDir, options.command ?? 'tracker');
  const minFreeBytes = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  const disk = minFreeBytes > 0 ? createDiskGuard({ dir: dataDir, minFreeBytes, probe: options.freeSpace, cacheMs: options.freeSpaceCacheMs }) : null;
  let client: PGlite | null = null;
  let watchdog: Watchdog | null = null;
  try {
    // Opening writes too (the log, the pid file): on a full disk PGlite only says it "failed to initialize".
    disk?.check();
    client = new PGlite(dataDir);
    await client.waitReady;
  } catch (error) {
    await client?.close().catch(() => undefined);
    lock.release();
    if (error instanceof StorageFullError) throw new DatabaseUnavailableError(`cannot start the embedded database: ${error.message}`);
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dataDir}: ${errorLine(error)}`);
  }
  if (disk) {
    guardWrites(client, disk);
    watchdog = startWatchdog({ dir: dataDir, minFreeBytes: disk.minFreeBytes });
  }
  const opened = client;
  const db = drizzlePglite({ client: opened, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    pool: null,
    pglite: opened,
    disk,
    close: async () => {
      watchdog?.stop();
      try {
        await opened.close();
      } finally {
        lock.release();
      }
    },
  };
}
