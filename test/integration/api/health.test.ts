import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { shippedMigrations } from '../../../db/migrate.js';
import { createApp } from '../../../server/app.js';
import { createLogger } from '../../../core/logger.js';
import { testConfig } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';

describeEachDatabase('GET /api/health', (ctx) => {
  test('reports the database up and migrated, no sources yet, and no scheduler in this process', async () => {
    const res = await api(testApp(ctx.handle)).get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { kind: ctx.kind, reachable: true, migrations: { applied: shippedMigrations().length, current: true } },
      sources: { total: 0, enabled: 0, ok: 0, failed: 0, failing: 0, probable_site_change: 0, never_run: 0, stale: 0 },
      scheduler: 'off',
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('says the scheduler is on once start-up hands the app a running one', async () => {
    const context = { handle: ctx.handle, config: testConfig(), logger: createLogger('silent'), scheduling: null as null | { reload: () => Promise<{ problems: unknown[] }> } };
    const client = api(createApp(context));
    expect((await client.get('/api/health').expect(200)).body.scheduler).toBe('off');
    // What cli/start.ts does after startBackground: the app reads it per request.
    context.scheduling = { reload: async () => ({ problems: [] }) };
    expect((await client.get('/api/health').expect(200)).body.scheduler).toBe('on');
  });

  test('unknown API paths answer 404 in the error shape, and security headers are set', async () => {
    const res = await request(testApp(ctx.handle)).get('/api/nope').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'GET /api/nope not found' } });
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('malformed JSON bodies are a 400, not a 500', async () => {
    const res = await request(testApp(ctx.handle)).post('/api/health').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.body.error.code).toBe('invalid_body');
  });
});
