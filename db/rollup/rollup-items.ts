import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { idArray } from '../sql-arrays.js';
import { LAW_KINDS } from '../../core/vocabulary.js';

/** One (jurisdiction, policy) cell of the rollup. */
export type RollupCellKey = { jurisdictionId: string; policyId: string };

/** The advisory lock every rollup writer holds from its first rollup statement to its commit. */
const ROLLUP_WRITES_LOCK = 1_919_904_876; // "roll"

/** Transactions that hold the lock (a transaction object ends with its transaction). */
const locked = new WeakSet<object>();

/**
 * Makes the rest of this transaction's rollup writes wait for any other transaction's: the
 * counts of a cell (rollup_counts), its stored cell and the version row are shared rows, and
 * two writers taking them in opposite orders (one statement deletes items, the next inserts
 * them) deadlocked. The part held is short (the items and one recompute), and the version
 * row serialized every commit of it already. Outside a transaction it is held for one statement.
 */
export async function lockRollupWrites(db: Db): Promise<void> {
  if (locked.has(db)) return;
  await db.execute(sql`SELECT pg_advisory_xact_lock(${ROLLUP_WRITES_LOCK})`);
  // Held to the end of the transaction: its next rollup statement need not ask again.
  if (db instanceof PgTransaction) locked.add(db);
}

/** The cells as a list without repeats. */
export function distinctCells(cells: Iterable<RollupCellKey>): RollupCellKey[] {
  const seen = new Map<string, RollupCellKey>();
  for (const c of cells) seen.set(`${c.jurisdictionId}\n${c.policyId}`, c);
  return [...seen.values()];
}

/**
 * Rewrites the rollup items of these bills from what is stored now (their effective
 * classification, jurisdiction and status: `bill_policy_effective` decides, nothing is
 * derived here; `law` says whether the bill's kind can become law, LAW_KINDS). Call it in the transaction that wrote the bills, their classification or a
 * decision on them. `storedBefore`: those of the bills that may have items already (all of
 * them unless the caller knows some are new). Returns the cells the bills were and are in, to recompute.
 */
export async function refreshRollupItems(db: Db, billIds: number[], storedBefore: number[] = billIds): Promise<RollupCellKey[]> {
  if (billIds.length === 0) return [];
  await lockRollupWrites(db);
  const ids = idArray(billIds);
  // Two statements: the order of data-modifying CTEs in one statement is not defined. Each
  // reads the bills' rows by one primary-key probe per bill (fenced with OFFSET 0): a batch of
  // a few hundred bills never reads a whole table, however small the planner thinks it is.
  // Bills written for the first time have no items to remove (`storedBefore` leaves them out).
  const gone = storedBefore.length === 0 ? [] : await queryRows<{ jurisdiction_id: string; policy_id: string }>(
    db,
    sql`DELETE FROM rollup_items ri
        USING (SELECT r.bill_id, r.policy_id FROM unnest(${idArray(storedBefore)}::bigint[]) AS k(id)
               CROSS JOIN LATERAL (SELECT bill_id, policy_id FROM rollup_items WHERE bill_id = k.id OFFSET 0) r) old
        WHERE ri.bill_id = old.bill_id AND ri.policy_id = old.policy_id
        RETURNING ri.jurisdiction_id, ri.policy_id`,
  );
  const added = await queryRows<{ jurisdiction_id: string; policy_id: string }>(
    db,
    sql`INSERT INTO rollup_items (bill_id, policy_id, jurisdiction_id, stance, status, strength, law)
        SELECT e.bill_id, e.policy_id, e.jurisdiction_id, e.stance, e.status, e.strength, e.law
        FROM unnest(${ids}::bigint[]) AS k(id)
        CROSS JOIN LATERAL (
          SELECT e.bill_id, e.policy_id, b.jurisdiction_id, e.stance, b.status, e.strength, b.kind IN ${LAW_KINDS} AS law
          FROM bills b JOIN bill_policy_effective e ON e.bill_id = b.id
          WHERE b.id = k.id AND e.bill_id = k.id OFFSET 0) e
        RETURNING jurisdiction_id, policy_id`,
  );
  const rows = [...gone, ...added];
  return distinctCells(rows.map((r) => ({ jurisdictionId: r.jurisdiction_id, policyId: r.policy_id })));
}
