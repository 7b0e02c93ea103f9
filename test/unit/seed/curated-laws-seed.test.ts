import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCuratedSeed, loadLocalJurisdictions, type CuratedLawSeed } from '../../../db/seed/seed-data.js';
import { readLocalActionFacts, readPolicyIds } from './local-actions-facts.js';

const facts = readLocalActionFacts();
const laws = loadCuratedSeed();
const baseKey = (law: CuratedLawSeed): string => law.seedKey.split('/')[0] ?? law.seedKey;
const lawsFor = (key: string): CuratedLawSeed[] => laws.filter((law) => baseKey(law) === key);
const only = (key: string): CuratedLawSeed => {
  const found = lawsFor(key);
  expect(found).toHaveLength(1);
  return found[0] as CuratedLawSeed;
};

/** The city ids the curated seed uses; they belong to the city registry (db/seed/cities.json). */
const CITY_IDS = [
  'ocd-jurisdiction/country:us/state:ky/place:louisville/government',
  'ocd-jurisdiction/country:us/state:tx/place:killeen/government',
  'ocd-jurisdiction/country:us/state:tx/place:austin/government',
  'ocd-jurisdiction/country:us/state:ky/place:lexington/government',
  'ocd-jurisdiction/country:us/state:co/place:denver/government',
  'ocd-jurisdiction/country:us/state:az/place:phoenix/government',
];

describe('curated laws seed against local-actions.md', () => {
  it('parses the facts file', () => {
    expect(facts.map((f) => f.key)).toEqual(['L-01', 'L-02', 'L-03', 'L-04', 'L-30', 'L-31', 'L-32', 'L-35', 'L-36', 'L-37', 'L-38']);
    for (const fact of facts) expect(fact.urls.length).toBeGreaterThan(0);
  });

  it('has at least one record per fact and no record without a fact', () => {
    for (const fact of facts) expect(lawsFor(fact.key).length).toBeGreaterThan(0);
    const factKeys = new Set(facts.map((f) => f.key));
    for (const law of laws) expect(factKeys.has(baseKey(law))).toBe(true);
  });

  it.each(facts.map((f) => [f.key, f] as const))('%s: every source URL of the fact is in each of its records', (_key, fact) => {
    for (const law of lawsFor(fact.key)) {
      for (const url of fact.urls) expect(law.sourceUrls).toContain(url);
    }
  });

  it('cites no URL that the facts do not list', () => {
    const known = new Set(facts.flatMap((f) => f.urls));
    for (const law of laws) for (const url of law.sourceUrls) expect(known.has(url)).toBe(true);
  });

  it('leaves the identifier empty wherever the facts say NOT FOUND, and invents none', () => {
    for (const fact of facts) {
      for (const law of lawsFor(fact.key)) {
        if (/NOT FOUND/.test(fact.text)) expect(law.identifier).toBeNull();
        if (law.identifier !== null) expect(fact.text).toContain(law.identifier);
      }
    }
    expect(only('L-36').identifier).toBe('Resolution No. 1920-0260');
    expect(only('L-03').identifier).toBe('Proposition A');
  });

  it('uses only dates that the facts give (for the entry or an entry its record cites)', () => {
    for (const law of laws) {
      const cited = new Set([baseKey(law), ...`${law.summary ?? ''} ${law.note ?? ''} ${law.history.map((h) => h.description).join(' ')}`.match(/L-\d{2}/g) ?? []]);
      const text = facts.filter((f) => cited.has(f.key)).map((f) => f.text).join('\n');
      const dates = [law.adoptedOn, law.effectiveOn, law.voidedOn, ...law.history.map((h) => h.date)];
      for (const date of dates) if (date !== null) expect(text).toContain(date);
    }
  });

  it('carries the verification mark of its fact, and says what is unverified', () => {
    for (const fact of facts) {
      for (const law of lawsFor(fact.key)) {
        expect(law.verification).toBe(fact.verification);
        if (fact.verification === 'PARTIAL') expect(law.note).toMatch(/not (found|verified)/);
      }
    }
  });

  it('uses the policy ids of POLICIES.md and suffixes seedKeys only for multi-policy facts', () => {
    const policyIds = readPolicyIds();
    expect(policyIds).toHaveLength(8);
    for (const law of laws) expect(policyIds).toContain(law.policyId);
    expect(lawsFor('L-32').map((law) => law.seedKey).sort()).toEqual(['L-32/crisis-response', 'L-32/violence-prevention']);
    for (const law of laws) {
      if (lawsFor(baseKey(law)).length === 1) expect(law.seedKey).toBe(baseKey(law));
    }
  });

  it('marks full strength only where the fact is a ban', () => {
    for (const law of laws.filter((l) => l.strength === 'full')) {
      const fact = facts.find((f) => f.key === baseKey(law));
      expect(fact?.text).toMatch(/\bban|no APD requesting, executing or participating/i);
      expect(law.policyId).toBe('no-knock');
    }
  });

  it('records Lexington as overturned on 2025-09-18', () => {
    const lexington = only('L-04');
    expect(lexington.outcome).toBe('overturned');
    expect(lexington.voidedOn).toBe('2025-09-18');
    expect(lexington.adoptedOn).toBeNull(); // 2021, day not verified
    expect(lexington.jurisdictionId).toBe('ocd-jurisdiction/country:us/state:ky/place:lexington/government');
    expect(lexington.history.some((h) => h.date === '2025-09-18' && /Supreme Court/.test(h.description))).toBe(true);
  });

  it('keeps Louisville in force, with its number left empty', () => {
    const louisville = only('L-01');
    expect(louisville).toMatchObject({ outcome: 'enacted', identifier: null, strength: 'full', adoptedOn: '2020-06-11', voidedOn: null });
    expect(louisville.history.map((h) => h.date)).toEqual(['2020-06-03', '2020-06-08', '2020-06-11', '2020-06-12']);
  });

  it('shows the Denver Public Schools reversal: the 2020 resolution overturned, the 2023 policy opposing it', () => {
    const original = only('L-37');
    const reversal = only('L-38');
    expect(original).toMatchObject({ stance: 'supports', outcome: 'overturned', adoptedOn: '2020-06-11', voidedOn: '2023-03-23' });
    expect(original.history.some((h) => h.date === '2023-03-23' && /suspend/.test(h.description))).toBe(true);
    expect(original.history.some((h) => h.date === null && /4-3/.test(h.description))).toBe(true);
    expect(reversal).toMatchObject({ stance: 'opposes', outcome: 'enacted', adoptedOn: null, policyId: 'police-free-schools' });
    expect(reversal.jurisdictionId).toBe(original.jurisdictionId);

    // What a rollup sees for DPS × police-free-schools: no supporting law in force, an
    // overturned one, and an opposing policy in force.
    const dps = laws.filter((l) => l.jurisdictionId === original.jurisdictionId && l.policyId === 'police-free-schools');
    expect(dps.some((l) => l.stance === 'supports' && l.outcome === 'enacted')).toBe(false);
    expect(dps.some((l) => l.stance === 'supports' && l.outcome === 'overturned')).toBe(true);
    expect(dps.some((l) => l.stance === 'opposes' && l.outcome === 'enacted')).toBe(true);
  });

  it('points every record at a seeded local jurisdiction or a city id of the registry', () => {
    const local = new Set(loadLocalJurisdictions().map((j) => j.id));
    const cityIds = new Set<string>();
    for (const law of laws) {
      if (local.has(law.jurisdictionId)) continue;
      expect(CITY_IDS).toContain(law.jurisdictionId);
      cityIds.add(law.jurisdictionId);
    }
    expect([...cityIds].sort()).toEqual([...CITY_IDS].sort());
  });

  // The city registry is another module's file: check against it once it exists.
  const citiesFile = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../db/seed/cities.json');
  (existsSync(citiesFile) ? it : it.skip)('finds every city id in db/seed/cities.json', () => {
    const text = readFileSync(citiesFile, 'utf8');
    for (const id of CITY_IDS) expect(text).toContain(`"${id}"`);
  });
});
