import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../connect.js';
import type { Db } from '../database.js';
import { policies } from '../schema/index.js';
import { policyDefinitionSchema, type PolicyDefinition } from '../../core/classify/policy.schema.js';

/** The policy set as stored (staff may have edited it since the seed), in display order. */
export async function loadPolicySet(db: Db): Promise<PolicyDefinition[]> {
  const rows = await db.select().from(policies).orderBy(policies.position);
  return rows.map((r) => policyDefinitionSchema.parse({ id: r.id, name: r.name, summary: r.summary, principles: r.principles, rules: r.rules, colors: r.colors }));
}

/** The policy set as stored, for a command holding the database handle. */
export async function loadPolicies(handle: DatabaseHandle): Promise<PolicyDefinition[]> {
  return loadPolicySet(handle.db);
}

/** When and by whom a policy's rules were last saved by staff (null: the shipped rules). */
export async function rulesEdit(db: Db, policyId: string): Promise<{ at: Date; by: string | null } | null> {
  const rows = (await db.execute(
    sql`SELECT p.rules_edited_at AS at, u.name AS by FROM policies p LEFT JOIN users u ON u.id = p.rules_edited_by WHERE p.id = ${policyId}`,
  )) as unknown as { rows: { at: Date | string | null; by: string | null }[] };
  const row = rows.rows[0];
  return row?.at ? { at: new Date(row.at), by: row.by } : null;
}

/**
 * Saves a policy's classification rules as staff edited them (already validated) and marks
 * them edited, so the seed never replaces them. @returns false when there is no such policy.
 */
export async function savePolicyRules(db: Db, policyId: string, rules: PolicyDefinition['rules'], userId: number | null): Promise<boolean> {
  const rows = await db
    .update(policies)
    .set({ rules, rulesEditedAt: sql`now()`, rulesEditedBy: userId, updatedAt: sql`now()` })
    .where(eq(policies.id, policyId))
    .returning({ id: policies.id });
  return rows.length > 0;
}
