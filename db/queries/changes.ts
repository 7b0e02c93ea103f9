import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import type { ListScope } from '../../core/vocabulary.js';
import { trackedScopeSql } from './search-bills.js';
import { jurisdictionFilterSql } from './jurisdiction-filter.js';

export type ChangeEntry = {
  id: number;
  changed_at: string;
  bill: { id: number; identifier: string; title: string; session: string; source_url: string | null };
  jurisdiction: { id: string; name: string };
  from_stage: string | null;
  to_stage: string;
  from_status: string | null;
  to_status: string;
  action_date: string | null;
  action_description: string | null;
  policies: string[];
};

export type ChangeFilters = {
  since: Date; policy?: string; jurisdiction?: string | readonly string[]; before?: number; limit: number;
  /** `tracked`: changes of laws touching a tracked policy; `all` (the default here): every change. */
  scope?: ListScope;
};

/**
 * Stage/status changes since a moment, newest first: the "what moved" view, its feeds and
 * alerts. `before` continues a page (change ids only grow).
 */
export async function listChanges(db: Db, f: ChangeFilters): Promise<ChangeEntry[]> {
  const where = [sql`c.changed_at >= ${f.since.toISOString()}`];
  if (f.before) where.push(sql`c.id < ${f.before}`);
  if (f.jurisdiction?.length) where.push(jurisdictionFilterSql(f.jurisdiction));
  if (f.policy) where.push(sql`EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id AND e.policy_id = ${f.policy})`);
  if (f.scope === 'tracked') where.push(trackedScopeSql());
  const rows = await queryRows<{
    id: string | number; changed_at: string | Date; bill_id: string | number; identifier: string; title: string; session: string; source_url: string | null;
    jurisdiction_id: string; jurisdiction_name: string; from_stage: string | null; to_stage: string; from_status: string | null; to_status: string;
    action_date: string | null; action_description: string | null; policies: string[] | null;
  }>(
    db,
    sql`SELECT c.id, c.changed_at, b.id AS bill_id, b.identifier, b.title, b.session, b.source_url, j.id AS jurisdiction_id, j.name AS jurisdiction_name,
               c.from_stage, c.to_stage, c.from_status, c.to_status, c.action_date::text AS action_date, c.action_description,
               (SELECT array_agg(e.policy_id ORDER BY e.policy_id) FROM bill_policy_effective e WHERE e.bill_id = b.id) AS policies
        FROM status_changes c JOIN bills b ON b.id = c.bill_id JOIN jurisdictions j ON j.id = b.jurisdiction_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY c.id DESC LIMIT ${f.limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    changed_at: new Date(r.changed_at).toISOString(),
    bill: { id: Number(r.bill_id), identifier: r.identifier, title: r.title, session: r.session, source_url: r.source_url },
    jurisdiction: { id: r.jurisdiction_id, name: r.jurisdiction_name },
    from_stage: r.from_stage,
    to_stage: r.to_stage,
    from_status: r.from_status,
    to_status: r.to_status,
    action_date: r.action_date,
    action_description: r.action_description,
    policies: r.policies ?? [],
  }));
}
