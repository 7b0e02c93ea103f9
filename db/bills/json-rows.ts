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

export type Row = Record<string, unknown>;

export function columnsOf(table: PgTable): Record<string, PgColumn> {
  return getTableColumns(table) as Record<string, PgColumn>;
}

/** The recordset type of a column (serial types are their integer types once stored). */
function recordsetType(column: PgColumn): string {
  const type = column.getSQLType();
  if (type === 'bigserial') return 'bigint';
  if (type === 'serial') return 'integer';
  return type;
}

/** An SQL identifier, quoted. */
export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The keys a row sets (undefined ones are left to the column default). */
export function keysOf(row: Row): string[] {
  const keys: string[] = [];
  for (const key in row) if (row[key] !== undefined) keys.push(key);
  return keys;
}

/** Whether the row gives exactly `keys` (in that order, the order its builder wrote them). */
function givesKeys(row: Row, keys: string[]): boolean {
  let k = 0;
  for (const key in row) {
    if (row[key] === undefined) continue;
    if (keys[k] !== key) return false;
    k += 1;
  }
  return k === keys.length;
}

/** Rows grouped by the set of keys they give, in first-seen order (one statement per group). */
export function byKeySet(rows: Row[]): Row[][] {
  const groups = new Map<string, Row[]>();
  // Rows from one builder nearly always give the same keys: compare with the last row's first.
  let last: { keys: string[]; group: Row[] } | null = null;
  for (const row of rows) {
    if (last && givesKeys(row, last.keys)) {
      last.group.push(row);
      continue;
    }
    const keys = keysOf(row);
    const signature = keys.join(',');
    let group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, (group = [row]));
    last = { keys, group };
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

/** The JSON the rows travel as, keyed by SQL column names (with `ord`, each row's position, when asked). */
function jsonOf(table: PgTable, rows: Row[], keys: string[], withOrd = false): string {
  const columns = columnsOf(table);
  const names = keys.map((key) => columns[key].name);
  return JSON.stringify(
    rows.map((row, index) => {
      const out: Row = withOrd ? { ord: index } : {};
      for (let k = 0; k < keys.length; k++) out[names[k]] = row[keys[k]];
      return out;
    }),
  );
}

type InsertOptions = { returning?: string[]; onConflict?: SQL; set?: Record<string, SQL> };

/**
 * The INSERT statements of the rows, in input order, one per set of keys given. `returning`
 * names SQL columns to return (in input order). `onConflict` is appended as is (our own SQL).
 */
export function insertJsonRowsSql(table: PgTable, rows: Row[], options: InsertOptions = {}): SQL[] {
  return byKeySet(rows).map((group) => {
    const keys = keysOf(group[0]);
    const { names, definition } = recordset(table, keys, { ord: 'integer' });
    const setNames = Object.keys(options.set ?? {});
    const target = [...names, ...setNames].map(quote).join(', ');
    const values = [...names.map((n) => `x.${quote(n)}`)].join(', ');
    const setValues = setNames.length ? sql`, ${sql.join(setNames.map((n) => options.set![n]), sql`, `)}` : sql``;
    const returning = options.returning?.length ? sql.raw(` RETURNING ${options.returning.map(quote).join(', ')}`) : sql``;
    const json = jsonOf(table, group, keys, true);
    return sql`INSERT INTO ${table} (${sql.raw(target)})
          SELECT ${sql.raw(values)}${setValues} FROM json_to_recordset(${json}::json) AS ${sql.raw(definition)} ORDER BY x.ord
          ${options.onConflict ?? sql``}${returning}`;
  });
}

/** Inserts the rows in input order (see `insertJsonRowsSql`); returns the `returning` columns. */
export async function insertJsonRows<R = Row>(db: Db, table: PgTable, rows: Row[], options: InsertOptions = {}): Promise<R[]> {
  const out: R[] = [];
  for (const statement of insertJsonRowsSql(table, rows, options)) out.push(...(await queryRows<R>(db, statement)));
  return out;
}

/**
 * The UPDATE statements of rows matched on `key` (a camelCase key of the table, e.g. `id`)
 * with the other keys each row gives; `set` adds SQL assignments (e.g. `updated_at = now()`).
 */
export function updateJsonRowsSql(table: PgTable, rows: Row[], key: string, set: Record<string, SQL> = {}): SQL[] {
  const keyColumn = columnsOf(table)[key].name;
  return byKeySet(rows).map((group) => {
    const keys = keysOf(group[0]);
    const { names, definition } = recordset(table, keys);
    const assignments = [
      ...names.filter((n) => n !== keyColumn).map((n) => sql.raw(`${quote(n)} = x.${quote(n)}`)),
      ...Object.entries(set).map(([n, value]) => sql`${sql.raw(quote(n))} = ${value}`),
    ];
    return sql`UPDATE ${table} AS t SET ${sql.join(assignments, sql`, `)}
          FROM json_to_recordset(${jsonOf(table, group, keys)}::json) AS ${sql.raw(definition)}
          WHERE t.${sql.raw(quote(keyColumn))} = x.${sql.raw(quote(keyColumn))}`;
  });
}
