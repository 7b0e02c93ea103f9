import { sql } from 'drizzle-orm';
import { check, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A CHECK constraint binding a column to a vocabulary of core/vocabulary.ts, so a value
 * outside it cannot be stored whatever code writes it (NULL stays allowed where the column
 * is nullable). The values are our own constants, never user input.
 */
export function oneOf(name: string, column: AnyPgColumn, values: readonly string[]) {
  if (values.some((v) => !/^[A-Za-z0-9_ -]+$/.test(v))) throw new Error(`vocabulary ${name} has a value unfit for a constraint`);
  return check(name, sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`);
}
