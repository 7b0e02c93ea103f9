import type { NormalizedBill } from './bill.schema.js';
import { deriveStatus, type LegislatureKind } from '../status/index.js';
import type { Stage, Status } from '../vocabulary.js';

/** What the pipeline knows of the bill's body and session when it derives the bill's status. */
export type LegislativeContext = {
  legislature: LegislatureKind;
  /** The session's end date; null when the session is known but has no end date, undefined when unknown. */
  sessionEndDate: string | null | undefined;
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
  subjects: string[];
  chamber: string | null;
  stage: Stage;
  status: Status;
  introducedOn: string | null;
  latestActionOn: string | null;
  latestActionDescription: string | null;
  enactmentNumber: string | null;
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

/**
 * Derives everything the pipeline stores about one bill: stage and status from its actions
 * and session (keeping `overturned`, which staff or curated data set), the dates, and whether
 * stage or status moved since what is stored. Pure.
 */
export function deriveBill(bill: NormalizedBill, hash: string, context: LegislativeContext, existing: StoredBillFacts | null, today: string): DerivedBill {
  const derived = deriveStatus({
    actions: bill.actions,
    classification: bill.classification,
    chamber: bill.chamber,
    legislature: context.legislature,
    statusHints: bill.statusHints,
    session: context.sessionEndDate === undefined ? undefined : { endDate: context.sessionEndDate },
    today,
    sourceKind: bill.source.split(':')[0],
  });
  // `overturned` is set by staff or curated data (a court voided the law); a re-scrape keeps it.
  const status: Status = existing?.status === 'overturned' ? 'overturned' : derived.status;
  const latest = latestActionDate(bill);
  const decisive = derived.decisiveAction === null ? null : bill.actions[derived.decisiveAction];
  const lastAction = bill.actions.length ? bill.actions[bill.actions.length - 1] : null;
  const moved = !existing || existing.stage !== derived.stage || existing.status !== status;
  const statusChangedOn = decisive?.date ?? latest;
  return {
    facts: {
      ...(moved ? { statusChangedOn } : {}),
      jurisdictionId: bill.jurisdictionId,
      session: bill.session,
      identifier: bill.identifier,
      title: bill.title,
      abstract: bill.abstract,
      otherTitles: bill.otherTitles,
      classification: bill.classification,
      subjects: bill.subjects,
      chamber: bill.chamber,
      stage: derived.stage,
      status,
      introducedOn: bill.actions.find((a) => a.date)?.date ?? null,
      latestActionOn: latest,
      latestActionDescription: lastAction?.description ?? null,
      enactmentNumber: bill.enactmentNumber,
      sourceUrl: bill.sourceUrl,
      primarySource: bill.source,
      contentHash: hash,
      extras: bill.extras,
    },
    actionClassifications: bill.actions.map((_, position) => derived.classifications[position] ?? []),
    move: moved ? { fromStage: existing?.stage ?? null, toStage: derived.stage, fromStatus: existing?.status ?? null, toStatus: status } : null,
    moveAction: { date: statusChangedOn, description: decisive?.description ?? lastAction?.description ?? null },
  };
}
