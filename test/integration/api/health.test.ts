import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { shippedMigrations } from '../../../db/migrate.js';

describeEachDatabase('GET /api/health', (ctx) => {
  test('reports the database up and migrated', async () => {
    const res = await request(testApp(ctx.handle)).get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { kind: ctx.kind, reachable: true, migrations: { applied: shippedMigrations().length, current: true } },
    });
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
