import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { encodeCursor } from '../../../server/api/cursor.js';
import { loadApiFixtures } from './api-fixtures.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parametersOf = (body: { error: { details: { parameter: string }[] } }) => body.error.details.map((d) => d.parameter).sort();

describeEachDatabase('API errors', (ctx) => {
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    client = api(testApp(ctx.handle));
  });

  test('bad parameters are one 400 naming each bad parameter and why', async () => {
    const res = await client.get('/api/bills?policy=No%20Knock&stance=for&jurisdiction=Virginia&classification=city&stage=signed&status=alive&updated_since=last%20week&sort=popular&limit=0&colour=red').expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(parametersOf(res.body)).toEqual(['classification', 'colour', 'jurisdiction', 'limit', 'policy', 'sort', 'stage', 'stance', 'status', 'updated_since']);
    const why = Object.fromEntries(res.body.error.details.map((d: { parameter: string; message: string }) => [d.parameter, d.message]));
    expect(why).toMatchObject({
      stance: 'stance must be one of supports, opposes, unclear',
      jurisdiction: 'jurisdiction: "Virginia" is not a two-letter state code (va) or an OCD id (ocd-jurisdiction/...)',
      limit: 'limit must be at least 1',
      colour: 'unknown query parameter',
      updated_since: expect.stringContaining('ISO date'),
    });
  });

  test.each([
    ['/api/bills?limit=100000', 'limit', 'limit must be at most 100'],
    ['/api/bills?limit=1e3', 'limit', 'limit must be a whole number from 1 to 100'],
    ['/api/bills?limit=99999999999999999999999', 'limit', 'limit must be at most 100'],
    ['/api/bills?limit=10&limit=20', 'limit', 'limit must be given once'],
    ['/api/bills?policy=no-knock&policy=bail-funds', 'policy', 'policy must be given once'],
    ['/api/bills?q=', 'q', 'q is empty'],
    [`/api/bills?q=${'a'.repeat(501)}`, 'q', 'q is too long'],
    ['/api/bills?q=%00drop', 'q', 'contains a NUL character'],
    ['/api/bills?session=20%0026', 'session', 'contains a NUL character'],
    ['/api/bills?updated_since=2026-02-31', 'updated_since', expect.stringContaining('ISO date')],
    ['/api/bills?updated_since=0000-01-01', 'updated_since', expect.stringContaining('ISO date')],
    ['/api/bills?sort=relevance', 'sort', 'relevance needs q'],
    ['/api/bills?policy=curfews', 'policy', expect.stringContaining('unknown policy curfews')],
    ['/api/changes?since=2026-13-01', 'since', expect.stringContaining('ISO date')],
    ['/api/changes?before=1.5', 'before', 'before must be a positive whole number'],
    ['/api/map?policy=no-knock&state=Kentucky', 'state', 'state must be a two-letter code'],
    ['/api/policies?all=1', 'all', 'unknown query parameter'],
  ])('%s → 400 naming %s', async (url, parameter, message) => {
    const res = await client.get(url).expect(400);
    expect(res.body.error.details).toEqual([{ parameter, message }]);
  });

  test('a junk or tampered cursor is a 400 naming cursor, never a database error', async () => {
    const issued = (await client.get('/api/bills?limit=1').expect(200)).body.next_cursor as string;
    const junk = [
      'not-a-cursor!',
      'zzz',
      b64({ sort: 'latest_action' }),
      b64({ sort: 'latest_action', key: ['not-a-date', 1] }),
      b64({ sort: 'latest_action', key: ['2026-02-31', 1] }),
      b64({ sort: 'latest_action', key: ['2026-01-01', 'DROP TABLE bills'] }),
      b64({ sort: 'newest', key: [1e30, null] }),
      b64({ sort: 'relevance', key: ['high', 1] }),
      b64({ sort: 'sideways', key: [1, 2] }),
      b64([1, 2]),
      b64('text'),
    ];
    for (const cursor of junk) {
      const res = await client.get(`/api/bills?cursor=${encodeURIComponent(cursor)}`).expect(400);
      expect(parametersOf(res.body)).toEqual(['cursor']);
    }
    // A cursor carries its sort, so the next page needs nothing else.
    const next = await client.get(`/api/bills?cursor=${encodeCursor({ sort: 'newest', key: [5, null] })}`).expect(200);
    expect(next.body.results.map((b: { id: number }) => b.id)).toEqual([4, 3, 2, 1]);
    // A real cursor replayed with another sort is refused too, rather than paging wrongly.
    const other = await client.get(`/api/bills?sort=oldest&cursor=${issued}`).expect(400);
    expect(other.body.error.details[0].message).toBe('cursor was issued for sort=latest_action');
  });

  test('unknown ids and paths are 404s in the error shape', async () => {
    expect((await client.get('/api/bills/424242').expect(404)).body.error.code).toBe('not_found');
    expect((await client.get('/api/jurisdictions/ocd-jurisdiction%2Fcountry%3Aus%2Fstate%3Axx%2Fgovernment').expect(404)).body.error.code).toBe('not_found');
    expect((await client.get('/api/curated-laws/424242').expect(404)).body.error.code).toBe('not_found');
    const unknownPath = await request(testApp(ctx.handle)).get('/api/bill').expect(404);
    expect(unknownPath.body).toEqual({ error: { code: 'not_found', message: 'GET /api/bill not found' } });
  });

  test('nothing answers 500 for bad input', async () => {
    const raw = request(testApp(ctx.handle));
    const urls = [
      '/api/bills/0', '/api/bills/-1', '/api/bills/1.5', '/api/bills/9007199254740993', '/api/bills/%00', '/api/bills/%E0%A4%A',
      '/api/jurisdictions/%E0%A4%A', '/api/jurisdictions/%00', `/api/jurisdictions/${'x'.repeat(2000)}`, '/api/jurisdictions/%F0%9F%92%A9',
      '/api/bills?q=%27%22%5C%3B%29%28%26%7C%21%3A*', '/api/bills?q=%26%26%26', '/api/bills?q=!!!', '/api/bills?q=%F0%9F%92%A9',
      '/api/bills?jurisdiction=ocd-jurisdiction/%27;DROP', '/api/bills?stage=', '/api/bills?stage=,,,', '/api/bills?updated_since=2026-01-01T99:00:00Z',
      '/api/bills?updated_since=275760-09-13', '/api/bills?cursor=%00', '/api/bills?limit=-0', '/api/bills?limit=%20',
      '/api/changes?since=99999-01-01', '/api/changes?before=99999999999999999999', '/api/changes?limit=1&limit=2',
      '/api/map?policy=', '/api/map?policy[]=no-knock', '/api/map?policy=no-knock&state=%00', '/api/feeds/changes.atom?limit=x',
      '/api/curated-laws?jurisdiction=%00', '/api/curated-laws/abc',
    ];
    for (const url of urls) {
      const res = await raw.get(url);
      expect({ url, status: res.status < 500 ? 'ok' : res.status }).toEqual({ url, status: 'ok' });
      expect(res.body.error ?? null).not.toBeUndefined();
    }
    const bodies: [string, string][] = [['/api/session', '{"email":'], ['/api/session', '[]'], ['/api/session', '"text"'], ['/api/session', '{"email":"a@b.c","password":"x\\u0000y"}']];
    for (const [url, body] of bodies) {
      const res = await raw.post(url).set('Content-Type', 'application/json').send(body);
      expect({ url, body, status: res.status }).toEqual({ url, body, status: expect.any(Number) });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
