/**
 * Compare jurisdictions on one model policy: a column per jurisdiction (its law in force,
 * "7 of 15 provisions; 5 of 6 required", the score) and a row per provision with each
 * law's outcome in symbol and words. GET form, so every comparison is a shareable URL;
 * the same table downloads as CSV.
 */
import type { Comparison } from '../../core/adoption/compare-jurisdictions.js';
import type { AdoptionEntry } from '../../core/adoption/adoption-views.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type ShareMeta, type Viewer } from './layout.js';
import { billHref, jurisdictionHref, queryString } from './page-parts.js';
import { OUTCOME_LABELS } from './bill-adoption.js';

export type ComparePageInput = {
  policies: PolicyRow[];
  policy: PolicyRow;
  /** Jurisdictions with a law in force adopting some of the model, best first (offered first). */
  ranked: AdoptionEntry[];
  /** Every jurisdiction, for the rest of the list. */
  all: { id: string; name: string; classification: string; state_code: string | null }[];
  selected: string[];
  comparison: Comparison;
  viewer?: Viewer | null;
  share?: ShareMeta | null;
};

const SYMBOLS: Record<string, string> = { adopted: '✓', weaker: '◐', mentioned: '·', absent: '✗', repealed: '⊘', contradicted: '!', 'no-law': '–' };
const percent = (x: number) => `${Math.round(x * 100)}%`;

function cell(outcome: string, reason: string): SafeHtml {
  return html`<td class="outcome-${outcome}" title="${reason}"><span aria-hidden="true">${SYMBOLS[outcome] ?? ''}</span> ${outcome === 'no-law' ? 'No law' : OUTCOME_LABELS[outcome] ?? outcome}</td>`;
}

export function renderComparePage(input: ComparePageInput): string {
  const { comparison: c, policy } = input;
  const chosen = new Set(input.selected);
  const rankedIds = new Set(input.ranked.map((e) => e.id));
  const opt = (id: string, label: string) => html`<option value="${id}"${chosen.has(id) ? html` selected` : ''}>${label}</option>`;
  const csv = `/api/adoption/compare.csv${queryString({ policy: policy.id, jurisdiction: input.selected.join(',') || undefined })}`;
  const head = c.columns.map((col) => html`<th scope="col" data-id="${col.id}"><a href="${jurisdictionHref(col.id)}">${col.name}</a>
<div class="small">${col.summary}</div><div class="small"><strong>${percent(col.score)}</strong> · ${col.words}</div>
${col.source ? html`<div class="small muted">${col.source.kind === 'bill' ? html`<a href="${billHref(col.source.id)}#adoption">${col.source.identifier ?? col.source.title}</a>` : html`<a href="/laws/${col.source.id}#adoption">${col.source.identifier ?? col.source.title}</a>`}${col.inherited ? ` (state law of ${col.source.jurisdiction_name})` : ''}</div>` : ''}</th>`);
  const rows = c.rows.map((r) => html`<tr data-provision="${r.id}"><th scope="row">${r.statement}${r.required ? html` <span class="tag">Required</span>` : ''}${r.kind === 'threat' ? html` <span class="tag">Threat</span>` : ''}</th>${r.cells.map((x) => cell(x.outcome, x.reason))}</tr>`);
  const table = c.columns.length === 0
    ? html`<p class="muted">Choose jurisdictions to compare.</p>`
    : c.rows.length === 0
      ? html`<p class="muted">None of these has a law in force whose text has been read for this model.</p>`
      : html`<div class="table-wrap"><table class="compare-table" id="compare-table"><caption>${policy.name}: the model's provisions in ${c.columns.map((x) => x.name).join(', ')}</caption>
<thead><tr><th scope="col">Provision</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
  const main = html`<h1>Compare jurisdictions</h1>
<p class="lede">How much of a model policy each place's law in force adopts, provision by provision, side by side.</p>
<form method="get" action="/compare" class="filters" aria-label="Choose what to compare">
<div class="field"><label for="compare-policy">Model policy</label><select id="compare-policy" name="policy">${input.policies.map((p) => html`<option value="${p.id}"${p.id === policy.id ? html` selected` : ''}>${p.name}</option>`)}</select></div>
<div class="field wide"><label for="compare-jurisdictions">Jurisdictions</label><select id="compare-jurisdictions" name="jurisdiction" multiple size="8">
<optgroup label="With a law that adopts some of it">${input.ranked.map((e) => opt(e.id, `${e.name} (${percent(e.score)})`))}</optgroup>
<optgroup label="All others">${input.all.filter((j) => !rankedIds.has(j.id)).map((j) => opt(j.id, j.classification === 'state' ? j.name : `${j.name}, ${j.state_code ?? ''}`))}</optgroup></select>
<span class="hint">Hold Ctrl (⌘ on a Mac) to choose several.</span></div>
<div class="actions"><button type="submit">Compare</button></div></form>
<p class="downloads"><a href="${csv}" download>Download this comparison (CSV)</a></p>
${table}
<p class="small muted">✓ adopted · ◐ weaker than the model · · mentioned only · ✗ absent · ⊘ repealed · ! contradicted · – no law in force with a text.</p>`;
  return renderLayout({ title: `Compare: ${policy.name}`, main, viewer: input.viewer, nav: 'compare', share: input.share });
}
