import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, describeDatabaseUrl, type DatabaseHandle } from './connect.js';

/**
 * A new, empty database on the PostgreSQL server of `serverUrl` (the role needs CREATEDB),
 * dropped by `close()`. For benchmarks and tests that must not touch real data.
 */
export async function openScratchDatabase(serverUrl: string, prefix: string): Promise<DatabaseHandle & { url: string }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...handle,
    url: url.toString(),
    location: describeDatabaseUrl(url.toString()),
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
