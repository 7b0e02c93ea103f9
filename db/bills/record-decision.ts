import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { bills, policies, policyDecisions } from '../schema/index.js';
import type { Decision, Stance, Strength } from '../../core/vocabulary.js';
import { recomputeCells } from '../rollup/recompute-rollup.js';
import { refreshRollupItems } from '../rollup/rollup-items.js';
import { NotFoundError } from '../../core/errors.js';

export type DecisionInput = { decision: Decision; stance?: Stance | null; strength?: Strength | null; note?: string | null };


/**
 * Records a staff decision on a bill's policy (confirm, reject, add; stance, strength,
 * note). It is stored apart from the machine's result and wins over it; it remembers the
 * bill's content hash so a later change flags it for review. Recomputes the rollup cells
 * the bill is in (and bumps the rollup version) in the same transaction.
 * @throws NotFoundError (`bill <id> not found`, `policy <id> not found`) for an unknown bill or policy.
 */
export async function recordDecision(db: Db, billId: number, policyId: string, input: DecisionInput, userId: number | null) {
  return db.transaction(async (tx) => {
    const [bill] = await tx.select({ id: bills.id, hash: bills.contentHash, jurisdictionId: bills.jurisdictionId }).from(bills).where(eq(bills.id, billId));
    if (!bill) throw new NotFoundError(`bill ${billId}`);
    const [policy] = await tx.select({ id: policies.id }).from(policies).where(eq(policies.id, policyId));
    if (!policy) throw new NotFoundError(`policy ${policyId}`);
    const values = {
      decision: input.decision,
      stance: input.stance ?? null,
      strength: input.strength ?? null,
      note: input.note ?? null,
      billHash: bill.hash,
      needsReview: null,
      decidedBy: userId,
      decidedAt: sql`now()`,
    };
    const [row] = await tx
      .insert(policyDecisions)
      .values({ billId, policyId, ...values })
      .onConflictDoUpdate({ target: [policyDecisions.billId, policyDecisions.policyId], set: values })
      .returning();
    await recomputeCells(tx as unknown as Db, await refreshRollupItems(tx as unknown as Db, [billId]));
    return row;
  });
}

/** Withdraws a staff decision: the machine's result shows again. @returns false when there was none. */
export async function clearDecision(db: Db, billId: number, policyId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(policyDecisions)
      .where(and(eq(policyDecisions.billId, billId), eq(policyDecisions.policyId, policyId)))
      .returning({ billId: policyDecisions.billId });
    if (!rows.length) return false;
    await recomputeCells(tx as unknown as Db, await refreshRollupItems(tx as unknown as Db, [billId]));
    return true;
  });
}
