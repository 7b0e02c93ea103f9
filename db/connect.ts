import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { DatabaseUnavailableError } from '../core/errors.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
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
  close: () => Promise<void>;
};

export type ConnectOptions = {
  databaseUrl: string | null;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Names this process in the data-folder lock. */
  command?: string;
  connectTimeoutMs?: number;
};

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
  return openPglite(options.dataDir, options.command ?? 'tracker');
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
  return { db, kind: 'postgres', location, pool, pglite: null, close: () => pool.end() };
}

async function openPglite(folder: string, command: string): Promise<DatabaseHandle> {
  const inMemory = folder.startsWith('memory://');
  const dataDir = inMemory ? folder : path.resolve(folder);
  let lock: DataDirLock | null = null;
  if (!inMemory) lock = lockDataDir(dataDir, command);
  let client: PGlite;
  try {
    client = inMemory ? new PGlite() : new PGlite(dataDir);
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw new DatabaseUnavailableError(`cannot open the embedded database in ${dataDir}: ${(error as Error).message}`);
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: inMemory ? 'memory' : dataDir,
    pool: null,
    pglite: client,
    close: async () => {
      await client.close();
      lock?.release();
    },
  };
}
