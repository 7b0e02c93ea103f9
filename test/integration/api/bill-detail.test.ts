import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills } from '../../helpers/bill-fixtures.js';
import { API_BILLS, billId, loadApiFixtures } from './api-fixtures.js';

describeEachDatabase('GET /api/bills/:id', (ctx) => {
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    client = api(testApp(ctx.handle));
  });

  test('shows the bill with its actions, sponsors, versions and documents with links', async () => {
    const id = await billId(ctx.handle, 'HB 5099');
    const { body } = await client.get(`/api/bills/${id}`).expect(200);
    expect(body).toMatchObject({ id, identifier: 'HB 5099', title: 'Search warrants; no-knock warrants prohibited', stage: 'enacted', status: 'enacted', chamber: 'lower', introduced_on: '2020-08-18' });
    expect(body.actions).toHaveLength(5);
    expect(body.actions[0]).toEqual({ date: '2020-08-18', description: 'Prefiled and ordered printed', actor: null, classification: ['introduction'] });
    expect(body.actions[4]).toMatchObject({ date: '2020-10-28', description: 'Approved by Governor-Chapter 39', classification: expect.arrayContaining(['executive-signature']) });
    expect(body.sponsors).toEqual([
      { name: 'Don Scott', classification: 'primary', primary: true },
      { name: 'Lashrecse Aird', classification: 'cosponsor', primary: false },
    ]);
    expect(body.versions).toEqual([
      { note: 'Enrolled', date: '2020-10-28', url: 'https://lis.virginia.gov/bill-details/20202/HB5099/text/HB5099ER', media_type: 'text/html', classification: null },
    ]);
    expect(body.documents).toEqual([expect.objectContaining({ note: 'Fiscal impact statement', url: 'https://lis.virginia.gov/bill-details/20202/HB5099/fis' })]);
    expect(body.sources).toEqual([expect.objectContaining({ source: 'test', external_id: 'test-HB 5099-2020S1' })]);
  });

  test('shows the evidence behind each policy result', async () => {
    const { body } = await client.get(`/api/bills/${await billId(ctx.handle, 'SB 2')}`).expect(200);
    expect(body.policies).toEqual([expect.objectContaining({ policy: 'decertification', stance: 'supports', source: 'machine' })]);
    expect(body.evidence).toHaveLength(1);
    expect(body.evidence[0]).toMatchObject({ policy: 'decertification', stance: 'supports', source: 'machine', decision: null });
    expect(body.evidence[0].evidence.length).toBeGreaterThan(0);
    expect(JSON.stringify(body.evidence[0].evidence).toLowerCase()).toContain('decertif');
  });

  test('shows the stage/status change history, newest first, growing as the bill moves', async () => {
    const id = await billId(ctx.handle, 'HB 9');
    const before = (await client.get(`/api/bills/${id}`).expect(200)).body;
    expect(before.history).toEqual([expect.objectContaining({ from_stage: null, to_stage: 'committee', to_status: 'pending' })]);

    const hb9 = API_BILLS.find((b) => b.identifier === 'HB 9')!;
    const moved = { ...hb9, actions: [...hb9.actions!, { date: '2026-02-10', description: 'Passed House (52-Y 46-N)', actorClassification: 'lower' as const, sourceClassification: ['passage'] }] };
    await importFixtureBills(ctx.handle, [moved]);

    const after = (await client.get(`/api/bills/${id}`).expect(200)).body;
    expect(after.stage).toBe('passed_one_chamber');
    expect(after.latest_action).toEqual({ date: '2026-02-10', description: 'Passed House (52-Y 46-N)' });
    expect(after.history).toHaveLength(2);
    expect(after.history[0]).toMatchObject({ from_stage: 'committee', to_stage: 'passed_one_chamber', action_date: '2026-02-10', action_description: 'Passed House (52-Y 46-N)' });
  });

  test('an unknown bill is a 404 and a malformed id a 400 naming it', async () => {
    const missing = await client.get('/api/bills/987654').expect(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'bill 987654 not found' });
    const bad = await client.get('/api/bills/HB5099').expect(400);
    expect(bad.body.error.details).toEqual([{ parameter: 'id', message: 'id must be a positive whole number' }]);
  });
});
