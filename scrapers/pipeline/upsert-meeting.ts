import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/bills/bill-writer.js';
import { findMeeting, linkMeetingItems, noticeHearings, writeMeeting, type MeetingWriteOutcome } from '../../db/meetings/meeting-writer.js';
import { meetingContentHash, type NormalizedMeeting } from '../../core/meetings/meeting.schema.js';

export type MeetingUpsertResult = { outcome: MeetingWriteOutcome; meetingId: number; linked: number; hearingNotices: number };

/**
 * Writes one validated meeting in one transaction: the meeting and its agenda items (skipped
 * when the record hashes as last time), each item linked to the bill it names, and a hearing
 * notice for every bill newly on it if the meeting is still to come (`today` or later).
 */
export async function upsertMeeting(db: Db, meeting: NormalizedMeeting, ctx: { runId: number | null; today: string }): Promise<MeetingUpsertResult> {
  const hash = meetingContentHash(meeting);
  return inTransaction(db, async (tx) => {
    const existing = await findMeeting(tx, meeting.source, meeting.externalId);
    if (existing && existing.contentHash === hash) return { outcome: 'unchanged', meetingId: existing.id, linked: 0, hearingNotices: 0 };
    const meetingId = await writeMeeting(tx, meeting, hash, ctx.runId, existing?.id ?? null);
    const linked = await linkMeetingItems(tx, { meetingId });
    const hearingNotices = await noticeHearings(tx, { meetingId }, ctx.today, ctx.runId);
    return { outcome: existing ? 'updated' : 'created', meetingId, linked, hearingNotices };
  });
}

/**
 * After a run: links agenda items of the jurisdictions' meetings to bills that arrived after
 * their meeting (a council's matters are often read after its calendar), and notices the
 * hearings that made. Returns how many items it linked.
 */
export async function relinkMeetings(db: Db, jurisdictionIds: string[], ctx: { runId: number | null; today: string }): Promise<number> {
  if (jurisdictionIds.length === 0) return 0;
  return inTransaction(db, async (tx) => {
    const linked = await linkMeetingItems(tx, { jurisdictionIds });
    if (linked > 0) await noticeHearings(tx, { jurisdictionIds }, ctx.today, ctx.runId);
    return linked;
  });
}
