import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { bills, provisionOverrides } from '../schema/index.js';
import { NotFoundError } from '../../core/errors.js';
import type { Outcome } from '../../core/adoption/adoption-types.js';
import type { ProvisionOverride } from '../../core/adoption/apply-overrides.js';

export type OverrideInput = {
  billId: number;
  modelId: string;
  provisionId: string;
  outcome: Outcome;
  note?: string | null;
  /** The version decided on; default the bill's latest scored version for the model. */
  textId?: number;
  userId: number | null;
};

export type OverrideRecord = ProvisionOverride & { billId: number; modelId: string; textId: number };

/**
 * Records a staff outcome for one provision of one bill, on the text staff looked at (its
 * hash is kept, so the decision survives re-scoring and lapses when the text changes).
 * @throws NotFoundError when the bill, a scored text of it for the model, or the
 * provision does not exist.
 */
export async function setProvisionOverride(db: Db, input: OverrideInput): Promise<OverrideRecord> {
  const [bill] = await db.select({ id: bills.id }).from(bills).where(eq(bills.id, input.billId));
  if (!bill) throw new NotFoundError(`bill ${input.billId}`);
  const [text] = await queryRows<{ id: string | number; hash: string; provisions: { provisionId: string }[] }>(
    db,
    sql`SELECT t.id, t.hash, s.provisions FROM bill_texts t
        JOIN LATERAL (SELECT provisions FROM adoption_scores s WHERE s.text_id = t.id AND s.model_id = ${input.modelId} ORDER BY s.model_version DESC LIMIT 1) s ON TRUE
        WHERE t.bill_id = ${input.billId} ${input.textId !== undefined ? sql`AND t.id = ${input.textId}` : sql``}
        ORDER BY coalesce(t.version_date, t.fetched_at::date) DESC, coalesce(t.version_position, -1) DESC, t.id DESC LIMIT 1`,
  );
  if (!text) throw new NotFoundError(`scored text of bill ${input.billId} for model ${input.modelId}${input.textId !== undefined ? ` (text ${input.textId})` : ''}`);
  if (!text.provisions.some((p) => p.provisionId === input.provisionId)) throw new NotFoundError(`provision ${input.provisionId} of model ${input.modelId}`);
  const values = { outcome: input.outcome, note: input.note ?? null, textHash: text.hash, decidedBy: input.userId, decidedAt: sql`now()` };
  const [row] = await db
    .insert(provisionOverrides)
    .values({ billId: input.billId, modelId: input.modelId, provisionId: input.provisionId, ...values })
    .onConflictDoUpdate({ target: [provisionOverrides.billId, provisionOverrides.modelId, provisionOverrides.provisionId], set: values })
    .returning();
  return {
    billId: row.billId, modelId: row.modelId, provisionId: row.provisionId, outcome: row.outcome as Outcome, note: row.note, textHash: row.textHash,
    decidedBy: row.decidedBy, decidedAt: row.decidedAt.toISOString(), textId: Number(text.id),
  };
}

/** Withdraws a staff outcome; returns false when there was none. */
export async function clearProvisionOverride(db: Db, billId: number, modelId: string, provisionId: string): Promise<boolean> {
  const gone = await db
    .delete(provisionOverrides)
    .where(and(eq(provisionOverrides.billId, billId), eq(provisionOverrides.modelId, modelId), eq(provisionOverrides.provisionId, provisionId)))
    .returning({ billId: provisionOverrides.billId });
  return gone.length > 0;
}

/** Overrides of these bills, grouped by `${billId}:${modelId}`. */
export async function overridesOf(db: Db, billIds: number[], modelId?: string): Promise<Map<string, ProvisionOverride[]>> {
  const out = new Map<string, ProvisionOverride[]>();
  if (billIds.length === 0) return out;
  const where = modelId ? and(inArray(provisionOverrides.billId, billIds), eq(provisionOverrides.modelId, modelId)) : inArray(provisionOverrides.billId, billIds);
  for (const r of await db.select().from(provisionOverrides).where(where)) {
    const key = `${r.billId}:${r.modelId}`;
    const list = out.get(key) ?? [];
    list.push({ provisionId: r.provisionId, outcome: r.outcome as Outcome, note: r.note, textHash: r.textHash, decidedBy: r.decidedBy, decidedAt: r.decidedAt.toISOString() });
    out.set(key, list);
  }
  return out;
}
