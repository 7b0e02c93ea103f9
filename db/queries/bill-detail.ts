import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { actions, billSources, documents, sponsors, statusChanges, votes } from '../schema/index.js';
import type { VoteOption } from '../../core/vocabulary.js';
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
  /** Roll-call votes in the source's order (oldest first). */
  votes: BillVote[];
  history: { changed_at: string; from_stage: string | null; to_stage: string; from_status: string | null; to_status: string; action_date: string | null; action_description: string | null }[];
  evidence: { policy: string; stance: string; strength: string | null; strength_source: string | null; source: string; decision: string | null; needs_review: string | null; evidence: unknown[] }[];
  sources: { source: string; external_id: string; url: string | null; fetched_at: string }[];
  /** Meetings whose agenda takes the bill up (council, committee, legislative hearings), oldest first. */
  hearings: Hearing[];
};

/** A roll-call vote as the API and the bill page show it. */
export type BillVote = {
  date: string | null;
  motion: string;
  result: 'pass' | 'fail' | null;
  organization: string | null;
  chamber: string | null;
  counts: Partial<Record<VoteOption, number>>;
  voters: { name: string; option: VoteOption; person_id: string | null }[];
};

type StoredVoter = { name: string; option: VoteOption; personId: string | null };

/** A stored vote row in the API's shape. */
export function toBillVote(v: typeof votes.$inferSelect): BillVote {
  return {
    date: v.date,
    motion: v.motion,
    result: v.result,
    organization: v.organization,
    chamber: v.chamber,
    counts: v.counts as BillVote['counts'],
    voters: (v.voters as StoredVoter[]).map((m) => ({ name: m.name, option: m.option, person_id: m.personId })),
  };
}

/**
 * The latest roll-call vote of each of these bills (by date, then position; undated votes
 * count as oldest), by bill id; bills without votes are absent. One statement, whatever
 * the number of bills (the ids travel as one array parameter).
 */
export async function readLastVotes(db: Db, billIds: readonly number[]): Promise<Map<number, BillVote>> {
  const out = new Map<number, BillVote>();
  if (billIds.length === 0) return out;
  const rows = await queryRows<{ bill_id: number | string; date: string | null; motion: string; result: 'pass' | 'fail' | null; organization: string | null; chamber: string | null; counts: BillVote['counts'] }>(
    db,
    sql`SELECT DISTINCT ON (bill_id) bill_id, date::text AS date, motion, result, organization, chamber, counts
        FROM votes WHERE bill_id = ANY(${`{${billIds.map((id) => Math.trunc(id)).join(',')}}`}::bigint[])
        ORDER BY bill_id, date DESC NULLS LAST, position DESC`,
  );
  for (const r of rows) out.set(Number(r.bill_id), { date: r.date, motion: r.motion, result: r.result, organization: r.organization, chamber: r.chamber, counts: r.counts, voters: [] });
  return out;
}

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
  const [actionRows, sponsorRows, documentRows, historyRows, evidenceRows, sourceRows, voteRows, hearings] = await Promise.all([
    db.select().from(actions).where(eq(actions.billId, id)).orderBy(asc(actions.position)),
    db.select().from(sponsors).where(eq(sponsors.billId, id)).orderBy(asc(sponsors.position)),
    db.select().from(documents).where(eq(documents.billId, id)).orderBy(asc(documents.kind), asc(documents.position)),
    db.select().from(statusChanges).where(eq(statusChanges.billId, id)).orderBy(desc(statusChanges.changedAt), desc(statusChanges.id)),
    queryRows<{ policy_id: string; stance: string; strength: string | null; strength_source: string | null; source: string; decision: string | null; needs_review: string | null; evidence: unknown[] | null }>(
      db,
      sql`SELECT policy_id, stance, strength, strength_source, source, decision, needs_review, evidence FROM bill_policy_effective WHERE bill_id = ${id} ORDER BY policy_id`,
    ),
    db.select().from(billSources).where(eq(billSources.billId, id)).orderBy(asc(billSources.source)),
    db.select().from(votes).where(eq(votes.billId, id)).orderBy(asc(votes.position)),
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
    votes: voteRows.map(toBillVote),
    history: historyRows.map((h) => ({
      changed_at: h.changedAt.toISOString(),
      from_stage: h.fromStage,
      to_stage: h.toStage,
      from_status: h.fromStatus,
      to_status: h.toStatus,
      action_date: h.actionDate,
      action_description: h.actionDescription,
    })),
    evidence: evidenceRows.map((e) => ({
      policy: e.policy_id, stance: e.stance, strength: e.strength, strength_source: e.strength_source, source: e.source, decision: e.decision, needs_review: e.needs_review, evidence: e.evidence ?? [],
    })),
    sources: sourceRows.map((s) => ({ source: s.source, external_id: s.externalId, url: s.url, fetched_at: s.fetchedAt.toISOString() })),
    hearings,
  };
}
