import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoContains } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { loadLocalJurisdictions, loadStates } from '../../../db/seed/seed-data.js';

const atlasFile = createRequire(import.meta.url).resolve('us-atlas/states-10m.json');
const topology = JSON.parse(readFileSync(atlasFile, 'utf8')) as Topology<{ states: GeometryCollection<{ name: string }> }>;
const outlines = feature(topology, topology.objects.states).features;

describe('local jurisdictions seed', () => {
  const states = loadStates();
  const locals = loadLocalJurisdictions();

  it('holds the three school districts of the curated facts, with OCD-style ids', () => {
    expect(locals.map((j) => j.id).sort()).toEqual([
      'ocd-jurisdiction/country:us/state:ca/school_district:oakland_unified_school_district/government',
      'ocd-jurisdiction/country:us/state:co/school_district:denver_public_schools/government',
      'ocd-jurisdiction/country:us/state:mn/school_district:minneapolis_public_schools/government',
    ]);
    for (const j of locals) {
      expect(j.id).toMatch(/^ocd-jurisdiction\/country:us\/state:[a-z]{2}\/(county|school_district):[a-z0-9_]+\/government$/);
      expect(j.id).toContain(`/state:${j.stateCode.toLowerCase()}/`);
    }
  });

  it('does not duplicate the city registry: consolidated city-counties are places, not counties', () => {
    expect(locals.some((j) => j.id.includes('/place:'))).toBe(false);
    expect(locals.some((j) => /county:(jefferson|fayette|denver)/.test(j.id))).toBe(false);
  });

  it('names an existing parent state in the same state', () => {
    for (const j of locals) {
      const parent = states.find((s) => s.id === j.parentId);
      expect(parent?.stateCode).toBe(j.stateCode);
    }
  });

  it('puts each centroid inside its state outline, in that state\'s time zone family', () => {
    for (const j of locals) {
      const parent = states.find((s) => s.id === j.parentId);
      const outline = outlines.find((f) => String(f.id) === parent?.fips);
      expect(outline).toBeDefined();
      if (outline) expect(geoContains(outline, [j.longitude, j.latitude])).toBe(true);
      expect(j.timezone).toBe(parent?.timezone);
    }
  });
});
