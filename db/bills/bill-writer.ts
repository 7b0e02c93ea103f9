import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { billPolicies, billSources, bills, jurisdictions, policyDecisions, statusChanges } from '../schema/index.js';
import { BILL_CHILDREN, type BillChildSource } from './bill-rows.js';
import { readSessions } from '../sessions/sessions-repository.js';
import type { SessionFact } from '../../core/sessions/session-end.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import type { BillFacts, StatusMove } from '../../core/bill/derive-bill.js';
import type { Stance, Strength } from '../../core/vocabulary.js';

/**
 * The SQL writers of the bill pipeline, one bill at a time. They store what the pipeline
 * derived and never derive anything themselves; `scrapers/pipeline/upsert-bill.ts`
 * orchestrates them inside one transaction per bill. The batched pipeline writes the same
 * rows with `bill-batch-writer.ts`.
 */

/** Why a staff decision is flagged when its bill changes. */
export const REVIEW_REASON = 'the bill changed after this decision';

/** Runs `fn` in one transaction: every write inside it lands, or none does. */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

/**
 * The stored link of a source record to its bill, with the hashes it had last time, and
 * whether the bill was stored before its status hints were kept (then it is rewritten once).
 */
export async function findSourceLink(
  db: Db, source: string, externalId: string,
): Promise<{ billId: number; contentHash: string; recordHash: string | null; hintsMissing: boolean } | null> {
  const [link] = await db
    .select({
      billId: billSources.billId, contentHash: billSources.contentHash, recordHash: billSources.recordHash, hintsMissing: sql<boolean>`${bills.statusHints} IS NULL`,
    })
    .from(billSources)
    .innerJoin(bills, eq(bills.id, billSources.billId))
    .where(and(eq(billSources.source, source), eq(billSources.externalId, externalId)));
  return link ?? null;
}

export type StoredBill = typeof bills.$inferSelect;

/** A bill by id, or by its natural key (jurisdiction, session, identifier); null when none. */
export async function findBill(db: Db, where: { id: number } | { jurisdictionId: string; session: string; identifier: string }): Promise<StoredBill | null> {
  const [row] = 'id' in where
    ? await db.select().from(bills).where(eq(bills.id, where.id))
    : await db.select().from(bills).where(and(eq(bills.jurisdictionId, where.jurisdictionId), eq(bills.session, where.session), eq(bills.identifier, where.identifier)));
  return row ?? null;
}

/**
 * What derivation needs to know of a jurisdiction: its kind of legislature and classification,
 * and all its legislative sessions (a session without an end date is over once a later regular
 * one has begun, so one session's row is not enough). @throws for a jurisdiction never seeded.
 */
export async function readLegislativeFacts(db: Db, jurisdictionId: string): Promise<{ legislature: string | null; classification: string; sessions: SessionFact[] }> {
  const [jurisdiction] = await db
    .select({ classification: jurisdictions.classification, legislature: jurisdictions.legislature })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, jurisdictionId));
  if (!jurisdiction) throw new Error(`unknown jurisdiction ${jurisdictionId} (seed jurisdictions first)`);
  return { legislature: jurisdiction.legislature, classification: jurisdiction.classification, sessions: await readSessions(db, jurisdictionId) };
}

/** Links (or re-links) a source's record to a bill, remembering its hashes and freshness. */
export async function linkSource(
  db: Db, billId: number, bill: Pick<NormalizedBill, 'source' | 'externalId' | 'sourceUrl'>, hash: string, latestActionOn: string | null, recordHash: string | null = null,
): Promise<void> {
  const sourceRow = { contentHash: hash, recordHash, url: bill.sourceUrl, latestActionOn, fetchedAt: sql`now()` };
  await db
    .insert(billSources)
    .values({ billId, source: bill.source, externalId: bill.externalId, ...sourceRow })
    .onConflictDoUpdate({ target: [billSources.source, billSources.externalId], set: sourceRow });
}

/** Inserts a new bill; returns its id. */
export async function insertBill(db: Db, facts: BillFacts): Promise<number> {
  const [row] = await db.insert(bills).values(facts).returning({ id: bills.id });
  return row.id;
}

/** Rewrites a stored bill's facts and clears its actions, sponsors, documents and votes (rewritten next). */
export async function updateBill(db: Db, billId: number, facts: BillFacts): Promise<void> {
  await db.update(bills).set({ ...facts, updatedAt: sql`now()` }).where(eq(bills.id, billId));
  for (const child of BILL_CHILDREN) await db.execute(sql`DELETE FROM ${child.table} WHERE ${sql.raw(child.billIdColumn)} = ${billId}`);
}

/** Writes a bill's actions (with their normalized classifications), sponsors, documents and votes, in order. */
export async function insertBillChildren(db: Db, billId: number, bill: BillChildSource, actionClassifications: string[][]): Promise<void> {
  for (const child of BILL_CHILDREN) {
    const rows = child.rows(billId, bill, actionClassifications);
    if (rows.length) await db.insert(child.table).values(rows);
  }
}

/** Appends a stage/status move to the change log. */
export async function appendStatusChange(db: Db, billId: number, move: StatusMove, action: { date: string | null; description: string | null }, runId: number | null): Promise<void> {
  await db.insert(statusChanges).values({ billId, ...move, actionDate: action.date, actionDescription: action.description, runId });
}

export type MachineClassification = { policyId: string; score: number; stance: Stance; strength?: Strength | null; evidence: unknown };

/** Replaces a bill's machine classification (staff decisions live apart and stay). */
export async function replaceMachineClassification(db: Db, billId: number, matches: MachineClassification[], options: { hadAny: boolean }): Promise<void> {
  if (options.hadAny) await db.delete(billPolicies).where(eq(billPolicies.billId, billId));
  if (matches.length) {
    await db.insert(billPolicies).values(matches.map((m) => ({ billId, policyId: m.policyId, score: m.score, stance: m.stance, strength: m.strength ?? null, evidence: m.evidence })));
  }
}

/**
 * Flags staff decisions made on an earlier version of the bill for another look; returns
 * the policies staff decided on (their rollup cells depend on the bill too).
 */
export async function flagDecisionsForReview(db: Db, billId: number, hash: string): Promise<string[]> {
  await db
    .update(policyDecisions)
    .set({ needsReview: REVIEW_REASON })
    .where(and(eq(policyDecisions.billId, billId), sql`${policyDecisions.billHash} IS DISTINCT FROM ${hash}`));
  return (await db.select({ policyId: policyDecisions.policyId }).from(policyDecisions).where(eq(policyDecisions.billId, billId))).map((d) => d.policyId);
}

/** The machine classifications stored for these bills. */
export async function readMachineClassifications(db: Db, billIds: number[]): Promise<{ billId: number; policyId: string; stance: string; strength: string | null; score: number }[]> {
  if (billIds.length === 0) return [];
  return db
    .select({ billId: billPolicies.billId, policyId: billPolicies.policyId, stance: billPolicies.stance, strength: billPolicies.strength, score: billPolicies.score })
    .from(billPolicies)
    .where(sql`${billPolicies.billId} IN ${billIds}`);
}
