import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import type { Decision, Stance, Strength } from '../../core/vocabulary.js';

/** One staff decision on a bill and a policy, with the bill's name for people. */
export type StaffDecisionRow = {
  billId: number;
  /** `VA HB 1847` (state code, or the place's name for a city) */
  billName: string;
  policyId: string;
  decision: Decision;
  stance: Stance | null;
  strength: Strength | null;
};

/** How many decisions are read per query; evaluation reads them all, page by page. */
const PAGE = 1000;

/**
 * Every staff decision (confirm, add, reject; with stance and strength where set), optionally
 * for one policy, in (bill, policy) order.
 */
export async function readStaffDecisions(db: Db, filter: { policyId?: string } = {}): Promise<StaffDecisionRow[]> {
  const out: StaffDecisionRow[] = [];
  let after = { billId: 0, policyId: '' };
  for (;;) {
    const rows = await queryRows<{ bill_id: number | string; policy_id: string; decision: Decision; stance: Stance | null; strength: Strength | null; identifier: string; place: string }>(
      db,
      sql`SELECT d.bill_id, d.policy_id, d.decision, d.stance, d.strength, b.identifier, CASE WHEN j.classification = 'state' THEN coalesce(upper(j.state_code), j.name) ELSE j.name END AS place
          FROM policy_decisions d JOIN bills b ON b.id = d.bill_id JOIN jurisdictions j ON j.id = b.jurisdiction_id
          WHERE (d.bill_id, d.policy_id) > (${after.billId}, ${after.policyId}) ${filter.policyId ? sql`AND d.policy_id = ${filter.policyId}` : sql``}
          ORDER BY d.bill_id, d.policy_id LIMIT ${PAGE}`,
    );
    for (const r of rows) {
      out.push({ billId: Number(r.bill_id), billName: `${r.place} ${r.identifier}`, policyId: r.policy_id, decision: r.decision, stance: r.stance, strength: r.strength });
    }
    if (rows.length < PAGE) return out;
    const last = rows[rows.length - 1];
    after = { billId: Number(last.bill_id), policyId: last.policy_id };
  }
}
