import type { NormalizedBill } from './bill.schema.js';
import { deriveStatus, EXECUTIVE_GRACE_DAYS, type LegislatureKind } from '../status/index.js';
import { addDays, sessionEnd, type SessionFact } from '../sessions/session-end.js';
import { billKind } from './bill-kind.js';
import type { BillKind, Stage, Status } from '../vocabulary.js';

/**
 * What the pipeline knows of the bill's body and sessions when it derives the bill's status:
 * how many bodies must pass a measure, and the jurisdiction's legislative sessions (all of
 * them: a session without an end date is over once a later regular one has begun).
 */
export type LegislativeContext = {
  legislature: LegislatureKind;
  sessions: readonly SessionFact[];
};

/** The stored facts of a bill the derivation compares against (a bill seen before). */
export type StoredBillFacts = { stage: Stage; status: Status };

/** The columns of a bill as the pipeline writes them. */
export type BillFacts = {
  statusChangedOn?: string | null;
  jurisdictionId: string;
  session: string;
  identifier: string;
  title: string;
  abstract: string | null;
  otherTitles: string[];
  classification: string;
  /** bill, resolution, joint-resolution, ordinance, budget... (core/bill/bill-kind.ts) */
  kind: BillKind;
  subjects: string[];
  chamber: string | null;
  stage: Stage;
  status: Status;
  introducedOn: string | null;
  latestActionOn: string | null;
  latestActionDescription: string | null;
  enactmentNumber: string | null;
  /** The source's own status flags, kept so time can re-derive the status without the source. */
  statusHints: string[];
  sourceUrl: string | null;
  primarySource: string;
  contentHash: string;
  extras: Record<string, unknown>;
};

export type StatusMove = { fromStage: Stage | null; toStage: Stage; fromStatus: Status | null; toStatus: Status };

/** A bill derived for writing: its columns, its actions' normalized classifications, and the move (if any) for the change log. */
export type DerivedBill = {
  facts: BillFacts;
  actionClassifications: string[][];
  /** Set when stage or status moved, or the bill is new. */
  move: StatusMove | null;
  /** The action behind the move, for the change log. */
  moveAction: { date: string | null; description: string | null };
};

/** The latest dated action, or null. */
export function latestActionDate(bill: Pick<NormalizedBill, 'actions'>): string | null {
  let latest: string | null = null;
  for (const a of bill.actions) if (a.date && (!latest || a.date > latest)) latest = a.date;
  return latest;
}

/** How many bodies must pass a measure in a jurisdiction, from its stored legislature kind. */
export function legislatureKind(value: string | null, classification: string): LegislatureKind {
  if (value === 'unicameral' || value === 'council' || value === 'bicameral') return value;
  if (value === 'board') return 'council';
  return classification === 'state' ? 'bicameral' : 'council';
}

/** What status derivation reads of a bill: its actions and the facts beside them (a normalized record, or a stored bill). */
export type BillStatusInputs = Pick<NormalizedBill, 'actions' | 'classification' | 'chamber' | 'statusHints' | 'session' | 'identifier' | 'source'>;

/** Stage and status of a bill now, and the move since what is stored (with the action or cause behind it). */
export type DerivedBillStatus = {
  stage: Stage;
  status: Status;
  /** The date the current status was reached (decisive action, session end, or the latest action). */
  statusChangedOn: string | null;
  actionClassifications: string[][];
  move: StatusMove | null;
  moveAction: { date: string | null; description: string | null };
};

/**
 * Stage and status of a bill from its actions, its jurisdiction's sessions and `today`
 * (keeping `overturned`, which staff or curated data set), and whether they moved since
 * `existing`. The pipeline and the time sweep (scrapers/pipeline/rederive-bills.ts) both call
 * it, so a bill re-derived tomorrow comes out exactly as a fresh import would. Pure.
 */
export function deriveBillStatus(bill: BillStatusInputs, context: LegislativeContext, existing: StoredBillFacts | null, today: string): DerivedBillStatus {
  const latest = latestActionDate(bill);
  const end = sessionEnd(context.sessions, bill.session, today, { latestActionOn: latest });
  const derived = deriveStatus({
    actions: bill.actions,
    classification: bill.classification,
    identifier: bill.identifier,
    chamber: bill.chamber,
    legislature: context.legislature,
    statusHints: bill.statusHints,
    session: { endDate: end.endDate, cause: end.cause },
    today,
    sourceKind: bill.source.split(':')[0],
  });
  // `overturned` is set by staff or curated data (a court voided the law); a re-scrape keeps it.
  const status: Status = existing?.status === 'overturned' ? 'overturned' : derived.status;
  const decisive = derived.decisiveAction === null ? null : bill.actions[derived.decisiveAction];
  const lastAction = bill.actions.length ? bill.actions[bill.actions.length - 1] : null;
  const moved = !existing || existing.stage !== derived.stage || existing.status !== status;
  const statusChangedOn = decisive?.date ?? derived.cause?.date ?? latest;
  return {
    stage: derived.stage,
    status,
    statusChangedOn,
    actionClassifications: bill.actions.map((_, position) => derived.classifications[position] ?? []),
    move: moved ? { fromStage: existing?.stage ?? null, toStage: derived.stage, fromStatus: existing?.status ?? null, toStatus: status } : null,
    moveAction: { date: statusChangedOn, description: derived.cause?.description ?? decisive?.description ?? lastAction?.description ?? null },
  };
}

/**
 * True when time alone may have changed a stored bill's status since it was derived: a
 * pending bill whose session (as sessionEnd finds it) ended more than the executive's grace
 * ago, or a council measure adopted and waiting out the mayor's window. A cheap filter before
 * the sweep reads a bill's actions; deriveBillStatus decides. Pure.
 */
export function timeMayDecide(
  bill: { status: Status; stage: Stage; session: string; latestActionOn: string | null },
  context: LegislativeContext,
  today: string,
): boolean {
  if (bill.status !== 'pending') return false;
  if (context.legislature === 'council') return bill.stage === 'passed_legislature';
  const end = sessionEnd(context.sessions, bill.session, today, { latestActionOn: bill.latestActionOn }).endDate;
  return end !== null && today > addDays(end, EXECUTIVE_GRACE_DAYS);
}

/**
 * Derives everything the pipeline stores about one bill: its kind, stage and status (see
 * deriveBillStatus), the dates, and whether stage or status moved since what is stored. Pure.
 */
export function deriveBill(bill: NormalizedBill, hash: string, context: LegislativeContext, existing: StoredBillFacts | null, today: string): DerivedBill {
  const derived = deriveBillStatus(bill, context, existing, today);
  const latest = latestActionDate(bill);
  const lastAction = bill.actions.length ? bill.actions[bill.actions.length - 1] : null;
  return {
    facts: {
      ...(derived.move ? { statusChangedOn: derived.statusChangedOn } : {}),
      jurisdictionId: bill.jurisdictionId,
      session: bill.session,
      identifier: bill.identifier,
      title: bill.title,
      abstract: bill.abstract,
      otherTitles: bill.otherTitles,
      classification: bill.classification,
      kind: billKind(bill.classification, bill.identifier),
      subjects: bill.subjects,
      chamber: bill.chamber,
      stage: derived.stage,
      status: derived.status,
      introducedOn: bill.actions.find((a) => a.date)?.date ?? null,
      latestActionOn: latest,
      latestActionDescription: lastAction?.description ?? null,
      enactmentNumber: bill.enactmentNumber,
      statusHints: bill.statusHints,
      sourceUrl: bill.sourceUrl,
      primarySource: bill.source,
      contentHash: hash,
      extras: bill.extras,
    },
    actionClassifications: derived.actionClassifications,
    move: derived.move,
    moveAction: derived.moveAction,
  };
}
