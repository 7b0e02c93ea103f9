/**
 * Bad input that used to reach PostgreSQL or throw (a 500): each is now a 400 naming the
 * field. Impossible dates (2025-02-30, year 0) in curated-law fields, cursors and search page
 * links; a malformed session cookie on any route, sign-in and health included; the compare,
 * law, subscription and account pages and forms.
 */
import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { loadApiFixtures } from '../api/api-fixtures.js';
import { LOUISVILLE } from '../../helpers/bill-fixtures.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const LAW = {
  jurisdiction_id: LOUISVILLE,
  policy_id: 'no-knock',
  title: 'Test ordinance restricting no-knock entries',
  outcome: 'enacted',
  source_urls: ['https://louisvilleky.gov/ordinance-test'],
};

describeEachDatabase('bad input is a 400 naming the field', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let auth: { Authorization: string };

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    const user = await createUser(ctx.handle.db, { email: 'dates@example.org', name: 'Dates', password: 'a long enough passphrase' });
    auth = { Authorization: `Bearer ${(await issueApiKey(ctx.handle.db, user.id, 'test', ['read', 'write'])).key}` };
    app = testApp(ctx.handle);
  });

  const badParameters = (res: request.Response) => (res.body.error.details as { parameter: string }[]).map((d) => d.parameter);

  test('impossible curated-law dates (Feb 30, year 0, month 13) are refused before SQL, on create and edit', async () => {
    for (const [field, value] of [['adopted_on', '2025-02-30'], ['effective_on', '0000-01-01'], ['voided_on', '2025-13-01']] as const) {
      const res = await request(app).post('/api/curated-laws').set(auth).send({ ...LAW, [field]: value }).expect(400);
      expect(badParameters(res)).toEqual([field]);
      expect(res.body.error.details[0].message).toMatch(/real calendar day/);
    }
    const history = await request(app).post('/api/curated-laws').set(auth).send({ ...LAW, history: [{ date: '2021-02-29', description: 'Passed' }] }).expect(400);
    expect(badParameters(history)).toEqual(['history.0.date']);
    const created = await request(app).post('/api/curated-laws').set(auth).send({ ...LAW, adopted_on: '2024-02-29' }).expect(201);
    const edit = await request(app).patch(`/api/curated-laws/${created.body.id}`).set(auth).send({ voided_on: '2025-02-30' }).expect(400);
    expect(badParameters(edit)).toEqual(['voided_on']);
  });

  test('a PATCH of the outcome alone keeps kind and stance (no defaults on an edit)', async () => {
    const created = await request(app).post('/api/curated-laws').set(auth).send({ ...LAW, kind: 'resolution', stance: 'opposes', title: 'Resolution opposing a ban' }).expect(201);
    expect(created.body).toMatchObject({ kind: 'resolution', stance: 'opposes', outcome: 'enacted' });
    const edited = await request(app).patch(`/api/curated-laws/${created.body.id}`).set(auth).send({ outcome: 'overturned' }).expect(200);
    expect(edited.body).toMatchObject({ kind: 'resolution', stance: 'opposes', outcome: 'overturned' });
    const read = await request(app).get(`/api/curated-laws/${created.body.id}`).expect(200);
    expect(read.body).toMatchObject({ kind: 'resolution', stance: 'opposes', outcome: 'overturned' });
  });

  test('tampered cursors and page links with impossible dates: 400 naming cursor / after', async () => {
    for (const day of ['0000-01-01', '2025-02-30']) {
      const cursor = b64({ sort: 'latest_action', key: [day, 1] });
      const api = await request(app).get(`/api/bills?cursor=${cursor}`).expect(400);
      expect(badParameters(api)).toEqual(['cursor']);
      const page = await request(app).get(`/search?after=${cursor}`).expect(400);
      expect(page.text).toContain('after');
      expect(page.headers['content-type']).toMatch(/html/);
    }
    for (const since of ['2025-02-30', '0000-01-01', '2025-01-01T24:00:00Z']) {
      const res = await request(app).get(`/api/changes?since=${encodeURIComponent(since)}`).expect(400);
      expect(badParameters(res)).toEqual(['since']);
    }
    // The same dates that are real pass.
    await request(app).get('/api/changes?since=2024-02-29').expect(200);
  });

  test('a malformed session cookie is a 400 naming it on every route (health and sign-in too), and the answer clears it', async () => {
    for (const [method, url] of [['get', '/api/health'], ['post', '/api/session'], ['get', '/'], ['get', '/staff/sign-in'], ['get', '/api/bills']] as const) {
      const res = await request(app)[method](url).set('Cookie', 'tracker_session=%E0%A4%A').send(method === 'post' ? { email: 'a@b.org', password: 'x' } : undefined);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.error.details).toEqual([{ parameter: 'cookie tracker_session', message: expect.stringContaining('cleared') }]);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).join()).toMatch(/tracker_session=;.*Expires=Thu, 01 Jan 1970/);
    }
    // A well-formed token that is no session is simply no session.
    await request(app).get('/api/health').set('Cookie', `tracker_session=${'A'.repeat(43)}`).expect(200);
  });

  test('the compare, law, subscription and account pages: a bad value is a 400 page naming the field', async () => {
    const named = async (res: request.Response, field: string) => {
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 400, type: expect.stringMatching(/html/) });
      expect(res.text).toContain(`<code>${field}</code>`);
    };
    await named(await request(app).get('/compare?policy=NOPE'), 'policy');
    await named(await request(app).get('/compare?policy=no-knock&jurisdiction=%E0%A4%A'), 'jurisdiction');
    await named(await request(app).get('/laws/99999999999999999999'), 'id');
    await named(await request(app).get('/laws/1?version=-1'), 'version');
    await named(await request(app).post('/subscribe').type('form').send({ email: 'not-an-address', bill_id: '1' }), 'email');
    await named(await request(app).post('/subscribe').type('form').send({ email: 'a@example.org', bill_id: '1e999' }), 'bill_id');
    await named(await request(app).post('/subscribe').type('form').send({ email: 'a@example.org', policy_id: 'No Such Policy' }), 'policy_id');
    await named(await request(app).post('/subscribe').type('form').send({ email: 'a@example.org', jurisdiction_ids: 'zz,,' }), 'jurisdiction_ids.0');
    // The administrator's forms, signed in with the session's CSRF token.
    await createUser(ctx.handle.db, { email: 'admin@example.org', name: 'Admin', password: 'a long enough passphrase', role: 'admin' });
    const agent = request.agent(app);
    await agent.post('/staff/sign-in').type('form').send({ email: 'admin@example.org', password: 'a long enough passphrase' }).expect(303);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/staff/accounts').expect(200)).text)![1];
    await named(await agent.post('/staff/accounts').type('form').send({ _csrf: csrf, name: 'B', email: 'b@example.org', role: 'owner' }), 'role');
    await named(await agent.post('/staff/accounts/99999999999999999999/disable').type('form').send({ _csrf: csrf }), 'id');
    await named(await agent.get('/staff/imports/abc'), 'id');
    // Without the token the same form is refused outright.
    await agent.post('/staff/accounts').type('form').send({ name: 'B', email: 'b@example.org' }).expect(403);
  });

  test('broken percent-encoding in a path is a 400, not a 500', async () => {
    const res = await request(app).get('/api/bills/%E0%A4%A');
    expect(res.status).toBe(400);
  });
});
