import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { idArray } from '../sql-arrays.js';

/** One (jurisdiction, policy) cell of the rollup. */
export type RollupCellKey = { jurisdictionId: string; policyId: string };

/** The cells as a list without repeats. */
export function distinctCells(cells: Iterable<RollupCellKey>): RollupCellKey[] {
  const seen = new Map<string, RollupCellKey>();
  for (const c of cells) seen.set(`${c.jurisdictionId}\n${c.policyId}`, c);
  return [...seen.values()];
}

/**
 * Rewrites the rollup items of these bills from what is stored now (their effective
 * classification, jurisdiction and status: `bill_policy_effective` decides, nothing is
 * derived here). Call it in the transaction that wrote the bills, their classification or a
 * decision on them. Returns the cells the bills were and are in, to recompute.
 */
export async function refreshRollupItems(db: Db, billIds: number[]): Promise<RollupCellKey[]> {
  if (billIds.length === 0) return [];
  const ids = idArray(billIds);
  // Two statements: the order of data-modifying CTEs in one statement is not defined.
  const gone = await queryRows<{ jurisdiction_id: string; policy_id: string }>(
    db,
    sql`DELETE FROM rollup_items WHERE bill_id = ANY(${ids}::bigint[]) RETURNING jurisdiction_id, policy_id`,
  );
  const added = await queryRows<{ jurisdiction_id: string; policy_id: string }>(
    db,
    sql`INSERT INTO rollup_items (bill_id, policy_id, jurisdiction_id, stance, status, strength)
        SELECT e.bill_id, e.policy_id, b.jurisdiction_id, e.stance, b.status, e.strength
        FROM bill_policy_effective e JOIN bills b ON b.id = e.bill_id
        WHERE e.bill_id = ANY(${ids}::bigint[]) AND b.id = ANY(${ids}::bigint[])
        RETURNING jurisdiction_id, policy_id`,
  );
  const rows = [...gone, ...added];
  return distinctCells(rows.map((r) => ({ jurisdictionId: r.jurisdiction_id, policyId: r.policy_id })));
}
