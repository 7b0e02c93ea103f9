import { parse } from 'csv-parse/sync';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { COLORADO, LOUISVILLE, VIRGINIA, loadApiFixtures } from './api-fixtures.js';

type Entry = { id: string; name: string; classification: string; status: string; strength: string | null; bills: { identifier: string }[]; laws: { title: string }[]; threats: { identifier: string }[] };

describeEachDatabase('GET /api/map', (ctx) => {
  let client: ReturnType<typeof api>;
  const entry = (results: Entry[], id: string) => results.find((e) => e.id === id)!;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle, { curated: true });
    client = api(testApp(ctx.handle));
  });

  test('every jurisdiction appears, with status, strength, the bills and laws behind it, and threats', async () => {
    const { body } = await client.get('/api/map?policy=no-knock').expect(200);
    const all = (await client.get('/api/jurisdictions').expect(200)).body.results;
    expect(body.policy).toBe('no-knock');
    expect(body.results).toHaveLength(all.length);
    const va = entry(body.results, VIRGINIA);
    // HB 5099 prohibits no-knock warrants outright: the machine's strength is full.
    expect(va).toMatchObject({ status: 'enacted', strength: 'full' });
    expect(va.bills.map((b) => b.identifier)).toEqual(['HB 5099']);
    expect(va.threats).toEqual([expect.objectContaining({ identifier: 'HB 9', status: 'pending', url: 'https://lis.virginia.gov/bill-details/20261/HB9' })]);
    const louisville = entry(body.results, LOUISVILLE);
    expect(louisville).toMatchObject({ status: 'enacted', strength: 'full' });
    expect(louisville.laws).toHaveLength(1);
    expect(entry(body.results, 'ocd-jurisdiction/country:us/state:ky/place:lexington/government').status).toBe('overturned');
    expect(entry(body.results, COLORADO)).toMatchObject({ status: 'none', strength: null, bills: [], laws: [], threats: [] });
  });

  test('a policy with a failed bill shows failed where nothing passed', async () => {
    const { body } = await client.get('/api/map?policy=crisis-response&classification=state').expect(200);
    expect(body.results.every((e: Entry) => e.classification === 'state')).toBe(true);
    expect(entry(body.results, COLORADO)).toMatchObject({ status: 'failed', bills: [expect.objectContaining({ identifier: 'HB 1', status: 'failed' })] });
  });

  test('filters by state and classification', async () => {
    const { body } = await client.get('/api/map?policy=no-knock&state=ky&classification=municipality').expect(200);
    expect(body.results.map((e: Entry) => e.name).sort()).toEqual(['Lexington-Fayette Urban County Government', 'Louisville/Jefferson County Metro Government']);
  });

  test('policy is required and must be one the tracker follows', async () => {
    const missing = await client.get('/api/map').expect(400);
    expect(missing.body.error.details).toEqual([{ parameter: 'policy', message: 'policy is required' }]);
    const unknown = await client.get('/api/map?policy=stop-and-frisk').expect(400);
    expect(unknown.body.error.details[0]).toMatchObject({ parameter: 'policy', message: expect.stringContaining('unknown policy stop-and-frisk') });
  });

  test('exports as CSV by .csv path or Accept: text/csv', async () => {
    const res = await client.get('/api/map.csv?policy=no-knock&state=KY').expect(200);
    expect(res.headers['content-disposition']).toContain('map-no-knock.csv');
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.jurisdiction === LOUISVILLE)).toMatchObject({ status: 'enacted', strength: 'full', bills: 'O-090-20' });
    const byAccept = await client.get('/api/map?policy=no-knock&state=KY').set('Accept', 'text/csv').expect(200);
    expect(byAccept.text).toBe(res.text);
    expect(byAccept.headers.vary).toMatch(/Accept/i);
  });
});
