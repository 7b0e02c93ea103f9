/**
 * Austin numbers what its council and boards adopt by the meeting day and the item:
 * `20230816-008` (ordinance 8 of the 16 August 2023 meeting; boards' recommendations the same,
 * "Recommendation - 20141209-003"). This finds every such number in a text, in order, once.
 */
export function austinEnactmentNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\b((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))-(\d{3,4})\b/g)) found.add(`${match[1]}-${match[2]}`);
  return [...found];
}

/** The meeting day (`YYYY-MM-DD`) an Austin enactment number names. */
export function austinEnactmentDate(number: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})-\d{3,4}$/.exec(number);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}
