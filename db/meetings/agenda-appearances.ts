import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

/** One stored agenda line that takes up a matter: the meeting and the line as written. */
export type StoredAppearance = {
  matterKey: string;
  meetingExternalId: string;
  date: string;
  body: string;
  meetingUrl: string | null;
  itemExternalId: string | null;
  number: string | null;
  title: string;
  section: string | null;
  matterFile: string | null;
  url: string | null;
  action: string | null;
  result: string | null;
};

/**
 * The stored agenda lines of a source's meetings that take up the given matters (by the
 * matter key the source wrote in `matter_external_id`), oldest meeting first. Agenda sources
 * without file numbers (OnBase, NovusAGENDA) rebuild a matter's history from these, so a
 * matter keeps the meetings it was on after they leave the site's listing.
 */
export async function listAgendaAppearances(db: Db, source: string, matterKeys: readonly string[]): Promise<StoredAppearance[]> {
  if (matterKeys.length === 0) return [];
  const rows = await queryRows<{
    matter_key: string; meeting_external_id: string; date: string; body: string; meeting_url: string | null; item_external_id: string | null;
    number: string | null; title: string; section: string | null; matter_file: string | null; url: string | null; action: string | null; result: string | null;
  }>(
    db,
    sql`SELECT mi.matter_external_id AS matter_key, m.external_id AS meeting_external_id, m.date::text AS date, m.body, coalesce(m.agenda_url, m.source_url) AS meeting_url,
               mi.external_id AS item_external_id, mi.number, mi.title, mi.section, mi.matter_file, mi.url, mi.action, mi.result
        FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id
        WHERE m.source = ${source} AND mi.matter_external_id IN (${sql.join(
          matterKeys.map((k) => sql`${k}`),
          sql`, `,
        )})
        ORDER BY m.date, m.id, mi.position`,
  );
  return rows.map((r) => ({
    matterKey: r.matter_key,
    meetingExternalId: r.meeting_external_id,
    date: r.date,
    body: r.body,
    meetingUrl: r.meeting_url,
    itemExternalId: r.item_external_id,
    number: r.number,
    title: r.title,
    section: r.section,
    matterFile: r.matter_file,
    url: r.url,
    action: r.action,
    result: r.result,
  }));
}
