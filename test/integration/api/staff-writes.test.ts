import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { createUser } from '../../../server/auth/auth-service.js';
import { queryRows } from '../../../db/database.js';
import { COLORADO, VIRGINIA, billId, loadApiFixtures } from './api-fixtures.js';

const EMAIL = 'analyst@example.org';
const PASSWORD = 'correct horse battery staple';
const DENVER = 'ocd-jurisdiction/country:us/state:co/place:denver/government';

describeEachDatabase('staff writes', (ctx) => {
  let client: ReturnType<typeof api>;
  let cookie: string;
  let csrf: string;
  let readKey: string;
  let writeKey: string;
  let writeKeyId: number;

  const policiesOf = async (id: number) => (await client.get(`/api/bills/${id}`).expect(200)).body.policies as { policy: string; stance: string; source: string; strength: string | null }[];
  const mapEntry = async (policy: string, id: string) =>
    ((await client.get(`/api/map?policy=${policy}`).expect(200)).body.results as { id: string; status: string; strength: string | null; laws: { title: string }[] }[]).find((e) => e.id === id)!;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    await createUser(ctx.handle.db, { email: EMAIL, name: 'Policy Analyst', password: PASSWORD });
    client = api(testApp(ctx.handle));
  });

  test('sign-in with the right password sets an HttpOnly session cookie and returns a CSRF token; a wrong one is a 401', async () => {
    const wrong = await client.post('/api/session').send({ email: EMAIL, password: 'guess' }).expect(401);
    expect(wrong.body.error).toEqual({ code: 'unauthorized', message: 'wrong email or password' });
    const res = await client.post('/api/session').send({ email: EMAIL.toUpperCase(), password: PASSWORD }).expect(201);
    expect(res.body.user).toMatchObject({ email: EMAIL, name: 'Policy Analyst', role: 'staff' });
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(setCookie[0]).toMatch(/^tracker_session=[^;]+;.*HttpOnly/);
    expect(setCookie[0]).toMatch(/SameSite=Lax/);
    cookie = setCookie[0].split(';')[0];
    csrf = res.body.csrf_token;
    const me = await client.get('/api/me').set('Cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ email: EMAIL, via: 'session', csrf_token: csrf });
  });

  test('writes need sign-in, and a session write needs its CSRF token', async () => {
    const id = await billId(ctx.handle, 'HB 1100');
    await client.put(`/api/bills/${id}/policies/second-chance`).send({ decision: 'add', stance: 'supports' }).expect(401);
    const noCsrf = await client.put(`/api/bills/${id}/policies/second-chance`).set('Cookie', cookie).send({ decision: 'add', stance: 'supports' }).expect(403);
    expect(noCsrf.body.error.message).toBe('missing or wrong CSRF token');
    await client.put(`/api/bills/${id}/policies/second-chance`).set('Cookie', cookie).set('X-CSRF-Token', 'not-it').send({ decision: 'add' }).expect(403);
    expect(await policiesOf(id)).toEqual([]);
  });

  test('API keys: issued once, listed without the secret, stored only as a hash', async () => {
    const read = await client.post('/api/keys').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ name: 'dashboard' }).expect(201);
    expect(read.body).toMatchObject({ key: expect.stringMatching(/^pt_/), scopes: ['read'] });
    readKey = read.body.key;
    const write = await client.post('/api/keys').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ name: 'importer', scopes: ['read', 'write'] }).expect(201);
    writeKey = write.body.key;
    writeKeyId = write.body.id;
    const listed = await client.get('/api/keys').set('Cookie', cookie).expect(200);
    expect(listed.body.results.map((k: { name: string }) => k.name)).toEqual(['dashboard', 'importer']);
    expect(JSON.stringify(listed.body)).not.toContain(readKey.slice(10));
    const stored = await queryRows<Record<string, unknown>>(ctx.handle.db, sql`SELECT * FROM api_keys`);
    expect(JSON.stringify(stored)).not.toContain(readKey.slice(10));
    expect(JSON.stringify(stored)).not.toContain(writeKey.slice(10));
  });

  test('a read key reads but cannot write', async () => {
    const id = await billId(ctx.handle, 'HB 1100');
    await client.get('/api/bills?limit=1').set('Authorization', `Bearer ${readKey}`).expect(200);
    const denied = await client.put(`/api/bills/${id}/policies/second-chance`).set('Authorization', `Bearer ${readKey}`).send({ decision: 'add' }).expect(403);
    expect(denied.body.error.message).toBe('this API key is read-only');
  });

  test('confirm, add and reject decisions show in /api/bills with source staff; withdrawing one restores the machine', async () => {
    const hb5099 = await billId(ctx.handle, 'HB 5099');
    const hb1100 = await billId(ctx.handle, 'HB 1100');
    const hb9 = await billId(ctx.handle, 'HB 9');
    const auth = { Authorization: `Bearer ${writeKey}` };

    const confirm = await client.put(`/api/bills/${hb5099}/policies/no-knock`).set(auth).send({ decision: 'confirm', stance: 'supports', strength: 'full', note: 'Chapter 39' }).expect(200);
    expect(confirm.body).toMatchObject({ bill_id: hb5099, policy: 'no-knock', decision: 'confirm', strength: 'full' });
    expect(await policiesOf(hb5099)).toEqual([expect.objectContaining({ policy: 'no-knock', stance: 'supports', source: 'staff', strength: 'full' })]);
    expect(await mapEntry('no-knock', VIRGINIA)).toMatchObject({ status: 'enacted', strength: 'full' });

    // With a session: cookie plus CSRF token.
    await client.put(`/api/bills/${hb1100}/policies/second-chance`).set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ decision: 'add', stance: 'supports' }).expect(200);
    const added = (await client.get('/api/bills?policy=second-chance').expect(200)).body.results;
    expect(added).toEqual([expect.objectContaining({ identifier: 'HB 1100', policies: [expect.objectContaining({ policy: 'second-chance', stance: 'supports', source: 'staff', score: null })] })]);

    await client.put(`/api/bills/${hb9}/policies/no-knock`).set(auth).send({ decision: 'reject', note: 'not about warrants after all' }).expect(200);
    expect(await policiesOf(hb9)).toEqual([]);
    expect((await client.get('/api/bills?policy=no-knock&stance=opposes').expect(200)).body.results).toEqual([]);
    expect((await mapEntry('no-knock', VIRGINIA)) as unknown).toMatchObject({ threats: [] });

    await client.delete(`/api/bills/${hb9}/policies/no-knock`).set(auth).expect(204);
    expect(await policiesOf(hb9)).toEqual([expect.objectContaining({ policy: 'no-knock', stance: 'opposes', source: 'machine' })]);
    await client.delete(`/api/bills/${hb9}/policies/no-knock`).set(auth).expect(404);
  });

  test('decisions on an unknown bill or policy are a 404; a bad decision a 400 naming it', async () => {
    const auth = { Authorization: `Bearer ${writeKey}` };
    await client.put('/api/bills/999999/policies/no-knock').set(auth).send({ decision: 'confirm' }).expect(404);
    await client.put(`/api/bills/${await billId(ctx.handle, 'HB 9')}/policies/curfews`).set(auth).send({ decision: 'confirm' }).expect(404);
    const bad = await client.put(`/api/bills/${await billId(ctx.handle, 'HB 9')}/policies/no-knock`).set(auth).send({ decision: 'maybe', strength: 'strong' }).expect(400);
    expect(bad.body.error.details.map((d: { parameter: string }) => d.parameter)).toEqual(['decision', 'strength']);
  });

  test('a curated law created by staff shows on the map at once, and an edit moves it', async () => {
    const auth = { Authorization: `Bearer ${writeKey}` };
    expect(await mapEntry('violence-prevention', DENVER)).toMatchObject({ status: 'none' });
    const created = await client
      .post('/api/curated-laws')
      .set(auth)
      .send({
        jurisdiction_id: DENVER,
        policy_id: 'violence-prevention',
        kind: 'budget',
        title: 'FY2026 budget: community violence intervention program',
        adopted_on: '2025-11-10',
        outcome: 'enacted',
        strength: 'partial',
        source_urls: ['https://www.denvergov.org/budget-2026'],
      })
      .expect(201);
    expect(created.body).toMatchObject({ policy: 'violence-prevention', outcome: 'enacted', kind: 'budget' });
    expect(await mapEntry('violence-prevention', DENVER)).toMatchObject({ status: 'enacted', strength: 'partial', laws: [expect.objectContaining({ title: 'FY2026 budget: community violence intervention program' })] });

    const edited = await client.patch(`/api/curated-laws/${created.body.id}`).set(auth).send({ outcome: 'overturned', voided_on: '2026-03-01' }).expect(200);
    expect(edited.body).toMatchObject({ outcome: 'overturned', voided_on: '2026-03-01', title: 'FY2026 budget: community violence intervention program' });
    expect(await mapEntry('violence-prevention', DENVER)).toMatchObject({ status: 'overturned' });
    expect((await client.get(`/api/curated-laws/${created.body.id}`).expect(200)).body.outcome).toBe('overturned');
    expect((await client.get(`/api/curated-laws?jurisdiction=${encodeURIComponent(DENVER)}&policy=violence-prevention`).expect(200)).body.results).toHaveLength(1);
  });

  test('curated-law mistakes are 400s naming the field, unknown ids 404s', async () => {
    const auth = { Authorization: `Bearer ${writeKey}` };
    const unknownPlace = await client
      .post('/api/curated-laws')
      .set(auth)
      .send({ jurisdiction_id: 'ocd-jurisdiction/country:us/state:co/place:atlantis/government', policy_id: 'no-knock', title: 'x', outcome: 'enacted', source_urls: ['https://example.org'] })
      .expect(400);
    expect(unknownPlace.body.error.details).toEqual([{ parameter: 'jurisdiction_id', message: 'no such jurisdiction' }]);
    const unknownPolicy = await client
      .post('/api/curated-laws')
      .set(auth)
      .send({ jurisdiction_id: COLORADO, policy_id: 'curfews', title: 'x', outcome: 'enacted', source_urls: ['https://example.org'] })
      .expect(400);
    expect(unknownPolicy.body.error.details).toEqual([{ parameter: 'policy_id', message: 'no such policy' }]);
    const invalid = await client.post('/api/curated-laws').set(auth).send({ jurisdiction_id: 'Denver', title: '', outcome: 'won', source_urls: ['javascript:alert(1)'] }).expect(400);
    expect(invalid.body.error.details.map((d: { parameter: string }) => d.parameter).sort()).toEqual(['jurisdiction_id', 'outcome', 'policy_id', 'source_urls.0', 'title']);
    await client.patch('/api/curated-laws/424242').set(auth).send({ outcome: 'failed' }).expect(404);
    await client.get('/api/curated-laws/424242').expect(404);
    const badMove = await client.patch('/api/curated-laws/1').set(auth).send({ jurisdiction_id: 'ocd-jurisdiction/nowhere' }).expect(400);
    expect(badMove.body.error.details).toEqual([{ parameter: 'jurisdiction_id', message: 'no such jurisdiction' }]);
  });

  test('a revoked key is refused with 401 everywhere, and signing out ends the session', async () => {
    await client.delete(`/api/keys/${writeKeyId}`).set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
    const revoked = await client.get('/api/bills').set('Authorization', `Bearer ${writeKey}`).expect(401);
    expect(revoked.body.error).toEqual({ code: 'unauthorized', message: 'invalid or revoked API key' });
    await client.put(`/api/bills/${await billId(ctx.handle, 'HB 9')}/policies/no-knock`).set('Authorization', `Bearer ${writeKey}`).send({ decision: 'confirm' }).expect(401);
    await client.delete(`/api/keys/${writeKeyId}`).set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(404);
    const keys = (await client.get('/api/keys').set('Cookie', cookie).expect(200)).body.results;
    expect(keys.find((k: { id: number }) => k.id === writeKeyId).revoked_at).not.toBeNull();

    await client.delete('/api/session').set('Cookie', cookie).expect(204);
    await client.get('/api/me').set('Cookie', cookie).expect(401);
  });
});
