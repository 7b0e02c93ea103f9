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

/** Returns the outcome a hand label means, null for "unclear"; undefined when it is not an outcome at all. */
function outcomeOf(value: unknown): Outcome | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') return undefined;
  const key = value.trim().toLowerCase();
  return key in ALIASES ? ALIASES[key] : undefined;
}

const PROVISION_ID = /^[A-Z]+-T?\d+$/;
const labelValue = z.union([z.string(), z.null()]);

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
  labels: z.record(z.string(), z.union([labelValue, z.record(z.string(), labelValue)])),
}).superRefine((t, ctx) => {
  if ((t.file === undefined) === (t.text === undefined)) ctx.addIssue({ code: 'custom', message: 'give either "file" or "text"' });
  const check = (value: unknown, path: string[]): void => {
    if (outcomeOf(value) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['labels', ...path], message: `"${String(value)}" is not an outcome (${PROVISION_OUTCOMES.join(', ')}, or "unclear" to leave it out)` });
    }
  };
  for (const [key, value] of Object.entries(t.labels)) {
    if (value !== null && typeof value === 'object') {
      for (const [id, v] of Object.entries(value)) {
        if (!PROVISION_ID.test(id)) ctx.addIssue({ code: 'custom', path: ['labels', key, id], message: 'not a provision id such as NK-1' });
        check(v, [key, id]);
      }
    } else {
      if (!PROVISION_ID.test(key)) ctx.addIssue({ code: 'custom', path: ['labels', key], message: 'not a provision id such as NK-1 (or give a policy\'s labels as an object)' });
      check(value, [key]);
    }
  }
});

/** A list of labelled texts, or `{ "texts": [...] }`. */
export const labelledSetSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && 'texts' in v ? (v as { texts: unknown }).texts : v),
  z.array(labelledTextSchema),
);

export type LabelledText = z.infer<typeof labelledTextSchema>;

/** Returns the labels of one text per policy id, dropping unclear ones. Throws naming the text when labels have no policy. */
export function labelsByPolicy(t: LabelledText, name: string): Map<string, Map<string, Outcome>> {
  const out = new Map<string, Map<string, Outcome>>();
  const entries = Object.entries(t.labels);
  const flat = entries.every(([k]) => PROVISION_ID.test(k));
  const add = (policy: string, labels: Record<string, unknown>): void => {
    const m = out.get(policy) ?? new Map<string, Outcome>();
    for (const [id, value] of Object.entries(labels)) {
      const outcome = outcomeOf(value);
      if (outcome) m.set(id, outcome);
    }
    out.set(policy, m);
  };
  if (flat) {
    if (!t.policy) throw new Error(`${name}: labels are per provision but the text names no "policy"`);
    add(t.policy, t.labels);
  } else {
    for (const [policy, labels] of entries) add(policy, (labels ?? {}) as Record<string, unknown>);
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
