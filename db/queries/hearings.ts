import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

/** What the pages and the API say of a meeting. */
export type MeetingFacts = {
  meeting_id: number;
  date: string;
  /** `HH:MM`, the meeting's local time. */
  time: string | null;
  body: string;
  name: string | null;
  location: string | null;
  status: string;
  agenda_url: string | null;
  source_url: string | null;
};

type MeetingRow = Omit<MeetingFacts, 'meeting_id'> & { meeting_id: string | number };

const MEETING_COLUMNS = sql.raw('m.id AS meeting_id, m.date::text AS date, m.time, m.body, m.name, m.location, m.status, m.agenda_url, m.source_url');

function meetingFacts(r: MeetingRow): MeetingFacts {
  return {
    meeting_id: Number(r.meeting_id), date: r.date, time: r.time, body: r.body, name: r.name, location: r.location, status: r.status, agenda_url: r.agenda_url, source_url: r.source_url,
  };
}

/** A meeting that takes a bill up, with the agenda line that does. */
export type Hearing = MeetingFacts & {
  /** The source the meeting was read from (`legistar:phila`, `onbase:san_diego`, `openstates`). */
  source: string;
  item: { number: string | null; title: string; section: string | null; action: string | null; result: string | null; url: string | null };
};

/**
 * Every meeting whose agenda takes the bill up, oldest first. A meeting read from two sources
 * (a Legistar event from the API and the same meeting from its web calendar) is listed once.
 */
export async function listBillHearings(db: Db, billId: number): Promise<Hearing[]> {
  const rows = await queryRows<MeetingRow & { source: string; number: string | null; title: string; section: string | null; action: string | null; result: string | null; url: string | null }>(
    db,
    sql`SELECT * FROM (
          SELECT DISTINCT ON (m.date, lower(m.body)) ${MEETING_COLUMNS}, m.source, mi.number, mi.title, mi.section, mi.action, mi.result, mi.url
          FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
          WHERE mi.bill_id = ${billId}
          ORDER BY m.date, lower(m.body), (mi.action IS NULL), m.updated_at DESC, mi.position
        ) h ORDER BY h.date, h.time NULLS LAST, h.meeting_id`,
  );
  return rows.map((r) => ({ ...meetingFacts(r), source: r.source, item: { number: r.number, title: r.title, section: r.section, action: r.action, result: r.result, url: r.url } }));
}

/** A coming meeting of a jurisdiction and the tracked bills on its agenda. */
export type UpcomingMeeting = MeetingFacts & { bills: { id: number; identifier: string; title: string; policies: string[]; item_number: string | null }[] };

/**
 * The jurisdiction's meetings on or after `today` whose agendas take up a bill tied to a tracked
 * policy (by the effective classification, staff decisions included), soonest first, at most
 * `limit`; each with those bills and their policies.
 */
export async function listUpcomingPolicyMeetings(db: Db, jurisdictionId: string, today: string, limit = 20): Promise<UpcomingMeeting[]> {
  const rows = await queryRows<MeetingRow & { bills: UpcomingMeeting['bills'] }>(
    db,
    sql`SELECT ${MEETING_COLUMNS},
               jsonb_agg(DISTINCT jsonb_build_object(
                 'id', b.id, 'identifier', b.identifier, 'title', b.title, 'item_number', mi.number,
                 'policies', (SELECT jsonb_agg(DISTINCT e.policy_id) FROM (SELECT policy_id FROM bill_policy_effective WHERE bill_id = b.id OFFSET 0) e))) AS bills
        FROM meetings m
        JOIN meeting_items mi ON mi.meeting_id = m.id
        JOIN bills b ON b.id = mi.bill_id
        WHERE m.jurisdiction_id = ${jurisdictionId} AND m.date >= ${today}::date
          -- Probed per agenda bill (fenced with OFFSET 0): never a pass over every classification.
          AND EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id OFFSET 0)
        GROUP BY m.id
        ORDER BY m.date, m.time NULLS LAST, m.id
        LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    ...meetingFacts(r),
    bills: r.bills.map((b) => ({ ...b, id: Number(b.id), policies: (b.policies ?? []).sort() })).sort((a, b) => a.identifier.localeCompare(b.identifier)),
  }));
}

/** When a city was last read successfully, by which source, and from which address. */
export type LastRead = { at: string; source_id: string; source_name: string; from: string | null };

/**
 * The latest successful (ok or partial) run of any source of the jurisdiction, with the
 * address it read from (`readFrom` in its cursor: the Legistar API, or the InSite site it fell
 * back to, the OnBase or NovusAGENDA site...); null when none has run.
 */
export async function getLastRead(db: Db, jurisdictionId: string): Promise<LastRead | null> {
  const [row] = await queryRows<{ finished_at: string | Date; source_id: string; name: string; read_from: string | null; site: string | null }>(
    db,
    sql`SELECT r.finished_at, r.source_id, s.name, r.cursor_after->>'readFrom' AS read_from,
               coalesce(s.settings->>'url', s.settings->>'infoCenterUrl', s.settings->'sites'->0->>'url') AS site
        FROM scrape_runs r JOIN sources s ON s.id = r.source_id
        WHERE s.jurisdiction_id = ${jurisdictionId} AND r.outcome IN ('ok', 'partial') AND r.finished_at IS NOT NULL
        ORDER BY r.finished_at DESC, r.id DESC LIMIT 1`,
  );
  if (!row) return null;
  return { at: new Date(row.finished_at).toISOString(), source_id: row.source_id, source_name: row.name, from: row.read_from ?? row.site };
}
