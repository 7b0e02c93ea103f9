import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSyntheticBills } from '../../../db/bench/synthetic-bills.js';

const ORIGINAL = 1000;

describeEachDatabase('cursor pagination while bills arrive', (ctx) => {
  let client: ReturnType<typeof api>;
  let added = 0;

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    await loadSyntheticBills(ctx.handle.db, { count: ORIGINAL, from: 1, session: 'walk' });
    client = api(testApp(ctx.handle));
  });

  test.each(['latest_action', 'newest', 'oldest'])('sort=%s: a 1,000-bill walk sees every bill exactly once while new bills are inserted between and during pages', async (sort) => {
    const before = (await client.get('/api/bills?session=walk&limit=1').expect(200)).body.total as number;
    const counts = new Map<string, number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      // New bills land while the page is being read, with latest-action dates spread before and after the cursor.
      const from: number = 100_000 + added;
      added += 25;
      const [page]: [{ body: { results: { identifier: string }[]; next_cursor: string | null } }, number] = await Promise.all([
        client.get(`/api/bills?session=walk&sort=${sort}&limit=100${cursor ? `&cursor=${cursor}` : ''}`).expect(200),
        loadSyntheticBills(ctx.handle.db, { count: 25, from, session: 'walk' }),
      ]);
      for (const bill of page.body.results as { identifier: string }[]) counts.set(bill.identifier, (counts.get(bill.identifier) ?? 0) + 1);
      cursor = page.body.next_cursor;
      pages += 1;
    } while (cursor && pages < 100);

    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    const expected = before >= ORIGINAL ? before : ORIGINAL;
    const missing: string[] = [];
    for (let i = 1; i <= ORIGINAL; i += 1) if (!counts.has(`SB ${i}`)) missing.push(`SB ${i}`);
    expect(missing).toEqual([]);
    expect(counts.size).toBeGreaterThanOrEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected / 100));
  });
});
