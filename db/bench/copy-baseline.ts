import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DatabaseHandle } from '../connect.js';
import { queryRows } from '../database.js';

/**
 * The import benchmark's baseline: the rows an import stored, loaded again with COPY into
 * another database of the same schema (every table, index, constraint and trigger the
 * migrations made), on the same engine. Only the COPY into the target is timed.
 */

/** The tables an import writes, parents first (COPY checks foreign keys as it goes). */
export const IMPORTED_TABLES = [
  'bills', 'bill_sources', 'actions', 'sponsors', 'documents', 'votes', 'status_changes', 'bill_policies', 'rollup_items', 'jurisdiction_policy_status',
] as const;

/** The columns COPY can write (generated columns are computed again by the target). */
async function writableColumns(handle: DatabaseHandle, table: string): Promise<string[]> {
  const rows = await queryRows<{ column_name: string }>(
    handle.db,
    sql`SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`,
  );
  return rows.map((r) => r.column_name);
}

async function exportCsv(handle: DatabaseHandle, table: string, columns: string[]): Promise<Buffer> {
  const select = `COPY (SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}") TO STDOUT WITH (FORMAT csv)`;
  if (handle.pglite) {
    const result = await handle.pglite.query(select.replace('TO STDOUT', `TO '/dev/blob'`));
    return Buffer.from(await (result.blob ?? new Blob([])).arrayBuffer());
  }
  const client = await handle.pool!.connect();
  try {
    const chunks: Buffer[] = [];
    await pipeline(client.query(copyTo(select)), new Writable({ write: (chunk: Buffer, _e, done) => { chunks.push(chunk); done(); } }));
    return Buffer.concat(chunks);
  } finally {
    client.release();
  }
}

async function importCsv(handle: DatabaseHandle, table: string, columns: string[], csv: Buffer): Promise<void> {
  const statement = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  if (handle.pglite) {
    await handle.pglite.query(statement.replace('FROM STDIN', `FROM '/dev/blob'`), [], { blob: new Blob([new Uint8Array(csv)]) });
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await pipeline(Readable.from([csv]), client.query(copyFrom(statement)));
  } finally {
    client.release();
  }
}

/**
 * Copies the stored rows of `tables` from `source` into `target` (same engine, same
 * migrated schema, seeded alike, those tables empty) with COPY, one table after another in
 * one go. Returns the seconds the COPYs took and how many rows they loaded.
 */
export async function timeCopyOfStoredRows(source: DatabaseHandle, target: DatabaseHandle, tables: readonly string[] = IMPORTED_TABLES): Promise<{ seconds: number; rows: number }> {
  const payloads: { table: string; columns: string[]; csv: Buffer; rows: number }[] = [];
  for (const table of tables) {
    const columns = await writableColumns(source, table);
    const csv = await exportCsv(source, table, columns);
    const [count] = await queryRows<{ n: string | number }>(source.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`);
    payloads.push({ table, columns, csv, rows: Number(count.n) });
  }
  const started = performance.now();
  for (const p of payloads) if (p.rows > 0) await importCsv(target, p.table, p.columns, p.csv);
  const seconds = (performance.now() - started) / 1000;
  // Keep the target's sequences past the copied ids, as after a real import.
  for (const p of payloads) {
    if (p.columns.includes('id') && p.rows > 0) {
      await target.db.execute(sql.raw(`SELECT setval(pg_get_serial_sequence('"${p.table}"', 'id'), (SELECT max(id) FROM "${p.table}"))`));
    }
  }
  return { seconds, rows: payloads.reduce((n, p) => n + p.rows, 0) };
}
