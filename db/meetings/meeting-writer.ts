import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { meetingItems, meetings } from '../schema/index.js';
import type { NormalizedMeeting } from '../../core/meetings/meeting.schema.js';

/**
 * The SQL writers of meetings. `scrapers/pipeline/upsert-meeting.ts` calls them in one
 * transaction per meeting: the meeting row, its agenda items (rewritten whole), each item
 * linked to the bill it takes up, and a hearing notice for every bill newly on an upcoming
 * meeting.
 */

export type MeetingWriteOutcome = 'created' | 'updated' | 'unchanged';

/** The stored meeting of a source record and its content hash; null when new. */
export async function findMeeting(db: Db, source: string, externalId: string): Promise<{ id: number; contentHash: string } | null> {
  const [row] = await db
    .select({ id: meetings.id, contentHash: meetings.contentHash })
    .from(meetings)
    .where(and(eq(meetings.source, source), eq(meetings.externalId, externalId)));
  return row ?? null;
}

/** Inserts or rewrites a meeting and its items; returns its id. */
export async function writeMeeting(db: Db, meeting: NormalizedMeeting, hash: string, runId: number | null, existingId: number | null): Promise<number> {
  const row = {
    source: meeting.source,
    externalId: meeting.externalId,
    jurisdictionId: meeting.jurisdictionId,
    body: meeting.body,
    name: meeting.name,
    date: meeting.date,
    time: meeting.time,
    location: meeting.location,
    status: meeting.status,
    agendaUrl: meeting.agendaUrl,
    minutesUrl: meeting.minutesUrl,
    sourceUrl: meeting.sourceUrl,
    matterSource: meeting.matterSource,
    contentHash: hash,
    runId,
  };
  let id: number;
  if (existingId === null) {
    const [inserted] = await db.insert(meetings).values(row).returning({ id: meetings.id });
    id = inserted.id;
  } else {
    id = existingId;
    await db.update(meetings).set({ ...row, updatedAt: sql`now()` }).where(eq(meetings.id, id));
    await db.delete(meetingItems).where(eq(meetingItems.meetingId, id));
  }
  if (meeting.items.length > 0) {
    await db.insert(meetingItems).values(
      meeting.items.map((item, position) => ({
        meetingId: id,
        position,
        externalId: item.externalId,
        number: item.number,
        title: item.title,
        section: item.section,
        matterFile: item.matterFile,
        matterExternalId: item.matterExternalId,
        action: item.action,
        result: item.result,
        url: item.url,
      })),
    );
  }
  return id;
}

/** One meeting, or the meetings of some jurisdictions. */
export type MeetingScope = { meetingId: number } | { jurisdictionIds: string[] };

/** The condition on meetings `m` of a scope; null for an empty list of jurisdictions (nothing to do). */
function scopeSql(scope: MeetingScope): SQL | null {
  if ('meetingId' in scope) return sql`m.id = ${scope.meetingId}`;
  if (scope.jurisdictionIds.length === 0) return null;
  return sql`m.jurisdiction_id IN (${sql.join(
    scope.jurisdictionIds.map((j) => sql`${j}`),
    sql`, `,
  )})`;
}

/**
 * Links agenda items without a bill to the bill they name: by the matter's external id in the
 * meeting's matter source (`bill_sources`), else by the file number among the jurisdiction's
 * bills (the newest such bill when several sessions reuse a number). Limited to one meeting,
 * or to the meetings of some jurisdictions (after a run, for bills that arrived after their
 * meeting). Returns how many items it linked.
 */
export async function linkMeetingItems(db: Db, scope: MeetingScope): Promise<number> {
  const where = scopeSql(scope);
  if (!where) return 0;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE meeting_items mi SET bill_id = found.bill_id
        FROM (
          SELECT mi2.id, coalesce(
            (SELECT bs.bill_id FROM bill_sources bs
              WHERE mi2.matter_external_id IS NOT NULL AND bs.source = coalesce(m.matter_source, m.source) AND bs.external_id = mi2.matter_external_id
              LIMIT 1),
            (SELECT b.id FROM bills b
              WHERE mi2.matter_file IS NOT NULL AND b.jurisdiction_id = m.jurisdiction_id AND b.identifier = mi2.matter_file
              ORDER BY b.latest_action_on DESC NULLS LAST, b.id DESC LIMIT 1)) AS bill_id
          FROM meeting_items mi2 JOIN meetings m ON m.id = mi2.meeting_id
          WHERE mi2.bill_id IS NULL AND (mi2.matter_external_id IS NOT NULL OR mi2.matter_file IS NOT NULL) AND ${where}
        ) found
        WHERE mi.id = found.id AND found.bill_id IS NOT NULL
        RETURNING mi.id`,
  );
  return rows.length;
}

/**
 * Records a hearing notice for every bill on the agenda of an upcoming meeting (on or after
 * `today`, not cancelled) that has none for that meeting yet. Returns how many were added.
 */
export async function noticeHearings(db: Db, scope: MeetingScope, today: string, runId: number | null): Promise<number> {
  const where = scopeSql(scope);
  if (!where) return 0;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO hearing_notices (bill_id, meeting_id, run_id)
        SELECT DISTINCT mi.bill_id, m.id, ${runId}::bigint
        FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
        WHERE mi.bill_id IS NOT NULL AND m.date >= ${today}::date AND m.status <> 'cancelled' AND ${where}
        ON CONFLICT (bill_id, meeting_id) DO NOTHING
        RETURNING id`,
  );
  return rows.length;
}
