import { and, asc, eq, gt, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { actions, bills } from '../schema/index.js';
import type { NormalizedAction } from '../../core/bill/bill.schema.js';
import type { StatusMove } from '../../core/bill/derive-bill.js';
import type { Stage, Status } from '../../core/vocabulary.js';
import { appendStatusChange, inTransaction } from './bill-writer.js';
import { refreshRollupItems, type RollupCellKey } from '../rollup/rollup-items.js';

/**
 * The SQL of the time sweep (scrapers/pipeline/rederive-bills.ts): stored bills read back in
 * the shape derivation takes, and a status moved by time written with its change-log row.
 */

/** A stored bill as status derivation reads it (its actions are read apart, per batch). */
export type StoredBillForStatus = {
  id: number;
  jurisdictionId: string;
  session: string;
  identifier: string;
  classification: string;
  chamber: string | null;
  primarySource: string;
  stage: Stage;
  status: Status;
  statusHints: string[];
  latestActionOn: string | null;
  contentHash: string;
};

export type SweepScope = { jurisdictionId?: string; statuses: readonly Status[] };

function scopeCondition(scope: SweepScope): SQL {
  const parts: SQL[] = [inArray(bills.status, [...scope.statuses])];
  if (scope.jurisdictionId) parts.push(eq(bills.jurisdictionId, scope.jurisdictionId));
  return and(...parts)!;
}

/**
 * The next batch of bills in scope after `afterId`, by id. Bills stored before status hints
 * were kept (hints NULL) are left out: re-deriving them without the hints could undo what
 * the source said (see countBillsWithoutHints).
 */
export async function readBillsForStatus(db: Db, scope: SweepScope, afterId: number, limit: number): Promise<StoredBillForStatus[]> {
  const rows = await db
    .select({
      id: bills.id, jurisdictionId: bills.jurisdictionId, session: bills.session, identifier: bills.identifier, classification: bills.classification,
      chamber: bills.chamber, primarySource: bills.primarySource, stage: bills.stage, status: bills.status, statusHints: bills.statusHints,
      latestActionOn: bills.latestActionOn, contentHash: bills.contentHash,
    })
    .from(bills)
    .where(and(scopeCondition(scope), gt(bills.id, afterId), isNotNull(bills.statusHints)))
    .orderBy(asc(bills.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, statusHints: r.statusHints ?? [] }));
}

/** How many bills in scope have no stored hints (stored before they were kept; their next import fills them in). */
export async function countBillsWithoutHints(db: Db, scope: SweepScope): Promise<number> {
  const [row] = await db.select({ n: sql<string>`count(*)` }).from(bills).where(and(scopeCondition(scope), isNull(bills.statusHints)));
  return Number(row?.n ?? 0);
}

/** The stored actions of these bills, in order, keyed by bill id. */
export async function readStoredActions(db: Db, billIds: number[]): Promise<Map<number, NormalizedAction[]>> {
  const byBill = new Map<number, NormalizedAction[]>(billIds.map((id) => [id, []]));
  if (billIds.length === 0) return byBill;
  const rows = await db
    .select({
      billId: actions.billId, date: actions.date, description: actions.description, actor: actions.actor, actorClassification: actions.actorClassification,
      sourceClassification: actions.sourceClassification, passed: actions.passed,
    })
    .from(actions)
    .where(inArray(actions.billId, billIds))
    .orderBy(asc(actions.billId), asc(actions.position));
  for (const { billId, ...action } of rows) byBill.get(billId)?.push(action);
  return byBill;
}

/**
 * Writes a stage/status move that time (not a new record) caused, with its change-log row, in
 * one transaction. Only when the bill is still as it was read (same content, stage and
 * status): a bill an import rewrote meanwhile is left to that import. The bill's rollup items
 * are refreshed in the same transaction. Returns the rollup cells to recompute, or null when
 * it wrote nothing.
 */
export async function writeStatusMove(
  db: Db,
  bill: Pick<StoredBillForStatus, 'id' | 'contentHash' | 'stage' | 'status'>,
  next: { stage: Stage; status: Status; statusChangedOn: string | null },
  move: StatusMove,
  cause: { date: string | null; description: string | null },
  runId: number | null,
): Promise<RollupCellKey[] | null> {
  return inTransaction(db, async (tx) => {
    const updated = await tx
      .update(bills)
      .set({ stage: next.stage, status: next.status, statusChangedOn: next.statusChangedOn, updatedAt: sql`now()` })
      .where(and(eq(bills.id, bill.id), eq(bills.contentHash, bill.contentHash), eq(bills.stage, bill.stage), eq(bills.status, bill.status)))
      .returning({ id: bills.id });
    if (updated.length === 0) return null;
    await appendStatusChange(tx, bill.id, move, cause, runId);
    return refreshRollupItems(tx, [bill.id]);
  });
}
