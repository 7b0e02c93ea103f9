import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModelPolicy, type ModelPolicy } from '../../core/adoption/model-policy.schema.js';

/** Where the shipped model files live: db/seed/models/*.json. */
export const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'models');

/**
 * Returns every model policy in `dir` (default db/seed/models), validated, sorted by
 * policy id. Throws when a file is not JSON or fails the schema, or when two files claim
 * the same policy.
 */
export function loadModelPolicies(dir: string = MODELS_DIR): ModelPolicy[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const models = files.map((f) => {
    const file = path.join(dir, f);
    let json: unknown;
    try { json = JSON.parse(readFileSync(file, 'utf8')); } catch (err) {
      throw new Error(`model policy ${file} is not JSON: ${(err as Error).message}`);
    }
    return parseModelPolicy(json, file);
  });
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.policyId)) throw new Error(`two model files for policy ${m.policyId} in ${dir}`);
    seen.add(m.policyId);
  }
  return models.sort((a, b) => a.policyId.localeCompare(b.policyId));
}
