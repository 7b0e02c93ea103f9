import type { Db } from '../../db/database.js';
import { readBillsByIdToClassify } from '../../db/classify/classifier-sources.js';
import { readStaffDecisions, type StaffDecisionRow } from '../../db/classify/staff-decisions-query.js';
import { classifierInput } from '../../core/classify/classifier-input.js';
import { ZodError } from 'zod';
import { diffJudgements, evaluateJudgements, judgeBill, type Evaluation, type Judgement, type JudgementChange, type Label } from '../../core/classify/evaluate-classifier.js';
import { withPolicyRules, type PolicyDefinition } from '../../core/classify/policy.schema.js';

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

/**
 * A staff edit of one policy's rules (JSON: the rules, or a whole policy holding them),
 * parsed and checked: the edited policy set, or every problem in words.
 */
export function parseRulesEdit(policies: PolicyDefinition[], policyId: string, text: string): { ok: true; policies: PolicyDefinition[] } | { ok: false; errors: string[] } {
  let rules: unknown;
  try {
    const data: unknown = JSON.parse(text);
    rules = data && typeof data === 'object' && 'rules' in data ? (data as { rules: unknown }).rules : data;
  } catch (error) {
    return { ok: false, errors: [`the rules are not JSON: ${(error as Error).message}`] };
  }
  try {
    return { ok: true, policies: withPolicyRules(policies, policyId, rules) };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    return { ok: false, errors: error.issues.map((i) => `${i.path.slice(2).join('.') || 'rules'}: ${i.message}`) };
  }
}

export type RuleEditDryRun = { decisions: number; before: Evaluation; after: Evaluation; changes: JudgementChange[] };

/** What an edit of one policy's rules would change against every staff decision on that policy; writes nothing. */
export async function dryRunRuleEdit(db: Db, current: PolicyDefinition[], edited: PolicyDefinition[], policyId: string): Promise<RuleEditDryRun> {
  const loaded = await loadStaffDecisions(db, { policyId });
  const before = judgeStaffDecisions(loaded, current);
  const after = judgeStaffDecisions(loaded, edited);
  return { decisions: loaded.decisions.length, before: evaluateJudgements(before), after: evaluateJudgements(after), changes: diffJudgements(before, after) };
}
