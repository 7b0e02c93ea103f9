import { z } from 'zod';
import type { components } from './openstates-v3.js';

/*
 * What the OpenAPI document cannot say about Open States v3 payloads, as zod schemas.
 * The API serialises with `response_model_exclude_none=True`, so a null field is OMITTED,
 * not sent as null; include-able arrays are absent unless requested; dates are "fuzzy"
 * strings; some computed fields come back as "" (latest_passage_date); and child row ids
 * (actions, sponsorships, versions) are re-created on every import, so they are never
 * used as identities. Source: ../shared/reference/openstates-v3-bill.schema.json.
 */

/** The generated (OpenAPI) bill type, for readers comparing the two. */
export type OpenStatesApiBill = components['schemas']['Bill'];

/** `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a timestamp (actions only): Open States' fuzzy dates. */
export const FUZZY_DATE_PATTERN = /^\d{4}((-\d{2}){0,2}|(-\d{2}){2}[T ]\d{2}(:\d{2}){0,2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?)$/;

export const fuzzyDateSchema = z.string().regex(FUZZY_DATE_PATTERN, 'expected a date as YYYY, YYYY-MM, YYYY-MM-DD or a timestamp');
/** Computed dates and version dates may also be "" (latest_passage_date when nothing passed). */
export const fuzzyDateOrEmptySchema = z.union([fuzzyDateSchema, z.literal('')]);

/**
 * The full `YYYY-MM-DD` day of a fuzzy date (timestamps are cut to their first 10
 * characters, which is how Open States compares them), or null for "", a bare year or a
 * year-month: a partial date has no day, and inventing one would mislead the timeline.
 */
export function dayOfFuzzyDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const day = value.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
}

/** True when a fuzzy date is present but has no day (`2021`, `2021-06`). */
export function isPartialFuzzyDate(value: string | null | undefined): boolean {
  return !!value && dayOfFuzzyDate(value) === null;
}

export const openStatesOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  classification: z.string(),
});
export type OpenStatesOrganization = z.infer<typeof openStatesOrganizationSchema>;

export const openStatesCompactPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  party: z.string().optional(),
  current_role: z
    .object({
      title: z.string().optional(),
      org_classification: z.string().optional(),
      district: z.union([z.string(), z.number()]).optional(),
      division_id: z.string().optional(),
    })
    .optional(),
});

export const openStatesActionSchema = z.object({
  /** Unstable: all of a bill's actions are deleted and re-created when any action changes. */
  id: z.string().optional(),
  organization: openStatesOrganizationSchema.optional(),
  description: z.string(),
  date: fuzzyDateSchema,
  classification: z.array(z.string()).default([]),
  order: z.number().int(),
  related_entities: z.array(z.object({ name: z.string(), entity_type: z.string() }).loose()).optional(),
});
export type OpenStatesAction = z.infer<typeof openStatesActionSchema>;

export const openStatesSponsorshipSchema = z.object({
  /** Unstable row uuid. */
  id: z.string().optional(),
  name: z.string(),
  entity_type: z.string().optional(),
  organization: openStatesOrganizationSchema.optional(),
  /** Omitted when Open States could not match the printed name to a person. */
  person: openStatesCompactPersonSchema.optional(),
  primary: z.boolean().default(false),
  classification: z.string().optional(),
});
export type OpenStatesSponsorship = z.infer<typeof openStatesSponsorshipSchema>;

export const openStatesDocumentSchema = z.object({
  /** Unstable row uuid. */
  id: z.string().optional(),
  note: z.string().default(''),
  date: fuzzyDateOrEmptySchema.optional(),
  /** In the live OpenAPI document, absent from older api-v3 code: may be omitted or "". */
  classification: z.string().optional(),
  links: z.array(z.object({ url: z.string(), media_type: z.string().optional() })).default([]),
});
export type OpenStatesDocument = z.infer<typeof openStatesDocumentSchema>;

/**
 * A roll-call vote (`include=votes`). Lenient where real votes vary: a vote without motion
 * text, date or members still carries its tally; an unmatched voter has no `voter`.
 */
export const openStatesVoteSchema = z.object({
  id: z.string().optional(),
  identifier: z.string().optional(),
  motion_text: z.string().default(''),
  motion_classification: z.array(z.string()).default([]),
  start_date: z.string().default(''),
  result: z.string().default(''),
  organization: openStatesOrganizationSchema.optional(),
  votes: z.array(z.object({ option: z.string(), voter_name: z.string().default(''), voter: z.object({ id: z.string() }).loose().optional() }).loose()).default([]),
  counts: z.array(z.object({ option: z.string(), value: z.number() })).default([]),
  sources: z.array(z.object({ url: z.string(), note: z.string().optional() })).optional(),
});
export type OpenStatesVote = z.infer<typeof openStatesVoteSchema>;

export const openStatesBillSchema = z.object({
  id: z.string().regex(/^ocd-bill\//, 'expected an ocd-bill/ id'),
  session: z.string().min(1),
  jurisdiction: z.object({ id: z.string().regex(/^ocd-jurisdiction\//), name: z.string(), classification: z.string() }),
  from_organization: openStatesOrganizationSchema,
  identifier: z.string().min(1),
  title: z.string(),
  classification: z.array(z.string()).default([]),
  subject: z.array(z.string()).default([]),
  extras: z.record(z.string(), z.unknown()).default({}),
  created_at: z.string(),
  updated_at: z.string(),
  openstates_url: z.string().optional(),
  first_action_date: fuzzyDateOrEmptySchema.optional(),
  latest_action_date: fuzzyDateOrEmptySchema.optional(),
  latest_action_description: z.string().optional(),
  latest_passage_date: fuzzyDateOrEmptySchema.optional(),
  related_bills: z
    .array(z.object({ identifier: z.string(), legislative_session: z.string(), relation_type: z.string() }))
    .optional(),
  abstracts: z.array(z.object({ abstract: z.string(), note: z.string().default('') })).optional(),
  other_titles: z.array(z.object({ title: z.string(), note: z.string().default('') })).optional(),
  other_identifiers: z.array(z.object({ identifier: z.string() })).optional(),
  sponsorships: z.array(openStatesSponsorshipSchema).optional(),
  actions: z.array(openStatesActionSchema).optional(),
  sources: z.array(z.object({ url: z.string(), note: z.string().optional() })).optional(),
  versions: z.array(openStatesDocumentSchema).optional(),
  documents: z.array(openStatesDocumentSchema).optional(),
  votes: z.array(openStatesVoteSchema).optional(),
});
export type OpenStatesBill = z.infer<typeof openStatesBillSchema>;

export const openStatesPaginationSchema = z.object({
  per_page: z.number().int(),
  page: z.number().int(),
  max_page: z.number().int(),
  total_items: z.number().int(),
});
export type OpenStatesPagination = z.infer<typeof openStatesPaginationSchema>;

/** A list page as it arrives; results are checked one by one so one bad bill does not sink 19 good ones. */
export const openStatesListPageSchema = z.object({
  results: z.array(z.unknown()),
  pagination: openStatesPaginationSchema,
});

/**
 * A session's bulk export as `include=legislative_sessions` lists it (API v3 `DataExport`;
 * only `data_type: "csv"` is ever returned). The URL changes every time Open States
 * regenerates the zip; `updated_at` is when it last did.
 */
export const openStatesDownloadSchema = z.object({
  created_at: z.string(),
  updated_at: z.string(),
  data_type: z.string(),
  url: z.string(),
});
export type OpenStatesDownload = z.infer<typeof openStatesDownloadSchema>;

export const openStatesSessionSchema = z.object({
  identifier: z.string().min(1),
  name: z.string(),
  classification: z.string().default('primary'),
  start_date: z.string().default(''),
  end_date: z.string().default(''),
  /** Present with `include=legislative_sessions`; `[]` when the session has no export. */
  downloads: z.array(openStatesDownloadSchema.loose()).optional(),
});
export type OpenStatesSession = z.infer<typeof openStatesSessionSchema>;

export const openStatesJurisdictionSchema = z.object({
  id: z.string().regex(/^ocd-jurisdiction\//),
  name: z.string(),
  classification: z.string(),
  /** When Open States last imported bills here; the planner starts its first watermark from it. */
  latest_bill_update: z.string().optional(),
  legislative_sessions: z.array(openStatesSessionSchema).optional(),
});
export type OpenStatesJurisdiction = z.infer<typeof openStatesJurisdictionSchema>;

/** FastAPI error bodies: `{detail: "..."}` or `{detail: [{loc, msg, type}]}` for 422. */
export const openStatesErrorBodySchema = z.object({
  detail: z.union([z.string(), z.array(z.object({ msg: z.string() }).loose())]),
});

/**
 * Compares two Open States `updated_at` timestamps to the microsecond (Date keeps only
 * milliseconds, and bills imported in one run can differ by less). Returns <0, 0 or >0.
 */
export function compareTimestamps(a: string, b: string): number {
  const diff = timestampMicros(a) - timestampMicros(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

function timestampMicros(value: string): bigint {
  const match = /^(.*?:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match) {
    const ms = Date.parse(value);
    return BigInt(Number.isNaN(ms) ? 0 : ms) * 1000n;
  }
  const [, base, fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${base}${zone}`);
  const micros = BigInt((fraction + '000000').slice(0, 6));
  return BigInt(Number.isNaN(ms) ? 0 : ms) * 1000n + micros;
}
