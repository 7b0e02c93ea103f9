import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { readLegislativeFacts, type MachineClassification } from '../../db/bills/bill-writer.js';
import { normalizedBillSchema, type NormalizedBill } from '../../core/bill/bill.schema.js';
import { deriveBill, latestActionDate, legislatureKind, type DerivedBill, type LegislativeContext, type StoredBillFacts } from '../../core/bill/derive-bill.js';
import { classifyBill } from '../../core/classify/classify-bill.js';
import { classifierInput } from '../../core/classify/classifier-input.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';
import { createHash } from 'node:crypto';

/**
 * The steps both writers share (one bill at a time in `upsert-bill.ts`, a batch at a time
 * in `import-bills.ts`): the same decisions, so the two store the same rows.
 */

/**
 * How many bodies must pass a measure here, and the jurisdiction's sessions (all of them: a
 * session without an end date is over once a later regular one has begun). Remembered per run.
 */
export async function legislativeContext(db: Db, jurisdictionId: string, cache: Map<string, LegislativeContext> | undefined): Promise<LegislativeContext> {
  const cached = cache?.get(jurisdictionId);
  if (cached) return cached;
  const facts = await readLegislativeFacts(db, jurisdictionId);
  const context = { legislature: legislatureKind(facts.legislature, facts.classification), sessions: facts.sessions };
  cache?.set(jurisdictionId, context);
  return context;
}

/** What is stored of a bill that decides how a new record of it is written. */
export type ExistingBill = StoredBillFacts & { id: number; primarySource: string; latestActionOn: string | null };

/**
 * True when another source already holds fresher facts for the bill (a later latest action):
 * the record is then only linked, and the stored facts stay.
 */
export function fresherElsewhere(existing: ExistingBill | null, bill: NormalizedBill, latest = latestActionDate(bill)): boolean {
  return existing !== null && existing.primarySource !== bill.source && existing.latestActionOn !== null && (latest === null || existing.latestActionOn > latest);
}

/**
 * The bill derived for writing, and the classifier's matches: the classifier reads the
 * record as `classifierInput` builds it, with the latest stored version's text of the bill
 * (null for a new bill). Pure.
 */
export function deriveAndClassify(
  bill: NormalizedBill, hash: string, context: LegislativeContext, existing: StoredBillFacts | null, today: string, policies: PolicyDefinition[],
  latestText: string | null,
): DerivedBill & { matches: MachineClassification[] } {
  const derived = deriveBill(bill, hash, context, existing, today);
  const matches = classifyBill(classifierInput({ ...bill, latestText }), policies);
  return { ...derived, matches };
}

let schemaVersion: string | null = null;

/**
 * Names the shape records are validated against (a hash of its JSON Schema): part of every
 * source record hash, so a change to the schema (a new field, a new default) makes the next
 * import validate each record once more instead of trusting the old shape.
 */
export function recordSchemaVersion(): string {
  schemaVersion ??= createHash('sha1').update(JSON.stringify(z.toJSONSchema(normalizedBillSchema, { io: 'input', unrepresentable: 'any' }))).digest('hex').slice(0, 12);
  return schemaVersion;
}
