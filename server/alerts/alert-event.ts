import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';

/** The delivery channels a watch can use. */
export const WATCH_CHANNELS = ['email', 'email-digest', 'webhook'] as const;
export type WatchChannel = (typeof WATCH_CHANNELS)[number];

/** Outbox states; `cursor` marks the one bookkeeping row per watch (never delivered, never listed). */
export const NOTIFICATION_STATES = ['pending', 'claimed', 'sent', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];
export const CURSOR_STATE = 'cursor';
export const CURSOR_EVENT_KEY = 'cursor';

/**
 * What a notification says, snapshotted when it is enqueued (so a message sent after a
 * retry describes the change as it was). Stored in `notifications.payload` as snake_case
 * JSON and parsed back with this schema: the database is a boundary too.
 */
export const alertEventSchema = z.object({
  kind: z.enum(['new-bill', 'status-change']),
  status_change_id: z.number().int(),
  changed_at: z.string(),
  bill: z.object({
    id: z.number().int(),
    identifier: z.string(),
    title: z.string(),
    session: z.string(),
    source_url: z.string().nullable(),
  }),
  jurisdiction: z.object({ id: z.string(), name: z.string() }),
  from_stage: z.string().nullable(),
  to_stage: z.string(),
  from_status: z.string().nullable(),
  to_status: z.string(),
  action_date: z.string().nullable(),
  action_description: z.string().nullable(),
  policies: z.array(z.string()),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** A change as the outbox names it: a bill's first appearance is `new-bill:<bill id>`. */
export const eventKeySql: SQL = sql`CASE WHEN sc.from_stage IS NULL THEN 'new-bill:' || sc.bill_id ELSE 'status-change:' || sc.id END`;

/**
 * Whether watch `w` covers bill `b` (aliases fixed by the callers' FROM clauses). One
 * predicate for the outbox and the feeds, so both carry the same events:
 * - a bill watch: that bill;
 * - a policy watch: bills touching the policy (as staff decisions leave it), optionally
 *   only in the listed jurisdictions;
 * - a jurisdiction watch: every bill in the listed jurisdictions.
 */
export const watchCoversBillSql: SQL = sql`(
  (w.bill_id IS NOT NULL AND w.bill_id = b.id)
  OR (w.bill_id IS NULL AND w.policy_id IS NOT NULL
      AND (cardinality(w.jurisdiction_ids) = 0 OR b.jurisdiction_id = ANY(w.jurisdiction_ids))
      AND EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id AND e.policy_id = w.policy_id))
  OR (w.bill_id IS NULL AND w.policy_id IS NULL AND b.jurisdiction_id = ANY(w.jurisdiction_ids))
)`;

/** The `AlertEvent` JSON of change `sc` of bill `b` in jurisdiction `j`. */
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

const STAGE_LABELS: Record<string, string> = {
  introduced: 'introduced',
  committee: 'in committee',
  passed_one_chamber: 'passed one chamber',
  passed_legislature: 'passed the legislature',
  enacted: 'enacted',
};

const STATUS_LABELS: Record<string, string> = {
  vetoed: 'vetoed',
  failed: 'failed',
  withdrawn: 'withdrawn',
  overturned: 'overturned',
};

/** Where a bill stands, in words: a terminal status wins over the stage it reached. */
export function describePosition(stage: string | null, status: string | null): string {
  if (status && STATUS_LABELS[status]) return STATUS_LABELS[status];
  if (!stage) return 'unknown';
  return STAGE_LABELS[stage] ?? stage.replace(/_/g, ' ');
}

/** One line: what changed ("in committee → passed the legislature", or "new bill, in committee"). */
export function describeChange(event: AlertEvent): string {
  const to = describePosition(event.to_stage, event.to_status);
  if (event.kind === 'new-bill' || event.from_stage === null) return `new bill, ${to}`;
  return `${describePosition(event.from_stage, event.from_status)} → ${to}`;
}

/** The public page of a bill. */
export function billUrl(publicUrl: string, billId: number): string {
  return `${publicUrl}/bills/${billId}`;
}

/** The page where a recipient confirms stopping one watch. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/unsubscribe/${encodeURIComponent(token)}`;
}

/** A watch's secret Atom feed. */
export function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/feeds/watch/${encodeURIComponent(token)}.atom`;
}
