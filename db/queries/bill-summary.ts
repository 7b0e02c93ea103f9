import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { idArray } from '../sql-arrays.js';

/** A bill as lists show it (API `/api/bills`, search page, CSV). */
export type BillSummary = {
  id: number;
  jurisdiction: { id: string; name: string; classification: string };
  session: string;
  identifier: string;
  title: string;
  classification: string;
  /** What the record is: bill, resolution, joint-resolution, ordinance, budget... */
  kind: string;
  stage: string;
  status: string;
  latest_action: { date: string | null; description: string | null };
  policies: { policy: string; stance: string; source: 'machine' | 'staff'; score: number | null; strength: string | null }[];
  source_url: string | null;
  updated_at: string;
};

type Row = {
  id: number | string;
  jurisdiction_id: string;
  jurisdiction_name: string;
  jurisdiction_classification: string;
  session: string;
  identifier: string;
  title: string;
  classification: string;
  kind: string;
  stage: string;
  status: string;
  latest_action_on: string | null;
  latest_action_description: string | null;
  source_url: string | null;
  updated_at: string | Date;
};

/** The columns every bill list selects, with `b` = bills and `j` = jurisdictions. */
export const billSummaryColumns = sql`b.id, b.jurisdiction_id, j.name AS jurisdiction_name, j.classification AS jurisdiction_classification,
  b.session, b.identifier, b.title, b.classification, b.kind, b.stage, b.status, b.latest_action_on::text AS latest_action_on,
  b.latest_action_description, b.source_url, b.updated_at`;

/** Turns rows selected with `billSummaryColumns` into API summaries, with their effective policies. */
export async function toBillSummaries(db: Db, rows: Row[]): Promise<BillSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const policyRows = await queryRows<{ bill_id: number | string; policy_id: string; stance: string; source: 'machine' | 'staff'; score: number | null; strength: string | null }>(
    db,
    // One primary-key probe per bill (the subquery is fenced with OFFSET 0): a page of up to
    // 500 bills must not read the whole classification table, whatever the planner's guess.
    sql`SELECT e.bill_id, e.policy_id, e.stance, e.source, e.score, e.strength
        FROM unnest(${idArray(ids)}::bigint[]) AS k(id)
        CROSS JOIN LATERAL (SELECT bill_id, policy_id, stance, source, score, strength FROM bill_policy_effective WHERE bill_id = k.id OFFSET 0) e
        ORDER BY e.bill_id, e.policy_id`,
  );
  const byBill = new Map<number, BillSummary['policies']>();
  for (const p of policyRows) {
    const list = byBill.get(Number(p.bill_id)) ?? [];
    list.push({ policy: p.policy_id, stance: p.stance, source: p.source, score: p.score === null ? null : Number(p.score), strength: p.strength });
    byBill.set(Number(p.bill_id), list);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    jurisdiction: { id: r.jurisdiction_id, name: r.jurisdiction_name, classification: r.jurisdiction_classification },
    session: r.session,
    identifier: r.identifier,
    title: r.title,
    classification: r.classification,
    kind: r.kind,
    stage: r.stage,
    status: r.status,
    latest_action: { date: r.latest_action_on, description: r.latest_action_description },
    policies: byBill.get(Number(r.id)) ?? [],
    source_url: r.source_url,
    updated_at: new Date(r.updated_at).toISOString(),
  }));
}

export type { Row as BillSummaryRow };
