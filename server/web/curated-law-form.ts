/**
 * The curated-law form as posted by a browser (all text) → the repository's columns, or
 * the errors per field to show beside the inputs.
 */
import { z } from 'zod';
import { isCalendarDay } from '../../core/dates.js';
import type { CuratedLawInput } from '../../db/queries/curated-laws-repository.js';
import { STANCES } from '../../core/vocabulary.js';
import { type CuratedLawFormErrors, type CuratedLawFormValues } from '../../web/pages/staff-laws-page.js';
import { CURATED_LAW_KINDS, CURATED_LAW_OUTCOMES, STRENGTHS, VERIFICATIONS } from '../../core/vocabulary.js';

const FIELDS: (keyof CuratedLawFormValues)[] = [
  'jurisdiction_id', 'policy_id', 'stance', 'strength', 'kind', 'title', 'identifier', 'body', 'adopted_on', 'effective_on', 'voided_on', 'outcome',
  'summary', 'source_urls', 'verification', 'note',
];

const day = z.union([z.literal(''), z.string().refine(isCalendarDay, 'use a real calendar day as YYYY-MM-DD, e.g. 2025-02-28')]);
const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

const formSchema = z.object({
  jurisdiction_id: z.string().regex(/^ocd-jurisdiction\//, 'choose a jurisdiction'),
  policy_id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'choose a policy'),
  stance: z.enum(STANCES, { message: 'choose a stance' }),
  strength: z.union([z.literal(''), z.enum(STRENGTHS)], { message: 'choose full, partial or not set' }),
  kind: z.enum(CURATED_LAW_KINDS, { message: 'choose a kind' }),
  title: z.string().trim().min(1, 'a title is required').max(2000, 'at most 2000 characters'),
  identifier: optionalText(200),
  body: optionalText(500),
  adopted_on: day,
  effective_on: day,
  voided_on: day,
  outcome: z.enum(CURATED_LAW_OUTCOMES, { message: 'choose an outcome' }),
  summary: optionalText(5000),
  source_urls: z
    .string()
    .transform((text) => text.split(/\s+/).map((u) => u.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.url({ protocol: /^https?$/, message: 'each source must be an http(s) URL' }))
        .min(1, 'at least one official source URL')
        .max(20, 'at most 20 URLs'),
    ),
  verification: z.union([z.literal(''), z.enum(VERIFICATIONS)], { message: 'choose a verification' }),
  note: optionalText(5000),
});

/** The posted fields as text (missing ones empty, repeated ones refused as empty). */
export function formValuesFromBody(body: unknown): CuratedLawFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(FIELDS.map((f) => [f, typeof b[f] === 'string' ? (b[f] as string) : ''])) as CuratedLawFormValues;
}

/** Validates the form; on success, the columns to write (empty text becomes null). */
export function parseCuratedLawForm(values: CuratedLawFormValues): { ok: true; input: CuratedLawInput } | { ok: false; errors: CuratedLawFormErrors } {
  const parsed = formSchema.safeParse(values);
  if (!parsed.success) {
    const errors: CuratedLawFormErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'title') as keyof CuratedLawFormValues;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  const orNull = <T extends string>(text: T | '') => (text === '' ? null : text);
  return {
    ok: true,
    input: {
      jurisdictionId: v.jurisdiction_id, policyId: v.policy_id, stance: v.stance, strength: orNull(v.strength), kind: v.kind, title: v.title,
      identifier: orNull(v.identifier), body: orNull(v.body), adoptedOn: orNull(v.adopted_on), effectiveOn: orNull(v.effective_on), voidedOn: orNull(v.voided_on),
      outcome: v.outcome, summary: orNull(v.summary), sourceUrls: v.source_urls, verification: orNull(v.verification), note: orNull(v.note),
    },
  };
}
