import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { referencePath } from '../../helpers/reference.js';
import { billId, loadApiFixtures, VIRGINIA } from '../api/api-fixtures.js';
import { jurisdictions } from '../../../db/schema/index.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { attachTextFile } from '../../../scrapers/pipeline/fetch-bill-texts.js';

const RICHMOND = 'ocd-jurisdiction/country:us/state:va/place:richmond/government';

describeEachDatabase('adoption API and pages', (ctx) => {
  let client: ReturnType<typeof api>;
  let app: ReturnType<typeof testApp>;
  let hb5099: number;
  let writeKey: string;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    await ctx.handle.db.insert(jurisdictions).values({ id: RICHMOND, name: 'Richmond', classification: 'municipality', stateCode: 'VA', parentId: VIRGINIA, latitude: 37.54, longitude: -77.44 });
    hb5099 = await billId(ctx.handle, 'HB 5099');
    // Offline: the current § 19.2-56 attached as the enacted text of HB 5099.
    await attachTextFile(ctx.handle.db, loadModelPolicies(), { billId: hb5099, file: referencePath('texts', 'va-code-19.2-56-statedecoded-2026.xml'), note: 'Enacted text (§ 19.2-56)' });
    const user = await createUser(ctx.handle.db, { email: 'analyst@example.org', name: 'Analyst', password: 'correct horse battery staple' });
    writeKey = (await issueApiKey(ctx.handle.db, user.id, 'importer', ['read', 'write'])).key;
    app = testApp(ctx.handle);
    client = api(app);
  });

  test('GET /api/bills/{id}/adoption answers in its documented shape, provision by provision with evidence', async () => {
    const res = await client.get(`/api/bills/${hb5099}/adoption`).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const [version] = res.body.versions;
    expect(version).toMatchObject({ note: 'Enacted text (§ 19.2-56)', format: 'va-statedecoded', latest: true });
    const nk = version.scores.find((s: { model: string }) => s.model === 'no-knock');
    expect(nk).toMatchObject({ level: 'adopted', adoption: 'full', stance: 'supports', hidden_provisions: 0 });
    const ban = nk.provisions.find((p: { id: string }) => p.id === 'NK-1');
    expect(ban).toMatchObject({ outcome: 'adopted', machine_outcome: 'adopted', override: null });
    expect(ban.evidence[0].excerpt).toContain('No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant');
    await client.get('/api/bills/999999/adoption').expect(404);
    await client.get('/api/bills/abc/adoption').expect(400);
  });

  test('GET /api/adoption ranks jurisdictions, a state law counting for its cities; CSV too', async () => {
    const res = await client.get('/api/adoption?policy=no-knock').expect(200);
    const ids = res.body.results.map((r: { jurisdiction: { id: string } }) => r.jurisdiction.id);
    expect(ids).toEqual([VIRGINIA, RICHMOND]);
    expect(res.body.results[1]).toMatchObject({ level: 'adopted', inherited: true, source: { kind: 'bill', id: hb5099, identifier: 'HB 5099', jurisdiction_id: VIRGINIA } });
    const csv = await client.get('/api/adoption.csv?policy=no-knock').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('jurisdiction,name,classification,state,level,score,threat_score,stance,inherited,source_kind,source_id,source_identifier,source_title,source_jurisdiction,version');
    expect(csv.text).toContain(`${RICHMOND},Richmond,municipality,VA,adopted`);
    const bad = await client.get('/api/adoption?policy=no-such').expect(400);
    expect(bad.body.error.details[0].parameter).toBe('policy');
    await client.get('/api/adoption').expect(400);
  });

  test('PUT /api/bills/{id}/adoption/{model}/{provision}: staff only; the override shows at once and can be withdrawn', async () => {
    const path = `/api/bills/${hb5099}/adoption/no-knock/NK-2`;
    await client.put(path).send({ outcome: 'adopted' }).expect(401);
    const before = (await client.get(`/api/bills/${hb5099}/adoption`).expect(200)).body.versions[0].scores[0];
    const res = await client.put(path).set('Authorization', `Bearer ${writeKey}`).send({ outcome: 'weaker', note: 'Only for felony drug warrants' }).expect(200);
    expect(res.body).toMatchObject({ bill_id: hb5099, model: 'no-knock', provision: 'NK-2', outcome: 'weaker', note: 'Only for felony drug warrants' });
    const after = (await client.get(`/api/bills/${hb5099}/adoption`).expect(200)).body.versions[0].scores[0];
    expect(after.provisions.find((p: { id: string }) => p.id === 'NK-2')).toMatchObject({ outcome: 'weaker', override: { outcome: 'weaker', note: 'Only for felony drug warrants' } });
    expect(after.score).not.toBe(before.score);
    await client.put(`/api/bills/${hb5099}/adoption/no-knock/NK-99`).set('Authorization', `Bearer ${writeKey}`).send({ outcome: 'adopted' }).expect(404);
    await client.put(path).set('Authorization', `Bearer ${writeKey}`).send({ outcome: 'maybe' }).expect(400);
    await client.delete(path).set('Authorization', `Bearer ${writeKey}`).expect(204);
    await client.delete(path).set('Authorization', `Bearer ${writeKey}`).expect(404);
    const restored = (await client.get(`/api/bills/${hb5099}/adoption`).expect(200)).body.versions[0].scores[0];
    expect(restored.score).toBe(before.score);
  });

  test('the bill page shows the checklist with the passage marked; the map has an adoption view; the policy page ranks', async () => {
    // The id form redirects to the readable URL.
    const page = await request(app).get(`/bills/${hb5099}`).redirects(1).expect(200);
    expect(page.text).toContain('Model-policy adoption');
    expect(page.text).toMatch(/<li class="provision outcome-adopted" data-provision="NK-1">/);
    expect(page.text).toMatch(/<mark>[^<]*No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant/);
    const map = await request(app).get('/?policy=no-knock&view=adoption').expect(200);
    expect(map.text).toMatch(/class="state legend-adopt-50" fill="#3182bd"/);
    expect(map.text).toContain('Richmond');
    await request(app).get('/?policy=no-knock&view=sideways').expect(400);
    const policy = await request(app).get('/policies/no-knock').expect(200);
    expect(policy.text).toContain('Adoption of the model, ranked');
    expect(policy.text).toMatch(/state law of Virginia/);
  });
});
