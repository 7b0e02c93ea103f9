import { sql, type SQL } from 'drizzle-orm';

/*
 * SQL fragments shared by the outbox and the watch feeds, so both name and describe a change
 * the same way. Their aliases are fixed by the callers' FROM clauses: `w` the watch,
 * `sc` the status change, `b` its bill, `j` the bill's jurisdiction.
 */

/** A change as the outbox names it: a bill's first appearance is `new-bill:<bill id>`. */
export const eventKeySql: SQL = sql`CASE WHEN sc.from_stage IS NULL THEN 'new-bill:' || sc.bill_id ELSE 'status-change:' || sc.id END`;

/**
 * Whether watch `w` covers bill `b` (in jurisdiction `j`). One predicate for the outbox and
 * the feeds, so both carry the same events:
 * - a bill watch: that bill;
 * - otherwise every condition the watch gives, together: bills touching its policy (as
 *   staff decisions leave it); in its jurisdictions (an OCD id: that jurisdiction; a state
 *   code such as `va`: the state and every place in it); matching its saved search words.
 */
export const watchCoversBillSql: SQL = sql`(
  (w.bill_id IS NOT NULL AND w.bill_id = b.id)
  OR (w.bill_id IS NULL
      AND (w.policy_id IS NOT NULL OR cardinality(w.jurisdiction_ids) > 0 OR w.query IS NOT NULL)
      AND (w.policy_id IS NULL OR EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id AND e.policy_id = w.policy_id))
      AND (cardinality(w.jurisdiction_ids) = 0 OR b.jurisdiction_id = ANY(w.jurisdiction_ids) OR lower(j.state_code) = ANY(w.jurisdiction_ids))
      AND (w.query IS NULL OR b.search @@ websearch_to_tsquery('english', w.query)))
)`;

/** The `AlertEvent` JSON (core/alerts/alert-event.ts) of change `sc` of bill `b` in jurisdiction `j`. */
export const eventPayloadSql: SQL = sql`jsonb_build_object(
  'kind', CASE WHEN sc.from_stage IS NULL THEN 'new-bill' ELSE 'status-change' END,
  'status_change_id', sc.id,
  'changed_at', to_char(sc.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'bill', jsonb_build_object('id', b.id, 'identifier', b.identifier, 'title', b.title, 'session', b.session, 'source_url', b.source_url),
  'jurisdiction', jsonb_build_object('id', j.id, 'name', j.name),
  'from_stage', sc.from_stage, 'to_stage', sc.to_stage, 'from_status', sc.from_status, 'to_status', sc.to_status,
  'action_date', sc.action_date::text, 'action_description', sc.action_description,
  'policies', coalesce((SELECT jsonb_agg(e.policy_id ORDER BY e.policy_id) FROM bill_policy_effective e WHERE e.bill_id = b.id), '[]'::jsonb)
)`;

/** A hearing notice as the outbox names it: once per bill and meeting. */
export const hearingEventKeySql: SQL = sql`'hearing:' || hn.bill_id || ':' || hn.meeting_id`;

/**
 * The `AlertEvent` JSON of hearing notice `hn` of bill `b` in jurisdiction `j` at meeting `m`:
 * kind `hearing-scheduled`, the bill's stage and status unchanged, the meeting in `hearing`.
 */
export const hearingEventPayloadSql: SQL = sql`jsonb_build_object(
  'kind', 'hearing-scheduled',
  'status_change_id', 0,
  'changed_at', to_char(hn.noticed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'bill', jsonb_build_object('id', b.id, 'identifier', b.identifier, 'title', b.title, 'session', b.session, 'source_url', b.source_url),
  'jurisdiction', jsonb_build_object('id', j.id, 'name', j.name),
  'from_stage', b.stage, 'to_stage', b.stage, 'from_status', b.status, 'to_status', b.status,
  'action_date', m.date::text,
  'action_description', 'Hearing: ' || m.body || coalesce(' at ' || m.time, '') || coalesce(', ' || m.location, ''),
  'policies', coalesce((SELECT jsonb_agg(e.policy_id ORDER BY e.policy_id) FROM bill_policy_effective e WHERE e.bill_id = b.id), '[]'::jsonb),
  'hearing', jsonb_build_object('notice_id', hn.id, 'meeting_id', m.id, 'date', m.date::text, 'time', m.time, 'body', m.body, 'location', m.location,
                                'agenda_url', m.agenda_url, 'source_url', m.source_url)
)`;
