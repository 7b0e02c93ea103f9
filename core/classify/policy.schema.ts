import { z } from 'zod';

/**
 * A policy as data (db/seed/policies.json): what it is, the map colours, and the rules the
 * classifier applies. Staff edit these rules without a deploy, so every pattern is checked
 * here to be a valid regular expression before it reaches the classifier.
 */

export const BILL_FIELDS = ['title', 'otherTitles', 'abstract', 'subjects', 'text'] as const;
export type BillField = (typeof BILL_FIELDS)[number];

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb');

const regexSource = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, 'iu');
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
  /** Phrases that show a bill only mentions the words; each multiplies the score by (1 - weight). */
  exclusions: z.array(phraseRuleSchema).default([]),
  /** Direction cues, counted only near a topic match (so an omnibus bill's sections stay apart). */
  stance: z.object({
    supports: z.array(phraseRuleSchema).default([]),
    opposes: z.array(phraseRuleSchema).default([]),
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
