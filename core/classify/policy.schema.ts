import { z } from 'zod';
import { STRENGTHS } from '../vocabulary.js';

/**
 * A policy as data (db/seed/policies.json): what it is, the map colours, and the rules the
 * classifier applies. Staff edit these rules without a deploy, so every pattern is checked
 * here to be a valid regular expression before it reaches the classifier.
 */

/**
 * Where the classifier looks: the bill's own title and other titles, its abstracts (Open
 * States gives several), subjects (Open States subjects, Legistar indexes), the names of
 * its attached documents (Legistar attachments), and the latest text when one is stored.
 */
export const BILL_FIELDS = ['title', 'otherTitles', 'abstract', 'subjects', 'documents', 'text'] as const;
export type BillField = (typeof BILL_FIELDS)[number];

/**
 * The flags a rule's pattern is compiled with: case-insensitive ASCII (`i`) unless the pattern
 * needs Unicode mode (`iu`): a non-ASCII character, a `\p{…}` property or a `\u{…}` escape.
 * Plain `i` is markedly faster, and the classifier folds typographic quotes and dashes to
 * ASCII before matching, so the shipped rules never need `u`.
 */
export function regexFlags(source: string): 'i' | 'iu' {
  return /[^\x00-\x7f]|\\[pP]\{|\\u\{/.test(source) ? 'iu' : 'i';
}

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb');

const regexSource = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, regexFlags(source));
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
  }
});

/** One phrase rule: a case-insensitive regex, how much it counts (0..1), and optional limits. */
export const phraseRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'rule ids are kebab-case'),
  pattern: regexSource,
  weight: z.number().min(0).max(1),
  /** Only look in these fields (default: all). */
  fields: z.array(z.enum(BILL_FIELDS)).optional(),
  /** The rule only counts when this regex also matches somewhere in the bill. */
  context: regexSource.optional(),
  /** For exclusions: topic rule ids whose match cancels this exclusion. */
  spares: z.array(z.string()).optional(),
  /**
   * For supports cues: how far the bill goes when this cue decides it. `full` for an outright
   * ban or abolition (a limiter nearby still makes it partial), `partial` for a restriction.
   */
  strength: z.enum(STRENGTHS).optional(),
  /**
   * For topics: the phrases a source's full-text search (Open States `q`) is asked, to find the
   * bills this rule matches in past sessions. Absent: derived from `pattern`; `[]`: never searched.
   */
  search: z.array(z.string().trim().min(2)).optional(),
  note: z.string().optional(),
});
export type PhraseRule = z.infer<typeof phraseRuleSchema>;

export const policyRulesSchema = z.object({
  /** Minimum score (0..1) for a bill to be reported as about the policy. */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Phrases that make a bill ABOUT the policy; combined as independent evidence (noisy-OR). */
  topics: z.array(phraseRuleSchema).min(1),
  /**
   * Phrases that show a bill only mentions the words; each multiplies the score of the topic
   * matches near it by (1 - weight). One in the title damps the whole bill (the title says what
   * the bill is); one elsewhere only the topic words within `stance.window` of it, so one
   * section of an omnibus act does not sink another.
   */
  exclusions: z.array(phraseRuleSchema).default([]),
  /**
   * Direction cues, counted only near a topic match (so an omnibus bill's sections stay apart).
   * Where cues overlap, the more specific one (higher weight, then longer) counts and the words
   * it covers count for nothing else: "prohibits a locality from banning no-knock warrants"
   * is a preemption, not a ban.
   */
  stance: z.object({
    supports: z.array(phraseRuleSchema).default([]),
    opposes: z.array(phraseRuleSchema).default([]),
    /** Exceptions and conditions ("unless", "only if", "except"): near a `full` cue, the support is `partial`. */
    limiters: z.array(phraseRuleSchema).default([]),
    /** Characters either side of a topic match in which a cue counts. */
    window: z.number().int().min(0).default(150),
    /** The winning side must lead by this much, else the stance is `unclear`. */
    margin: z.number().min(0).default(0.15),
  }),
});

export const policyDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'policy ids are kebab-case'),
  name: z.string().min(1),
  summary: z.string().min(1),
  principles: z.array(z.string().min(1)).min(1),
  colors: z.object({ enacted: hexColor, pending: hexColor, failed: hexColor, none: hexColor, overturned: hexColor }),
  rules: policyRulesSchema,
});
export type PolicyDefinition = z.infer<typeof policyDefinitionSchema>;

export const policySetSchema = z.array(policyDefinitionSchema).superRefine((policies, ctx) => {
  const seen = new Set<string>();
  for (const [i, p] of policies.entries()) {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate policy id ${p.id}` });
    seen.add(p.id);
    const topicIds = new Set(p.rules.topics.map((t) => t.id));
    const withoutStrength: [string[], PhraseRule[]][] = [
      [['topics'], p.rules.topics], [['exclusions'], p.rules.exclusions], [['stance', 'opposes'], p.rules.stance.opposes], [['stance', 'limiters'], p.rules.stance.limiters],
    ];
    for (const [where, rules] of withoutStrength) {
      rules.forEach((r, j) => {
        if (r.strength) ctx.addIssue({ code: 'custom', path: [i, 'rules', ...where, j, 'strength'], message: 'only supports cues carry a strength' });
      });
    }
    for (const [j, ex] of p.rules.exclusions.entries()) {
      for (const spared of ex.spares ?? []) {
        if (!topicIds.has(spared)) ctx.addIssue({ code: 'custom', path: [i, 'rules', 'exclusions', j, 'spares'], message: `unknown topic rule ${spared}` });
      }
    }
  }
});

/** Parses a policy set (e.g. db/seed/policies.json); throws a ZodError listing every problem. */
export function parsePolicies(data: unknown): PolicyDefinition[] {
  return policySetSchema.parse(data);
}

/**
 * The policy set with one policy's classification rules replaced (a staff edit), validated
 * as a whole. @throws ZodError listing every problem (paths start at the policy's index), or
 * an Error when there is no such policy.
 */
export function withPolicyRules(policies: PolicyDefinition[], policyId: string, rules: unknown): PolicyDefinition[] {
  if (!policies.some((p) => p.id === policyId)) throw new Error(`no policy ${policyId}`);
  return policySetSchema.parse(policies.map((p) => (p.id === policyId ? { ...p, rules } : p)));
}
