import type { Db } from '../../db/database.js';
import { countBillsWithoutHints, readBillsForStatus, readStoredActions, writeStatusMove, type StoredBillForStatus } from '../../db/bills/status-sweep.js';
import { recomputeCells, recomputeRollup, type RollupCellKey } from '../../db/rollup/recompute-rollup.js';
import { deriveBillStatus, timeMayDecide, type LegislativeContext } from '../../core/bill/derive-bill.js';
import type { Status } from '../../core/vocabulary.js';
import { legislativeContext } from './prepare-bill.js';

/**
 * The time sweep: status that stays right as time passes. A bill's stored status was true
 * when it was derived; a session ending, a session's end date learned later, or a mayor's
 * veto window running out can make it false with no new record from any source. This
 * re-derives the stored bills with the same pure rules the pipeline uses
 * (deriveBillStatus), writes each move to the change log with its cause ("session ended
 * 2025-02-22"), which feeds alerts and feeds like any other move, refreshes the rollup items
 * of the bills that moved and recomputes the cells they are in.
 */

export type RederiveOptions = {
  /** One jurisdiction (OCD id), or all. */
  jurisdictionId?: string;
  /**
   * `time` (the daily sweep): pending bills whose session is over or whose veto window ran out.
   * `sessions` (after a jurisdiction's session facts changed): pending and failed bills, since a
   * later end date can revive a bill called dead. `all`: every bill but those staff marked
   * overturned (after an upgrade of the rules).
   */
  mode: 'time' | 'sessions' | 'all';
  /** YYYY-MM-DD. */
  today: string;
  /** The run that caused it (a source run whose sessions changed), for the change log. */
  runId?: number | null;
  batchSize?: number;
  onProgress?: (result: RederiveResult) => void;
};

export type RederiveResult = {
  /** Bills whose stored facts were re-derived. */
  checked: number;
  /** Bills whose stage or status moved (each written to the change log). */
  moved: number;
  /** Moves by kind, e.g. `{ "pending → failed": 88 }`. */
  moves: Record<string, number>;
  /** Bills left alone because their source's status flags were stored before they were kept. */
  skippedWithoutHints: number;
  jurisdictions: string[];
};

const STATUSES_BY_MODE: Record<RederiveOptions['mode'], Status[]> = {
  time: ['pending'],
  sessions: ['pending', 'failed'],
  all: ['pending', 'enacted', 'adopted', 'vetoed', 'failed', 'withdrawn'],
};

/** Re-derives stored bills (see the module comment). Throws only for database errors; what it wrote stays written. */
export async function rederiveBills(db: Db, options: RederiveOptions): Promise<RederiveResult> {
  const scope = { jurisdictionId: options.jurisdictionId, statuses: STATUSES_BY_MODE[options.mode] };
  const batchSize = options.batchSize ?? 500;
  const result: RederiveResult = { checked: 0, moved: 0, moves: {}, skippedWithoutHints: await countBillsWithoutHints(db, scope), jurisdictions: [] };
  const contexts = new Map<string, LegislativeContext>();
  const touched = new Set<string>();
  const cells: RollupCellKey[] = [];
  const checkedJurisdictions = new Set<string>();
  let afterId = 0;
  for (;;) {
    const batch = await readBillsForStatus(db, scope, afterId, batchSize);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1].id;
    const candidates: { bill: StoredBillForStatus; context: LegislativeContext }[] = [];
    for (const bill of batch) {
      const context = await legislativeContext(db, bill.jurisdictionId, contexts);
      if (options.mode !== 'time' || timeMayDecide(bill, context, options.today)) candidates.push({ bill, context });
    }
    const actions = await readStoredActions(db, candidates.map((c) => c.bill.id));
    for (const { bill, context } of candidates) {
      result.checked += 1;
      checkedJurisdictions.add(bill.jurisdictionId);
      const derived = deriveBillStatus(
        { ...bill, source: bill.primarySource, actions: actions.get(bill.id) ?? [] },
        context,
        { stage: bill.stage, status: bill.status },
        options.today,
      );
      if (!derived.move) continue;
      const wrote = await writeStatusMove(db, bill, derived, derived.move, derived.moveAction, options.runId ?? null);
      if (!wrote) continue;
      cells.push(...wrote);
      result.moved += 1;
      const key = `${bill.status} → ${derived.status}`;
      result.moves[key] = (result.moves[key] ?? 0) + 1;
      touched.add(bill.jurisdictionId);
    }
    options.onProgress?.(result);
  }
  await recomputeCells(db, cells);
  // After an upgrade of the rules (`all`), every cell is recomputed, not only those of bills
  // that moved: a rule like "resolutions do not count" changes cells with no bill moving.
  if (options.mode === 'all') for (const jurisdictionId of checkedJurisdictions) await recomputeRollup(db, jurisdictionId);
  result.jurisdictions = [...touched].sort();
  return result;
}
