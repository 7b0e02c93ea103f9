import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { curatedLaws, jurisdictions, policies } from '../schema/index.js';
import { loadCuratedSeed, loadLocalJurisdictions, loadStates } from './seed-data.js';
import { loadCityRegistry } from './city-registry.js';
import { policyDefinitionSchema, type PolicyDefinition } from '../../core/classify/policy.schema.js';
import { recomputeRollup } from '../rollup/recompute-rollup.js';
import { bumpRollupVersion } from '../rollup/rollup-version.js';
import { ensureSources } from './ensure-sources.js';
import { seedSessions } from './session-seed.js';
import { seedCuratedLawTexts } from './curated-law-texts.js';

const policiesFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'policies.json');

/** The shipped policy set, validated. @throws naming the bad policy. */
export function loadPolicySeed(file = policiesFile): PolicyDefinition[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  return raw.map((p, i) => {
    const parsed = policyDefinitionSchema.safeParse(p);
    if (!parsed.success) throw new Error(`invalid policy #${i} in ${path.basename(file)}: ${parsed.error.message}`);
    return parsed.data;
  });
}

export type SeedCounts = {
  jurisdictions: number; policies: number;
  /** Stored policies whose classification rules were replaced by newer shipped rules (never rules staff saved). */
  policyRulesUpdated: number;
  sources: number; curatedCreated: number; curatedUpdated: number; curatedKeptStaffEdits: number; curatedTexts: number;
  /** Jurisdictions whose legislative sessions the repo's tables added or filled in. */
  sessionJurisdictions: string[];
};

/**
 * Loads the shipped knowledge idempotently: jurisdictions (states, DC, PR, registry
 * cities, counties and school districts), the policy set, the legislative sessions of the 52
 * (db/seed/sessions), and, unless `curated` is false, the curated laws. Running it again
 * changes nothing. Newer shipped classification rules replace stored ones staff never edited;
 * policies and curated laws staff edited are never overwritten.
 */
export async function seedDatabase(db: Db, options: { curated: boolean }): Promise<SeedCounts> {
  const counts: SeedCounts = {
    jurisdictions: 0, policies: 0, policyRulesUpdated: 0, sources: 0, curatedCreated: 0, curatedUpdated: 0, curatedKeptStaffEdits: 0, curatedTexts: 0, sessionJurisdictions: [],
  };
  const rows = [
    ...loadStates().map((s) => ({
      id: s.id, name: s.name, classification: 'state' as const, stateCode: s.stateCode, fips: s.fips, legislature: s.legislature, timezone: s.timezone,
      parentId: null, latitude: null, longitude: null, platform: 'openstates', client: null, coverage: 'scraped',
    })),
    ...loadCityRegistry().map((c) => ({
      id: c.id, name: c.name, classification: 'municipality' as const, stateCode: c.stateCode, fips: null, legislature: 'council', timezone: c.timezone,
      parentId: stateIdOf(c.stateCode), latitude: c.latitude, longitude: c.longitude, platform: c.platform, client: c.client, coverage: c.coverage,
    })),
    ...loadLocalJurisdictions().map((j) => ({
      id: j.id, name: j.name, classification: j.classification, stateCode: j.stateCode, fips: null,
      legislature: j.classification === 'school_district' ? 'board' : 'council', timezone: j.timezone,
      parentId: j.parentId, latitude: j.latitude, longitude: j.longitude, platform: null, client: null, coverage: 'not_scraped',
    })),
  ];
  await db.transaction(async (tx) => {
    for (const row of rows) {
      const { id, ...rest } = row;
      // Only a real difference is written, so a second seed leaves updated_at alone.
      const result = await tx
        .insert(jurisdictions)
        .values(row)
        .onConflictDoUpdate({
          target: jurisdictions.id,
          set: { ...excludedSet(Object.keys(rest)), updatedAt: sql`now()` },
          setWhere: sql`(${sql.raw(distinctColumns(Object.keys(rest)))})`,
        })
        .returning({ id: jurisdictions.id });
      counts.jurisdictions += result.length;
      void id;
    }
    for (const [position, p] of loadPolicySeed().entries()) {
      const inserted = await tx
        .insert(policies)
        .values({ id: p.id, name: p.name, summary: p.summary, principles: p.principles, rules: p.rules, colors: p.colors ?? {}, position })
        .onConflictDoNothing()
        .returning({ id: policies.id });
      counts.policies += inserted.length;
      // Newer shipped rules replace the stored ones, unless staff saved rules of their own.
      const updated = await tx
        .update(policies)
        .set({ rules: p.rules, updatedAt: sql`now()` })
        .where(sql`${policies.id} = ${p.id} AND ${policies.rulesEditedAt} IS NULL AND ${policies.rules} IS DISTINCT FROM ${JSON.stringify(p.rules)}::jsonb`)
        .returning({ id: policies.id });
      counts.policyRulesUpdated += updated.length;
    }
    // Names and policies are part of every cached map: a change invalidates them.
    if (counts.jurisdictions + counts.policies > 0) await bumpRollupVersion(tx as unknown as Db);
  });
  counts.sources = await ensureSources(db);
  // The sessions of all 52, so status knows when sessions ended even without an Open States key.
  counts.sessionJurisdictions = [...(await seedSessions(db)).keys()];
  if (!options.curated) return counts;

  const touched = new Set<string>();
  for (const law of loadCuratedSeed()) {
    const values = { ...law, history: law.history, sourceUrls: law.sourceUrls };
    const [current] = await db.select().from(curatedLaws).where(eq(curatedLaws.seedKey, law.seedKey));
    if (!current) {
      await db.insert(curatedLaws).values(values);
      counts.curatedCreated += 1;
      touched.add(law.jurisdictionId);
      continue;
    }
    if (current.editedAt) {
      counts.curatedKeptStaffEdits += 1;
      continue;
    }
    const differs = (Object.keys(values) as (keyof typeof values)[]).some(
      (k) => JSON.stringify(values[k] ?? null) !== JSON.stringify((current as Record<string, unknown>)[k] ?? null),
    );
    if (differs) {
      await db.update(curatedLaws).set({ ...values, updatedAt: sql`now()` }).where(eq(curatedLaws.id, current.id));
      counts.curatedUpdated += 1;
      touched.add(law.jurisdictionId);
    }
  }
  for (const jurisdictionId of touched) await recomputeRollup(db, jurisdictionId);
  // The wording of curated laws that can be quoted verbatim; scored by the caller (scoring is the pipeline's).
  counts.curatedTexts = (await seedCuratedLawTexts(db)).created;
  return counts;
}

/** True when the database has never been seeded (no policies yet). */
export async function needsFirstSeed(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(policies);
  return Number(row.n) === 0;
}

const STATE_IDS = new Map<string, string>();
function stateIdOf(code: string): string {
  if (STATE_IDS.size === 0) for (const s of loadStates()) STATE_IDS.set(s.stateCode, s.id);
  const id = STATE_IDS.get(code.toUpperCase());
  if (!id) throw new Error(`unknown state code ${code} in the city registry`);
  return id;
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function excludedSet(keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded.${snake(k)}`)]));
}

function distinctColumns(keys: string[]): string {
  return keys.map((k) => `jurisdictions.${snake(k)} IS DISTINCT FROM excluded.${snake(k)}`).join(' OR ');
}
