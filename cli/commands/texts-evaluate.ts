import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../command.js';
import { parseModelPolicy, type ModelPolicy } from '../../core/adoption/model-policy.schema.js';
import { evaluateLabels, labelledSetSchema, labelsByPolicy, type Evaluation, type Tally } from '../../core/adoption/labelled-set.schema.js';
import type { Outcome, VersionScore } from '../../core/adoption/adoption-types.js';
import { scoreText } from '../../core/adoption/text-score.js';
import { normalizeBillText } from '../../core/texts/bill-text-normalize.js';
import { loadModelPolicies } from '../../db/seed/model-policies.js';
import { extractText } from '../../scrapers/texts/text-extract.js';

/**
 * The models to judge: the shipped ones, or those of a folder (`--models dir`), or the
 * shipped ones with one edited file in place of its policy's model (`--models file.json`),
 * so an edit can be judged before it is saved. Throws UsageError naming the file.
 */
export function modelsFor(option: string | undefined): ModelPolicy[] {
  const shipped = loadModelPolicies();
  if (option === undefined) return shipped;
  let isDir: boolean;
  try { isDir = statSync(option).isDirectory(); } catch { throw new UsageError(`--models: no such file or folder: ${option}`); }
  if (isDir) return loadModelPolicies(option);
  let json: unknown;
  try { json = JSON.parse(readFileSync(option, 'utf8')); } catch (err) { throw new UsageError(`--models: ${option} is not JSON: ${(err as Error).message}`); }
  const edited = parseModelPolicy(json, option);
  return shipped.map((m) => (m.policyId === edited.policyId ? edited : m));
}

const pct = (t: Tally): string => (t.total === 0 ? '   –  ' : `${((100 * t.agree) / t.total).toFixed(1).padStart(5)}%`);
const row = (name: string, t: Tally): string => `  ${name.padEnd(22)} ${String(t.agree).padStart(4)} / ${String(t.total).padEnd(4)} ${pct(t)}`;

/** The report `tracker texts --evaluate` prints. */
export function formatEvaluation(ev: Evaluation, texts: number): string {
  const lines = [
    `agreement on ${ev.overall.total} clear label(s) in ${texts} text(s): ${ev.overall.agree} / ${ev.overall.total} ${pct(ev.overall).trim()}`,
    '',
    'per model:',
    ...Object.entries(ev.perModel).sort(([a], [b]) => a.localeCompare(b)).map(([id, t]) => row(id, t)),
    '',
    'per labelled outcome:',
    ...Object.entries(ev.perOutcome).sort(([a], [b]) => a.localeCompare(b)).map(([o, t]) => row(o, t)),
    '',
    'labelled → scored:',
    ...Object.entries(ev.confusion).sort(([a], [b]) => a.localeCompare(b))
      .map(([label, scored]) => `  ${label.padEnd(13)} ${Object.entries(scored).map(([s, n]) => `${s} ${n}`).join(', ')}`),
  ];
  if (ev.disagreements.length > 0) {
    lines.push('', `disagreements (${ev.disagreements.length}):`);
    for (const d of ev.disagreements) lines.push(`  ${d.text}  ${d.provisionId}  labelled ${d.label}, scored ${d.scored}: ${d.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `tracker texts --evaluate <labels.json>`: reads each labelled text (files relative to
 * the labels file), extracts, normalizes and scores it against the models, and prints
 * agreement per model and per outcome with every disagreement. Touches no database.
 * Returns the exit code: 1 when `min` is given and agreement is below it.
 */
export async function runEvaluation(labelsFile: string, models: ModelPolicy[], min: number | undefined, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let json: unknown;
  try { json = JSON.parse(readFileSync(labelsFile, 'utf8')); } catch (err) { throw new UsageError(`--evaluate: cannot read ${labelsFile}: ${(err as Error).message}`); }
  const parsed = labelledSetSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(`--evaluate: ${labelsFile}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const base = path.dirname(path.resolve(labelsFile));
  const items: { text: string; score: VersionScore; labels: Map<string, Outcome> }[] = [];
  for (const [i, t] of parsed.data.entries()) {
    const name = t.name ?? t.file ?? `texts[${i}]`;
    const body = t.file !== undefined ? readFileSync(path.resolve(base, t.file)) : (t.text as string);
    const extracted = await extractText({ body, mediaType: t.mediaType ?? null, url: t.file ?? null });
    const normalized = normalizeBillText(extracted.raw);
    for (const [policyId, labels] of labelsByPolicy(t, name)) {
      const model = models.find((m) => m.policyId === policyId);
      if (!model) throw new UsageError(`--evaluate: ${name}: no model for policy "${policyId}" (known: ${models.map((m) => m.policyId).join(', ')})`);
      items.push({ text: name, score: scoreText(normalized, model), labels });
    }
  }
  const ev = evaluateLabels(items);
  out.write(formatEvaluation(ev, parsed.data.length));
  if (min !== undefined && ev.overall.total > 0 && ev.overall.agree / ev.overall.total < min) return 1;
  return 0;
}
