import { z } from 'zod';
import { PROVISION_OUTCOMES } from '../vocabulary.js';
import type { Outcome, VersionScore } from './adoption-types.js';

/** Spellings people use when labelling by hand, mapped to the outcome vocabulary. */
const ALIASES: Record<string, Outcome | null> = {
  adopted: 'adopted', adopt: 'adopted', yes: 'adopted', full: 'adopted',
  weaker: 'weaker', weak: 'weaker', partial: 'weaker', limited: 'weaker',
  mentioned: 'mentioned', mention: 'mentioned', mentions: 'mentioned',
  absent: 'absent', none: 'absent', no: 'absent', missing: 'absent',
  repealed: 'repealed', repeal: 'repealed', struck: 'repealed',
  contradicted: 'contradicted', contradict: 'contradicted', contrary: 'contradicted', opposes: 'contradicted',
  unclear: null, '?': null, unsure: null, skip: null, 'n/a': null,
};

const outcomeLabel = z.union([z.string(), z.null()]).transform((value, ctx): Outcome | null => {
  if (value === null) return null;
  const key = value.trim().toLowerCase();
  if (key in ALIASES) return ALIASES[key];
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an outcome (${PROVISION_OUTCOMES.join(', ')}, or "unclear" to leave it out)` });
  return z.NEVER;
});

const provisionLabels = z.record(z.string().regex(/^[A-Z]+-T?\d+$/, 'a provision id such as NK-1'), outcomeLabel);

/**
 * One labelled text: a file (relative to the labels file) or inline text, and its labels,
 * either for one policy (`policy` + `labels: { "NK-1": "adopted" }`) or for several
 * (`labels: { "no-knock": { "NK-1": "adopted" } }`). "unclear" (or null) leaves a
 * provision out: only clear labels are counted.
 */
export const labelledTextSchema = z.object({
  name: z.string().optional(),
  file: z.string().min(1).optional(),
  text: z.string().min(1).optional(),
  mediaType: z.string().optional(),
  policy: z.string().optional(),
  labels: z.union([provisionLabels, z.record(z.string(), provisionLabels)]),
}).refine((t) => (t.file === undefined) !== (t.text === undefined), { message: 'give either "file" or "text"' });

export const labelledSetSchema = z.union([z.array(labelledTextSchema), z.object({ texts: z.array(labelledTextSchema) })])
  .transform((v) => (Array.isArray(v) ? v : v.texts));

export type LabelledText = z.infer<typeof labelledTextSchema>;

/** Returns the labels of one text per policy id, dropping unclear ones. Throws naming the text when labels have no policy. */
export function labelsByPolicy(t: LabelledText, name: string): Map<string, Map<string, Outcome>> {
  const out = new Map<string, Map<string, Outcome>>();
  const entries = Object.entries(t.labels);
  const flat = entries.every(([k]) => /^[A-Z]+-T?\d+$/.test(k));
  const add = (policy: string, labels: Record<string, Outcome | null>): void => {
    const m = out.get(policy) ?? new Map<string, Outcome>();
    for (const [id, outcome] of Object.entries(labels)) if (outcome !== null) m.set(id, outcome);
    out.set(policy, m);
  };
  if (flat) {
    if (!t.policy) throw new Error(`${name}: labels are per provision but the text names no "policy"`);
    add(t.policy, t.labels as Record<string, Outcome | null>);
  } else {
    for (const [policy, labels] of entries) add(policy, labels as Record<string, Outcome | null>);
  }
  return out;
}

export type Tally = { agree: number; total: number };
export type Disagreement = { text: string; policyId: string; provisionId: string; label: Outcome; scored: Outcome | 'unknown'; reason: string };
export type Evaluation = {
  overall: Tally;
  perModel: Record<string, Tally>;
  /** Keyed by the label's outcome: how many provisions labelled that way the scorer agreed on. */
  perOutcome: Record<string, Tally>;
  /** label → scored → count. */
  confusion: Record<string, Record<string, number>>;
  disagreements: Disagreement[];
};

/**
 * Compares scored texts with their labels, provision by provision: agreement overall, per
 * model and per labelled outcome, the confusion between labels and scores, and every
 * disagreement with the scorer's reason. A label naming a provision the model does not
 * have counts as a disagreement ("unknown"), so a renamed provision is noticed.
 */
export function evaluateLabels(items: { text: string; score: VersionScore; labels: Map<string, Outcome> }[]): Evaluation {
  const ev: Evaluation = { overall: { agree: 0, total: 0 }, perModel: {}, perOutcome: {}, confusion: {}, disagreements: [] };
  const bump = (t: Tally, ok: boolean): void => { t.total += 1; if (ok) t.agree += 1; };
  for (const item of items) {
    const model = (ev.perModel[item.score.policyId] ??= { agree: 0, total: 0 });
    for (const [id, label] of item.labels) {
      const p = item.score.provisions.find((x) => x.provisionId === id);
      const scored: Outcome | 'unknown' = p ? p.outcome : 'unknown';
      const ok = scored === label;
      bump(ev.overall, ok);
      bump(model, ok);
      bump((ev.perOutcome[label] ??= { agree: 0, total: 0 }), ok);
      const row = (ev.confusion[label] ??= {});
      row[scored] = (row[scored] ?? 0) + 1;
      if (!ok) ev.disagreements.push({ text: item.text, policyId: item.score.policyId, provisionId: id, label, scored, reason: p ? p.reason : `the model has no provision ${id}` });
    }
  }
  return ev;
}
