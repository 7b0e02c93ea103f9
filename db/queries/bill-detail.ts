import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { actions, billSources, documents, sponsors, statusChanges } from '../schema/index.js';
import { billSummaryColumns, toBillSummaries, type BillSummary, type BillSummaryRow } from './bill-summary.js';
import { listBillHearings, type Hearing } from './hearings.js';

export type BillDetail = BillSummary & {
  abstract: string | null;
  other_titles: string[];
  subjects: string[];
  chamber: string | null;
  enactment_number: string | null;
  introduced_on: string | null;
  actions: { date: string | null; description: string; actor: string | null; classification: string[] }[];
  sponsors: { name: string; classification: string | null; primary: boolean }[];
  versions: { note: string; date: string | null; url: string; media_type: string | null; classification: string | null }[];
  documents: { note: string; date: string | null; url: string; media_type: string | null; classification: string | null }[];
  history: { changed_at: string; from_stage: string | null; to_stage: string; from_status: string | null; to_status: string; action_date: string | null; action_description: string | null }[];
  evidence: { policy: string; stance: string; source: string; decision: string | null; needs_review: string | null; evidence: unknown[] }[];
  sources: { source: string; external_id: string; url: string | null; fetched_at: string }[];
  /** Meetings whose agenda takes the bill up (council, committee, legislative hearings), oldest first. */
  hearings: Hearing[];
};

/** A bill with everything the bill page shows, or null. */
export async function getBillDetail(db: Db, id: number): Promise<BillDetail | null> {
  const rows = await queryRows<BillSummaryRow & { abstract: string | null; other_titles: string[]; subjects: string[]; chamber: string | null; enactment_number: string | null; introduced_on: string | null }>(
    db,
    sql`SELECT ${billSummaryColumns}, b.abstract, b.other_titles, b.subjects, b.chamber, b.enactment_number, b.introduced_on::text AS introduced_on
        FROM bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id WHERE b.id = ${id}`,
  );
  if (rows.length === 0) return null;
  const [summary] = await toBillSummaries(db, rows);
  const row = rows[0];
  const [actionRows, sponsorRows, documentRows, historyRows, evidenceRows, sourceRows, hearings] = await Promise.all([
    db.select().from(actions).where(eq(actions.billId, id)).orderBy(asc(actions.position)),
    db.select().from(sponsors).where(eq(sponsors.billId, id)).orderBy(asc(sponsors.position)),
    db.select().from(documents).where(eq(documents.billId, id)).orderBy(asc(documents.kind), asc(documents.position)),
    db.select().from(statusChanges).where(eq(statusChanges.billId, id)).orderBy(desc(statusChanges.changedAt), desc(statusChanges.id)),
    queryRows<{ policy_id: string; stance: string; source: string; decision: string | null; needs_review: string | null; evidence: unknown[] | null }>(
      db,
      sql`SELECT policy_id, stance, source, decision, needs_review, evidence FROM bill_policy_effective WHERE bill_id = ${id} ORDER BY policy_id`,
    ),
    db.select().from(billSources).where(eq(billSources.billId, id)).orderBy(asc(billSources.source)),
    listBillHearings(db, id),
  ]);
  const doc = (d: (typeof documentRows)[number]) => ({ note: d.note, date: d.date, url: d.url, media_type: d.mediaType, classification: d.classification });
  return {
    ...summary,
    abstract: row.abstract,
    other_titles: row.other_titles,
    subjects: row.subjects,
    chamber: row.chamber,
    enactment_number: row.enactment_number,
    introduced_on: row.introduced_on,
    actions: actionRows.map((a) => ({ date: a.date, description: a.description, actor: a.actor, classification: a.classification })),
    sponsors: sponsorRows.map((s) => ({ name: s.name, classification: s.classification, primary: s.primary })),
    versions: documentRows.filter((d) => d.kind === 'version').map(doc),
    documents: documentRows.filter((d) => d.kind !== 'version').map(doc),
    history: historyRows.map((h) => ({
      changed_at: h.changedAt.toISOString(),
      from_stage: h.fromStage,
      to_stage: h.toStage,
      from_status: h.fromStatus,
      to_status: h.toStatus,
      action_date: h.actionDate,
      action_description: h.actionDescription,
    })),
    evidence: evidenceRows.map((e) => ({ policy: e.policy_id, stance: e.stance, source: e.source, decision: e.decision, needs_review: e.needs_review, evidence: e.evidence ?? [] })),
    sources: sourceRows.map((s) => ({ source: s.source, external_id: s.externalId, url: s.url, fetched_at: s.fetchedAt.toISOString() })),
    hearings,
  };
}
