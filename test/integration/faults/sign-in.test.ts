/**
 * Password guessing and session-cookie hardening: failure counters per account and per
 * address with a growing wait, shared by `POST /api/session` and `POST /staff/sign-in`;
 * hashes upgraded to the current scrypt cost on sign-in; `Origin: null` and cross-site
 * sign-in posts refused (login CSRF); `Secure` cookies over https, believing
 * X-Forwarded-Proto only from TRUST_PROXY; staff-rendered pages `Cache-Control: private`.
 */
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { createUser } from '../../../server/auth/auth-service.js';
import { issuePasswordReset, setAccountDisabled } from '../../../server/auth/accounts-service.js';
import { createSignInThrottle, FREE_ACCOUNT_FAILURES, FREE_ADDRESS_FAILURES, MAX_WAIT_MS, waitAfter } from '../../../server/auth/sign-in-throttle.js';
import { PASSWORD_PARAMS } from '../../../server/auth/secrets.js';
import { users } from '../../../db/schema/index.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';

const PASSWORD = 'correct horse battery staple';

describe('sign-in throttle rules (clock injected)', () => {
  test('waits grow after the free failures: 1 s, 2 s, 4 s ... capped at 15 minutes', () => {
    expect([5, 6, 7, 8].map((n) => waitAfter(n, FREE_ACCOUNT_FAILURES))).toEqual([0, 1000, 2000, 4000]);
    expect(waitAfter(40, FREE_ACCOUNT_FAILURES)).toBe(MAX_WAIT_MS);
  });

  test('one address guessing at many accounts is held back by its own counter', () => {
    let now = 0;
    const throttle = createSignInThrottle({ now: () => now });
    for (let i = 0; i < FREE_ADDRESS_FAILURES + 1; i += 1) throttle.recordFailure(`user${i}@example.org`, '198.51.100.7');
    expect(throttle.check('someone-new@example.org', '198.51.100.7')).toEqual({ retryAfterSeconds: 1, reason: 'address' });
    expect(throttle.check('someone-new@example.org', '198.51.100.8')).toBeNull();
    now += 1000;
    expect(throttle.check('someone-new@example.org', '198.51.100.7')).toBeNull();
  });

  test('a success clears the account, never the address; counters are forgotten after an hour without failures', () => {
    let now = 0;
    const throttle = createSignInThrottle({ now: () => now });
    for (let i = 0; i < FREE_ACCOUNT_FAILURES + 3; i += 1) throttle.recordFailure('Analyst@Example.org', `203.0.113.${i}`);
    expect(throttle.check('analyst@example.org', '203.0.113.99')).toEqual({ retryAfterSeconds: 4, reason: 'account' });
    throttle.recordSuccess('analyst@example.org');
    expect(throttle.check('analyst@example.org', '203.0.113.99')).toBeNull();
    for (let i = 0; i < FREE_ADDRESS_FAILURES + 1; i += 1) throttle.recordFailure(`x${i}@example.org`, '203.0.113.50');
    throttle.recordSuccess('x0@example.org');
    expect(throttle.check('x0@example.org', '203.0.113.50')?.reason).toBe('address');
    now += 61 * 60_000;
    expect(throttle.check('x0@example.org', '203.0.113.50')).toBeNull();
  });
});

describeEachDatabase('sign-in hardening', (ctx) => {
  let now = 1_000_000;
  const throttle = createSignInThrottle({ now: () => now });
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    await createUser(ctx.handle.db, { email: 'analyst@example.org', name: 'Analyst', password: PASSWORD });
    app = testApp(ctx.handle, {}, { signInThrottle: throttle });
  });

  test('after the free failures both forms refuse with 429 and Retry-After, the right password included, until the wait is over', async () => {
    for (let i = 0; i < FREE_ACCOUNT_FAILURES; i += 1) {
      // Alternate the two forms: they count against one account.
      if (i % 2) await request(app).post('/api/session').send({ email: 'analyst@example.org', password: `guess ${i}` }).expect(401);
      else await request(app).post('/staff/sign-in').type('form').send({ email: 'analyst@example.org', password: `guess ${i}` }).expect(401);
    }
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: 'one more guess' }).expect(401);
    const api = await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(429);
    expect(api.headers['retry-after']).toBe('1');
    expect(api.body.error).toMatchObject({ code: 'rate_limited', message: 'too many failed sign-ins: try again in 1 s' });
    const page = await request(app).post('/staff/sign-in').type('form').send({ email: 'ANALYST@example.org', password: PASSWORD }).expect(429);
    expect(page.text).toContain('Too many failed sign-ins. Try again in 1 seconds.');
    expect(page.headers['set-cookie']).toBeUndefined();

    now += 1000;
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: 'still guessing' }).expect(401);
    const longer = await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(429);
    expect(longer.headers['retry-after']).toBe('2');
    now += 2000;
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
    // The success cleared the account's counter.
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: 'typo' }).expect(401);
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
  });

  test('a hash made with the old scrypt cost is upgraded to the OWASP one on sign-in, and still signs in', async () => {
    expect(PASSWORD_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const [user] = await ctx.handle.db.select().from(users).where(eq(users.email, 'analyst@example.org'));
    // What the tracker stored before: N = 16384.
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync(PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`;
    await ctx.handle.db.update(users).set({ passwordHash: old }).where(eq(users.id, user.id));
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
    const [after] = await ctx.handle.db.select().from(users).where(eq(users.id, user.id));
    expect(after.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(after.passwordHash).not.toBe(old);
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
  });

  test('login CSRF: Origin null and other sites are refused on both forms; our own origin and scripts without one pass', async () => {
    for (const origin of ['null', 'https://evil.example']) {
      await request(app).post('/api/session').set('Origin', origin).send({ email: 'analyst@example.org', password: PASSWORD }).expect(403);
      await request(app).post('/staff/sign-in').set('Origin', origin).type('form').send({ email: 'analyst@example.org', password: PASSWORD }).expect(403);
    }
    const own = await request(app).post('/staff/sign-in').set('Host', 'tracker.example').set('Origin', 'http://tracker.example').type('form').send({ email: 'analyst@example.org', password: PASSWORD });
    expect(own.status).toBe(303);
    await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
    // Pages tell browsers to name our origin on our own posts.
    const form = await request(app).get('/staff/sign-in').expect(200);
    expect(form.headers['referrer-policy']).toBe('same-origin');
  });

  test('the other forms a stranger may post (choose a password, subscribe) refuse Origin null and other sites too', async () => {
    for (const origin of ['null', 'https://evil.example']) {
      await request(app).post('/account/password/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').set('Origin', origin).type('form').send({ password: 'a new long passphrase' }).expect(403);
      await request(app).post('/subscribe').set('Origin', origin).type('form').send({ email: 'someone@example.org', bill_id: '1' }).expect(403);
    }
  });

  test('a disabled account: the right password is told so; wrong ones still count toward the wait', async () => {
    const user = await createUser(ctx.handle.db, { email: 'former@example.org', name: 'Former', password: PASSWORD });
    await setAccountDisabled(ctx.handle.db, user.id, true, null);
    const told = await request(app).post('/api/session').send({ email: 'former@example.org', password: PASSWORD }).expect(401);
    expect(told.body.error.message).toBe('this account is disabled; ask an administrator');
    for (let i = 0; i <= FREE_ACCOUNT_FAILURES; i += 1) await request(app).post('/api/session').send({ email: 'former@example.org', password: `guess ${i}` }).expect(401);
    await request(app).post('/api/session').send({ email: 'former@example.org', password: PASSWORD }).expect(429);
  });

  test('a password chosen through a reset link clears the wrong guesses that locked the account', async () => {
    const user = await createUser(ctx.handle.db, { email: 'forgetful@example.org', name: 'Forgetful', password: PASSWORD });
    for (let i = 0; i <= FREE_ACCOUNT_FAILURES; i += 1) await request(app).post('/api/session').send({ email: 'forgetful@example.org', password: `guess ${i}` }).expect(401);
    await request(app).post('/api/session').send({ email: 'forgetful@example.org', password: PASSWORD }).expect(429);
    const { link } = await issuePasswordReset(ctx.handle.db, 'https://tracker.example.org', user.id, null);
    const path = new URL(link.url).pathname;
    await request(app).post(path).type('form').send({ password: 'a brand new long passphrase' }).expect(200);
    await request(app).post('/api/session').send({ email: 'forgetful@example.org', password: 'a brand new long passphrase' }).expect(201);
  });

  test('the session cookie is Secure over https: X-Forwarded-Proto believed only from TRUST_PROXY', async () => {
    const cookieOf = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0] ?? '';
    const direct = await request(app).post('/api/session').set('X-Forwarded-Proto', 'https').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
    expect(cookieOf(direct)).not.toMatch(/Secure/);
    const proxied = testApp(ctx.handle, { TRUST_PROXY: 'loopback' }, { signInThrottle: throttle });
    const viaProxy = await request(proxied).post('/api/session').set('X-Forwarded-Proto', 'https').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
    expect(cookieOf(viaProxy)).toMatch(/; Secure/);
    const page = await request(proxied).post('/staff/sign-in').set('X-Forwarded-Proto', 'https').type('form').send({ email: 'analyst@example.org', password: PASSWORD }).expect(303);
    expect(cookieOf(page)).toMatch(/; Secure/);
  });

  test('pages rendered for a signed-in member are Cache-Control: private; anonymous ones are not', async () => {
    const signedIn = await request(app).post('/api/session').send({ email: 'analyst@example.org', password: PASSWORD }).expect(201);
    const cookie = ([] as string[]).concat(signedIn.headers['set-cookie'])[0].split(';')[0];
    for (const url of ['/', '/policies', '/staff/review', '/staff/keys']) {
      const res = await request(app).get(url).set('Cookie', cookie);
      expect({ url, status: res.status, cache: res.headers['cache-control'] }).toEqual({ url, status: 200, cache: 'private, no-store' });
    }
    const anonymous = await request(app).get('/policies').expect(200);
    expect(anonymous.headers['cache-control'] ?? '').not.toMatch(/private/);
  });
});
