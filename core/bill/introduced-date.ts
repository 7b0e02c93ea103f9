/**
 * When a bill was introduced, from what the record itself shows: the earlier of its first
 * dated action and its first dated text version. A source's own "introduced" field is
 * sometimes the date of a later filing (or of the file's export), so it is used only when
 * neither is known, and the answer says which it is.
 */

export type IntroducedBasis = 'first action' | 'first version' | 'source';

export type IntroducedDate = { date: string; basis: IntroducedBasis } | null;

/** The earliest YYYY-MM-DD among the values (date-times are cut to their day); null when none. */
function earliest(values: readonly (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const v of values) {
    const day = v ? /^\d{4}-\d{2}-\d{2}/.exec(v)?.[0] : undefined;
    if (day && (best === null || day < best)) best = day;
  }
  return best;
}

/** The introduced date and where it comes from; null when nothing is dated. */
export function introducedDate(bill: {
  actions: readonly { date: string | null }[];
  versions: readonly { date: string | null }[];
  introduced_on?: string | null;
}): IntroducedDate {
  const action = earliest(bill.actions.map((a) => a.date));
  const version = earliest(bill.versions.map((v) => v.date));
  if (action && (!version || action <= version)) return { date: action, basis: 'first action' };
  if (version) return { date: version, basis: 'first version' };
  const stored = earliest([bill.introduced_on]);
  return stored ? { date: stored, basis: 'source' } : null;
}
