/**
 * The curated seed: state-level jurisdictions, the counties and school districts the curated
 * facts need, and curated laws (from ../shared/facts/local-actions.md). The data lives in the
 * JSON files beside this module; this module validates it at the boundary so a bad edit fails
 * loudly with the record's key instead of being half-written.
 *
 * Id conventions (OCD style, lower case):
 * - states, DC and PR: exactly as Open States spells them (`.../state:ky/government`,
 *   `.../district:dc/government`, `.../territory:pr/government`).
 * - cities: `ocd-jurisdiction/country:us/state:<st>/place:<name_with_underscores>/government`,
 *   kept in `cities.json` (the city registry, not this module's).
 * - school districts: `ocd-jurisdiction/country:us/state:<st>/school_district:<common name
 *   with underscores>/government`, e.g. `school_district:minneapolis_public_schools`.
 * - consolidated city-counties (Louisville/Jefferson County Metro, Lexington-Fayette Urban
 *   County, the City and County of Denver) have one government, so they are recorded once, as
 *   the municipality (`place:louisville`, `place:lexington`, `place:denver`), and get no county
 *   record: a second id for the same council would split its laws across two map entries.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { STANCES, STRENGTHS } from '../../core/vocabulary.js';

const seedDir = path.dirname(fileURLToPath(import.meta.url));

/** Where the seed files live (tests and the seeder read them from here). */
export const SEED_FILES = {
  states: path.join(seedDir, 'states.json'),
  localJurisdictions: path.join(seedDir, 'local-jurisdictions.json'),
  curatedLaws: path.join(seedDir, 'curated-laws.json'),
} as const;

/** Outcomes a curated law can have (a subset of STATUSES: no vetoes or withdrawals here). */
export const CURATED_OUTCOMES = ['enacted', 'overturned', 'pending', 'failed'] as const;
export type CuratedOutcome = (typeof CURATED_OUTCOMES)[number];

/** What sort of act a curated law is; `statute` is for state laws kept by hand. */
export const CURATED_LAW_KINDS = [
  'ordinance', 'ballot-measure', 'budget', 'contract', 'resolution', 'court-ruling', 'statute',
] as const;
export type CuratedLawKind = (typeof CURATED_LAW_KINDS)[number];

export const VERIFICATIONS = ['VERIFIED', 'PARTIAL'] as const;

export const LEGISLATURE_KINDS = ['bicameral', 'unicameral'] as const;

const OCD_JURISDICTION = /^ocd-jurisdiction\/country:us(\/[a-z_]+:[a-z0-9_~.-]+)*\/government$/;

const isoDate = z.iso.date();

/** An IANA zone name the runtime knows; `Intl` throws RangeError on an unknown zone. */
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone');

const ocdId = z.string().regex(OCD_JURISDICTION, 'not an OCD jurisdiction id');

/** One state, DC or Puerto Rico. */
export const stateSeedSchema = z.strictObject({
  id: ocdId,
  name: z.string().min(1),
  classification: z.literal('state'),
  stateCode: z.string().regex(/^[A-Z]{2}$/),
  fips: z.string().regex(/^\d{2}$/),
  legislature: z.enum(LEGISLATURE_KINDS),
  timezone: timeZone, // of the capital
});
export type StateSeed = z.infer<typeof stateSeedSchema>;

/** A county or school district (cities live in the city registry). */
export const localJurisdictionSeedSchema = z.strictObject({
  id: ocdId,
  name: z.string().min(1),
  classification: z.enum(['county', 'school_district']),
  stateCode: z.string().regex(/^[A-Z]{2}$/),
  parentId: ocdId,
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  timezone: timeZone,
  note: z.string().optional(),
});
export type LocalJurisdictionSeed = z.infer<typeof localJurisdictionSeedSchema>;

/** One dated (or undated, when the sources give no date) step in a curated law's history. */
export const historyEntrySchema = z.strictObject({
  date: isoDate.nullable(),
  description: z.string().min(1),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * A curated law, in the shape of the `curated_laws` columns (camelCase). `identifier` is null
 * when no official number was found: never invented.
 */
export const curatedLawSeedSchema = z
  .strictObject({
    seedKey: z.string().regex(/^L-\d{2}(\/[a-z-]+)?$/, 'seedKey is L-NN or L-NN/<policy-id>'),
    jurisdictionId: ocdId,
    policyId: z.string().regex(/^[a-z]+(-[a-z]+)*$/),
    stance: z.enum(STANCES),
    strength: z.enum(STRENGTHS).nullable(),
    kind: z.enum(CURATED_LAW_KINDS),
    title: z.string().min(1),
    identifier: z.string().min(1).nullable(),
    body: z.string().min(1).nullable(),
    adoptedOn: isoDate.nullable(),
    effectiveOn: isoDate.nullable(),
    voidedOn: isoDate.nullable(),
    outcome: z.enum(CURATED_OUTCOMES),
    summary: z.string().min(1).nullable(),
    history: z.array(historyEntrySchema),
    sourceUrls: z.array(z.url({ protocol: /^https?$/ })).min(1),
    verification: z.enum(VERIFICATIONS),
    note: z.string().nullable(),
  })
  .superRefine((law, ctx) => {
    // A voided date without an overturned outcome (or the reverse) would make the rollup lie.
    if ((law.outcome === 'overturned') !== (law.voidedOn !== null)) {
      ctx.addIssue({ code: 'custom', path: ['voidedOn'], message: 'voidedOn is set exactly when outcome is overturned' });
    }
    if (law.stance === 'supports' && law.outcome === 'enacted' && law.strength === null) {
      ctx.addIssue({ code: 'custom', path: ['strength'], message: 'an enacted supporting law needs a strength' });
    }
    const policy = law.seedKey.split('/')[1];
    if (policy !== undefined && policy !== law.policyId) {
      ctx.addIssue({ code: 'custom', path: ['seedKey'], message: `seedKey suffix ${policy} is not policyId ${law.policyId}` });
    }
  });
export type CuratedLawSeed = z.infer<typeof curatedLawSeedSchema>;

/** Reads a JSON array file and validates each record; throws naming the file and record. */
function loadArray<T>(file: string, schema: z.ZodType<T>, keyOf: (record: T) => string): T[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = z.array(z.unknown()).parse(raw);
  const records: T[] = [];
  const problems: string[] = [];
  parsed.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) records.push(result.data);
    else problems.push(`${path.basename(file)}[${index}]: ${z.prettifyError(result.error)}`);
  });
  const seen = new Set<string>();
  for (const record of records) {
    const key = keyOf(record);
    if (seen.has(key)) problems.push(`${path.basename(file)}: duplicate key ${key}`);
    seen.add(key);
  }
  if (problems.length > 0) throw new Error(`invalid seed data:\n${problems.join('\n')}`);
  return records;
}

/** The 50 states, DC and PR, validated; throws on a bad record or a duplicate id. */
export function loadStates(file: string = SEED_FILES.states): StateSeed[] {
  return loadArray(file, stateSeedSchema, (s) => s.id);
}

/** Counties and school districts named by the curated laws; throws on a bad record. */
export function loadLocalJurisdictions(file: string = SEED_FILES.localJurisdictions): LocalJurisdictionSeed[] {
  return loadArray(file, localJurisdictionSeedSchema, (j) => j.id);
}

/** The curated laws, validated; throws on a bad record or a duplicate seedKey. */
export function loadCuratedSeed(file: string = SEED_FILES.curatedLaws): CuratedLawSeed[] {
  return loadArray(file, curatedLawSeedSchema, (law) => law.seedKey);
}
