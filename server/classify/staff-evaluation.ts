import type { Db } from '../../db/database.js';
import { readBillsByIdToClassify } from '../../db/classify/classifier-sources.js';
import { readStaffDecisions, type StaffDecisionRow } from '../../db/classify/staff-decisions-query.js';
import { classifierInput } from '../../core/classify/classifier-input.js';
import { judgeBill, type Judgement, type Label } from '../../core/classify/evaluate-classifier.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';

/** Bills read per query while judging. */
const BATCH = 500;

/**
 * A staff decision as a label: confirm and add say the policy applies (with the stance and
 * strength staff stored, when they stored one; a confirm without a stance labels the policy
 * only), reject says it does not.
 */
export function labelOf(d: StaffDecisionRow): Label {
  if (d.decision === 'reject') return { policyId: d.policyId, applies: false };
  return { policyId: d.policyId, applies: true, stance: d.stance, strength: d.strength };
}

export type StaffDecisions = { decisions: StaffDecisionRow[]; bills: Map<number, ReturnType<typeof classifierInput>> };

/** Every staff decision (optionally for one policy) and the decided bills as the classifier reads them. */
export async function loadStaffDecisions(db: Db, filter: { policyId?: string } = {}): Promise<StaffDecisions> {
  const decisions = await readStaffDecisions(db, filter);
  const ids = [...new Set(decisions.map((d) => d.billId))];
  const bills = new Map<number, ReturnType<typeof classifierInput>>();
  for (let i = 0; i < ids.length; i += BATCH) {
    for (const [id, bill] of await readBillsByIdToClassify(db, ids.slice(i, i + BATCH))) bills.set(id, classifierInput(bill.source));
  }
  return { decisions, bills };
}

/**
 * The machine's answers under `policies` beside every loaded staff decision, in decision
 * order; decisions on policies missing from `policies` are left out.
 */
export function judgeStaffDecisions(loaded: StaffDecisions, policies: PolicyDefinition[]): Judgement[] {
  return loaded.decisions.flatMap((d) => {
    const bill = loaded.bills.get(d.billId);
    return bill ? judgeBill(`${d.billName} (bill ${d.billId})`, bill, [labelOf(d)], policies) : [];
  });
}
