import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CITY_REGISTRY_PATH, loadCityRegistry, registryCitySources, scrapedLegistarCities } from '../../../db/seed/city-registry.js';

const cities = loadCityRegistry();
const byName = (name: string) => {
  const city = cities.find((c) => c.name === name || c.name.startsWith(name));
  if (!city) throw new Error(`${name} missing from the registry`);
  return city;
};

test('the target cities are present with their Legistar clients', () => {
  expect(byName('Louisville')).toMatchObject({ id: 'ocd-jurisdiction/country:us/state:ky/place:louisville/government', stateCode: 'KY', platform: 'legistar', client: 'louisville', timezone: 'America/Kentucky/Louisville', coverage: 'scraped' });
  expect(byName('Killeen')).toMatchObject({ platform: 'legistar', client: 'killeen', stateCode: 'TX' });
  expect(byName('Philadelphia')).toMatchObject({ client: 'phila', tokenRequired: true });
  expect(byName('Phoenix')).toMatchObject({ client: 'phoenix', tokenRequired: false, timezone: 'America/Phoenix' });
  expect(byName('New York City')).toMatchObject({ client: 'nyc', insiteUrl: 'https://legistar.council.nyc.gov', tokenRequired: true, coverage: 'not_scraped' });
  expect(byName('Minneapolis')).toMatchObject({ client: 'minneapolismn', insiteUrl: 'https://lims.minneapolismn.gov' });
});

test('the seven seed cities are marked, each on the platform it really uses, all scraped', () => {
  const seeds = cities.filter((c) => c.seedCity).map((c) => [c.name, c.platform, c.coverage]);
  expect(seeds).toEqual([
    ['Louisville/Jefferson County Metro Government', 'legistar', 'scraped'],
    ['Killeen', 'legistar', 'scraped'],
    ['Philadelphia', 'legistar', 'scraped'],
    ['Phoenix', 'legistar', 'scraped'],
    ['San Diego', 'onbase', 'scraped'],
    ['Houston', 'novusagenda', 'scraped'],
    ['Austin', 'own-site', 'scraped'],
  ]);
  expect(registryCitySources(cities).map((s) => s.id)).toEqual(['onbase:san_diego', 'novusagenda:houston', 'austin-council:austin']);
  expect(byName('San Diego').sources[0]).toMatchObject({ kind: 'onbase', settings: { sites: [{ url: 'https://sandiego.hylandcloud.com/211agendaonlinecouncil/' }, { url: 'https://sandiego.hylandcloud.com/211agendaonlinecomm/' }], enactments: { format: 'sandiego-clerk' } } });
  expect(byName('Houston').sources[0]).toMatchObject({ kind: 'novusagenda', settings: { url: 'https://houston.novusagenda.com/agendapublic/' } });
});

test('cities the curated facts name are present, on their real platforms', () => {
  expect(byName('San Diego')).toMatchObject({ platform: 'onbase', client: null });
  expect(byName('Houston')).toMatchObject({ platform: 'novusagenda', client: null });
  expect(byName('Austin')).toMatchObject({ platform: 'own-site', client: null });
  expect(byName('Chicago')).toMatchObject({ platform: 'own-site', client: null, coverage: 'not_scraped' });
  expect(byName('Lexington')).toMatchObject({ id: 'ocd-jurisdiction/country:us/state:ky/place:lexington/government', coverage: 'not_scraped', client: null });
  expect(byName('Denver')).toMatchObject({ id: 'ocd-jurisdiction/country:us/state:co/place:denver/government', platform: 'legistar', client: 'denver' });
});

test('coordinates put each city in its state (rough boxes) at two decimals', () => {
  const boxes: Record<string, [number, number, number, number]> = {
    KY: [36.5, 39.2, -89.6, -81.9],
    TX: [25.8, 36.6, -106.7, -93.5],
    AZ: [31.3, 37.1, -114.9, -109.0],
    CA: [32.5, 42.1, -124.5, -114.1],
  };
  for (const city of cities) {
    expect(Math.round(city.latitude * 100) / 100).toBe(city.latitude);
    const box = boxes[city.stateCode];
    if (!box) continue;
    expect(city.latitude).toBeGreaterThanOrEqual(box[0]);
    expect(city.latitude).toBeLessThanOrEqual(box[1]);
    expect(city.longitude).toBeGreaterThanOrEqual(box[2]);
    expect(city.longitude).toBeLessThanOrEqual(box[3]);
  }
});

test('the scheduler list holds only Legistar cities with a client', () => {
  const scraped = scrapedLegistarCities(cities);
  expect(scraped.map((c) => c.client)).toEqual(expect.arrayContaining(['louisville', 'killeen', 'phila', 'phoenix']));
  expect(scraped.every((c) => c.platform === 'legistar')).toBe(true);
  expect(scraped.map((c) => c.client)).not.toContain('nyc');
});

test('a bad edit fails with the entry and field named', () => {
  const raw = JSON.parse(readFileSync(CITY_REGISTRY_PATH, 'utf8')) as Record<string, unknown>[];
  raw[0] = { ...raw[0], timezone: 'America/Louisvile' };
  raw[1] = { ...raw[1], platform: 'onbase', coverage: 'scraped' };
  raw.push({ ...raw[2] });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cities-')), 'cities.json');
  writeFileSync(file, JSON.stringify(raw));
  expect(() => loadCityRegistry(file)).toThrow(/0\.timezone: unknown IANA time zone/);
  expect(() => loadCityRegistry(file)).toThrow(/1\.coverage: only a Legistar city with a documented client, or a city with sources, can be scraped/);
  expect(() => loadCityRegistry(file)).toThrow(/duplicate id ocd-jurisdiction\/country:us\/state:pa\/place:philadelphia\/government/);
});

test('a new OnBase or NovusAGENDA city is a registry entry; a bad source setting fails with the entry and field named', () => {
  const raw = JSON.parse(readFileSync(CITY_REGISTRY_PATH, 'utf8')) as Record<string, unknown>[];
  const tucson = {
    id: 'ocd-jurisdiction/country:us/state:az/place:tucson/government', name: 'Tucson', stateCode: 'AZ', latitude: 32.22, longitude: -110.97, timezone: 'America/Phoenix',
    platform: 'onbase', client: null, insiteUrl: 'https://tucsonaz.hylandcloud.com/221agendaonline/', tokenRequired: null, coverage: 'scraped', note: null, source: 'test',
    sources: [{ kind: 'onbase', settings: { sites: [{ url: 'https://tucsonaz.hylandcloud.com/221agendaonline/', body: 'Mayor and Council' }] } }],
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'cities-'));
  writeFileSync(path.join(dir, 'good.json'), JSON.stringify([...raw, tucson]));
  const added = loadCityRegistry(path.join(dir, 'good.json'));
  expect(registryCitySources(added).map((s) => s.id)).toContain('onbase:tucson');
  expect(added.find((c) => c.name === 'Tucson')!.sources[0].settings).toMatchObject({ lookbackDays: 45, skipMeetings: 'public comment|closed session' });
  const bad = { ...tucson, sources: [{ kind: 'onbase', settings: { sites: [], matterPattern: '(unclosed' } }] };
  writeFileSync(path.join(dir, 'bad.json'), JSON.stringify([...raw, bad]));
  expect(() => loadCityRegistry(path.join(dir, 'bad.json'))).toThrow(/24\.sources\.0\.settings\.sites: an OnBase source needs at least one site/);
  expect(() => loadCityRegistry(path.join(dir, 'bad.json'))).toThrow(/24\.sources\.0\.settings\.matterPattern: matterPattern is not a valid regular expression/);
  const wrongPlatform = { ...tucson, platform: 'legistar' };
  writeFileSync(path.join(dir, 'wrong.json'), JSON.stringify([...raw, wrongPlatform]));
  expect(() => loadCityRegistry(path.join(dir, 'wrong.json'))).toThrow(/24\.sources: a source must read the platform the city is registered on/);
});
