import { sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { recordDecision } from '../../../db/bills/record-decision.js';
import { queryRows } from '../../../db/database.js';
import { recomputeCells } from '../../../db/rollup/recompute-rollup.js';
import { refreshRollupItems } from '../../../db/rollup/rollup-items.js';
import { importBills } from '../../../scrapers/pipeline/import-bills.js';
import { syntheticRecords } from '../../../cli/bench/synthetic-records.js';
import { rollUpGroups, type RollupGroup } from '../../../core/rollup/roll-up.js';
import type { NormalizedBillInput } from '../../../core/bill/bill.schema.js';
import { describeEachDatabase } from '../../helpers/test-database.js';

type CountRow = { jurisdiction_id: string; policy_id: string; stance: string; status: string; strength: string; n: number };

describeEachDatabase('rollup counts follow every write of the rollup items', (ctx) => {
  const today = '2025-06-01';
  let records: NormalizedBillInput[] = [];

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: true });
    records = syntheticRecords(700, 1, 'counts');
    const policies = await loadPolicies(ctx.handle);
    await importBills(ctx.handle.db, records, { runId: null, today, policies });
  }, 120_000);

  /** The stored counts, and the same counted from the items themselves. */
  async function countsBothWays(): Promise<{ stored: CountRow[]; counted: CountRow[] }> {
    const order = sql`ORDER BY jurisdiction_id, policy_id, stance, status, strength`;
    const stored = await queryRows<CountRow>(ctx.handle.db, sql`SELECT jurisdiction_id, policy_id, stance, status, strength, n::int AS n FROM rollup_counts ${order}`);
    const counted = await queryRows<CountRow>(
      ctx.handle.db,
      sql`SELECT jurisdiction_id, policy_id, stance, status, coalesce(strength, '') AS strength, count(*)::int AS n
          FROM rollup_items WHERE law GROUP BY 1, 2, 3, 4, 5 ${order}`,
    );
    return { stored, counted };
  }

  /** Every stored cell beside the cell rolled up from all of its items, read one by one. */
  async function cellsBothWays() {
    const stored = await queryRows<{ jurisdiction_id: string; policy_id: string; status: string; bill_count: number; bill_ids: (string | number)[]; threat_count: number }>(
      ctx.handle.db,
      sql`SELECT jurisdiction_id, policy_id, status, bill_count, bill_ids, threat_count FROM jurisdiction_policy_status
          WHERE jurisdiction_id IN (SELECT DISTINCT jurisdiction_id FROM rollup_items) ORDER BY 1, 2`,
    );
    const items = await queryRows<{ jurisdiction_id: string; policy_id: string; bill_id: string | number; stance: RollupGroup['stance']; status: RollupGroup['outcome']; strength: RollupGroup['strength'] }>(
      ctx.handle.db,
      sql`SELECT jurisdiction_id, policy_id, bill_id, stance, status, strength FROM rollup_items WHERE law`,
    );
    const groups = new Map<string, Map<string, RollupGroup>>();
    for (const i of items) {
      const cell = `${i.jurisdiction_id}\n${i.policy_id}`;
      const byGroup = groups.get(cell) ?? new Map<string, RollupGroup>();
      groups.set(cell, byGroup);
      const key = `${i.stance}/${i.status}/${i.strength}`;
      const g = byGroup.get(key) ?? { kind: 'bill' as const, stance: i.stance, outcome: i.status, strength: i.strength, count: 0, newestIds: [] };
      g.count += 1;
      g.newestIds.push(Number(i.bill_id));
      byGroup.set(key, g);
    }
    const expected = [...groups.entries()]
      .map(([cell, byGroup]) => {
        const [jurisdiction_id, policy_id] = cell.split('\n');
        const all = [...byGroup.values()].map((g) => ({ ...g, newestIds: g.newestIds.sort((a, b) => b - a) }));
        const c = rollUpGroups(all);
        return { jurisdiction_id, policy_id, status: c.status, bill_count: c.billCount, bill_ids: c.billIds, threat_count: c.threatCount };
      })
      .filter((c) => c.status !== 'none' || c.threat_count > 0)
      .sort((a, b) => (a.jurisdiction_id + a.policy_id < b.jurisdiction_id + b.policy_id ? -1 : 1));
    return { stored: stored.map((s) => ({ ...s, bill_ids: s.bill_ids.map(Number) })), expected };
  }

  test('after an import, the counts are the items counted, and every cell is what its items roll up to', async () => {
    const { stored, counted } = await countsBothWays();
    expect(counted.length).toBeGreaterThan(20);
    expect(stored).toEqual(counted);
    const cells = await cellsBothWays();
    expect(cells.stored.length).toBeGreaterThan(10);
    expect(cells.stored).toEqual(cells.expected);
  });

  test('changed statuses, a staff rejection, a deleted bill and a direct update keep them equal', async () => {
    const policies = await loadPolicies(ctx.handle);
    // Every third bill is reported failed now: its items move from one status group to another.
    const changed = records.filter((_, i) => i % 3 === 0).map((r) => ({ ...r, statusHints: ['failed'] }));
    const { counts } = await importBills(ctx.handle.db, changed, { runId: null, today, policies });
    expect(counts.updated).toBe(changed.length);
    const [item] = await queryRows<{ bill_id: string | number; policy_id: string }>(ctx.handle.db, sql`SELECT bill_id, policy_id FROM rollup_items WHERE law ORDER BY bill_id LIMIT 1`);
    await recordDecision(ctx.handle.db, Number(item.bill_id), item.policy_id, { decision: 'reject' }, null);
    const [gone] = await queryRows<{ id: string | number }>(ctx.handle.db, sql`DELETE FROM bills WHERE id = (SELECT max(bill_id) FROM rollup_items) RETURNING id`);
    expect(gone).toBeDefined();
    await ctx.handle.db.execute(sql`UPDATE rollup_items SET strength = 'full' WHERE bill_id % 5 = 0 AND law`);
    const { stored, counted } = await countsBothWays();
    expect(stored).toEqual(counted);
    // The cells the deleted bill and the direct update touched are recomputed as a writer would.
    const cells = await queryRows<{ jurisdiction_id: string; policy_id: string }>(ctx.handle.db, sql`SELECT DISTINCT jurisdiction_id, policy_id FROM rollup_items`);
    await recomputeCells(ctx.handle.db, cells.map((c) => ({ jurisdictionId: c.jurisdiction_id, policyId: c.policy_id })));
    const both = await cellsBothWays();
    expect(both.stored).toEqual(both.expected);
    expect(both.stored.some((c) => c.status === 'failed')).toBe(true);
  });

  test('two writers taking the same cells in opposite order both commit (PostgreSQL: no deadlock)', async () => {
    // The embedded database has one connection: its transactions never interleave.
    if (ctx.kind !== 'postgres') return;
    // Bills with one rollup item each, in two different cells X and W.
    const single = await queryRows<{ bill_id: string | number; cell: string }>(
      ctx.handle.db,
      sql`SELECT bill_id, min(jurisdiction_id || ' ' || policy_id) AS cell FROM rollup_items WHERE law GROUP BY bill_id HAVING count(*) = 1 ORDER BY bill_id`,
    );
    const cells = [...new Set(single.map((r) => r.cell))];
    const inCell = (cell: string) => single.filter((r) => r.cell === cell).map((r) => Number(r.bill_id));
    const [x, w] = [inCell(cells[0]), inCell(cells[1])];
    expect(Math.min(x.length, w.length)).toBeGreaterThanOrEqual(2);
    const deferred = () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };
    const firstHolds = deferred();
    const secondStarted = deferred();
    // Whether a statement of another connection waits on a lock.
    const someoneWaits = async () => {
      const [row] = await queryRows<{ n: number }>(ctx.handle.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`);
      return row.n > 0;
    };
    const first = ctx.handle.db.transaction(async (tx) => {
      await recomputeCells(tx, await refreshRollupItems(tx, [x[0]])); // takes X
      firstHolds.resolve();
      await secondStarted.promise;
      await recomputeCells(tx, await refreshRollupItems(tx, [w[0]])); // then W
    });
    await firstHolds.promise;
    const second = ctx.handle.db.transaction(async (tx) => {
      const takeW = refreshRollupItems(tx, [w[1]]); // W (or waits for the first writer)
      let done = false;
      void takeW.then(() => (done = true), () => (done = true));
      for (let i = 0; i < 250 && !done && !(await someoneWaits()); i++) await new Promise((r) => setTimeout(r, 20));
      secondStarted.resolve();
      await recomputeCells(tx, await takeW);
      await recomputeCells(tx, await refreshRollupItems(tx, [x[1]])); // then X
    });
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String((o.reason as Error).message) : 'committed'))).toEqual(['committed', 'committed']);
    const { stored, counted } = await countsBothWays();
    expect(stored).toEqual(counted);
  }, 60_000);
});
