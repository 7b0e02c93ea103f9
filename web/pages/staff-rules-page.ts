/**
 * A policy's classification rules, editable by staff, with a dry run: what the edit would
 * change against every staff decision on the policy (precision and recall before and after,
 * and each decision it fixes or breaks, with the rules behind the new answer), before saving.
 * A plain form; works without JavaScript.
 */
import type { PolicyRow } from '../../db/queries/policy-map.js';
import type { Evaluation, JudgementChange, Rate } from '../../core/classify/evaluate-classifier.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { formatDate, plural, queryString } from './page-parts.js';

export type RulesPageInput = {
  policies: PolicyRow[];
  policyId: string;
  /** The rules as the textarea shows them (the stored ones, or the staff member's edit). */
  rulesText: string;
  /** Why the edit cannot be used, one problem per line. */
  errors?: string[];
  /** The stored rules against every staff decision on the policy. */
  current?: { decisions: number; evaluation: Evaluation } | null;
  /** The dry run of the edit. */
  dryRun?: { decisions: number; before: Evaluation; after: Evaluation; changes: JudgementChange[] } | null;
  /** When staff last saved the rules. */
  edited?: { at: Date; by: string | null } | null;
  /** Just saved: whether the stored bills are being re-classified in the background. */
  saved?: { reclassifying: boolean } | null;
  viewer: Viewer;
};

const pct = (v: number | null) => (v === null ? '–' : v.toFixed(2));
const rateCells = (r: Rate) => html`<td>${pct(r.precision)}</td><td>${pct(r.recall)}</td><td>${r.tp}</td><td>${r.fp}</td><td>${r.fn}</td>`;

function figures(rows: [string, Rate, Rate | null][]): SafeHtml {
  const two = rows.some(([, , after]) => after !== null);
  const head = html`<th scope="col">precision</th><th scope="col">recall</th><th scope="col">tp</th><th scope="col">fp</th><th scope="col">fn</th>`;
  return html`<table class="figures"><thead><tr><th scope="col"></th>${two ? html`<th scope="colgroup" colspan="5">now</th><th scope="colgroup" colspan="5">after the edit</th>` : head}</tr>
${two ? html`<tr><td></td>${head}${head}</tr>` : ''}</thead>
<tbody>${rows.map(([label, now, after]) => html`<tr><th scope="row">${label}</th>${rateCells(now)}${after ? rateCells(after) : ''}</tr>`)}</tbody></table>`;
}

function table(before: Evaluation, after: Evaluation | null, policyId: string): SafeHtml {
  const rows: [string, Rate, Rate | null][] = [
    ['policy alone', before.policy, after?.policy ?? null],
    ['policy + stance', before.policyStance, after?.policyStance ?? null],
    ...(['supports', 'opposes', 'unclear'] as const).map((s) => [`stance ${s}`, before.byStance[s], after?.byStance[s] ?? null] as [string, Rate, Rate | null]),
  ];
  const strength = (e: Evaluation) => `${e.strength.correct} of ${e.strength.judged}`;
  return html`${figures(rows)}
<p class="small">Strengths matching staff: ${strength(before)}${after ? html` now, ${strength(after)} after the edit` : ''}. Judged against the staff decisions on <code>${policyId}</code> only.</p>`;
}

function changeList(changes: JudgementChange[]): SafeHtml {
  if (changes.length === 0) return html`<p>The edit changes no answer on a decided bill.</p>`;
  const fixed = changes.filter((c) => c.fixed).length;
  return html`<p>${plural(changes.length, 'decided bill')} would change: ${fixed} fixed, ${changes.length - fixed} now disagreeing with staff or still wrong.</p>
<ol class="result-list">${changes.map((c) => html`<li class="${c.fixed ? 'change-fixed' : 'change-broken'}"><strong>${c.fixed ? 'Fixed' : 'Wrong'}</strong> ${c.caseId}: staff say ${c.expected}; the machine ${c.before} → ${c.after}
<ul class="evidence">${c.rules.map((r) => html`<li><code>${r}</code></li>`)}</ul></li>`)}</ol>`;
}

/** The rules page of one policy. */
export function renderRulesPage(input: RulesPageInput): string {
  const policy = input.policies.find((p) => p.id === input.policyId);
  const name = policy?.name ?? input.policyId;
  const chooser = html`<form method="get" action="/staff/review/rules" class="filters" aria-label="Choose a policy">
<div class="field"><label for="policy">Policy</label><select id="policy" name="policy">${input.policies.map((p) => html`<option value="${p.id}"${p.id === input.policyId ? html` selected` : ''}>${p.name}</option>`)}</select></div>
<div class="actions"><button type="submit">Show its rules</button></div></form>`;
  const saved = input.saved
    ? html`<div class="notice success" role="status"><p>Saved. ${input.saved.reclassifying
      ? 'Stored bills are being re-classified with the new rules in the background; new imports use them already.'
      : html`New imports use them already; run <code>npm run tracker -- classify</code> to re-classify stored bills.`}</p></div>`
    : html``;
  const errors = input.errors?.length
    ? html`<div class="notice error" role="alert"><p>The rules cannot be used:</p><ul>${input.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
    : html``;
  const current = input.current
    ? html`<section aria-labelledby="now-heading"><h2 id="now-heading">The saved rules against ${plural(input.current.decisions, 'staff decision')}</h2>${table(input.current.evaluation, null, input.policyId)}</section>`
    : html``;
  const dryRun = input.dryRun
    ? html`<section aria-labelledby="dry-heading" id="dry-run"><h2 id="dry-heading">Dry run: what the edit changes against ${plural(input.dryRun.decisions, 'staff decision')}</h2>
${table(input.dryRun.before, input.dryRun.after, input.policyId)}
${changeList(input.dryRun.changes)}</section>`
    : html``;
  const main = html`<h1>Classification rules: ${name}</h1>
${saved}${errors}
${chooser}
<p class="small">${input.edited ? html`Last saved by ${input.edited.by ?? 'staff'} on ${formatDate(input.edited.at.toISOString().slice(0, 10))}.` : 'These are the shipped rules; nobody has edited them yet.'}
Topics make a bill about the policy; <code>supports</code> and <code>opposes</code> cues near them decide the stance (a cue with <code>"strength": "full"</code> is a ban; a <code>limiter</code> near it makes the support partial). Patterns are regular expressions, matched without regard to case.</p>
${dryRun}
<form method="post" action="/staff/review/rules/${input.policyId}/dry-run" class="rules-form">
<input type="hidden" name="_csrf" value="${input.viewer.csrfToken ?? ''}">
<div class="field"><label for="rules">Rules (JSON)</label><textarea id="rules" name="rules" rows="24" spellcheck="false">${input.rulesText}</textarea></div>
<div class="buttons"><button type="submit">Dry run</button><button type="submit" formaction="/staff/review/rules/${input.policyId}">Save the rules</button></div>
</form>
${current}
<p><a href="/staff/review${queryString({ policy: input.policyId })}">Back to the review queue</a></p>`;
  return renderLayout({ title: `Rules: ${name}`, main, viewer: input.viewer, nav: 'review' });
}
