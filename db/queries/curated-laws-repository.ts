import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { curatedLaws } from '../schema/index.js';
import { recomputeRollup } from '../rollup/recompute-rollup.js';

export type CuratedLawInput = Omit<typeof curatedLaws.$inferInsert, 'id' | 'seedKey' | 'editedBy' | 'editedAt' | 'createdAt' | 'updatedAt'>;

export async function listCuratedLaws(db: Db, filter: { jurisdictionId?: string; policyId?: string }) {
  const conditions = [];
  if (filter.jurisdictionId) conditions.push(eq(curatedLaws.jurisdictionId, filter.jurisdictionId));
  if (filter.policyId) conditions.push(eq(curatedLaws.policyId, filter.policyId));
  return db.select().from(curatedLaws).where(conditions.length ? and(...conditions) : undefined).orderBy(asc(curatedLaws.jurisdictionId), asc(curatedLaws.id));
}

export async function getCuratedLaw(db: Db, id: number) {
  const [row] = await db.select().from(curatedLaws).where(eq(curatedLaws.id, id));
  return row ?? null;
}

/** A staff-written record; marked edited so the seed never overwrites it. */
export async function createCuratedLaw(db: Db, input: CuratedLawInput, userId: number) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(curatedLaws).values({ ...input, editedBy: userId, editedAt: sql`now()` }).returning();
    await recomputeRollup(tx as unknown as Db, row.jurisdictionId, [row.policyId]);
    return row;
  });
}

/**
 * Applies a staff edit (only the fields given). Marks the record edited, so seeding again
 * leaves it as staff left it. Recomputes the rollup of the old and new jurisdiction.
 * @returns null when there is no such record.
 */
export async function updateCuratedLaw(db: Db, id: number, patch: Partial<CuratedLawInput>, userId: number) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(curatedLaws).where(eq(curatedLaws.id, id));
    if (!before) return null;
    const [row] = await tx
      .update(curatedLaws)
      .set({ ...patch, editedBy: userId, editedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(curatedLaws.id, id))
      .returning();
    await recomputeRollup(tx as unknown as Db, before.jurisdictionId);
    if (row.jurisdictionId !== before.jurisdictionId) await recomputeRollup(tx as unknown as Db, row.jurisdictionId);
    return row;
  });
}
