import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { curatedLaws, jurisdictionPolicyStatus, policies } from '../schema/index.js';
import { LAW_KINDS, type Stance, type Status, type Strength } from '../../core/vocabulary.js';
import { rollUp, type RollupItem } from '../../core/rollup/roll-up.js';

/**
 * Recomputes the stored rollup of one jurisdiction for the given policies (all when
 * omitted). Only laws count (LAW_KINDS: bills, ordinances, budgets, ballot measures,
 * amendments): a resolution, however warmly it commends a policy, is not where it stands. Cells that come out `none` are deleted: readers treat a missing row as none,
 * which keeps the table small for ~20,000 jurisdictions.
 */
export async function recomputeRollup(db: Db, jurisdictionId: string, policyIds?: string[]): Promise<void> {
  const scope = policyIds ?? (await db.select({ id: policies.id }).from(policies)).map((p) => p.id);
  if (scope.length === 0) return;
  const billRows = await queryRows<{ id: number | string; policy_id: string; stance: Stance; status: Status; strength: Strength | null }>(
    db,
    sql`SELECT b.id, e.policy_id, e.stance, b.status, e.strength
        FROM bill_policy_effective e JOIN bills b ON b.id = e.bill_id
        WHERE b.jurisdiction_id = ${jurisdictionId} AND e.policy_id IN ${scope} AND b.kind IN ${LAW_KINDS}`,
  );
  const lawRows = await db
    .select({ id: curatedLaws.id, policyId: curatedLaws.policyId, stance: curatedLaws.stance, outcome: curatedLaws.outcome, strength: curatedLaws.strength })
    .from(curatedLaws)
    .where(and(eq(curatedLaws.jurisdictionId, jurisdictionId), inArray(curatedLaws.policyId, scope)));

  for (const policyId of scope) {
    const items: RollupItem[] = [
      ...billRows
        .filter((r) => r.policy_id === policyId)
        .map((r) => ({ kind: 'bill' as const, id: Number(r.id), stance: r.stance, status: r.status, strength: r.strength })),
      ...lawRows
        .filter((r) => r.policyId === policyId)
        .map((r) => ({
          kind: 'law' as const,
          id: r.id,
          stance: r.stance as Stance,
          outcome: r.outcome as 'enacted' | 'pending' | 'failed' | 'overturned',
          strength: r.strength as Strength | null,
        })),
    ];
    const cell = rollUp(items);
    const key = and(eq(jurisdictionPolicyStatus.jurisdictionId, jurisdictionId), eq(jurisdictionPolicyStatus.policyId, policyId));
    if (cell.status === 'none' && cell.threatBillIds.length === 0) {
      await db.delete(jurisdictionPolicyStatus).where(key);
      continue;
    }
    const values = {
      status: cell.status,
      strength: cell.strength,
      billIds: cell.billIds,
      curatedLawIds: cell.curatedLawIds,
      threatBillIds: cell.threatBillIds,
      updatedAt: sql`now()`,
    };
    await db
      .insert(jurisdictionPolicyStatus)
      .values({ jurisdictionId, policyId, ...values })
      .onConflictDoUpdate({ target: [jurisdictionPolicyStatus.jurisdictionId, jurisdictionPolicyStatus.policyId], set: values });
  }
}
