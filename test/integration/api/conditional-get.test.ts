import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { VIRGINIA, billId, loadApiFixtures } from './api-fixtures.js';

describeEachDatabase('conditional GET, caching, CORS and security headers', (ctx) => {
  let client: ReturnType<typeof api>;
  let reads: string[];

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    client = api(testApp(ctx.handle));
    reads = [
      '/api/policies',
      '/api/jurisdictions?state=VA',
      `/api/jurisdictions/${encodeURIComponent(VIRGINIA)}`,
      '/api/bills?policy=no-knock',
      '/api/bills.csv?policy=no-knock',
      `/api/bills/${await billId(ctx.handle, 'HB 5099')}`,
      '/api/map?policy=no-knock',
      '/api/map.csv?policy=no-knock',
      '/api/changes',
      '/api/feeds/changes.atom',
    ];
  });

  test('every public read has an ETag, and sending it back gets an empty 304', async () => {
    for (const url of reads) {
      const first = await client.get(url).expect(200);
      expect({ url, etag: first.headers.etag }).toEqual({ url, etag: expect.stringMatching(/^(W\/)?"/) });
      const again = await client.get(url).set('If-None-Match', first.headers.etag).expect(304);
      expect(again.text).toBe('');
    }
  });

  test('when the data changes the old ETag no longer matches', async () => {
    const first = await client.get('/api/bills?jurisdiction=VA').expect(200);
    await importFixtureBills(ctx.handle, [makeBill({ identifier: 'HB 77', externalId: 'etag-change', session: '2026', title: 'Parole; earned sentence credits expanded' })]);
    const after = await client.get('/api/bills?jurisdiction=VA').set('If-None-Match', first.headers.etag).expect(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.body.results.map((b: { identifier: string }) => b.identifier)).toContain('HB 77');
  });

  test('public reads may be cached a minute and read from any site (CORS)', async () => {
    for (const url of reads) {
      const res = await client.get(url).set('Origin', 'https://advocates.example').expect(200);
      expect({ url, cors: res.headers['access-control-allow-origin'], cache: res.headers['cache-control'] }).toEqual({ url, cors: '*', cache: 'public, max-age=60' });
    }
  });

  test('staff answers are neither shared with other sites nor publicly cached', async () => {
    const res = await client.get('/api/me').set('Origin', 'https://advocates.example').expect(401);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('error answers of public reads are never cached (a cached 404 would outlive the record being added)', async () => {
    for (const [url, status] of [['/api/bills/999999', 404], ['/api/bills?status=maybe', 400], ['/api/map', 400], ['/api/nope', 404]] as const) {
      const res = await request(testApp(ctx.handle)).get(url).set('Origin', 'https://advocates.example').expect(status);
      expect({ url, cache: res.headers['cache-control'] }).toEqual({ url, cache: 'no-store' });
    }
    const found = await client.get('/api/policies').expect(200);
    expect(found.headers['cache-control']).toBe('public, max-age=60');
  });

  test('CORS preflight on public reads: 204 allowing GET and HEAD from any origin; unknown and staff paths get none', async () => {
    const preflight = (url: string) =>
      request(testApp(ctx.handle)).options(url).set('Origin', 'https://advocates.example').set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'if-none-match');
    for (const url of ['/api/bills?policy=no-knock', `/api/jurisdictions/${encodeURIComponent(VIRGINIA)}`, '/api/map.csv', '/api/feeds/changes.atom']) {
      const res = await preflight(url).expect(204);
      expect({ url, origin: res.headers['access-control-allow-origin'], methods: res.headers['access-control-allow-methods'] }).toEqual({ url, origin: '*', methods: 'GET, HEAD' });
      expect(res.headers['access-control-allow-headers']).toMatch(/If-None-Match/);
      expect(res.text).toBe('');
    }
    await preflight('/api/nope').expect(404);
    const staff = await preflight('/api/keys');
    expect(staff.status).not.toBe(204);
    expect(staff.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('helmet security headers are on API answers', async () => {
    const res = await client.get('/api/policies').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
