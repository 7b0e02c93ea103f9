/**
 * The staff review queue: machine classifications nobody has decided yet, and decided
 * ones the bill has since changed under (needs_review). Rechecked items come first, then
 * the machine's strongest matches.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

export type ReviewItem = {
  billId: number;
  policyId: string;
  score: number;
  stance: string;
  /** The machine's strength (a ban: full; a restriction: partial; null unless it supports). */
  strength: string | null;
  evidence: unknown[];
  /** Why a decided item is back in the queue; null for never-decided ones. */
  needsReview: string | null;
  decision: string | null;
  decidedStance: string | null;
  decidedStrength: string | null;
  note: string | null;
  bill: { identifier: string; title: string; session: string; stage: string; status: string; sourceUrl: string | null; latestActionOn: string | null };
  jurisdiction: { id: string; name: string };
};

/** Up to `limit` items waiting for a decision, optionally for one policy, and how many wait in all. */
export async function listReviewQueue(db: Db, filter: { policyId?: string; limit: number }): Promise<{ items: ReviewItem[]; total: number }> {
  const policy = filter.policyId ? sql`AND bp.policy_id = ${filter.policyId}` : sql``;
  const waiting = sql`(d.bill_id IS NULL OR d.needs_review IS NOT NULL)`;
  const [rows, counts] = await Promise.all([
    queryRows<{
      bill_id: string | number; policy_id: string; score: number; stance: string; strength: string | null; evidence: unknown[] | null; needs_review: string | null; decision: string | null;
      decided_stance: string | null; decided_strength: string | null; note: string | null; identifier: string; title: string; session: string; stage: string;
      status: string; source_url: string | null; latest_action_on: string | null; jurisdiction_id: string; jurisdiction_name: string;
    }>(
      db,
      sql`SELECT bp.bill_id, bp.policy_id, bp.score, bp.stance, bp.strength, bp.evidence, d.needs_review, d.decision, d.stance AS decided_stance, d.strength AS decided_strength, d.note,
                 b.identifier, b.title, b.session, b.stage, b.status, b.source_url, b.latest_action_on::text AS latest_action_on, j.id AS jurisdiction_id, j.name AS jurisdiction_name
          FROM bill_policies bp
          JOIN bills b ON b.id = bp.bill_id
          JOIN jurisdictions j ON j.id = b.jurisdiction_id
          LEFT JOIN policy_decisions d ON d.bill_id = bp.bill_id AND d.policy_id = bp.policy_id
          WHERE ${waiting} ${policy}
          ORDER BY (d.needs_review IS NOT NULL) DESC, bp.score DESC, bp.bill_id DESC, bp.policy_id
          LIMIT ${filter.limit}`,
    ),
    queryRows<{ n: string | number }>(
      db,
      sql`SELECT count(*) AS n FROM bill_policies bp LEFT JOIN policy_decisions d ON d.bill_id = bp.bill_id AND d.policy_id = bp.policy_id WHERE ${waiting} ${policy}`,
    ),
  ]);
  return {
    total: Number(counts[0]?.n ?? 0),
    items: rows.map((r) => ({
      billId: Number(r.bill_id),
      policyId: r.policy_id,
      score: Number(r.score),
      stance: r.stance,
      strength: r.strength,
      evidence: r.evidence ?? [],
      needsReview: r.needs_review,
      decision: r.decision,
      decidedStance: r.decided_stance,
      decidedStrength: r.decided_strength,
      note: r.note,
      bill: { identifier: r.identifier, title: r.title, session: r.session, stage: r.stage, status: r.status, sourceUrl: r.source_url, latestActionOn: r.latest_action_on },
      jurisdiction: { id: r.jurisdiction_id, name: r.jurisdiction_name },
    })),
  };
}
