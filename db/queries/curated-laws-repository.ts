import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { curatedLaws } from '../schema/index.js';
import { recomputeRollup } from '../rollup/recompute-rollup.js';
import { ValidationError } from '../../core/errors.js';

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

/** The columns a curated law names other records by, as the API and forms name them. */
const REFERENCES = ['jurisdiction_id', 'policy_id', 'bill_id'] as const;

/** The PostgreSQL error behind a failed query (drizzle wraps it as `cause`), or null. */
function databaseErrorOf(error: unknown): { code?: string; constraint?: string } | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code?: string; constraint?: string };
  }
  return null;
}

/**
 * A foreign-key violation (23503) means the law names a jurisdiction, policy or bill that
 * does not exist: the caller's mistake, named by field, not a server error. The constraint
 * name (drizzle's `curated_laws_<column>_..._fk`) says which; when it does not, all three
 * are named. Anything else is rethrown as is.
 */
function rethrowUnknownReference(error: unknown): never {
  const failure = databaseErrorOf(error);
  if (failure?.code === '23503') {
    const field = REFERENCES.find((f) => failure.constraint?.includes(f));
    const fields = field ? [field] : [...REFERENCES];
    throw new ValidationError(`invalid body parameters: ${fields.join(', ')}`, fields.map((f) => ({ parameter: f, message: `no such ${f.replace(/_id$/, '')}` })));
  }
  throw error;
}

/**
 * A staff-written record; marked edited so the seed never overwrites it.
 * @throws ValidationError naming `jurisdiction_id`, `policy_id` or `bill_id` (message
 *   `no such jurisdiction` and so on) when the law names a record that does not exist.
 */
export async function createCuratedLaw(db: Db, input: CuratedLawInput, userId: number) {
  return db
    .transaction(async (tx) => {
      const [row] = await tx.insert(curatedLaws).values({ ...input, editedBy: userId, editedAt: sql`now()` }).returning();
      await recomputeRollup(tx as unknown as Db, row.jurisdictionId, [row.policyId]);
      return row;
    })
    .catch(rethrowUnknownReference);
}

/**
 * Applies a staff edit (only the fields given). Marks the record edited, so seeding again
 * leaves it as staff left it. Recomputes the rollup of the old and new jurisdiction.
 * @returns null when there is no such record.
 * @throws ValidationError naming `jurisdiction_id`, `policy_id` or `bill_id` when the edit
 *   names a record that does not exist (as createCuratedLaw).
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
  }).catch(rethrowUnknownReference);
}
