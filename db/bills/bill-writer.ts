import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import {
  actions, billPolicies, billSources, bills, documents, jurisdictions, policyDecisions, sponsors, statusChanges, votes,
} from '../schema/index.js';
import { readSessions } from '../sessions/sessions-repository.js';
import type { SessionFact } from '../../core/sessions/session-end.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import type { BillFacts, StatusMove } from '../../core/bill/derive-bill.js';
import type { Stance } from '../../core/vocabulary.js';

/**
 * The SQL writers of the bill pipeline. They store what the pipeline derived and never
 * derive anything themselves; `scrapers/pipeline/upsert-bill.ts` orchestrates them inside
 * one transaction per bill.
 */

/** Runs `fn` in one transaction: every write inside it lands, or none does. */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

/**
 * The stored link of a source record to its bill, with the content hash it had last time, and
 * whether the bill was stored before its status hints were kept (then it is rewritten once).
 */
export async function findSourceLink(db: Db, source: string, externalId: string): Promise<{ billId: number; contentHash: string; hintsMissing: boolean } | null> {
  const [link] = await db
    .select({ billId: billSources.billId, contentHash: billSources.contentHash, hintsMissing: sql<boolean>`${bills.statusHints} IS NULL` })
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

/** Links (or re-links) a source's record to a bill, remembering its hash and freshness. */
export async function linkSource(db: Db, billId: number, bill: Pick<NormalizedBill, 'source' | 'externalId' | 'sourceUrl'>, hash: string, latestActionOn: string | null): Promise<void> {
  const sourceRow = { contentHash: hash, url: bill.sourceUrl, latestActionOn, fetchedAt: sql`now()` };
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
  await db.delete(actions).where(eq(actions.billId, billId));
  await db.delete(sponsors).where(eq(sponsors.billId, billId));
  await db.delete(documents).where(eq(documents.billId, billId));
  await db.delete(votes).where(eq(votes.billId, billId));
}

/** Writes a bill's actions (with their normalized classifications), sponsors, documents and votes, in order. */
export async function insertBillChildren(db: Db, billId: number, bill: Pick<NormalizedBill, 'actions' | 'sponsors' | 'documents' | 'votes'>, actionClassifications: string[][]): Promise<void> {
  if (bill.actions.length) {
    await db.insert(actions).values(
      bill.actions.map((a, position) => ({
        billId,
        position,
        date: a.date,
        description: a.description,
        actor: a.actor,
        actorClassification: a.actorClassification,
        sourceClassification: a.sourceClassification,
        classification: actionClassifications[position] ?? [],
        passed: a.passed,
      })),
    );
  }
  if (bill.sponsors.length) await db.insert(sponsors).values(bill.sponsors.map((s, position) => ({ billId, position, ...s })));
  if (bill.documents.length) await db.insert(documents).values(bill.documents.map((d, position) => ({ billId, position, ...d })));
  if (bill.votes.length) await db.insert(votes).values(bill.votes.map((v, position) => ({ billId, position, ...v })));
}

/** Appends a stage/status move to the change log. */
export async function appendStatusChange(db: Db, billId: number, move: StatusMove, action: { date: string | null; description: string | null }, runId: number | null): Promise<void> {
  await db.insert(statusChanges).values({ billId, ...move, actionDate: action.date, actionDescription: action.description, runId });
}

/** The policies the machine tagged a bill with. */
export async function machinePolicyIds(db: Db, billId: number): Promise<string[]> {
  return (await db.select({ policyId: billPolicies.policyId }).from(billPolicies).where(eq(billPolicies.billId, billId))).map((r) => r.policyId);
}

export type MachineClassification = { policyId: string; score: number; stance: Stance; evidence: unknown };

/** Replaces a bill's machine classification (staff decisions live apart and stay). */
export async function replaceMachineClassification(db: Db, billId: number, matches: MachineClassification[], options: { hadAny: boolean }): Promise<void> {
  if (options.hadAny) await db.delete(billPolicies).where(eq(billPolicies.billId, billId));
  if (matches.length) {
    await db.insert(billPolicies).values(matches.map((m) => ({ billId, policyId: m.policyId, score: m.score, stance: m.stance, evidence: m.evidence })));
  }
}

/**
 * Flags staff decisions made on an earlier version of the bill for another look; returns
 * the policies staff decided on (their rollup cells depend on the bill too).
 */
export async function flagDecisionsForReview(db: Db, billId: number, hash: string): Promise<string[]> {
  await db
    .update(policyDecisions)
    .set({ needsReview: 'the bill changed after this decision' })
    .where(and(eq(policyDecisions.billId, billId), sql`${policyDecisions.billHash} IS DISTINCT FROM ${hash}`));
  return (await db.select({ policyId: policyDecisions.policyId }).from(policyDecisions).where(eq(policyDecisions.billId, billId))).map((d) => d.policyId);
}

/** The classifier's input for stored bills after `afterId` (one bill or one jurisdiction when given), by id. */
export async function readBillsToClassify(db: Db, scope: { billId?: number; jurisdictionId?: string }, afterId: number, limit: number) {
  const conditions = [sql`${bills.id} > ${afterId}`];
  if (scope.billId) conditions.push(eq(bills.id, scope.billId));
  if (scope.jurisdictionId) conditions.push(eq(bills.jurisdictionId, scope.jurisdictionId));
  return db
    .select({ id: bills.id, identifier: bills.identifier, jurisdictionId: bills.jurisdictionId, title: bills.title, otherTitles: bills.otherTitles, abstract: bills.abstract, subjects: bills.subjects })
    .from(bills)
    .where(and(...conditions))
    .orderBy(bills.id)
    .limit(limit);
}

/** The machine classifications stored for these bills. */
export async function readMachineClassifications(db: Db, billIds: number[]): Promise<{ billId: number; policyId: string; stance: string; score: number }[]> {
  if (billIds.length === 0) return [];
  return db
    .select({ billId: billPolicies.billId, policyId: billPolicies.policyId, stance: billPolicies.stance, score: billPolicies.score })
    .from(billPolicies)
    .where(sql`${billPolicies.billId} IN ${billIds}`);
}
