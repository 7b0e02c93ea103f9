import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { KENTUCKY, LOUISVILLE, loadApiFixtures } from './api-fixtures.js';

type Change = { id: number; changed_at: string; bill: { identifier: string }; jurisdiction: { id: string }; to_stage: string; policies: string[] };

describeEachDatabase('GET /api/changes', (ctx) => {
  let client: ReturnType<typeof api>;
  const changes = async (query: string) => (await client.get(`/api/changes${query}`).expect(200)).body as { results: Change[]; next_before: number | null };

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    client = api(testApp(ctx.handle));
  });

  test('lists what moved, newest first, with the bill, jurisdiction and policies', async () => {
    const { results, next_before } = await changes('');
    expect(results).toHaveLength(7);
    expect(next_before).toBeNull();
    const ids = results.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(results.find((c) => c.bill.identifier === 'SB 2')).toMatchObject({ to_stage: 'enacted', to_status: 'enacted', from_stage: null, policies: ['decertification'] });
  });

  test('filters by policy and by jurisdiction (OCD id or state code)', async () => {
    expect((await changes('?policy=no-knock')).results.map((c) => c.bill.identifier).sort()).toEqual(['HB 5099', 'HB 9', 'O-090-20', 'SB 4']);
    expect((await changes('?jurisdiction=KY')).results.map((c) => c.bill.identifier).sort()).toEqual(['O-090-20', 'SB 4']);
    expect((await changes(`?jurisdiction=${encodeURIComponent(KENTUCKY)}`)).results.map((c) => c.bill.identifier)).toEqual(['SB 4']);
    expect((await changes(`?policy=no-knock&jurisdiction=${encodeURIComponent(LOUISVILLE)}`)).results.map((c) => c.bill.identifier)).toEqual(['O-090-20']);
    expect((await changes('?policy=decertification&jurisdiction=KY')).results).toEqual([]);
  });

  test('since leaves out older changes', async () => {
    expect((await changes('?since=2000-01-01')).results).toHaveLength(7);
    expect((await changes(`?since=${new Date(Date.now() + 3_600_000).toISOString()}`)).results).toEqual([]);
  });

  test('pages with limit and next_before', async () => {
    const first = await changes('?limit=4');
    expect(first.results).toHaveLength(4);
    expect(first.next_before).toBe(first.results[3].id);
    const second = await changes(`?limit=4&before=${first.next_before}`);
    expect(second.results).toHaveLength(3);
    expect(new Set([...first.results, ...second.results].map((c) => c.id)).size).toBe(7);
  });

  test('bad parameters are a 400 naming each', async () => {
    const res = await client.get('/api/changes?since=yesterday&limit=1000&before=-3&policy=No%20Knock').expect(400);
    expect(res.body.error.details.map((d: { parameter: string }) => d.parameter).sort()).toEqual(['before', 'limit', 'policy', 'since']);
  });
});
