import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills } from '../../helpers/bill-fixtures.js';
import { committeeAndPassed } from '../../helpers/alerts-fixtures.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { runAlertsOnce } from '../../../server/alerts/alerts-service.js';
import { billId, loadApiFixtures, VIRGINIA } from './api-fixtures.js';

const PUBLIC_URL = 'https://tracker.example.org';

/**
 * The watches API and a watch's secret feed answer in the shapes the OpenAPI document gives
 * (every request here is checked against it); their behaviour is tested in
 * test/integration/alerts/watches-api.test.ts.
 */
describeEachDatabase('watches API against its contract', (ctx) => {
  let client: ReturnType<typeof api>;
  let auth: { Authorization: string };
  const { inCommittee, passed } = committeeAndPassed();

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    const user = await createUser(ctx.handle.db, { email: 'analyst@example.org', name: 'Analyst', password: 'correct horse battery staple' });
    auth = { Authorization: `Bearer ${(await issueApiKey(ctx.handle.db, user.id, 'watcher', ['read', 'write'])).key}` };
    await importFixtureBills(ctx.handle, [inCommittee]);
    client = api(testApp(ctx.handle, { PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' }));
  });

  test('create, list, read the delivery log, rotate the feed URL, delete: each answer as documented', async () => {
    const bill = { id: await billId(ctx.handle, 'SB 5030') };
    const email = await client.post('/api/watches').set(auth).send({ channel: 'email', bill_id: bill.id }).expect(201);
    expect(email.body).toMatchObject({ kind: 'bill', webhook_secret: null, feed_url: expect.stringMatching(/^https:\/\/tracker\.example\.org\/api\/feeds\/watch\//) });
    const hook = await client.post('/api/watches').set(auth).send({ channel: 'webhook', policy_id: 'decertification', jurisdiction_ids: [VIRGINIA], target: 'http://127.0.0.1:9/hook' }).expect(201);
    expect(hook.body.webhook_secret).toMatch(/^whsec_/);

    await importFixtureBills(ctx.handle, [passed]);
    await runAlertsOnce(ctx.handle, testConfig({ PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' }), { maxAttempts: 1 });

    const listed = await client.get('/api/watches').set(auth).expect(200);
    expect(listed.body.results.map((w: { id: number }) => w.id)).toEqual([email.body.id, hook.body.id]);
    const log = await client.get('/api/watches/deliveries?limit=1').set(auth).expect(200);
    expect(log.body.results).toEqual([expect.objectContaining({ watch_id: hook.body.id, state: 'failed', bill: { id: bill.id, identifier: 'SB 5030' } })]);
    const older = await client.get(`/api/watches/deliveries?before=${log.body.next_before}`).set(auth).expect(200);
    expect(older.body).toMatchObject({ results: [expect.objectContaining({ watch_id: email.body.id, state: 'pending' })], next_before: null });

    const feedPath = new URL(email.body.feed_url).pathname;
    await client.get(feedPath).expect(200);
    const rotated = await client.post(`/api/watches/${email.body.id}/feed-token`).set(auth).expect(201);
    await client.get(feedPath).expect(404);
    await client.get(new URL(rotated.body.feed_url).pathname).expect(200);

    await client.delete(`/api/watches/${email.body.id}`).set(auth).expect(204);
    await client.delete(`/api/watches/${email.body.id}`).set(auth).expect(404);
    await client.post(`/api/watches/${email.body.id}/feed-token`).set(auth).expect(404);
  });

  test('mistakes and missing credentials answer in the error shape', async () => {
    const bad = await client.post('/api/watches').set(auth).send({ channel: 'webhook' }).expect(400);
    expect(bad.body.error.details.map((d: { parameter: string }) => d.parameter)).toEqual(['bill_id', 'target']);
    await client.get('/api/watches/deliveries?state=lost').set(auth).expect(400);
    await client.get('/api/watches?colour=red').set(auth).expect(400);
    await client.delete('/api/watches/abc').set(auth).expect(400);
    await client.get('/api/watches').expect(401);
    await client.get('/api/feeds/watch/not-a-real-token-but-long-enough.atom').expect(404);
  });
});
