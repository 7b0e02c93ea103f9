import pg from 'pg';
import { getTableName, type Table } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';
import { textArray } from '../sql-arrays.js';
import { byKeySet, columnsOf, keysOf, quote, type Row } from './json-rows.js';

/**
 * Rows loaded with COPY: PostgreSQL stores a COPY's rows in bulk (many to a page, one log
 * record a page), where INSERT ... SELECT stores them one by one. On the import's own rows
 * it took 40–60% of the time of the same rows sent as JSON (actions: 392–830 ms against
 * 1,166–1,643 ms for 160,000 rows; bill classifications 122 against 323 ms). Rows are given
 * as drizzle builds them (camelCase keys of the table), so the same row builders feed both
 * this and the JSON statements of the one-bill writer.
 */

/** One COPY: a table, the SQL columns given, and the rows in COPY's text format. */
export type CopyPayload = { table: PgTable; columns: string[]; data: Buffer; rows: number };

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as COPY's text format reads it: backslash, tab, newline and return escaped. */
function escapeText(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c]) : value;
}

type Encoder = (value: unknown) => string;

/** A value as an error message shows it: short, whatever its size (scraped text can run long). */
const shown = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 80);

/** How a column's values are written: by the column's SQL type, as the JSON path would store them. */
function encoderFor(table: PgTable, column: PgColumn): Encoder {
  const type = column.getSQLType();
  const where = `${getTableName(table as Table)}.${column.name}`;
  if (type.endsWith('[]')) {
    return (value) => {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${where}: expected a list of strings, got ${shown(value)}`);
      return escapeText(textArray(value as string[]));
    };
  }
  if (type === 'jsonb' || type === 'json') return (value) => escapeText(JSON.stringify(value));
  return (value) => {
    switch (typeof value) {
      case 'string':
        return escapeText(value);
      case 'number':
        // As JSON has them: a number that is not finite is null.
        return Number.isFinite(value) ? String(value) : '\\N';
      case 'bigint':
        return String(value);
      case 'boolean':
        return value ? 't' : 'f';
      default:
        if (value instanceof Date) return value.toISOString();
        throw new Error(`${where}: cannot store ${shown(value)}`);
    }
  };
}

/**
 * The COPY payloads of the rows, in input order: one per set of keys the rows give (a key
 * left undefined is left to the column's default, as the JSON statements do). Throws, naming
 * the column, on a value the column cannot take.
 */
export function copyPayloads(table: PgTable, rows: Row[]): CopyPayload[] {
  const columns = columnsOf(table);
  return byKeySet(rows).map((group) => {
    const keys = keysOf(group[0]);
    const encoders = keys.map((key) => {
      const column = columns[key];
      if (!column) throw new Error(`${getTableName(table as Table)} has no column for ${key}`);
      return encoderFor(table, column);
    });
    let text = '';
    for (const row of group) {
      for (let k = 0; k < keys.length; k++) {
        const value = row[keys[k]];
        if (k > 0) text += '\t';
        text += value === null ? '\\N' : encoders[k](value);
      }
      text += '\n';
    }
    return { table, columns: keys.map((key) => columns[key].name), data: Buffer.from(text), rows: group.length };
  });
}

/** What COPY is sent through: node-postgres' client of the transaction, or PGlite's. */
type CopyClient = { kind: 'postgres'; client: pg.ClientBase } | { kind: 'pglite'; client: { query: (sql: string, params: unknown[], options: { blob: Blob }) => Promise<unknown> } };

/**
 * The driver's client under a drizzle database or transaction. COPY is not part of drizzle's
 * API, so this reaches for the session's client; a drizzle upgrade that moves it fails here,
 * loudly, in every test that imports a batch.
 */
function copyClientOf(db: Db): CopyClient {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Pool) throw new Error('COPY needs one connection: call it inside a transaction');
  if (client instanceof pg.Client) return { kind: 'postgres', client };
  if (client && typeof (client as { query?: unknown }).query === 'function') {
    return { kind: 'pglite', client: client as Extract<CopyClient, { kind: 'pglite' }>['client'] };
  }
  throw new Error('COPY: the database client is neither node-postgres nor PGlite');
}

/** `COPY "table" ("col", ...) FROM <from>`: names only, our own; the rows travel as data. */
function copyStatement(payload: CopyPayload, from: string): string {
  return `COPY ${quote(getTableName(payload.table as Table))} (${payload.columns.map(quote).join(', ')}) FROM ${from}`;
}

/** The few calls of node-postgres' connection a query object makes (see pg's Submittable). */
type PgConnection = { query: (text: string) => void; sendCopyFromChunk: (chunk: Buffer) => void; endCopyFrom: () => void };

/**
 * Several COPYs as ONE exchange with the server: one query of `COPY ... FROM STDIN`
 * statements, and every statement's rows sent right behind it without waiting for the
 * server's go-ahead. The server reads each statement's rows in turn; after an error it
 * skips the rows still coming (the protocol says so), and the transaction fails as a whole.
 * Sent one by one, each COPY would wait twice for an answer, and every answer for the event
 * loop, which is busy preparing the next batch.
 */
class CopyAll {
  private settled = false;
  constructor(private readonly text: string, private readonly data: Buffer[], private readonly done: (error?: Error) => void) {}
  submit(connection: PgConnection): void {
    connection.query(this.text);
    for (const chunk of this.data) {
      if (chunk.length) connection.sendCopyFromChunk(chunk);
      connection.endCopyFrom();
    }
  }
  /** node-postgres replaces it with its timeout hook when `query_timeout` is set. */
  callback(): void {}
  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleError(error: Error): void {
    this.settle(error);
  }
  handleReadyForQuery(): void {
    this.settle();
  }
  private settle(error?: Error) {
    if (this.settled) return;
    this.settled = true;
    this.callback();
    this.done(error);
  }
}

/**
 * Loads the payloads with COPY, in order (parents first: each COPY checks foreign keys at its
 * end), in the transaction `db` is (call it inside one). On PostgreSQL they travel as one
 * exchange (`CopyAll`); PGlite, in this process, takes them one by one through `/dev/blob`.
 */
export async function copyRows(db: Db, payloads: CopyPayload[]): Promise<void> {
  // Every payload holds rows (`copyPayloads` makes one per group of rows).
  if (payloads.length === 0) return;
  const copy = copyClientOf(db);
  if (copy.kind === 'postgres') {
    const text = payloads.map((p) => copyStatement(p, 'STDIN')).join(';\n');
    await new Promise<void>((resolve, reject) => {
      copy.client.query(new CopyAll(text, payloads.map((p) => p.data), (error) => (error ? reject(error) : resolve())) as unknown as pg.QueryConfig);
    });
    return;
  }
  for (const p of payloads) await copy.client.query(copyStatement(p, `'/dev/blob'`), [], { blob: new Blob([new Uint8Array(p.data)]) });
}
