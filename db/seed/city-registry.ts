import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isTimeZone } from '../../core/dates.js';
import { citySourceSchema, type CitySource } from '../../core/sources/city-source-settings.js';

/**
 * The city registry (`db/seed/cities.json`): which councils we know, where they are, and which
 * system publishes their legislation. Adding a Legistar city is a data change, not code.
 */

/** Systems councils publish legislation on. `unknown` until someone checks. */
export const CITY_PLATFORMS = ['legistar', 'onbase', 'novusagenda', 'granicus', 'own-site', 'unknown'] as const;
export const CITY_COVERAGE = ['scraped', 'not_scraped'] as const;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const cityTermSchema = z.object({ identifier: z.string().min(1), startDate: isoDay, endDate: isoDay });

export const cityEntrySchema = z
  .object({
    id: z.string().regex(/^ocd-jurisdiction\/country:us\/state:[a-z]{2}\/place:[a-z0-9_~-]+\/government$/, 'expected ocd-jurisdiction/country:us/state:xx/place:name/government'),
    name: z.string().min(1),
    stateCode: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter upper-case state code'),
    latitude: z.number().min(18).max(72),
    longitude: z.number().min(-180).max(-60),
    timezone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
    platform: z.enum(CITY_PLATFORMS),
    /** The Legistar Web API client code; null when not on Legistar or not documented. */
    client: z.string().regex(/^[a-z0-9]+$/).nullable(),
    /** The public site (InSite for Legistar) the sourceUrl of a bill points into. */
    insiteUrl: z.string().url().nullable(),
    /** true: the API refuses us without a token; false: known open; null: not known. */
    tokenRequired: z.boolean().nullable(),
    coverage: z.enum(CITY_COVERAGE),
    terms: z.array(cityTermSchema).optional(),
    /** One of the seven cities the tracker was founded for (Louisville, Killeen, Philadelphia, Phoenix, San Diego, Houston, Austin). */
    seedCity: z.boolean().default(false),
    /** The sources that read a city not on the Legistar Web API (OnBase, NovusAGENDA, Austin's pages), with their settings. */
    sources: z.array(citySourceSchema).default([]),
    note: z.string().nullable(),
    /** Where the platform and client facts come from. */
    source: z.string().nullable(),
  })
  .refine((c) => c.coverage !== 'scraped' || (c.platform === 'legistar' && c.client !== null) || c.sources.length > 0, {
    message: 'only a Legistar city with a documented client, or a city with sources, can be scraped',
    path: ['coverage'],
  })
  .refine((c) => c.sources.every((s) => s.kind !== 'onbase' || c.platform === 'onbase') && c.sources.every((s) => s.kind !== 'novusagenda' || c.platform === 'novusagenda'), {
    message: 'a source must read the platform the city is registered on',
    path: ['sources'],
  });
export type CityEntry = z.infer<typeof cityEntrySchema>;

export const cityRegistrySchema = z.array(cityEntrySchema).superRefine((cities, ctx) => {
  const seen = new Set<string>();
  for (const [i, city] of cities.entries()) {
    if (seen.has(city.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${city.id}`, path: [i, 'id'] });
    seen.add(city.id);
  }
});

/** Where the registry ships. */
export const CITY_REGISTRY_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'cities.json');

/**
 * Reads and validates the city registry. Throws an Error listing every problem with the
 * entry index and field, so a bad edit fails at start-up.
 */
export function loadCityRegistry(file: string = CITY_REGISTRY_PATH): CityEntry[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = cityRegistrySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new Error(`invalid city registry ${file}:\n${problems}`);
}

/** The source id of a registry city's non-Legistar source: `onbase:san_diego`, `novusagenda:houston`. */
export function citySourceId(city: Pick<CityEntry, 'id'>, kind: string): string {
  const place = /\/place:([^/]+)\//.exec(city.id)?.[1] ?? city.id;
  return `${kind}:${place}`;
}

/** Every non-Legistar source of the scraped cities, with the city it reads. */
export function registryCitySources(cities: CityEntry[]): { id: string; city: CityEntry; source: CitySource }[] {
  return cities.filter((c) => c.coverage === 'scraped').flatMap((city) => city.sources.map((source) => ({ id: citySourceId(city, source.kind), city, source })));
}

/** The Legistar cities the scheduler should run (coverage `scraped`). */
export function scrapedLegistarCities(cities: CityEntry[]): (CityEntry & { client: string })[] {
  return cities.filter((c): c is CityEntry & { client: string } => c.coverage === 'scraped' && c.platform === 'legistar' && c.client !== null);
}
