import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { sources } from '../schema/index.js';
import { loadCityRegistry, registryCitySources, scrapedLegistarCities } from './city-registry.js';
import { defaultScheduleFor } from '../../core/sources/default-schedules.js';
import { toSourceRecord } from '../sources/load-source.js';

const STATE = (code: string) => `ocd-jurisdiction/country:us/state:${code}/government`;

/**
 * Live sources staff switch on deliberately: California's archive is ~1 GB a download, a
 * whole Texas session (~11,000 history pages at TLO's pace) outlasts a scheduled run unless
 * the source's settings narrow it to subjects, and Open States events spend the API key's
 * daily budget. All run on demand with `tracker scrape`.
 */
const OPT_IN_KINDS = new Set(['california-pubinfo', 'texas-tlo', 'openstates-events']);

const CITY_SOURCE_NAMES: Record<string, string> = { onbase: 'OnBase Agenda Online', novusagenda: 'NovusAGENDA', 'austin-council': 'austintexas.gov council pages' };

/**
 * The sources the tracker knows out of the box, as `sources` rows. Every kind here has a
 * live adapter (a unit test holds the adapters to that), so only opt-in kinds start disabled.
 */
export function defaultSources() {
  const rows = [
    { id: 'openstates', kind: 'openstates', name: 'Open States API v3 (every state)', jurisdictionId: null as string | null, settings: {}, tz: null as string | null },
    { id: 'virginia-lis', kind: 'virginia-lis', name: 'Virginia LIS bill files', jurisdictionId: STATE('va'), settings: {}, tz: 'America/New_York' },
    { id: 'california-pubinfo', kind: 'california-pubinfo', name: 'California pubinfo database export', jurisdictionId: STATE('ca'), settings: {}, tz: 'America/Los_Angeles' },
    { id: 'texas-tlo', kind: 'texas-tlo', name: 'Texas Legislature Online', jurisdictionId: STATE('tx'), settings: {}, tz: 'America/Chicago' },
    // Hearings cost requests of the Open States key: staff list the states to follow in its settings.
    { id: 'openstates-events', kind: 'openstates-events', name: 'Open States hearings and events', jurisdictionId: null as string | null, settings: { jurisdictions: [] }, tz: null as string | null },
    ...scrapedLegistarCities(loadCityRegistry()).map((c) => ({
      id: `legistar:${c.client}`, kind: 'legistar', name: `${c.name} council (Legistar)`, jurisdictionId: c.id, settings: { client: c.client, tokenRequired: c.tokenRequired }, tz: c.timezone,
    })),
    // OnBase, NovusAGENDA and Austin's own pages: one source per registry entry, its settings from the registry.
    ...registryCitySources(loadCityRegistry()).map(({ id, city, source }) => ({
      id, kind: source.kind, name: `${city.name} council (${CITY_SOURCE_NAMES[source.kind]})`, jurisdictionId: city.id, settings: source.settings as Record<string, unknown>, tz: city.timezone,
    })),
  ];
  return rows.map(({ tz, ...r }) => {
    const d = defaultScheduleFor(r.kind, tz);
    return { ...r, schedule: d.schedule, timezone: d.timezone, enabled: !OPT_IN_KINDS.has(r.kind) };
  });
}

/** Adds the default sources that are missing; never changes a row staff may have edited. */
export async function ensureSources(db: Db): Promise<number> {
  let added = 0;
  for (const row of defaultSources()) {
    const inserted = await db.insert(sources).values(row).onConflictDoNothing().returning({ id: sources.id });
    added += inserted.length;
  }
  return added;
}

/** A source as adapters see it, its row created on demand (for `tracker import` of a kind with no default row). */
export async function ensureSource(db: Db, row: { id: string; kind: string; name: string; jurisdictionId?: string | null; settings?: Record<string, unknown> }) {
  await db.insert(sources).values({ ...row, jurisdictionId: row.jurisdictionId ?? null, settings: row.settings ?? {} }).onConflictDoNothing();
  const [found] = await db.select().from(sources).where(sql`${sources.id} = ${row.id}`);
  return toSourceRecord(found);
}
