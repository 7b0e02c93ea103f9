import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.js';
import type { DatabaseHandle } from '../../db/connect.js';

/**
 * Every row an import stores, in a fixed order, without the columns that only say when it
 * ran (created_at, updated_at, fetched_at, changed_at, classified_at) and, unless `withIds`,
 * without serial ids (bills are named by their natural key instead): two databases that
 * imported the same records the same way give equal snapshots.
 */
export async function storedRows(handle: DatabaseHandle, options: { withIds?: boolean } = {}) {
  const key = sql.raw(`(SELECT b.jurisdiction_id || ' ' || b.session || ' ' || b.identifier FROM bills b WHERE b.id = t.bill_id)`);
  const id = (column: string) => sql.raw(options.withIds ? `${column},` : '');
  const read = (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(handle.db, query);
  return {
    bills: await read(sql`SELECT ${id('id')} jurisdiction_id, session, identifier, title, abstract, other_titles, classification, subjects, chamber, stage, status,
        introduced_on::text, latest_action_on::text, latest_action_description, status_changed_on::text, enactment_number, source_url, primary_source, content_hash, extras
        FROM bills ORDER BY jurisdiction_id, session, identifier`),
    sources: await read(sql`SELECT ${key} AS bill, source, external_id, url, content_hash, record_hash, latest_action_on::text FROM bill_sources t ORDER BY source, external_id`),
    actions: await read(sql`SELECT ${id('id')} ${key} AS bill, position, date::text, description, actor, actor_classification, source_classification, classification, passed
        FROM actions t ORDER BY 1, 2, 3`),
    sponsors: await read(sql`SELECT ${key} AS bill, position, name, classification, "primary", person_id FROM sponsors t ORDER BY 1, 2`),
    documents: await read(sql`SELECT ${key} AS bill, kind, position, note, date::text, classification, url, media_type FROM documents t ORDER BY 1, 2, 3`),
    votes: await read(sql`SELECT ${key} AS bill, position, date::text, motion, result, organization, chamber, counts, voters, source_id FROM votes t ORDER BY 1, 2`),
    changeLog: await read(sql`SELECT ${id('id')} ${key} AS bill, from_stage, to_stage, from_status, to_status, action_date::text, action_description, run_id
        FROM status_changes t ORDER BY 1, 2, 3`),
    classifications: await read(sql`SELECT ${key} AS bill, policy_id, score, stance, evidence FROM bill_policies t ORDER BY 1, 2`),
    decisions: await read(sql`SELECT ${key} AS bill, policy_id, decision, stance, strength, note, bill_hash, needs_review FROM policy_decisions t ORDER BY 1, 2`),
    rollupItems: await read(sql`SELECT ${key} AS bill, policy_id, jurisdiction_id, stance, status, strength FROM rollup_items t ORDER BY 1, 2`),
    cells: await read(sql`SELECT jurisdiction_id, policy_id, status, strength, bill_count, threat_count, cardinality(bill_ids) AS refs, curated_law_ids,
        (SELECT array_agg(b.identifier ORDER BY b.identifier) FROM bills b WHERE b.id = ANY(s.bill_ids)) AS bills,
        (SELECT array_agg(b.identifier ORDER BY b.identifier) FROM bills b WHERE b.id = ANY(s.threat_bill_ids)) AS threats
        FROM jurisdiction_policy_status s ORDER BY 1, 2`),
  };
}
