import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

/**
 * Set-based writes of many rows in one statement: the rows travel as one JSON parameter and
 * PostgreSQL unpacks them with `json_to_recordset`, typed by the table's own columns. Rows are
 * given as drizzle builds them (camelCase keys of the table), so the batch writer and the
 * one-bill writer share their row builders; a new column is picked up from the schema.
 */

type Row = Record<string, unknown>;

function columnsOf(table: PgTable): Record<string, PgColumn> {
  return getTableColumns(table) as Record<string, PgColumn>;
}

/** The recordset type of a column (serial types are their integer types once stored). */
function recordsetType(column: PgColumn): string {
  const type = column.getSQLType();
  if (type === 'bigserial') return 'bigint';
  if (type === 'serial') return 'integer';
  return type;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The keys a row sets (undefined ones are left to the column default). */
function keysOf(row: Row): string[] {
  return Object.keys(row).filter((k) => row[k] !== undefined);
}

/** Rows grouped by the set of keys they give, in first-seen order (one statement per group). */
function byKeySet(rows: Row[]): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const signature = keysOf(row).join(',');
    const group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, [row]);
  }
  return [...groups.values()];
}

/** `x(col type, ...)` for `json_to_recordset`, with the SQL column names of `keys`. */
function recordset(table: PgTable, keys: string[], extra: Record<string, string> = {}): { names: string[]; definition: string } {
  const columns = columnsOf(table);
  const names: string[] = [];
  const parts: string[] = [];
  for (const key of keys) {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column for ${key}`);
    names.push(column.name);
    parts.push(`${quote(column.name)} ${recordsetType(column)}`);
  }
  for (const [name, type] of Object.entries(extra)) parts.push(`${quote(name)} ${type}`);
  return { names, definition: `x(${parts.join(', ')})` };
}

/** The JSON the rows travel as, keyed by SQL column names. */
function jsonOf(table: PgTable, rows: Row[], keys: string[], extra: (row: Row, index: number) => Row = () => ({})): string {
  const columns = columnsOf(table);
  return JSON.stringify(
    rows.map((row, index) => {
      const out: Row = extra(row, index);
      for (const key of keys) out[columns[key].name] = row[key];
      return out;
    }),
  );
}

/**
 * Inserts the rows in input order, one statement per set of keys given. `returning` names
 * SQL columns to return (in input order). `onConflict` is appended as is (our own SQL).
 */
export async function insertJsonRows<R = Row>(db: Db, table: PgTable, rows: Row[], options: { returning?: string[]; onConflict?: SQL; set?: Record<string, SQL> } = {}): Promise<R[]> {
  const out: R[] = [];
  for (const group of byKeySet(rows)) {
    const keys = keysOf(group[0]);
    const { names, definition } = recordset(table, keys, { ord: 'integer' });
    const setNames = Object.keys(options.set ?? {});
    const target = [...names, ...setNames].map(quote).join(', ');
    const values = [...names.map((n) => `x.${quote(n)}`)].join(', ');
    const setValues = setNames.length ? sql`, ${sql.join(setNames.map((n) => options.set![n]), sql`, `)}` : sql``;
    const returning = options.returning?.length ? sql.raw(` RETURNING ${options.returning.map(quote).join(', ')}`) : sql``;
    const json = jsonOf(table, group, keys, (_row, index) => ({ ord: index }));
    const result = await queryRows<R>(
      db,
      sql`INSERT INTO ${table} (${sql.raw(target)})
          SELECT ${sql.raw(values)}${setValues} FROM json_to_recordset(${json}::json) AS ${sql.raw(definition)} ORDER BY x.ord
          ${options.onConflict ?? sql``}${returning}`,
    );
    out.push(...result);
  }
  return out;
}

/**
 * Updates rows matched on `key` (a camelCase key of the table, e.g. `id`) with the other
 * keys each row gives; `set` adds SQL assignments (e.g. `updated_at = now()`).
 */
export async function updateJsonRows(db: Db, table: PgTable, rows: Row[], key: string, set: Record<string, SQL> = {}): Promise<void> {
  const keyColumn = columnsOf(table)[key].name;
  for (const group of byKeySet(rows)) {
    const keys = keysOf(group[0]);
    const { names, definition } = recordset(table, keys);
    const assignments = [
      ...names.filter((n) => n !== keyColumn).map((n) => sql.raw(`${quote(n)} = x.${quote(n)}`)),
      ...Object.entries(set).map(([n, value]) => sql`${sql.raw(quote(n))} = ${value}`),
    ];
    await db.execute(
      sql`UPDATE ${table} AS t SET ${sql.join(assignments, sql`, `)}
          FROM json_to_recordset(${jsonOf(table, group, keys)}::json) AS ${sql.raw(definition)}
          WHERE t.${sql.raw(quote(keyColumn))} = x.${sql.raw(quote(keyColumn))}`,
    );
  }
}
