import type { Db } from '../../db/database.js';
import {
  appendStatusChange, findBill, findSourceLink, flagDecisionsForReview, inTransaction, insertBill, insertBillChildren, linkSource, machinePolicyIds,
  readLegislativeFacts, replaceMachineClassification, updateBill,
} from '../../db/bills/bill-writer.js';
import { recomputeRollup } from '../../db/rollup/recompute-rollup.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import { billContentHash } from '../../core/bill/content-hash.js';
import { deriveBill, latestActionDate, legislatureKind, type LegislativeContext, type StatusMove } from '../../core/bill/derive-bill.js';
import { classifyBill } from '../../core/classify/classify-bill.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export type UpsertContext = {
  /** The run writing, for the change log. */
  runId: number | null;
  /** YYYY-MM-DD: decides whether a session has ended. */
  today: string;
  /** The policy set to classify against (read once per run). */
  policies: PolicyDefinition[];
  /**
   * Batch imports collect the jurisdiction/policy cells to recompute and do it once per
   * batch (recomputing per bill makes a large import quadratic); single writes leave it out.
   */
  deferRollup?: (jurisdictionId: string, policyIds: string[]) => void;
  /** Jurisdiction and session facts, remembered across the bills of one run. */
  cache?: Map<string, LegislativeContext>;
};

export type UpsertResult = {
  outcome: UpsertOutcome;
  billId: number;
  /** Set when stage or status moved (or the bill is new). */
  change: StatusMove | null;
};

/** How many bodies must pass a measure here, and the jurisdiction's sessions (remembered per run). */
export async function legislativeContext(db: Db, jurisdictionId: string, cache: Map<string, LegislativeContext> | undefined): Promise<LegislativeContext> {
  const cached = cache?.get(jurisdictionId);
  if (cached) return cached;
  const facts = await readLegislativeFacts(db, jurisdictionId);
  const context = { legislature: legislatureKind(facts.legislature, facts.classification), sessions: facts.sessions };
  cache?.set(jurisdictionId, context);
  return context;
}

/**
 * Writes one normalized bill in one transaction: read what is stored, derive stage and
 * status (appending to the change log when they move), write the bill with its actions,
 * sponsors and documents, classify it, write the classification, and roll up its
 * jurisdiction. Idempotent: a record whose content hash matches what this source gave last
 * time writes nothing. When another source already holds fresher facts for the same bill
 * (later latest action), the record is only linked. Staff decisions are never touched,
 * except to flag them for review when the bill changed after the decision.
 */
export async function upsertBill(db: Db, bill: NormalizedBill, ctx: UpsertContext): Promise<UpsertResult> {
  const hash = billContentHash(bill);
  return inTransaction(db, async (tx) => {
    const link = await findSourceLink(tx, bill.source, bill.externalId);
    if (link && link.contentHash === hash && !link.hintsMissing) return { outcome: 'unchanged', billId: link.billId, change: null };

    const existing = link
      ? await findBill(tx, { id: link.billId })
      : await findBill(tx, { jurisdictionId: bill.jurisdictionId, session: bill.session, identifier: bill.identifier });

    const latest = latestActionDate(bill);
    const fresherElsewhere =
      existing && existing.primarySource !== bill.source && existing.latestActionOn !== null && (latest === null || existing.latestActionOn > latest);
    if (existing && fresherElsewhere) {
      await linkSource(tx, existing.id, bill, hash, latest);
      return { outcome: link ? 'updated' : 'created', billId: existing.id, change: null };
    }

    const context = await legislativeContext(tx, bill.jurisdictionId, ctx.cache);
    const derived = deriveBill(bill, hash, context, existing, ctx.today);

    let billId: number;
    if (existing) {
      billId = existing.id;
      await updateBill(tx, billId, derived.facts);
    } else {
      billId = await insertBill(tx, derived.facts);
    }
    await linkSource(tx, billId, bill, hash, latest);
    await insertBillChildren(tx, billId, bill, derived.actionClassifications);
    if (derived.move) await appendStatusChange(tx, billId, derived.move, derived.moveAction, ctx.runId);

    const previousPolicies = existing ? await machinePolicyIds(tx, billId) : [];
    const matches = classifyBill({ title: bill.title, otherTitles: bill.otherTitles, abstract: bill.abstract, subjects: bill.subjects }, ctx.policies);
    await replaceMachineClassification(tx, billId, matches, { hadAny: existing !== null });
    const touched = new Set([...previousPolicies, ...matches.map((m) => m.policyId)]);
    if (existing) for (const policyId of await flagDecisionsForReview(tx, billId, hash)) touched.add(policyId);
    if (touched.size) {
      if (ctx.deferRollup) ctx.deferRollup(bill.jurisdictionId, [...touched]);
      else await recomputeRollup(tx, bill.jurisdictionId, [...touched]);
    }

    return { outcome: existing ? 'updated' : 'created', billId, change: derived.move };
  });
}
