import { parse } from 'csv-parse/sync';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { KENTUCKY, LOUISVILLE, loadApiFixtures } from './api-fixtures.js';

type Bill = { id: number; identifier: string; session: string; latest_action: { date: string | null }; policies: { policy: string; stance: string; source: string }[] };
type Page = { results: Bill[]; next_cursor: string | null; total: number };

const identifiers = (body: Page) => body.results.map((b) => b.identifier).sort();

describeEachDatabase('GET /api/bills', (ctx) => {
  let client: ReturnType<typeof api>;
  const list = async (query: string): Promise<Page> => (await client.get(`/api/bills${query}`).expect(200)).body as Page;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    client = api(testApp(ctx.handle));
  });

  test('lists bills with the newest action first, each with jurisdiction, stage, latest action and policies', async () => {
    const page = await list('');
    expect(page.total).toBe(7);
    expect(page.next_cursor).toBeNull();
    const dates = page.results.map((b) => b.latest_action.date!);
    expect(dates).toEqual([...dates].sort().reverse());
    const hb5099 = page.results.find((b) => b.identifier === 'HB 5099');
    expect(hb5099).toMatchObject({
      jurisdiction: { id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', classification: 'state' },
      session: '2020S1',
      stage: 'enacted',
      status: 'enacted',
      latest_action: { date: '2020-10-28', description: 'Approved by Governor-Chapter 39' },
      policies: [{ policy: 'no-knock', stance: 'supports', source: 'machine', score: expect.any(Number) }],
      source_url: 'https://lis.virginia.gov/bill-details/20202/HB5099',
    });
  });

  test('filters by policy, and by stance on it', async () => {
    expect(identifiers(await list('?policy=no-knock'))).toEqual(['HB 5099', 'HB 9', 'O-090-20', 'SB 4']);
    expect(identifiers(await list('?policy=no-knock&stance=opposes'))).toEqual(['HB 9']);
    expect(identifiers(await list('?policy=decertification'))).toEqual(['SB 2']);
  });

  test('filters by jurisdiction: a state code takes in its cities, an OCD id only itself', async () => {
    expect(identifiers(await list('?jurisdiction=ky'))).toEqual(['O-090-20', 'SB 4']);
    expect(identifiers(await list(`?jurisdiction=${encodeURIComponent(KENTUCKY)}`))).toEqual(['SB 4']);
    expect(identifiers(await list(`?jurisdiction=${encodeURIComponent(LOUISVILLE)}`))).toEqual(['O-090-20']);
    expect(identifiers(await list('?classification=municipality'))).toEqual(['O-090-20']);
  });

  test('filters by session, stage (comma-separated or repeated) and status', async () => {
    expect(identifiers(await list('?session=2026'))).toEqual(['HB 1100', 'HB 9']);
    expect(identifiers(await list('?stage=committee'))).toEqual(['HB 1', 'HB 9']);
    expect(identifiers(await list('?stage=committee,introduced'))).toEqual(['HB 1', 'HB 1100', 'HB 9']);
    expect(identifiers(await list('?stage=committee&stage=introduced'))).toEqual(['HB 1', 'HB 1100', 'HB 9']);
    expect(identifiers(await list('?status=failed'))).toEqual(['HB 1']);
    expect(identifiers(await list('?status=pending&jurisdiction=VA'))).toEqual(['HB 1100', 'HB 9']);
  });

  test('updated_since keeps bills changed since then', async () => {
    expect((await list('?updated_since=2000-01-01')).total).toBe(7);
    expect((await list('?updated_since=2999-01-01T00:00:00Z')).total).toBe(0);
  });

  test('q searches titles with PostgreSQL full text, most relevant first', async () => {
    const page = await list(`?q=${encodeURIComponent('decertification misconduct')}`);
    expect(identifiers(page)).toEqual(['SB 2']);
    const warrants = await list(`?q=${encodeURIComponent('no-knock warrants')}`);
    expect(warrants.results.length).toBeGreaterThanOrEqual(3);
    expect(identifiers(await list(`?q=${encodeURIComponent('"mobile crisis" -teams')}`))).toEqual([]);
    expect(identifiers(await list(`?q=${encodeURIComponent('"mobile crisis"')}`))).toEqual(['HB 1']);
  });

  test('sort=newest and sort=oldest order by when the tracker first saw the bill', async () => {
    const newest = (await list('?sort=newest')).results.map((b) => b.id);
    const oldest = (await list('?sort=oldest')).results.map((b) => b.id);
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    expect(oldest).toEqual([...newest].reverse());
  });

  test('pages with limit and next_cursor, every bill once, next_cursor null on the last page', async () => {
    for (const sort of ['latest_action', 'newest', 'oldest']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await list(`?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.results.length).toBeLessThanOrEqual(3);
        seen.push(...page.results.map((b) => b.identifier));
        cursor = page.next_cursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(identifiers(await list('')));
    }
    const first = await list(`?limit=1&q=${encodeURIComponent('no-knock warrants')}`);
    const second = await list(`?limit=1&q=${encodeURIComponent('no-knock warrants')}&cursor=${first.next_cursor}`);
    expect(second.results[0].id).not.toBe(first.results[0].id);
  });

  test('exports the same filtered list as CSV, by .csv path or Accept: text/csv', async () => {
    const byPath = await client.get('/api/bills.csv?policy=no-knock').expect(200);
    expect(byPath.headers['content-type']).toMatch(/^text\/csv/);
    expect(byPath.headers['content-disposition']).toContain('bills.csv');
    const rows = parse(byPath.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.identifier).sort()).toEqual(['HB 5099', 'HB 9', 'O-090-20', 'SB 4']);
    expect(rows.find((r) => r.identifier === 'HB 9')).toMatchObject({ jurisdiction_name: 'Virginia', stage: 'committee', policies: 'no-knock:opposes' });

    const byAccept = await client.get('/api/bills?policy=no-knock').set('Accept', 'text/csv').expect(200);
    expect(byAccept.text).toBe(byPath.text);
    expect(byAccept.headers.vary).toMatch(/Accept/i);
  });

  test('a scraped title that a spreadsheet would run as a formula is defused in the CSV', async () => {
    await importFixtureBills(ctx.handle, [
      makeBill({ identifier: 'HB 666', externalId: 'csv-injection', session: '1999', title: '=HYPERLINK("http://evil.example","no-knock warrants")' }),
    ]);
    const res = await client.get('/api/bills.csv?session=1999').expect(200);
    const [row] = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(row.title).toBe(`'=HYPERLINK("http://evil.example","no-knock warrants")`);
  });
});
