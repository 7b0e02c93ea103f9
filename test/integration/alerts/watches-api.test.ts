import request from 'supertest';
import { eq } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, watches } from '../../../db/schema/index.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { runAlertsOnce } from '../../../server/alerts/alerts-service.js';
import { EMAIL_NOT_CONFIGURED } from '../../../server/alerts/email-sender.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { importFixtureBills } from '../../helpers/bill-fixtures.js';
import { committeeAndPassed } from '../../helpers/alerts-fixtures.js';

const PUBLIC_URL = 'https://tracker.example.org';
const VA = 'ocd-jurisdiction/country:us/state:va/government';

describeEachDatabase('watches API, feeds and unsubscribe', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let key: string;
  let otherKey: string;
  let billId: number;
  const { inCommittee, passed } = committeeAndPassed({ title: 'Law-enforcement officers; decertification <script>alert(1)</script> & more' });

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    app = testApp(ctx.handle, { PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' });
    const me = await createUser(ctx.handle.db, { email: 'analyst@example.org', name: 'Analyst', password: 'correct horse battery' });
    const other = await createUser(ctx.handle.db, { email: 'other@example.org', name: 'Other', password: 'correct horse battery' });
    key = (await issueApiKey(ctx.handle.db, me.id, 'test', ['read', 'write'])).key;
    otherKey = (await issueApiKey(ctx.handle.db, other.id, 'test', ['read', 'write'])).key;
    await importFixtureBills(ctx.handle, [inCommittee]);
    [{ id: billId }] = await ctx.handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, 'SB 5030'));
  });

  test('creating a watch answers 400 naming each bad parameter', async () => {
    const bad = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'pager', bill_id: 'x', colour: 1 }).expect(400);
    expect(bad.body.error.details.map((d: { parameter: string }) => d.parameter).sort()).toEqual(['bill_id', 'channel', 'colour']);

    const missing = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'webhook' }).expect(400);
    expect(missing.body.error.details).toEqual([
      { parameter: 'bill_id', message: expect.stringContaining('give bill_id') },
      { parameter: 'target', message: 'a webhook needs a target URL' },
    ]);
    const both = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'email', bill_id: billId, policy_id: 'no-knock', target: 'not-an-email' }).expect(400);
    expect(both.body.error.details.map((d: { parameter: string }) => d.parameter)).toEqual(['policy_id', 'target']);
    const unknown = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`)
      .send({ channel: 'email', policy_id: 'no-such-policy', jurisdiction_ids: [VA, 'ocd-jurisdiction/country:us/state:zz/government'] }).expect(400);
    expect(unknown.body.error.details).toEqual([
      { parameter: 'policy_id', message: 'no policy no-such-policy' },
      { parameter: 'jurisdiction_ids.1', message: 'no jurisdiction ocd-jurisdiction/country:us/state:zz/government' },
    ]);
    const creds = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'webhook', bill_id: billId, target: 'https://u:p@example.org/hook' }).expect(400);
    expect(creds.body.error.details[0].parameter).toBe('target');
  });

  test('watches need a signed-in staff member, and a session needs its CSRF token to write', async () => {
    await request(app).get('/api/watches').expect(401);
    const login = await request(app).post('/api/session').send({ email: 'analyst@example.org', password: 'correct horse battery' }).expect(201);
    const cookie = login.headers['set-cookie'];
    await request(app).post('/api/watches').set('cookie', cookie).send({ channel: 'email', bill_id: billId }).expect(403);
    const ok = await request(app).post('/api/watches').set('cookie', cookie).set('x-csrf-token', login.body.csrf_token).send({ channel: 'email', bill_id: billId }).expect(201);
    await request(app).delete(`/api/watches/${ok.body.id}`).set('cookie', cookie).set('x-csrf-token', login.body.csrf_token).expect(204);
  });

  test('owners list, see deliveries of, and delete only their own watches; email waits while SMTP is not configured', async () => {
    const created = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'email', bill_id: billId }).expect(201);
    expect(created.body).toMatchObject({
      kind: 'bill', description: 'bill SB 5030', target: 'analyst@example.org', active: true, problem: EMAIL_NOT_CONFIGURED,
      feed_url: expect.stringMatching(/^https:\/\/tracker\.example\.org\/api\/feeds\/watch\/[A-Za-z0-9_-]+\.atom$/), webhook_secret: null,
    });
    const hook = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`)
      .send({ channel: 'webhook', policy_id: 'decertification', jurisdiction_ids: [VA], target: 'http://127.0.0.1:9/hook' }).expect(201);
    expect(hook.body).toMatchObject({ kind: 'policy', description: 'policy Officer decertification in ocd-jurisdiction/country:us/state:va/government', webhook_secret: expect.stringMatching(/^whsec_/) });

    await importFixtureBills(ctx.handle, [passed]);
    await runAlertsOnce(ctx.handle, testConfig({ PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' }), { maxAttempts: 1 });

    const list = await request(app).get('/api/watches').set('authorization', `Bearer ${key}`).expect(200);
    expect(list.body.results.map((w: { id: number }) => w.id)).toEqual([created.body.id, hook.body.id]);
    expect(list.body.results[0]).toMatchObject({ deliveries: { pending: 1, sent: 0, failed: 0 }, problem: EMAIL_NOT_CONFIGURED });
    expect(list.body.results[0].feed_url).toBeUndefined();
    expect(list.body.results[1]).toMatchObject({ deliveries: { failed: 1 }, problem: '1 delivery failed for good; see the delivery log' });

    const log = await request(app).get('/api/watches/deliveries').set('authorization', `Bearer ${key}`).expect(200);
    expect(log.body.results).toEqual([
      expect.objectContaining({ watch_id: hook.body.id, state: 'failed', attempts: 1, last_error: expect.stringMatching(/^webhook request failed/), summary: 'in committee → passed the legislature', bill: { id: billId, identifier: 'SB 5030' } }),
      expect.objectContaining({ watch_id: created.body.id, state: 'pending', attempts: 0, last_error: EMAIL_NOT_CONFIGURED, sent_at: null }),
    ]);
    const failedOnly = await request(app).get('/api/watches/deliveries?state=failed').set('authorization', `Bearer ${key}`).expect(200);
    expect(failedOnly.body.results).toHaveLength(1);
    await request(app).get('/api/watches/deliveries?state=lost').set('authorization', `Bearer ${key}`).expect(400);
    const theirs = await request(app).get('/api/watches/deliveries').set('authorization', `Bearer ${otherKey}`).expect(200);
    expect(theirs.body.results).toEqual([]);

    await request(app).delete(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${otherKey}`).expect(404);
    await request(app).delete(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${key}`).expect(204);
    await request(app).delete(`/api/watches/${hook.body.id}`).set('authorization', `Bearer ${key}`).expect(204);
  });

  test('the secret feed carries the watch\'s events as Atom, escaped; a rotated or unknown token is 404', async () => {
    const created = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'email', policy_id: 'decertification' }).expect(201);
    // The watch only covers changes after it was made: move the bill once more.
    await importFixtureBills(ctx.handle, [{ ...passed, actions: [...passed.actions!, { date: '2020-10-21', description: 'Approved by Governor-Chapter 37', actorClassification: 'executive', sourceClassification: ['executive-signature'] }] }]);
    const path = new URL(created.body.feed_url).pathname;
    const feed = await request(app).get(path).expect(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('private, max-age=300');
    expect(feed.text).toContain('<title>SB 5030 (Virginia): passed the legislature → enacted</title>');
    expect(feed.text).toContain('decertification &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(feed.text).not.toContain('<script>');
    expect(feed.text).toContain(`<link rel="alternate" type="text/html" href="${PUBLIC_URL}/bills/${billId}"/>`);
    expect(feed.text.match(/<entry>/g)).toHaveLength(1);

    const rotated = await request(app).post(`/api/watches/${created.body.id}/feed-token`).set('authorization', `Bearer ${key}`).expect(201);
    await request(app).get(path).expect(404);
    await request(app).get(new URL(rotated.body.feed_url).pathname).expect(200);
    await request(app).get('/api/feeds/watch/not-a-real-token-but-long-enough.atom').expect(404);
    await request(app).get('/api/feeds/watch/x.rss').expect(404);
    await request(app).delete(`/api/watches/${created.body.id}`).set('authorization', `Bearer ${key}`).expect(204);
  });

  test('unsubscribe: a GET only shows the confirm form; the POST stops the watch', async () => {
    const created = await request(app).post('/api/watches').set('authorization', `Bearer ${key}`).send({ channel: 'email', bill_id: billId }).expect(201);
    const [row] = await ctx.handle.db.select().from(watches).where(eq(watches.id, created.body.id));
    const page = await request(app).get(`/unsubscribe/${row.unsubscribeToken}`).expect(200);
    expect(page.text).toContain(`<form method="post" action="/unsubscribe/${row.unsubscribeToken}">`);
    expect(page.text).toContain('bill SB 5030');
    expect(page.headers['cache-control']).toBe('no-store');
    await request(app).get(`/unsubscribe/${row.unsubscribeToken}`).expect(200);
    expect((await ctx.handle.db.select().from(watches).where(eq(watches.id, row.id)))[0].active).toBe(true);

    const done = await request(app).post(`/unsubscribe/${row.unsubscribeToken}`).type('form').send({ 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect(done.text).toContain('Alerts stopped');
    expect((await ctx.handle.db.select().from(watches).where(eq(watches.id, row.id)))[0].active).toBe(false);
    await request(app).post(`/unsubscribe/${row.unsubscribeToken}`).expect(200);
    const listed = await request(app).get('/api/watches').set('authorization', `Bearer ${key}`).expect(200);
    expect(listed.body.results.find((w: { id: number }) => w.id === row.id)).toMatchObject({ active: false });

    await request(app).get('/unsubscribe/unknown-token-that-is-long-enough').expect(404);
    await request(app).post('/unsubscribe/unknown-token-that-is-long-enough').expect(404);
  });
});
