/**
 * Bill identifiers written the way Open States writes them (its `fix_bill_id`): upper-case,
 * no periods, one space between the letter prefix and the number, leading zeros dropped.
 * Two sources naming the same bill must produce the same identifier, or the upsert sees two bills.
 */
const PREFIXED_NUMBER = /^([A-Z]+)\s*0*(\d+)$/;

/**
 * Returns the normalized identifier: `HB1` → `HB 1`, `sj  12` → `SJ 12`, `S 0494` → `S 494`,
 * `H.B. 21` → `HB 21`, `hb 0` → `HB 0`. Anything that is not letters followed by a number
 * (a council file number such as `R2012-1118`, `O2020-1234`) is returned upper-cased with its
 * whitespace collapsed and otherwise untouched. Throws a TypeError on empty input.
 */
export function normalizeBillIdentifier(raw: string): string {
  const cleaned = raw.replace(/\./g, '').replace(/[\s\u00a0]+/g, ' ').trim().toUpperCase();
  if (cleaned === '') throw new TypeError('bill identifier is empty');
  const match = PREFIXED_NUMBER.exec(cleaned);
  return match ? `${match[1]} ${match[2]}` : cleaned;
}
