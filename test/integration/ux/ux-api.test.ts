/**
 * The API side of issue 21 on PGlite and PostgreSQL: one jurisdiction parser (`va`,
 * `va,ky`, OCD ids) for bills, changes and watches; watches that pause and change
 * channel; the CSV exports' new columns; the comparison; accounts for administrators; Atom
 * entries that open the HTML page; short URLs.
 */
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, watches } from '../../../db/schema/index.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { matchWatches } from '../../../server/alerts/match-watches.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { importFixtureBills, makeBill, LOUISVILLE, VIRGINIA } from '../../helpers/bill-fixtures.js';
import type { HostResolver } from '../../../server/alerts/webhook-target.js';

const PUBLIC_URL = 'https://tracker.example.org';

describeEachDatabase('issue 21 API: jurisdictions, watches, exports, compare, accounts', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let staffKey: string;
  let adminKey: string;
  let hb5099: number;

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: true });
    // Webhook hosts are resolved (and must be public) when a watch is edited: answered from a table, never the network.
    const resolveHost = (async (hostname: string) => {
      if (hostname !== 'hooks.example.org') throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
      return [{ address: '93.184.216.34', family: 4 }];
    }) as HostResolver;
    app = testApp(ctx.handle, { PUBLIC_URL }, { resolveHost });
    const staff = await createUser(ctx.handle.db, { email: 'analyst@example.org', name: 'Analyst', password: 'correct horse battery' });
    const admin = await createUser(ctx.handle.db, { email: 'admin@example.org', name: 'Admin', password: 'correct horse battery', role: 'admin' });
    staffKey = (await issueApiKey(ctx.handle.db, staff.id, 'test', ['read', 'write'])).key;
    adminKey = (await issueApiKey(ctx.handle.db, admin.id, 'test', ['read', 'write'])).key;
    await importFixtureBills(ctx.handle, [
      makeBill({ sponsors: [{ name: 'Jay Jones', primary: true, classification: 'primary' }, { name: 'Lamont Bagby', primary: false, classification: 'cosponsor' }] }),
      makeBill({
        source: 'test-legistar', externalId: 'louisville-O-069-20', jurisdictionId: LOUISVILLE, session: '2020', identifier: 'O-069-20', chamber: 'council',
        title: "Ordinance amending LMCO relating to search warrants (Breonna's Law)", sourceUrl: 'https://louisville.legistar.com/LegislationDetail.aspx?ID=4567',
        actions: [{ date: '2020-06-11', description: 'Passed', actorClassification: 'council', sourceClassification: ['passage'] }],
      }),
    ]);
    [{ id: hb5099 }] = await ctx.handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, 'HB 5099'));
  });

  test('bills and changes take several jurisdictions at once; a bad one is a 400 naming jurisdiction', async () => {
    const both = await request(app).get('/api/bills?jurisdiction=va,ky').expect(200);
    expect(both.body.results.map((b: { identifier: string }) => b.identifier).sort()).toEqual(['HB 5099', 'O-069-20']);
    const repeated = await request(app).get(`/api/bills?jurisdiction=va&jurisdiction=${encodeURIComponent(LOUISVILLE)}`).expect(200);
    expect(repeated.body.total).toBe(2);
    expect((await request(app).get('/api/bills?jurisdiction=ky').expect(200)).body.results.map((b: { identifier: string }) => b.identifier)).toEqual(['O-069-20']);
    const bad = await request(app).get('/api/bills?jurisdiction=va,virginia').expect(400);
    expect(bad.body.error.details).toEqual([{ parameter: 'jurisdiction', message: 'jurisdiction: "virginia" is not a two-letter state code (va) or an OCD id (ocd-jurisdiction/...)' }]);
    const changes = await request(app).get('/api/changes?since=2000-01-01&jurisdiction=ky,md').expect(200);
    expect(changes.body.results.map((c: { bill: { identifier: string } }) => c.bill.identifier)).toEqual(['O-069-20']);
  });

  test('watches accept `va` like /api/bills does: a KY watch covers a Louisville ordinance; watches pause and change channel', async () => {
    const created = await request(app).post('/api/watches').set('authorization', `Bearer ${staffKey}`).send({ channel: 'email', jurisdiction_ids: ['KY'] }).expect(201);
    expect(created.body).toMatchObject({ kind: 'jurisdiction', jurisdiction_ids: ['ky'], description: 'jurisdiction KY' });
    const search = await request(app).post('/api/watches').set('authorization', `Bearer ${staffKey}`).send({ channel: 'email', query: 'search warrants', jurisdiction_ids: ['va'] }).expect(201);
    expect(search.body).toMatchObject({ kind: 'search', query: 'search warrants', description: 'search “search warrants” in VA' });
    await request(app).post('/api/watches').set('authorization', `Bearer ${staffKey}`).send({ channel: 'email', jurisdiction_ids: ['zz'] }).expect(400);

    // A new change in a Louisville ordinance reaches the KY watch (and not the Virginia search).
    await importFixtureBills(ctx.handle, [makeBill({
      source: 'test-legistar', externalId: 'louisville-O-070-25', jurisdictionId: LOUISVILLE, session: '2025', identifier: 'O-070-25', chamber: 'council',
      title: 'Ordinance on search warrant review', actions: [{ date: '2025-03-01', description: 'Introduced', actorClassification: 'council', sourceClassification: ['introduction'] }],
    })]);
    const rows = async (watchId: number) => (await ctx.handle.db.execute(`SELECT event_key FROM notifications WHERE watch_id = ${watchId} AND state <> 'cursor'` as never) as unknown as { rows: { event_key: string }[] }).rows;
    await matchWatches(ctx.handle.db);
    expect((await rows(created.body.id)).length).toBe(1);
    expect(await rows(search.body.id)).toEqual([]);

    const paused = await request(app).patch(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${staffKey}`).send({ active: false }).expect(200);
    expect(paused.body).toMatchObject({ active: false, problem: expect.stringContaining('paused') });
    const hook = await request(app).patch(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${staffKey}`).send({ channel: 'webhook' }).expect(400);
    expect(hook.body.error.details[0].parameter).toBe('target');
    const moved = await request(app).patch(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${staffKey}`).send({ channel: 'webhook', target: 'https://hooks.example.org/t' }).expect(200);
    expect(moved.body.webhook_secret).toMatch(/^whsec_/);
    await request(app).patch(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${adminKey}`).send({ active: true }).expect(404);
    const [row] = await ctx.handle.db.select().from(watches).where(eq(watches.id, created.body.id));
    expect([row.channel, row.target, row.active]).toEqual(['webhook', 'https://hooks.example.org/t', false]);
  });

  test('the bills CSV has sponsors, the introduced date and its basis, and the tracker URL; what moved comes as CSV', async () => {
    const csv = await request(app).get('/api/bills.csv?jurisdiction=va').expect(200);
    const [row] = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({
      identifier: 'HB 5099', sponsors: 'Jay Jones; Lamont Bagby', introduced_date: '2020-08-18', introduced_basis: 'first action', latest_action_date: '2020-10-28',
      tracker_url: `${PUBLIC_URL}/bills/va/2020S1/HB5099`,
    });
    const changes = await request(app).get('/api/changes.csv?since=2000-01-01&jurisdiction=va').expect(200);
    expect(changes.headers['content-type']).toMatch(/^text\/csv/);
    const list = parse(changes.text, { columns: true }) as Record<string, string>[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.identifier === 'HB 5099' && c.tracker_url === `${PUBLIC_URL}/bills/va/2020S1/HB5099`)).toBe(true);
  });

  test('Atom entries link to the bill page as HTML; short URLs and their redirects', async () => {
    const feed = await request(app).get('/api/feeds/changes.atom?jurisdiction=va').expect(200);
    expect(feed.text).toContain(`<link rel="alternate" type="text/html" href="${PUBLIC_URL}/bills/va/2020S1/HB5099"/>`);
    const redirect = await request(app).get(`/bills/${hb5099}?version=3`).set('accept', 'text/html').expect(301);
    expect(redirect.headers.location).toBe('/bills/va/2020S1/HB5099?version=3');
    await request(app).get('/bills/va/2020S1/hb5099').set('accept', 'text/html').expect(200);
    await request(app).get('/bills/va/2020S1/HB9999').set('accept', 'text/html').expect(404);
    expect((await request(app).get(`/jurisdictions/${encodeURIComponent('state:ky/place:louisville/government')}`).expect(301)).headers.location).toBe('/ky/louisville');
    const page = await request(app).get('/ky/louisville').set('accept', 'text/html').expect(200);
    expect(page.text).toContain('<h1>Louisville');
    expect(page.text).toContain(`<meta property="og:url" content="${PUBLIC_URL}/ky/louisville">`);
    await request(app).get('/zz').set('accept', 'text/html').expect(404);
  });

  test('the comparison: one column per jurisdiction, "no law" without a text, CSV with the same columns', async () => {
    const json = await request(app).get(`/api/adoption/compare?policy=no-knock&jurisdiction=va,${encodeURIComponent(LOUISVILLE)}`).expect(200);
    expect(json.body.columns.map((c: { id: string }) => c.id)).toEqual([VIRGINIA, LOUISVILLE]);
    expect(json.body.columns[1]).toMatchObject({ summary: 'no law in force with a text', words: 'Not adopted', score: 0 });
    const csv = await request(app).get(`/api/adoption/compare.csv?policy=no-knock&jurisdiction=va,${encodeURIComponent(LOUISVILLE)}`).expect(200);
    expect(csv.text.split(/\r?\n/)[0]).toBe('provision,statement,required,Virginia,Louisville/Jefferson County Metro Government');
    await request(app).get('/api/adoption/compare?policy=no-knock').expect(400);
  });

  test('accounts are for administrators: invite answers a one-time link; a disabled account\'s API key stops working', async () => {
    await request(app).get('/api/users').set('authorization', `Bearer ${staffKey}`).expect(403);
    const list = await request(app).get('/api/users').set('authorization', `Bearer ${adminKey}`).expect(200);
    expect(list.body.results.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining(['analyst@example.org', 'admin@example.org']));
    const invited = await request(app).post('/api/users').set('authorization', `Bearer ${adminKey}`).send({ email: 'new@example.org', name: 'New Person' }).expect(201);
    expect(invited.body).toMatchObject({ account: { email: 'new@example.org', role: 'staff', invited: true }, emailed: false });
    expect(invited.body.link).toMatch(new RegExp(`^${PUBLIC_URL}/account/password/[A-Za-z0-9_-]{40,}$`));
    await request(app).post('/api/users').set('authorization', `Bearer ${adminKey}`).send({ email: 'new@example.org', name: 'Again' }).expect(409);
    // An invited account cannot sign in before choosing a password.
    await request(app).post('/api/session').send({ email: 'new@example.org', password: 'anything at all' }).expect(401);

    const analyst = list.body.results.find((u: { email: string }) => u.email === 'analyst@example.org');
    await request(app).get('/api/watches').set('authorization', `Bearer ${staffKey}`).expect(200);
    await request(app).patch(`/api/users/${analyst.id}`).set('authorization', `Bearer ${adminKey}`).send({ disabled: true }).expect(200);
    await request(app).get('/api/watches').set('authorization', `Bearer ${staffKey}`).expect(401);
    const refused = await request(app).post('/api/session').send({ email: 'analyst@example.org', password: 'correct horse battery' }).expect(401);
    expect(refused.body.error.message).toContain('disabled');
    await request(app).patch(`/api/users/${analyst.id}`).set('authorization', `Bearer ${adminKey}`).send({ disabled: false }).expect(200);
    await request(app).get('/api/watches').set('authorization', `Bearer ${staffKey}`).expect(200);
  });
});
