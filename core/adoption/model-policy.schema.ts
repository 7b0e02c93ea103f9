import { z } from 'zod';

export const PROVISION_KINDS = [
  'ban', 'requirement', 'limit', 'numeric-threshold', 'scope', 'reporting', 'funding', 'repeal-target', 'threat',
] as const;
/**
 * What the statute must do to the frame's terms for the provision to be adopted: forbid them
 * (`prohibit`), impose them as a duty (`require`), set them up (`establish`), pay for them
 * (`fund`), end or repeal them (`remove`), or define them (`define`); `empower` is a power
 * given to a body, where "may" is the model's own wording ("the board may revoke").
 */
export const FRAME_MODES = ['prohibit', 'require', 'empower', 'establish', 'fund', 'remove', 'define'] as const;
/** The named reasons a provision can be "weaker": shown to the reader with the passage. */
export const WEAKER_REASONS = ['exception', 'limit', 'scope', 'permissive'] as const;
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
  /** When the statute states no number at all: weaker (limit not stated) if true, judged without it if false. */
  required: z.boolean().default(true),
});

const scopeSchema = z.object({
  /** The provision whose evidence sentences say whom it binds. */
  anchor: z.string().min(1),
  /** Higher rank = wider scope. The narrowest level found in the anchor's sentence wins. */
  levels: z.array(z.object({ level: z.string().min(1), rank: z.number().int(), patterns: z.array(regexSource).min(1) })).min(1),
  model: z.string().min(1),
});

/**
 * A provision's frame: the words that name its subject (`terms`, any one), further words
 * that must stand in the same sentence (`with`: each group any one), and what the statute
 * must do with them (`mode`). The scorer knows how statutes word bans, duties, grants and
 * repeals ("No officer shall ...", "... is prohibited", "may not", "is hereby established",
 * "is repealed"), so a frame finds a provision however the sentence is built.
 */
const frameSchema = z.object({
  mode: z.enum(FRAME_MODES),
  terms: z.array(regexSource).min(1),
  with: z.array(z.array(regexSource).min(1)).default([]),
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
  /** How the statute's sentence is built when it adopts the provision (see frameSchema). */
  frame: frameSchema.optional(),
  /** Wording that adopts a restricted version (limits instead of a ban, ...). */
  weakerPatterns: z.array(regexSource).default([]),
  /** The named reason shown when a `weakerPatterns` wording is found. */
  weakerBecause: z.enum(WEAKER_REASONS).default('limit'),
  /** Wording in the same sentence that narrows whom or what the provision covers ("controlled substance"): weaker, narrower scope. */
  scopeLimiters: z.array(regexSource).default([]),
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
    const any = p.patterns.length + p.weakerPatterns.length + p.removalPatterns.length + p.mentionPatterns.length + (p.frame ? 1 : 0);
    if (any === 0 && !p.scope) ctx.addIssue({ code: 'custom', message: `${p.id} has no patterns and no frame` });
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
export type ProvisionFrame = NonNullable<Provision['frame']>;
export type FrameMode = (typeof FRAME_MODES)[number];
export type WeakerReason = (typeof WEAKER_REASONS)[number];

/** "provisions.3.numeric.0.pattern" → "provisions[3] (NK-4).numeric.0.pattern", so staff find the provision they edited. */
function describePath(path: PropertyKey[], json: unknown): string {
  if (path.length === 0) return '(root)';
  const [head, index, ...rest] = path;
  if (head === 'provisions' && typeof index === 'number') {
    const provisions = (json as { provisions?: { id?: unknown }[] } | null)?.provisions;
    const id = Array.isArray(provisions) ? provisions[index]?.id : undefined;
    return [`provisions[${index}]${typeof id === 'string' ? ` (${id})` : ''}`, ...rest.map(String)].join('.');
  }
  return path.map(String).join('.');
}

/**
 * Returns a parsed model policy. Throws an Error naming the source and every schema
 * problem (path and message) when the JSON does not match.
 */
export function parseModelPolicy(json: unknown, source = 'model policy'): ModelPolicy {
  const result = modelPolicySchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${describePath(i.path, json)}: ${i.message}`).join('; ');
    throw new Error(`invalid model policy ${source}: ${problems}`);
  }
  return result.data;
}
