/**
 * Readable, shareable URLs: `/va` for a state, `/ky/louisville` for a place in it, and
 * `/bills/va/2025/HB1234` (or `/bills/ky/louisville/2020/O-123`) for a bill. They are made
 * from the OCD id, the session and the identifier, so they never change while the bill's
 * natural key does not; the numeric `/bills/<id>` form redirects to them.
 */

const US_STATE = /^ocd-jurisdiction\/country:us\/state:([a-z]{2})\/government$/;
const US_PLACE = /^ocd-jurisdiction\/country:us\/state:([a-z]{2})\/([a-z_]+):([\w~.-]+)\/government$/;

/** A jurisdiction's path parts: `['va']` or `['ky', 'louisville']`; null for ids of another shape. */
export function jurisdictionSlugs(ocdId: string): [string] | [string, string] | null {
  const state = US_STATE.exec(ocdId);
  if (state) return [state[1]];
  const place = US_PLACE.exec(ocdId);
  if (place) return [place[1], place[3]];
  return null;
}

/** `/va`, `/ky/louisville`; null when the id has no short form. */
export function jurisdictionPublicPath(ocdId: string): string | null {
  const slugs = jurisdictionSlugs(ocdId);
  return slugs ? `/${slugs.map(encodeURIComponent).join('/')}` : null;
}

/** The identifier as it stands in a URL: spaces dropped (`HB 1234` → `HB1234`). */
export function compactIdentifier(identifier: string): string {
  return identifier.replace(/\s+/g, '');
}

/** `/bills/va/2025/HB1234`; null when the jurisdiction has no short form. */
export function billPublicPath(bill: { jurisdictionId: string; session: string; identifier: string }): string | null {
  const slugs = jurisdictionSlugs(bill.jurisdictionId);
  if (!slugs) return null;
  return `/bills/${[...slugs, bill.session, compactIdentifier(bill.identifier)].map(encodeURIComponent).join('/')}`;
}

/** What a short jurisdiction path names: a state code and, for a place, the last OCD value. */
export type JurisdictionSlugRef = { state: string; place: string | null };

/** The OCD id of a state's short path. */
export function stateOcdId(state: string): string {
  return `ocd-jurisdiction/country:us/state:${state.toLowerCase()}/government`;
}

/** True when `slug` is a value an OCD place segment can have. */
export function isPlaceSlug(slug: string): boolean {
  return /^[\w~.-]{1,120}$/.test(slug);
}

/** The jurisdictions themselves that references name (a state code names the state; duplicates dropped, order kept). */
export function jurisdictionIdsOfRefs(refs: readonly string[]): string[] {
  return [...new Set(refs.map((r) => (/^[a-z]{2}$/i.test(r) ? stateOcdId(r) : r)))];
}
