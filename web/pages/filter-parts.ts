/**
 * Filter pieces the search and "what moved" forms share: the jurisdiction multi-select
 * (several states and places at once), the "remember as my states" box, and the line that
 * spells out every filter a list applied, each with a link that drops it.
 */
import type { JurisdictionSummary } from '../../db/queries/jurisdictions-query.js';
import { html, joinHtml, type SafeHtml } from './html.js';
import { queryString } from './page-parts.js';

/** The options of a `<select multiple name="jurisdiction">`, states (with their places) first. */
export function renderJurisdictionSelect(id: string, selected: readonly string[], jurisdictions: JurisdictionSummary[], options: { statesOnly?: boolean } = {}): SafeHtml {
  const chosen = new Set(selected);
  const opt = (value: string, label: string) => html`<option value="${value}"${chosen.has(value) ? html` selected` : ''}>${label}</option>`;
  const states = jurisdictions.filter((j) => j.classification === 'state');
  const places = jurisdictions.filter((j) => j.classification !== 'state');
  return html`<select id="${id}" name="jurisdiction" multiple size="6" aria-describedby="${id}-hint">
<optgroup label="States (with their cities)">${states.map((s) => opt((s.state_code ?? s.id).toLowerCase(), s.name))}</optgroup>
${options.statesOnly === false ? '' : html`<optgroup label="States only">${states.map((s) => opt(s.id, `${s.name} (state bills only)`))}</optgroup>`}
<optgroup label="Cities and districts">${places.map((p) => opt(p.id, `${p.name}, ${p.state_code ?? ''}`))}</optgroup></select>
<span class="hint" id="${id}-hint">Hold Ctrl (⌘ on a Mac) to choose several; none means anywhere.</span>`;
}

/** The checkbox that stores the chosen jurisdictions as "my states" (a cookie) for the next visit. */
export function renderRememberBox(id: string, remembered: readonly string[]): SafeHtml {
  return html`<div class="field checkbox"><input type="checkbox" id="${id}" name="remember" value="1"> <label for="${id}">Remember these as my states${remembered.length ? html` <span class="muted small">(now: ${remembered.map((r) => r.toUpperCase()).join(', ')})</span>` : ''}</label></div>`;
}

/** A jurisdiction reference in words: a state's name, a place's name, or the reference itself. */
export function jurisdictionWords(ref: string, jurisdictions: JurisdictionSummary[]): string {
  if (/^[a-z]{2}$/i.test(ref)) return jurisdictions.find((j) => j.classification === 'state' && j.state_code?.toLowerCase() === ref.toLowerCase())?.name ?? ref.toUpperCase();
  const j = jurisdictions.find((x) => x.id === ref);
  return j ? (j.classification === 'state' ? `${j.name} (state bills only)` : j.name) : ref;
}

export type AppliedFilter = { label: string; value: string; param: string; removeValue?: string; note?: string; removeHref?: string };

/**
 * "Filters applied: Policy: No-knock warrant ban ✕ · Jurisdiction: Virginia ✕ ...": every
 * filter in force, including defaults the visitor did not type (my states), each with a
 * link to the same list without it. `params` are the list's current URL parameters.
 */
export function renderAppliedFilters(path: string, params: Record<string, string | number | readonly string[] | null | undefined>, filters: AppliedFilter[]): SafeHtml {
  if (filters.length === 0) {
    // Both lists default to laws on tracked policies (scope=tracked): "every record" only with scope=all.
    const what = params.scope === 'all' ? 'every record is listed' : 'every law and ordinance on a tracked policy is listed';
    return html`<p class="applied small" id="applied-filters">No filters: ${what}.</p>`;
  }
  const items = filters.map((f) => {
    const current = params[f.param];
    const rest = Array.isArray(current) ? current.filter((v) => v !== f.removeValue) : undefined;
    const without = { ...params, [f.param]: rest && rest.length ? rest : undefined, after: undefined, start: undefined, before: undefined };
    return html`<li><span class="filter-label">${f.label}:</span> ${f.value}${f.note ? html` <span class="muted">(${f.note})</span>` : ''} <a href="${f.removeHref ?? `${path}${queryString(without)}`}" aria-label="Remove filter ${f.label}: ${f.value}">✕</a></li>`;
  });
  return html`<div class="applied small" id="applied-filters"><span>Filters applied:</span> <ul class="applied-list">${joinHtml(items, '')}</ul></div>`;
}
