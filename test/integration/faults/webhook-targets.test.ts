/**
 * Webhooks cannot reach internal services. Every refusal here is decided without
 * connecting anywhere: literal addresses are judged as written, names through an injected
 * resolver (which records what it was asked). The one delivery made goes to a loopback
 * receiver, with ALLOW_PRIVATE_WEBHOOKS on, to show the request connects to the pinned
 * address rather than resolving the name again.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { isPublicAddress, resolveWebhookTarget, type HostResolver } from '../../../server/alerts/webhook-target.js';
import { webhookSender } from '../../../server/alerts/webhook-sender.js';
import type { ClaimedNotification } from '../../../server/alerts/deliver-notifications.js';

/** Internal targets in the forms an attacker writes them. */
const INTERNAL_URLS = [
  'http://127.0.0.1:5432/', 'http://0x7f000001/', 'http://2130706433/', 'http://127.1/', 'http://0177.0.0.1/', 'http://[::1]:8080/',
  'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[::127.0.0.1]/', 'http://[64:ff9b::a9fe:a9fe]/', 'http://[2002:c0a8:101::1]/',
  'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/', 'http://172.16.3.4/', 'http://192.168.1.1/admin', 'http://100.64.0.1/',
  'http://0.0.0.0/', 'http://[fe80::1]/', 'http://[fd12:3456::1]/', 'http://224.0.0.1/', 'http://localhost:3000/', 'http://api.localhost/',
];

/** A resolver that never touches the network: answers from a table and records every question. */
function tableResolver(table: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = (async (hostname: string) => {
    asked.push(hostname);
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as HostResolver & { asked: string[] };
  resolve.asked = asked;
  return resolve;
}

const EVENT: ClaimedNotification['event'] = {
  kind: 'status-change', status_change_id: 1, changed_at: '2026-01-01T00:00:00.000Z',
  bill: { id: 1, identifier: 'HB 5099', title: 'No-knock search warrants prohibited', session: '2020S1', source_url: null },
  jurisdiction: { id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia' },
  from_stage: 'committee', to_stage: 'enacted', from_status: 'pending', to_status: 'enacted', action_date: '2020-10-28', action_description: 'Approved by Governor',
  policies: ['no-knock'],
};

function notificationTo(target: string): ClaimedNotification {
  return {
    id: 7, watchId: 3, eventKey: 'status-change:1', attempts: 1, createdAt: '2026-01-01T00:00:00.000Z', event: EVENT,
    watch: { id: 3, userId: 1, channel: 'webhook', target, secret: 'whsec_test', unsubscribeToken: 'u', description: 'bill HB 5099' },
  };
}

describe('webhook targets: which addresses are internal', () => {
  test('private, loopback, link-local, IPv4-in-IPv6 and special addresses are not public; ordinary public ones are', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.100.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fc00::1', '::ffff:10.0.0.1', '64:ff9b::c0a8:1', '2002:7f00:1::', 'ff02::1', '198.18.0.1']) {
      expect({ a, public: isPublicAddress(a) }).toEqual({ a, public: false });
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34', '172.32.0.1', '100.128.0.1']) {
      expect({ a, public: isPublicAddress(a) }).toEqual({ a, public: true });
    }
  });

  test('every internal URL form is refused, literal addresses without any lookup', async () => {
    const resolve = tableResolver({});
    for (const url of INTERNAL_URLS) {
      await expect(resolveWebhookTarget(url, { allowPrivate: false, resolve })).rejects.toThrow(/private, loopback or link-local|this machine \(loopback\)/);
    }
    expect(resolve.asked).toEqual([]);
  });

  test('a name is judged by every address it resolves to; a public one is accepted and pinned', async () => {
    const resolve = tableResolver({ 'hooks.example.org': ['93.184.216.34'], 'mixed.example.org': ['93.184.216.34', '10.0.0.7'], 'meta.example.org': ['169.254.169.254'] });
    await expect(resolveWebhookTarget('https://hooks.example.org/tracker', { allowPrivate: false, resolve })).resolves.toMatchObject({ hostname: 'hooks.example.org', address: '93.184.216.34', family: 4 });
    await expect(resolveWebhookTarget('https://mixed.example.org/', { allowPrivate: false, resolve })).rejects.toThrow('10.0.0.7 is a private, loopback or link-local address (mixed.example.org resolves to it)');
    await expect(resolveWebhookTarget('https://meta.example.org/', { allowPrivate: false, resolve })).rejects.toThrow(/169\.254\.169\.254/);
    await expect(resolveWebhookTarget('https://nowhere.example.org/', { allowPrivate: false, resolve })).rejects.toThrow('host nowhere.example.org does not resolve (ENOTFOUND)');
  });

  test('at send time the target is checked again: a name that now resolves inside (DNS rebinding) is refused without a request', async () => {
    const send = webhookSender({ publicUrl: 'http://tracker.example', resolve: tableResolver({ 'hooks.example.org': ['127.0.0.1'] }) });
    await expect(send(notificationTo('http://hooks.example.org/tracker'))).rejects.toThrow(/^webhook target refused: 127\.0\.0\.1 is a private/);
    await expect(send(notificationTo('http://[::ffff:169.254.169.254]/'))).rejects.toThrow(/^webhook target refused/);
  });

  test('with ALLOW_PRIVATE_WEBHOOKS the request goes to the pinned address, the Host stays the name, and no answer body is kept', async () => {
    const seen: { host?: string; headers?: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      req.resume();
      seen.push({ host: req.headers.host, headers: req.headers });
      res.writeHead(500, { 'content-type': 'text/plain' }).end('SECRET internal admin page');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    try {
      const resolve = tableResolver({ 'hooks.example.test': ['127.0.0.1'] });
      const send = webhookSender({ publicUrl: 'http://tracker.example', allowPrivate: true, resolve });
      const failure = await send(notificationTo(`http://hooks.example.test:${port}/hook`)).then(() => null, (e: Error) => e.message);
      expect(failure).toBe('webhook answered HTTP 500');
      expect(seen).toHaveLength(1);
      expect(seen[0].host).toBe(`hooks.example.test:${port}`);
      expect(seen[0].headers?.['x-tracker-delivery']).toBe('7');
      expect(resolve.asked).toEqual(['hooks.example.test']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describeEachDatabase('webhook watches refuse internal targets', (ctx) => {
  let auth: { Authorization: string };

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    const user = await createUser(ctx.handle.db, { email: 'hooks@example.org', name: 'Hooks', password: 'a long enough passphrase' });
    auth = { Authorization: `Bearer ${(await issueApiKey(ctx.handle.db, user.id, 'hooks', ['read', 'write'])).key}` };
  });

  test('POST /api/watches with an internal target is a 400 naming target; a public name is accepted', async () => {
    const resolve = tableResolver({ 'hooks.example.org': ['93.184.216.34'], 'rebind.example.org': ['192.168.4.4'] });
    const app = testApp(ctx.handle, {}, { resolveHost: resolve });
    for (const target of [...INTERNAL_URLS, 'http://rebind.example.org/']) {
      const res = await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'webhook', target });
      expect({ target, status: res.status }).toEqual({ target, status: 400 });
      expect(res.body.error.details).toEqual([{ parameter: 'target', message: expect.stringMatching(/^webhook target refused: /) }]);
    }
    const ok = await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'webhook', target: 'https://hooks.example.org/tracker' }).expect(201);
    expect(ok.body).toMatchObject({ channel: 'webhook', target: 'https://hooks.example.org/tracker', webhook_secret: expect.stringMatching(/^whsec_/) });
    expect(resolve.asked).toEqual(['rebind.example.org', 'hooks.example.org']);
  });

  test('editing a watch into an internal webhook (PATCH /api/watches/:id, the My watches form) is refused naming target; the watch is kept as it was', async () => {
    const resolve = tableResolver({ 'hooks.example.org': ['93.184.216.34'], 'rebind.example.org': ['10.9.8.7'] });
    const app = testApp(ctx.handle, {}, { resolveHost: resolve });
    const hook = await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'webhook', target: 'https://hooks.example.org/tracker' }).expect(201);
    const mail = await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'email' }).expect(201);
    for (const [id, edit] of [
      [hook.body.id, { target: 'http://169.254.169.254/latest/meta-data/' }],
      [hook.body.id, { target: 'http://rebind.example.org/' }],
      [mail.body.id, { channel: 'webhook', target: 'http://[::ffff:127.0.0.1]/' }],
    ] as const) {
      const res = await request(app).patch(`/api/watches/${id}`).set(auth).send(edit).expect(400);
      expect(res.body.error.details).toEqual([{ parameter: 'target', message: expect.stringMatching(/^webhook target refused: /) }]);
    }
    const kept = (await request(app).get('/api/watches').set(auth).expect(200)).body.results as { id: number; channel: string; target: string }[];
    expect(kept.find((w) => w.id === hook.body.id)).toMatchObject({ channel: 'webhook', target: 'https://hooks.example.org/tracker' });
    expect(kept.find((w) => w.id === mail.body.id)).toMatchObject({ channel: 'email', target: 'hooks@example.org' });

    // The same edit from the My watches page: sent back with the refusal, nothing saved.
    const agent = request.agent(app);
    await agent.post('/staff/sign-in').type('form').send({ email: 'hooks@example.org', password: 'a long enough passphrase' }).expect(303);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/staff/watches').expect(200)).text)![1];
    const form = await agent.post(`/staff/watches/${mail.body.id}`).type('form').send({ _csrf: csrf, channel: 'webhook', target: 'http://192.168.1.1/admin' }).expect(303);
    expect(decodeURIComponent(form.headers.location)).toMatch(/error=target: webhook target refused: 192\.168\.1\.1 is a private/);
    expect((await request(app).get('/api/watches').set(auth)).body.results.find((w: { id: number }) => w.id === mail.body.id)).toMatchObject({ channel: 'email' });
    expect(resolve.asked).toEqual(['hooks.example.org', 'rebind.example.org']);
  });

  test('a test send to a webhook whose name now resolves inside (rebinding) is a 400 naming target, made without a request', async () => {
    const table: Record<string, string[]> = { 'hooks.example.org': ['93.184.216.34'] };
    const app = testApp(ctx.handle, {}, { resolveHost: tableResolver(table) });
    const hook = await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'webhook', target: 'https://hooks.example.org/test-send' }).expect(201);
    table['hooks.example.org'] = ['127.0.0.1'];
    const res = await request(app).post(`/api/watches/${hook.body.id}/test`).set(auth).send({}).expect(400);
    expect(res.body.error.details).toEqual([{ parameter: 'target', message: 'webhook target refused: 127.0.0.1 is a private, loopback or link-local address (hooks.example.org resolves to it); webhooks go to public addresses only' }]);
  });

  test('a test email the mail server cannot take is a 502 saying so, not a server error', async () => {
    // Nothing listens on port 1 of loopback: the connection is refused at once.
    const app = testApp(ctx.handle, { SMTP_URL: 'smtp://127.0.0.1:1' });
    const mail = await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'email' }).expect(201);
    const res = await request(app).post(`/api/watches/${mail.body.id}/test`).set(auth).send({}).expect(502);
    expect(res.body.error).toMatchObject({ code: 'delivery_failed', message: expect.stringMatching(/^the test email could not be sent: .*ECONNREFUSED/) });
  });

  test('ALLOW_PRIVATE_WEBHOOKS=true accepts a loopback receiver (tests, private deployments)', async () => {
    const app = testApp(ctx.handle, { ALLOW_PRIVATE_WEBHOOKS: 'true' });
    await request(app).post('/api/watches').set(auth).send({ policy_id: 'no-knock', channel: 'webhook', target: 'http://127.0.0.1:9/hook' }).expect(201);
  });
});
