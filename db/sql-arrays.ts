/**
 * Lists bound as ONE query parameter: drizzle spreads a JS array into one parameter per
 * element (`($1, $2, ...)`), which costs a bind parameter each and cannot be cast to an
 * array. These give PostgreSQL array literals to cast: `${textArray(xs)}::text[]`.
 */

const QUOTED = /[\\"]/;
const QUOTES = /[\\"]/g;

/** A `text[]` literal of the values (each quoted, so commas, quotes and braces are safe). */
export function textArray(values: readonly string[]): string {
  // Most values need no escaping: test before replacing (a lookup of 20,000 keys builds two).
  return `{${values.map((v) => `"${QUOTED.test(v) ? v.replace(QUOTES, (c) => `\\${c}`) : v}"`).join(',')}}`;
}

/** A `bigint[]` literal of whole numbers. */
export function idArray(ids: Iterable<number>): string {
  const out: string[] = [];
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) throw new Error(`not an id: ${id}`);
    out.push(String(id));
  }
  return `{${out.join(',')}}`;
}
