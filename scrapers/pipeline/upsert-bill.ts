import type { Db } from '../../db/database.js';
import {
  appendStatusChange, findBill, findSourceLink, flagDecisionsForReview, inTransaction, insertBill, insertBillChildren, linkSource,
  replaceMachineClassification, updateBill,
} from '../../db/bills/bill-writer.js';
import { upgradeSourceHashes } from '../../db/bills/bill-batch-writer.js';
import { recomputeCells, type RollupCellKey } from '../../db/rollup/recompute-rollup.js';
import { refreshRollupItems } from '../../db/rollup/rollup-items.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import { billContentHash, sameBillContent } from '../../core/bill/content-hash.js';
import { latestActionDate, type LegislativeContext, type StatusMove } from '../../core/bill/derive-bill.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';
import { readLatestBillText } from '../../db/classify/classifier-sources.js';
import { deriveAndClassify, fresherElsewhere, legislativeContext } from './prepare-bill.js';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export type UpsertContext = {
  /** The run writing, for the change log. */
  runId: number | null;
  /** YYYY-MM-DD: decides whether a session has ended. */
  today: string;
  /** The policy set to classify against (read once per run). */
  policies: PolicyDefinition[];
  /**
   * Collects the rollup cells to recompute instead of recomputing them in the bill's
   * transaction (a caller writing many bills recomputes them once); single writes leave it out.
   */
  deferRollup?: (cells: RollupCellKey[]) => void;
  /** Jurisdiction and session facts, remembered across the bills of one run. */
  cache?: Map<string, LegislativeContext>;
  /** The hash of the record as the source yielded it (`sourceRecordHash`), stored with the link. */
  recordHash?: string | null;
};

export type UpsertResult = {
  outcome: UpsertOutcome;
  billId: number;
  /** Set when stage or status moved (or the bill is new). */
  change: StatusMove | null;
};

/**
 * Writes one normalized bill in one transaction: read what is stored, derive stage and
 * status (appending to the change log when they move), write the bill with its actions,
 * sponsors, documents and votes, classify it, write the classification, and roll up the
 * cells it is in. Idempotent: a record whose content hash matches what this source gave last
 * time writes nothing (beyond bringing an old-scheme hash up to date). When another source
 * already holds fresher facts for the same bill (later latest action), the record is only
 * linked. Staff decisions are never touched, except to flag them for review when the bill
 * changed after the decision. The batched pipeline (`import-bills.ts`) stores the same rows.
 */
export async function upsertBill(db: Db, bill: NormalizedBill, ctx: UpsertContext): Promise<UpsertResult> {
  const hash = billContentHash(bill);
  const recordHash = ctx.recordHash ?? null;
  return inTransaction(db, async (tx) => {
    const link = await findSourceLink(tx, bill.source, bill.externalId);
    const latest = latestActionDate(bill);
    // A bill stored before its status hints were kept is rewritten once, whatever its hash.
    if (link && sameBillContent(link.contentHash, hash, bill) && !link.hintsMissing) {
      if (link.contentHash !== hash || link.recordHash !== recordHash) {
        await upgradeSourceHashes(tx, [{ source: bill.source, externalId: bill.externalId, sourceUrl: bill.sourceUrl, contentHash: hash, recordHash, latestActionOn: latest }]);
      }
      return { outcome: 'unchanged', billId: link.billId, change: null };
    }

    const existing = link
      ? await findBill(tx, { id: link.billId })
      : await findBill(tx, { jurisdictionId: bill.jurisdictionId, session: bill.session, identifier: bill.identifier });

    if (existing && fresherElsewhere(existing, bill, latest)) {
      await linkSource(tx, existing.id, bill, hash, latest, recordHash);
      return { outcome: link ? 'updated' : 'created', billId: existing.id, change: null };
    }

    const context = await legislativeContext(tx, bill.jurisdictionId, ctx.cache);
    // The classifier reads the latest stored version's text too (a new bill has none yet).
    const latestText = existing ? await readLatestBillText(tx, existing.id) : null;
    const derived = deriveAndClassify(bill, hash, context, existing, ctx.today, ctx.policies, latestText);

    let billId: number;
    if (existing) {
      billId = existing.id;
      await updateBill(tx, billId, derived.facts);
    } else {
      billId = await insertBill(tx, derived.facts);
    }
    await linkSource(tx, billId, bill, hash, latest, recordHash);
    await insertBillChildren(tx, billId, bill, derived.actionClassifications);
    if (derived.move) await appendStatusChange(tx, billId, derived.move, derived.moveAction, ctx.runId);

    await replaceMachineClassification(tx, billId, derived.matches, { hadAny: existing !== null });
    if (existing) await flagDecisionsForReview(tx, billId, hash);
    const cells = await refreshRollupItems(tx, [billId]);
    if (ctx.deferRollup) ctx.deferRollup(cells);
    else await recomputeCells(tx, cells);

    return { outcome: existing ? 'updated' : 'created', billId, change: derived.move };
  });
}
