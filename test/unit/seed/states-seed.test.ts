import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadStates } from '../../../db/seed/seed-data.js';
import { readReference } from '../../helpers/reference.js';

interface OpenStatesJurisdiction {
  id: string;
  name: string;
  classification: string;
}

interface AtlasGeometry {
  id: string;
  properties: { name: string };
}

const openStates = (JSON.parse(readReference('openstates-examples', 'jurisdictions-list-2021-10.json')) as {
  results: OpenStatesJurisdiction[];
}).results;

const atlasFile = createRequire(import.meta.url).resolve('us-atlas/states-10m.json');
const atlas = JSON.parse(readFileSync(atlasFile, 'utf8')) as { objects: { states: { geometries: AtlasGeometry[] } } };
const atlasById = new Map(atlas.objects.states.geometries.map((g) => [g.id, g.properties.name]));

describe('states seed', () => {
  const states = loadStates();

  it('has the 50 states, DC and Puerto Rico', () => {
    expect(states).toHaveLength(52);
    const codes = states.map((s) => s.stateCode);
    expect(new Set(codes).size).toBe(52);
    expect(codes).toEqual(expect.arrayContaining(['DC', 'PR', 'NE', 'AK', 'HI']));
  });

  it('uses exactly the OCD ids and names of the real Open States list', () => {
    expect(openStates).toHaveLength(52);
    expect(states.map((s) => s.id).sort()).toEqual(openStates.map((j) => j.id).sort());
    for (const state of states) {
      expect(openStates.find((j) => j.id === state.id)?.name).toBe(state.name);
    }
    expect(states.find((s) => s.stateCode === 'DC')?.id).toBe('ocd-jurisdiction/country:us/district:dc/government');
    expect(states.find((s) => s.stateCode === 'PR')?.id).toBe('ocd-jurisdiction/country:us/territory:pr/government');
  });

  it('has a postal code matching the id', () => {
    for (const state of states) {
      expect(state.id).toMatch(new RegExp(`/(state|district|territory):${state.stateCode.toLowerCase()}/government$`));
    }
  });

  it('has unique FIPS codes that are us-atlas ids with the same name', () => {
    const fips = states.map((s) => s.fips);
    expect(new Set(fips).size).toBe(52);
    for (const state of states) {
      expect(atlasById.get(state.fips)).toBe(state.name);
    }
    // The only atlas shapes left out are the other territories.
    const unused = [...atlasById.keys()].filter((id) => !fips.includes(id)).sort();
    expect(unused).toEqual(['60', '66', '69', '78']);
  });

  it('marks Nebraska and DC unicameral and everyone else bicameral', () => {
    const unicameral = states.filter((s) => s.legislature === 'unicameral').map((s) => s.stateCode).sort();
    expect(unicameral).toEqual(['DC', 'NE']);
  });

  it('gives each capital a real IANA time zone', () => {
    const byCode = new Map(states.map((s) => [s.stateCode, s.timezone]));
    expect(byCode.get('KY')).toBe('America/New_York'); // Frankfort, not western Kentucky
    expect(byCode.get('AZ')).toBe('America/Phoenix');
    expect(byCode.get('HI')).toBe('Pacific/Honolulu');
    expect(byCode.get('PR')).toBe('America/Puerto_Rico');
    expect(byCode.get('ID')).toBe('America/Boise');
    for (const state of states) {
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: state.timezone })).not.toThrow();
    }
  });
});
