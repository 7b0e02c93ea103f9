import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import {
  actions, billPolicies, billSources, bills, documents, jurisdictions, legislativeSessions, policyDecisions, sponsors, statusChanges,
} from '../../db/schema/index.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import { deriveStatus, type LegislatureKind } from '../../core/status/index.js';
import { classifyBill } from '../../core/classify/classify-bill.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';
import { recomputeRollup } from '../../db/rollup/recompute-rollup.js';
import { billContentHash } from '../../core/bill/content-hash.js';

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

type LegislativeContext = { legislature: LegislatureKind; sessionEndDate: string | null | undefined };

/**
 * How many bodies must pass a measure here, and when the session ends (undefined when the
 * session is unknown). @throws for a jurisdiction that was never seeded.
 */
async function legislativeContext(db: Db, jurisdictionId: string, session: string, cache: Map<string, LegislativeContext> | undefined): Promise<LegislativeContext> {
  const key = `${jurisdictionId} ${session}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const [jurisdiction] = await db
    .select({ classification: jurisdictions.classification, legislature: jurisdictions.legislature })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, jurisdictionId));
  if (!jurisdiction) throw new Error(`unknown jurisdiction ${jurisdictionId} (seed jurisdictions first)`);
  const [row] = await db
    .select({ endDate: legislativeSessions.endDate })
    .from(legislativeSessions)
    .where(and(eq(legislativeSessions.jurisdictionId, jurisdictionId), eq(legislativeSessions.identifier, session)));
  const context = { legislature: legislatureKind(jurisdiction.legislature, jurisdiction.classification), sessionEndDate: row ? row.endDate : undefined };
  cache?.set(key, context);
  return context;
}

export type UpsertResult = {
  outcome: UpsertOutcome;
  billId: number;
  /** Set when stage or status moved (or the bill is new). */
  change: { fromStage: string | null; toStage: string; fromStatus: string | null; toStatus: string } | null;
};

function latestActionDate(bill: NormalizedBill): string | null {
  let latest: string | null = null;
  for (const a of bill.actions) if (a.date && (!latest || a.date > latest)) latest = a.date;
  return latest;
}

function legislatureKind(value: string | null, classification: string): LegislatureKind {
  if (value === 'unicameral' || value === 'council' || value === 'bicameral') return value;
  if (value === 'board') return 'council';
  return classification === 'state' ? 'bicameral' : 'council';
}

/**
 * Writes one normalized bill in one transaction: the bill, its actions, sponsors and
 * documents, its stage/status (appending to the change log when they move), its machine
 * classification, and the rollup of its jurisdiction. Idempotent: a record whose content
 * hash matches what this source gave last time writes nothing. When another source
 * already holds fresher facts for the same bill (later latest action), the record is
 * only linked. Staff decisions are never touched, except to flag them for review when
 * the bill changed after the decision.
 */
export async function upsertBill(db: Db, bill: NormalizedBill, ctx: UpsertContext): Promise<UpsertResult> {
  const hash = billContentHash(bill);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select({ billId: billSources.billId, contentHash: billSources.contentHash })
      .from(billSources)
      .where(and(eq(billSources.source, bill.source), eq(billSources.externalId, bill.externalId)));
    if (link && link.contentHash === hash) return { outcome: 'unchanged', billId: link.billId, change: null };

    const [existing] = link
      ? await tx.select().from(bills).where(eq(bills.id, link.billId))
      : await tx
          .select()
          .from(bills)
          .where(and(eq(bills.jurisdictionId, bill.jurisdictionId), eq(bills.session, bill.session), eq(bills.identifier, bill.identifier)));

    const latest = latestActionDate(bill);
    const sourceRow = { contentHash: hash, url: bill.sourceUrl, latestActionOn: latest, fetchedAt: sql`now()` };
    const fresherElsewhere =
      existing && existing.primarySource !== bill.source && existing.latestActionOn !== null && (latest === null || existing.latestActionOn > latest);
    if (existing && fresherElsewhere) {
      await tx
        .insert(billSources)
        .values({ billId: existing.id, source: bill.source, externalId: bill.externalId, ...sourceRow })
        .onConflictDoUpdate({ target: [billSources.source, billSources.externalId], set: sourceRow });
      return { outcome: link ? 'updated' : 'created', billId: existing.id, change: null };
    }

    const context = await legislativeContext(tx as unknown as Db, bill.jurisdictionId, bill.session, ctx.cache);

    const derived = deriveStatus({
      actions: bill.actions,
      classification: bill.classification,
      chamber: bill.chamber,
      legislature: context.legislature,
      statusHints: bill.statusHints,
      session: context.sessionEndDate === undefined ? undefined : { endDate: context.sessionEndDate },
      today: ctx.today,
      sourceKind: bill.source.split(':')[0],
    });
    // `overturned` is set by staff or curated data (a court voided the law); a re-scrape keeps it.
    const status = existing?.status === 'overturned' ? 'overturned' : derived.status;
    const decisive = derived.decisiveAction === null ? null : bill.actions[derived.decisiveAction];
    const introduced = bill.actions.find((a) => a.date)?.date ?? null;
    const lastAction = bill.actions.length ? bill.actions[bill.actions.length - 1] : null;

    const moved = !existing || existing.stage !== derived.stage || existing.status !== status;
    const statusChangedOn = decisive?.date ?? latest;
    const facts = {
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
      introducedOn: introduced,
      latestActionOn: latest,
      latestActionDescription: lastAction?.description ?? null,
      enactmentNumber: bill.enactmentNumber,
      sourceUrl: bill.sourceUrl,
      primarySource: bill.source,
      contentHash: hash,
      extras: bill.extras,
    };

    let billId: number;
    if (existing) {
      billId = existing.id;
      await tx.update(bills).set({ ...facts, updatedAt: sql`now()` }).where(eq(bills.id, billId));
      await tx.delete(actions).where(eq(actions.billId, billId));
      await tx.delete(sponsors).where(eq(sponsors.billId, billId));
      await tx.delete(documents).where(eq(documents.billId, billId));
    } else {
      const [row] = await tx.insert(bills).values(facts).returning({ id: bills.id });
      billId = row.id;
    }
    await tx
      .insert(billSources)
      .values({ billId, source: bill.source, externalId: bill.externalId, ...sourceRow })
      .onConflictDoUpdate({ target: [billSources.source, billSources.externalId], set: sourceRow });

    if (bill.actions.length) {
      await tx.insert(actions).values(
        bill.actions.map((a, position) => ({
          billId,
          position,
          date: a.date,
          description: a.description,
          actor: a.actor,
          actorClassification: a.actorClassification,
          sourceClassification: a.sourceClassification,
          classification: derived.classifications[position] ?? [],
          passed: a.passed,
        })),
      );
    }
    if (bill.sponsors.length) {
      await tx.insert(sponsors).values(bill.sponsors.map((s, position) => ({ billId, position, ...s })));
    }
    if (bill.documents.length) {
      await tx.insert(documents).values(bill.documents.map((d, position) => ({ billId, position, ...d })));
    }

    let change: UpsertResult['change'] = null;
    if (moved) {
      change = { fromStage: existing?.stage ?? null, toStage: derived.stage, fromStatus: existing?.status ?? null, toStatus: status };
      await tx.insert(statusChanges).values({
        billId,
        ...change,
        actionDate: statusChangedOn,
        actionDescription: decisive?.description ?? lastAction?.description ?? null,
        runId: ctx.runId,
      });
    }

    const previousPolicies = existing
      ? (await tx.select({ policyId: billPolicies.policyId }).from(billPolicies).where(eq(billPolicies.billId, billId))).map((r) => r.policyId)
      : [];
    const matches = classifyBill(
      { title: bill.title, otherTitles: bill.otherTitles, abstract: bill.abstract, subjects: bill.subjects },
      ctx.policies,
    );
    if (existing) await tx.delete(billPolicies).where(eq(billPolicies.billId, billId));
    if (matches.length) {
      await tx.insert(billPolicies).values(
        matches.map((m) => ({ billId, policyId: m.policyId, score: m.score, stance: m.stance, evidence: m.evidence })),
      );
    }
    if (existing) {
      await tx
        .update(policyDecisions)
        .set({ needsReview: 'the bill changed after this decision' })
        .where(and(eq(policyDecisions.billId, billId), sql`${policyDecisions.billHash} IS DISTINCT FROM ${hash}`));
    }
    const touched = new Set([...previousPolicies, ...matches.map((m) => m.policyId)]);
    if (existing) {
      const decided = await tx.select({ policyId: policyDecisions.policyId }).from(policyDecisions).where(eq(policyDecisions.billId, billId));
      for (const d of decided) touched.add(d.policyId);
    }
    if (touched.size) {
      if (ctx.deferRollup) ctx.deferRollup(bill.jurisdictionId, [...touched]);
      else await recomputeRollup(tx as unknown as Db, bill.jurisdictionId, [...touched]);
    }

    return { outcome: existing ? 'updated' : 'created', billId, change };
  });
}
