import type { DatabaseHandle } from '../connect.js';
import { policies } from '../schema/index.js';
import { policyDefinitionSchema, type PolicyDefinition } from '../../core/classify/policy.schema.js';

/** The policy set as stored (staff may have edited it since the seed), in display order. */
export async function loadPolicies(handle: DatabaseHandle): Promise<PolicyDefinition[]> {
  const rows = await handle.db.select().from(policies).orderBy(policies.position);
  return rows.map((r) => policyDefinitionSchema.parse({ id: r.id, name: r.name, summary: r.summary, principles: r.principles, rules: r.rules, colors: r.colors }));
}
