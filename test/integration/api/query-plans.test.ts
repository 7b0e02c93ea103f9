import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { queryRows } from '../../../db/database.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { analyzeDatabase, loadSyntheticBills, rollUpStates } from '../../../db/bench/synthetic-bills.js';
import { searchBills, type BillFilters, type BillSort } from '../../../db/queries/search-bills.js';
import { policyMap } from '../../../db/queries/policy-map.js';
import { getJurisdictionDetail } from '../../../db/queries/jurisdictions-query.js';
import { recomputeRollup } from '../../../db/rollup/recompute-rollup.js';
import { refreshRollupItems } from '../../../db/rollup/rollup-items.js';
import { describeEachDatabase } from '../../helpers/test-database.js';

/** Tables that must never be read whole by a documented query shape (the list). */
const BIG_TABLES = ['bills', 'actions', 'bill_policies'];
const VIRGINIA = 'ocd-jurisdiction/country:us/state:va/government';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.includes(node['Relation Name']) ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/**
 * The database, watched: every query it is given is caught on its way (and still runs, so
 * code works as in production) for the test to explain. One object, as the server keeps one.
 */
function watched(db: Db): { db: Db; caught: SQL[] } {
  const caught: SQL[] = [];
  const watching = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'execute') return (query: SQL) => (caught.push(query), target.execute(query));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: watching, caught };
}

/** The queries a function runs (see `watched`). */
async function queriesOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<SQL[]> {
  const watch = watched(db);
  await run(watch.db);
  return watch.caught;
}

async function planOf(db: Db, query: SQL): Promise<PlanNode> {
  const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(db, sql`EXPLAIN (FORMAT JSON) ${query}`);
  const plan = row['QUERY PLAN'];
  return (typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan;
}

describeEachDatabase('query plans on a realistic database', (ctx) => {
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: true });
    await loadSyntheticBills(ctx.handle.db, { count: 60_000 });
    await rollUpStates(ctx.handle.db);
    await analyzeDatabase(ctx.handle.db);
  }, 600_000);

  const searches: [string, BillFilters, BillSort][] = [
    ['the default list', {}, 'latest_action'],
    ['words, a policy and a status (the search page)', { q: 'warrants', policy: 'no-knock', status: ['pending'] }, 'latest_action'],
    ['words ranked by relevance', { q: 'warrants', policy: 'no-knock' }, 'relevance'],
    ['a policy and stance alone', { policy: 'decertification', stance: 'opposes' }, 'latest_action'],
    ['a state and its places', { jurisdiction: 'VA', q: 'crisis' }, 'latest_action'],
    ['one jurisdiction, newest first', { jurisdiction: VIRGINIA }, 'newest'],
  ];
  test.each(searches)('bill search: %s reads no big table whole', async (_name, filters, sort) => {
    const queries = await queriesOf(ctx.handle.db, (db) => searchBills(db, filters, { sort, limit: 20, cursor: null, withTotal: true }));
    expect(queries.length).toBeGreaterThanOrEqual(3); // the page, the bounded count, the page's policies
    for (const [n, q] of queries.entries()) {
      const plan = await planOf(ctx.handle.db, q);
      expect({ query: n, scans: seqScans(plan), plan: seqScans(plan).length ? plan : null }).toEqual({ query: n, scans: [], plan: null });
    }
  });

  test('a search matching more than 10,000 bills reports 10,000 as a lower bound; a narrower one is counted exactly', async () => {
    const all = await searchBills(ctx.handle.db, {}, { sort: 'latest_action', limit: 20, cursor: null, withTotal: true });
    expect(all).toMatchObject({ total: 10_000, totalIsEstimate: true });
    expect(all.results).toHaveLength(20);
    const [exact] = await queryRows<{ n: string | number }>(
      ctx.handle.db,
      sql`SELECT count(*) AS n FROM bills b JOIN rollup_items ri ON ri.bill_id = b.id WHERE b.jurisdiction_id = ${VIRGINIA} AND ri.policy_id = 'no-knock' AND ri.stance = 'opposes'`,
    );
    const narrow = await searchBills(ctx.handle.db, { jurisdiction: VIRGINIA, policy: 'no-knock', stance: 'opposes' }, { sort: 'latest_action', limit: 20, cursor: null, withTotal: true });
    expect(Number(exact.n)).toBeGreaterThan(0);
    expect(narrow).toMatchObject({ total: Number(exact.n), totalIsEstimate: false });
  });

  /** Rows a query read (returned by any node, or read and then filtered out), from EXPLAIN ANALYZE. */
  async function rowsRead(query: SQL): Promise<number> {
    const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(ctx.handle.db, sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`);
    const plan = row['QUERY PLAN'];
    type Analyzed = PlanNode & { 'Actual Rows'?: number; 'Actual Loops'?: number; 'Rows Removed by Filter'?: number; Plans?: Analyzed[] };
    const walk = (n: Analyzed): number =>
      (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1) + (n['Rows Removed by Filter'] ?? 0) * (n['Actual Loops'] ?? 1) + (n.Plans ?? []).reduce((t, c) => t + walk(c), 0);
    return walk((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan as Analyzed);
  }

  test('a word no bill has, or a common word on a rare combination, reads a few rows, not the order index whole', async () => {
    for (const filters of [{ q: 'zebra' }, { q: 'zebra', policy: 'no-knock' }, { q: 'warrants', policy: 'crisis-response' }] as BillFilters[]) {
      for (const sort of ['latest_action', 'relevance'] as BillSort[]) {
        const queries = await queriesOf(ctx.handle.db, (db) => searchBills(db, filters, { sort, limit: 20, cursor: null, withTotal: true }));
        const [count, page] = queries;
        // The count reads the word's index entries; the page reads only what the count found
        // (and the jurisdictions table, 158 rows), where a walk in order read all 60,000 bills.
        expect({ filters, sort, pageReadFewRows: (await rowsRead(page)) < 1_000 }).toEqual({ filters, sort, pageReadFewRows: true });
        expect(await rowsRead(count)).toBeLessThan(60_000 / 5 * 3);
      }
    }
  });

  test('a filter set past 10,000 matches is counted once: the next searches only read their page', async () => {
    // One database object, as in the server (a plan is remembered per database and filter set).
    const watch = watched(ctx.handle.db);
    const filters: BillFilters = { q: 'crisis' };
    const first = await searchBills(watch.db, filters, { sort: 'latest_action', limit: 20, cursor: null, withTotal: true });
    const firstQueries = watch.caught.length;
    const again = await searchBills(watch.db, filters, { sort: 'latest_action', limit: 20, cursor: null, withTotal: true });
    expect(firstQueries - (watch.caught.length - firstQueries)).toBe(1);
    expect(first).toMatchObject({ total: 10_000, totalIsEstimate: true });
    expect(again).toMatchObject({ total: 10_000, totalIsEstimate: true });
    expect(again.results.map((b) => b.id)).toEqual(first.results.map((b) => b.id));
    expect(again.results).toHaveLength(20);
  });

  test('the map, a jurisdiction page, a rollup recompute and a batch rollup refresh read no big table whole', async () => {
    // A write batch's bills: 300 and 500 of them, new (the highest ids) and scattered.
    const [newest] = await queryRows<{ ids: string }>(ctx.handle.db, sql`SELECT array_agg(id)::text AS ids FROM (SELECT id FROM bills ORDER BY id DESC LIMIT 300) t`);
    const [scattered] = await queryRows<{ ids: string }>(ctx.handle.db, sql`SELECT array_agg(id)::text AS ids FROM (SELECT id FROM bills WHERE id % 97 = 0 ORDER BY id LIMIT 500) t`);
    const idsOf = (row: { ids: string }) => row.ids.replace(/[{}]/g, '').split(',').map(Number);
    const shapes: ((db: Db) => Promise<unknown>)[] = [
      (db) => policyMap(db, 'no-knock'),
      (db) => getJurisdictionDetail(db, VIRGINIA),
      (db) => recomputeRollup(db, VIRGINIA, ['no-knock', 'decertification']),
      (db) => refreshRollupItems(db, idsOf(newest)),
      (db) => refreshRollupItems(db, idsOf(scattered)),
    ];
    for (const [shape, run] of shapes.entries()) {
      const queries = await queriesOf(ctx.handle.db, run);
      expect(queries.length).toBeGreaterThan(0);
      // EXPLAIN without ANALYZE plans writes too, without running them again.
      for (const [n, q] of queries.entries()) {
        const plan = await planOf(ctx.handle.db, q);
        expect({ shape, query: n, scans: seqScans(plan), plan: seqScans(plan).length ? plan : null }).toEqual({ shape, query: n, scans: [], plan: null });
      }
    }
  }, 120_000);

  // Last: it adds bills.
  test('pages of a small match set, walked as an export walks them, miss nothing when the set grows past the first count', async () => {
    const filters: BillFilters = { policy: 'decertification', stance: 'opposes' };
    const matching = async () =>
      (await queryRows<{ id: string | number }>(ctx.handle.db, sql`SELECT bill_id AS id FROM rollup_items WHERE policy_id = 'decertification' AND stance = 'opposes'`)).map((r) => Number(r.id));
    const before = await matching();
    expect(before.length).toBeGreaterThan(1_000);
    expect(before.length).toBeLessThan(2_000);
    const seen: number[] = [];
    let page = await searchBills(ctx.handle.db, filters, { sort: 'latest_action', limit: 200, cursor: null });
    seen.push(...page.results.map((b) => b.id));
    // While the export is under way, an import adds enough matches to pass 2,000.
    await loadSyntheticBills(ctx.handle.db, { count: 12_000, from: 60_001 });
    const after = await matching();
    expect(after.length).toBeGreaterThan(2_001);
    const [day, id] = page.nextCursor!.key;
    // The matches after the first page's last key (newest action first), new ones included.
    const expected = (
      await queryRows<{ id: string | number }>(
        ctx.handle.db,
        sql`SELECT b.id FROM bills b JOIN rollup_items ri ON ri.bill_id = b.id AND ri.policy_id = 'decertification' AND ri.stance = 'opposes'
            WHERE (coalesce(b.latest_action_on, DATE '0001-01-01'), b.id) < (${day}::date, ${id})`,
      )
    ).map((r) => Number(r.id));
    const rest: number[] = [];
    while (page.nextCursor) {
      page = await searchBills(ctx.handle.db, filters, { sort: 'latest_action', limit: 200, cursor: page.nextCursor });
      rest.push(...page.results.map((b) => b.id));
    }
    // Each bill once, and every match past the cursor, new ones included (keyset pages).
    expect(new Set([...seen, ...rest]).size).toBe(seen.length + rest.length);
    expect(expected.filter((b) => !before.includes(b)).length).toBeGreaterThan(0);
    expect(rest.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  }, 120_000);
});
