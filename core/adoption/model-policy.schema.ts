import { z } from 'zod';

export const PROVISION_KINDS = ['ban', 'requirement', 'numeric-threshold', 'scope', 'reporting', 'funding', 'threat'] as const;
export const POLICY_IDS = [
  'no-knock', 'chemical-restraint', 'decertification', 'crisis-response', 'second-chance', 'police-free-schools',
  'bail-funds', 'violence-prevention',
] as const;
export const BASIS_MARKS = ['P', 'O', 'S', 'n/v'] as const;

/** A regular-expression source, compiled case-insensitively by the scorer. */
const regexSource = z.string().min(1).refine((src) => {
  try { new RegExp(src, 'i'); return true; } catch { return false; }
}, { message: 'not a valid regular expression' });

const numericRuleSchema = z.object({
  /** Words for the reason: "wait", "camera on before entry". */
  label: z.string().min(1),
  /** Must capture the number in a group named `n` (digits, "$2,000" or words: "fifteen"). */
  pattern: regexSource.refine((src) => src.includes('(?<n>'), { message: 'needs a named group (?<n>...)' }),
  unit: z.string().min(1),
  comparator: z.enum(['at-least', 'at-most']),
  model: z.number(),
});

const scopeSchema = z.object({
  /** The provision whose evidence sentences say whom it binds. */
  anchor: z.string().min(1),
  /** Higher rank = wider scope. The narrowest level found in the anchor's sentence wins. */
  levels: z.array(z.object({ level: z.string().min(1), rank: z.number().int(), patterns: z.array(regexSource).min(1) })).min(1),
  model: z.string().min(1),
});

const provisionSchema = z.object({
  id: z.string().regex(/^[A-Z]+-T?\d+$/),
  statement: z.string().min(1),
  weight: z.number().positive(),
  required: z.boolean(),
  kind: z.enum(PROVISION_KINDS),
  /** Full-strength wording. */
  patterns: z.array(regexSource).default([]),
  /** For list provisions (grounds for decertification): adopted only when this many distinct patterns hit, weaker below. */
  minDistinctPatterns: z.number().int().positive().optional(),
  /** Wording that adopts a restricted version (limits instead of a ban, ...). */
  weakerPatterns: z.array(regexSource).default([]),
  /** Topic words only: the text is about the provision without adopting it. */
  mentionPatterns: z.array(regexSource).default([]),
  /** Wording that goes the other way (authorizes what the model bans). */
  contradictPatterns: z.array(regexSource).default([]),
  /** Wording of a restriction the model wants gone: struck = adopted, still in force = weaker. */
  removalPatterns: z.array(regexSource).default([]),
  /** A hit counts only when its sentence also matches one of these (keeps "misdemeanor" tied to bail). */
  contextCues: z.array(regexSource).default([]),
  /** Plain phrases; in the same sentence as a full-strength hit they make it "weaker" ("unless"). */
  limiterCues: z.array(z.string().min(1)).default([]),
  /** Plain phrases; in the same sentence as a hit they turn it around ("nothing in this section"). */
  negationCues: z.array(z.string().min(1)).default([]),
  numeric: z.array(numericRuleSchema).default([]),
  scope: scopeSchema.optional(),
  exemplars: z.array(z.object({ text: z.string().min(1), source: z.string().min(1) })).default([]),
  /** Unverified provisions are scored but hidden (and left out of the score) until staff confirm them. */
  verified: z.boolean(),
  basis: z.enum(BASIS_MARKS),
  notes: z.string().optional(),
});

export const modelPolicySchema = z.object({
  policyId: z.enum(POLICY_IDS),
  name: z.string().min(1),
  version: z.number().int().positive(),
  updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  summary: z.string().min(1),
  sources: z.array(z.object({ title: z.string().min(1), url: z.string().optional() })).default([]),
  provisions: z.array(provisionSchema).min(1),
}).superRefine((model, ctx) => {
  const ids = new Set<string>();
  for (const p of model.provisions) {
    if (ids.has(p.id)) ctx.addIssue({ code: 'custom', message: `duplicate provision id ${p.id}` });
    ids.add(p.id);
    const any = p.patterns.length + p.weakerPatterns.length + p.removalPatterns.length + p.mentionPatterns.length;
    if (any === 0 && !p.scope) ctx.addIssue({ code: 'custom', message: `${p.id} has no patterns` });
  }
  for (const p of model.provisions) {
    if (p.scope && !ids.has(p.scope.anchor)) ctx.addIssue({ code: 'custom', message: `${p.id}: scope anchor ${p.scope.anchor} unknown` });
    if (p.scope && !p.scope.levels.some((l) => l.level === p.scope?.model)) {
      ctx.addIssue({ code: 'custom', message: `${p.id}: scope model level ${p.scope.model} not among levels` });
    }
  }
});

export type ModelPolicy = z.infer<typeof modelPolicySchema>;
export type Provision = ModelPolicy['provisions'][number];
export type NumericRule = Provision['numeric'][number];
export type ProvisionKind = (typeof PROVISION_KINDS)[number];

/**
 * Returns a parsed model policy. Throws an Error naming the source and every schema
 * problem (path and message) when the JSON does not match.
 */
export function parseModelPolicy(json: unknown, source = 'model policy'): ModelPolicy {
  const result = modelPolicySchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid model policy ${source}: ${problems}`);
  }
  return result.data;
}
