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
/** What a notification is about: a bill's first appearance, a stage/status change, or a newly scheduled hearing. */
export const ALERT_EVENT_KINDS = ['new-bill', 'status-change', 'hearing-scheduled'] as const;

/** The meeting of a `hearing-scheduled` event: where and when the bill is taken up. */
export const alertHearingSchema = z.object({
  notice_id: z.number().int(),
  meeting_id: z.number().int(),
  date: z.string(),
  time: z.string().nullable(),
  body: z.string(),
  location: z.string().nullable(),
  agenda_url: z.string().nullable(),
  source_url: z.string().nullable(),
});
export type AlertHearing = z.infer<typeof alertHearingSchema>;

export const alertEventSchema = z.object({
  kind: z.enum(ALERT_EVENT_KINDS),
  /** The change's id; 0 for a hearing (its notice id is in `hearing`). */
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
  /** Set for `hearing-scheduled`; stage and status are then the bill's, unchanged. */
  hearing: alertHearingSchema.optional(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/**
 * A watch's secret feed: the watch in words and its events, newest first. `eventKey` is the
 * outbox's name of the change (`status-change:<id>`, `new-bill:<bill id>`, or
 * `hearing:<bill id>:<meeting id>`).
 */
export type WatchFeed = { watch: { id: number; description: string; createdAt: string }; events: { eventKey: string; event: AlertEvent }[] };

const STAGE_LABELS: Record<string, string> = {
  introduced: 'introduced',
  committee: 'in committee',
  passed_one_chamber: 'passed one chamber',
  passed_legislature: 'passed the legislature',
  enacted: 'enacted',
};

const STATUS_LABELS: Record<string, string> = {
  adopted: 'adopted (a resolution, not a law)',
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

/** One line: what changed ("in committee → passed the legislature", "new bill, in committee", "hearing scheduled: …"). */
export function describeChange(event: AlertEvent): string {
  if (event.kind === 'hearing-scheduled' && event.hearing) {
    const h = event.hearing;
    return `hearing scheduled: ${h.body}, ${h.date}${h.time ? ` ${h.time}` : ''}${h.location ? ` (${h.location})` : ''}`;
  }
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
