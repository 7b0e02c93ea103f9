import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { policies } from '../schema/index.js';
import { jurisdictionPolicyStatus } from '../schema/index.js';
import { ROLLUP_REFS_PER_CELL, rollUpGroups, type RollupGroup } from '../../core/rollup/roll-up.js';
import type { Stance, Strength } from '../../core/vocabulary.js';
import { insertJsonRows } from '../bills/json-rows.js';
import { bumpRollupVersion } from './rollup-version.js';
import { distinctCells, lockRollupWrites, type RollupCellKey } from './rollup-items.js';
import { textArray } from '../sql-arrays.js';

export type { RollupCellKey } from './rollup-items.js';

/** Text arrays of the cells' jurisdictions and policies, for `unnest`. */
function cellArrays(cells: RollupCellKey[]): { jurisdictions: string; policies: string } {
  return { jurisdictions: textArray(cells.map((c) => c.jurisdictionId)), policies: textArray(cells.map((c) => c.policyId)) };
}

/**
 * Recomputes these cells (jurisdiction × policy) in a few statements whatever their number:
 * each cell reads only its own rows (the stored counts of its groups of rollup items and the
 * newest items of each group; curated laws by theirs), core's `rollUpGroups` decides, and
 * the cells are written at once.
 * Only laws count (rollup items with `law`: bills, ordinances, budgets, ballot measures,
 * amendments): a resolution, however warmly it commends a policy, is not where it stands.
 * Cells that come out `none` are deleted: readers treat a missing row as none, which keeps the
 * table small for ~20,000 jurisdictions. Bumps the rollup version.
 */
export async function recomputeCells(db: Db, cellList: RollupCellKey[]): Promise<void> {
  const cells = distinctCells(cellList);
  if (cells.length === 0) return;
  await lockRollupWrites(db);
  const { jurisdictions, policies: policyIds } = cellArrays(cells);
  const rows = await queryRows<{
    jurisdiction_id: string; policy_id: string; kind: 'bill' | 'law'; stance: Stance; outcome: RollupGroup['outcome']; strength: Strength | null;
    n: number | string; newest: (string | number)[];
  }>(
    db,
    // Each group's count is stored (rollup_counts, kept by triggers on the items) and its
    // newest references are one short walk back along the cell index: the work per cell does
    // not grow with the bills behind it (the items counted here one by one took 115 ms per
    // batch with a million bills stored, against 5 ms with ten thousand).
    sql`WITH cells AS (SELECT * FROM unnest(${jurisdictions}::text[], ${policyIds}::text[]) AS c(jurisdiction_id, policy_id))
        SELECT c.jurisdiction_id, c.policy_id, 'bill' AS kind, rc.stance, rc.status AS outcome, nullif(rc.strength, '') AS strength, rc.n,
               ARRAY(SELECT ri.bill_id FROM rollup_items ri
                     WHERE ri.jurisdiction_id = rc.jurisdiction_id AND ri.policy_id = rc.policy_id AND ri.stance = rc.stance
                       AND ri.status = rc.status AND coalesce(ri.strength, '') = rc.strength AND ri.law
                     ORDER BY ri.bill_id DESC LIMIT ${ROLLUP_REFS_PER_CELL}) AS newest
        FROM cells c JOIN rollup_counts rc ON rc.jurisdiction_id = c.jurisdiction_id AND rc.policy_id = c.policy_id AND rc.n > 0
        UNION ALL
        SELECT c.jurisdiction_id, c.policy_id, 'law', cl.stance, cl.outcome, cl.strength, 1, ARRAY[cl.id]
        FROM cells c JOIN curated_laws cl ON cl.jurisdiction_id = c.jurisdiction_id AND cl.policy_id = c.policy_id`,
  );
  const groups = new Map<string, RollupGroup[]>();
  for (const r of rows) {
    const key = `${r.jurisdiction_id}\n${r.policy_id}`;
    const list = groups.get(key) ?? [];
    list.push({ kind: r.kind, stance: r.stance, outcome: r.outcome, strength: r.strength, count: Number(r.n), newestIds: r.newest.map(Number) });
    groups.set(key, list);
  }
  const keep: Record<string, unknown>[] = [];
  const drop: RollupCellKey[] = [];
  for (const c of cells) {
    const cell = rollUpGroups(groups.get(`${c.jurisdictionId}\n${c.policyId}`) ?? []);
    if (cell.status === 'none' && cell.threatCount === 0) {
      drop.push(c);
      continue;
    }
    keep.push({
      jurisdictionId: c.jurisdictionId,
      policyId: c.policyId,
      status: cell.status,
      strength: cell.strength,
      billIds: cell.billIds,
      billCount: cell.billCount,
      curatedLawIds: cell.curatedLawIds,
      threatBillIds: cell.threatBillIds,
      threatCount: cell.threatCount,
    });
  }
  if (drop.length) {
    const gone = cellArrays(drop);
    await db.execute(
      sql`DELETE FROM jurisdiction_policy_status s USING unnest(${gone.jurisdictions}::text[], ${gone.policies}::text[]) AS c(jurisdiction_id, policy_id)
          WHERE s.jurisdiction_id = c.jurisdiction_id AND s.policy_id = c.policy_id`,
    );
  }
  if (keep.length) {
    await insertJsonRows(db, jurisdictionPolicyStatus, keep, {
      set: { updated_at: sql`now()` },
      onConflict: sql`ON CONFLICT (jurisdiction_id, policy_id) DO UPDATE SET status = excluded.status, strength = excluded.strength,
        bill_ids = excluded.bill_ids, bill_count = excluded.bill_count, curated_law_ids = excluded.curated_law_ids,
        threat_bill_ids = excluded.threat_bill_ids, threat_count = excluded.threat_count, updated_at = excluded.updated_at`,
    });
  }
  await bumpRollupVersion(db);
}

/**
 * Recomputes the stored rollup of one jurisdiction for the given policies (all when
 * omitted), each cell from its own rows. Bumps the rollup version.
 */
export async function recomputeRollup(db: Db, jurisdictionId: string, policyIds?: string[]): Promise<void> {
  const scope = policyIds ?? (await db.select({ id: policies.id }).from(policies)).map((p) => p.id);
  await recomputeCells(db, scope.map((policyId) => ({ jurisdictionId, policyId })));
}
