import type { Db } from '../../db/database.js';
import { inTransaction, readMachineClassifications, replaceMachineClassification } from '../../db/bills/bill-writer.js';
import { readBillsToClassify } from '../../db/classify/classifier-sources.js';
import { classifyBill } from '../../core/classify/classify-bill.js';
import { classifierInput } from '../../core/classify/classifier-input.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';
import { recomputeCells, type RollupCellKey } from '../../db/rollup/recompute-rollup.js';
import { refreshRollupItems } from '../../db/rollup/rollup-items.js';

export type ClassificationChange = {
  billId: number;
  identifier: string;
  jurisdictionId: string;
  policyId: string;
  before: { stance: string; strength: string | null; score: number } | null;
  after: { stance: string; strength: string | null; score: number } | null;
};

/**
 * Re-runs the classifier over stored bills (all, one bill, or one jurisdiction), reading each
 * the way the import does (title, other titles, abstracts, subjects, attachment names, the
 * latest stored text), and writes only what changed (score, stance or strength). Staff decisions live in their own table and are not touched; the
 * rollups of affected jurisdictions are recomputed. Returns the changes, for printing.
 */
export async function reclassifyBills(
  db: Db,
  policies: PolicyDefinition[],
  scope: { billId?: number; jurisdictionId?: string },
  onProgress?: (done: number) => void,
): Promise<{ examined: number; changes: ClassificationChange[] }> {
  const changes: ClassificationChange[] = [];
  const touched: RollupCellKey[] = [];
  let examined = 0;
  let lastId = 0;
  for (;;) {
    const batch = await readBillsToClassify(db, scope, lastId, 500);
    if (batch.length === 0) break;
    lastId = batch[batch.length - 1].id;
    const stored = await readMachineClassifications(db, batch.map((b) => b.id));
    for (const bill of batch) {
      examined += 1;
      const matches = classifyBill(classifierInput(bill.source), policies);
      const old = stored.filter((s) => s.billId === bill.id);
      const ids = new Set([...old.map((o) => o.policyId), ...matches.map((m) => m.policyId)]);
      let changed = false;
      for (const policyId of ids) {
        const before = old.find((o) => o.policyId === policyId);
        const after = matches.find((m) => m.policyId === policyId);
        const same = before && after && before.stance === after.stance && before.strength === after.strength && Math.abs(before.score - after.score) < 1e-6;
        if (same) continue;
        changed = true;
        changes.push({
          billId: bill.id, identifier: bill.identifier, jurisdictionId: bill.jurisdictionId, policyId,
          before: before ? { stance: before.stance, strength: before.strength, score: before.score } : null,
          after: after ? { stance: after.stance, strength: after.strength, score: after.score } : null,
        });
      }
      if (changed) {
        await inTransaction(db, async (tx) => {
          await replaceMachineClassification(tx, bill.id, matches, { hadAny: true });
          touched.push(...(await refreshRollupItems(tx, [bill.id])));
        });
      }
    }
    onProgress?.(examined);
    if (scope.billId) break;
  }
  await recomputeCells(db, touched);
  return { examined, changes };
}
