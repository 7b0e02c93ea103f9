/**
 * The ways a request names jurisdictions, parsed once for every API, page and watch: a
 * state's postal code (`va`: the state and every place in it) or an OCD jurisdiction id
 * (`ocd-jurisdiction/country:us/state:va/government`: that one jurisdiction), several at
 * once comma-separated (`va,md`) or repeated.
 */
import { z } from 'zod';

/** One jurisdiction reference as given: a two-letter code or an OCD id. */
export const JURISDICTION_REF = /^([A-Za-z]{2}|ocd-jurisdiction\/[\w:/.~-]+)$/;

/** How many references one filter may carry. */
export const MAX_JURISDICTION_REFS = 60;

const JURISDICTION_REF_MESSAGE = 'jurisdiction must be a two-letter state code (va) or an OCD id (ocd-jurisdiction/...), several separated by commas';

/** A reference in its one stored form: state codes lower-case, OCD ids as given. */
export function normalizeJurisdictionRef(ref: string): string {
  const trimmed = ref.trim();
  return /^[A-Za-z]{2}$/.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}

/** True for a state code (`va`), false for an OCD id. */
export function isStateCodeRef(ref: string): boolean {
  return /^[A-Za-z]{2}$/.test(ref);
}

/**
 * Splits comma-separated and repeated values into normalized references, duplicates
 * dropped, order kept. Returns the references and, for each bad one, why.
 */
export function parseJurisdictionRefs(value: string | readonly string[]): { refs: string[]; problems: string[] } {
  const parts = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const refs: string[] = [];
  const problems: string[] = [];
  for (const part of parts) {
    if (!JURISDICTION_REF.test(part)) {
      problems.push(`"${part.slice(0, 80)}" is not a two-letter state code (va) or an OCD id (ocd-jurisdiction/...)`);
      continue;
    }
    const ref = normalizeJurisdictionRef(part);
    if (!refs.includes(ref)) refs.push(ref);
  }
  if (parts.length === 0) problems.push('jurisdiction is empty');
  if (refs.length > MAX_JURISDICTION_REFS) problems.push(`at most ${MAX_JURISDICTION_REFS} jurisdictions`);
  return { refs, problems };
}

/** The state codes and the OCD ids among normalized references (for SQL). */
export function splitJurisdictionRefs(refs: readonly string[]): { stateCodes: string[]; ids: string[] } {
  return {
    stateCodes: refs.filter(isStateCodeRef).map((r) => r.toUpperCase()),
    ids: refs.filter((r) => !isStateCodeRef(r)),
  };
}

/**
 * The zod schema every boundary uses for `jurisdiction=`: text (comma-separated) or a
 * repeated parameter in, normalized references out; each bad reference named.
 */
export const jurisdictionRefsSchema = z
  .union([z.string(), z.array(z.string())], { message: JURISDICTION_REF_MESSAGE })
  .transform((value, ctx) => {
    const { refs, problems } = parseJurisdictionRefs(value);
    for (const message of problems) ctx.addIssue({ code: 'custom', message: `jurisdiction: ${message}` });
    return problems.length ? z.NEVER : refs;
  });
