import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { loadApiFixtures } from './api-fixtures.js';

describeEachDatabase('per-client rate limit', (ctx) => {
  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
  });

  test('an anonymous client gets 429 with Retry-After after API_RATE_LIMIT requests a minute', async () => {
    const client = api(testApp(ctx.handle, { API_RATE_LIMIT: '5' }));
    for (let i = 0; i < 5; i += 1) {
      const res = await client.get('/api/policies').expect(200);
      expect(res.headers['ratelimit-remaining']).toBe(String(4 - i));
    }
    const limited = await client.get('/api/bills').expect(429);
    expect(limited.body.error).toEqual({ code: 'rate_limited', message: 'too many requests: at most 5 a minute' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['cache-control']).toBe('no-store');
  });

  test('a client with an API key is not held to the anonymous limit', async () => {
    const user = await createUser(ctx.handle.db, { email: 'limits@example.org', name: 'Limits', password: 'long enough password' });
    const { key } = await issueApiKey(ctx.handle.db, user.id, 'newsroom', ['read']);
    const client = api(testApp(ctx.handle, { API_RATE_LIMIT: '5' }));
    for (let i = 0; i < 8; i += 1) await client.get('/api/policies').set('Authorization', `Bearer ${key}`).expect(200);
    await client.get('/api/policies').expect(200);
  });
});
