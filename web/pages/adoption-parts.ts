/**
 * Adoption of a policy's model across jurisdictions, for the map's "adoption" view and the
 * policy page: score buckets with their colours, the map input, and the ranked table.
 */
import type { AdoptionEntry } from '../../core/adoption/adoption-views.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import type { MapInput, MapLegendEntry } from '../map/map-render.js';
import { html, type SafeHtml } from './html.js';
import { levelWords } from '../../core/adoption/adoption-summary.js';
import { billHref, CLASSIFICATION_LABELS, jurisdictionHref, labelOf, plural, queryString } from './page-parts.js';

/**
 * Score buckets, strongest first. Colours are a sequential blue ramp (ColorBrewer Blues),
 * readable without telling hues apart; `none` is the map's grey.
 */
export const ADOPTION_BUCKETS: readonly MapLegendEntry[] = [
  { key: 'adopt-75', label: 'adopts 75–100% of the model', color: '#08519c' },
  { key: 'adopt-50', label: 'adopts 50–74%', color: '#3182bd' },
  { key: 'adopt-25', label: 'adopts 25–49%', color: '#6baed6' },
  { key: 'adopt-1', label: 'adopts under 25%', color: '#bdd7e7' },
  { key: 'adopt-0', label: 'no law in force adopts it', color: '#e5e5e5' },
];

/** The bucket key of an adoption score (0..1). */
export function adoptionBucket(score: number): string {
  if (score >= 0.75) return 'adopt-75';
  if (score >= 0.5) return 'adopt-50';
  if (score >= 0.25) return 'adopt-25';
  if (score > 0) return 'adopt-1';
  return 'adopt-0';
}

const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** The map input of the adoption view: every shape coloured by its score bucket. */
export function toAdoptionMapInput(policy: PolicyRow, entries: AdoptionEntry[]): MapInput {
  return {
    policyId: policy.id,
    title: `How far the laws in force adopt the “${policy.name}” model, by state and city`,
    colors: policy.colors,
    legend: [...ADOPTION_BUCKETS],
    states: entries
      .filter((e) => e.classification === 'state' && e.fips)
      .map((e) => ({ fips: e.fips!, id: e.id, name: e.name, status: 'none', href: jurisdictionHref(e.id), legendKey: adoptionBucket(e.score) })),
    cities: entries
      .filter((e) => e.classification !== 'state' && e.latitude !== null && e.longitude !== null)
      .map((e) => ({ id: e.id, name: e.name, classification: e.classification, lat: e.latitude!, lon: e.longitude!, status: 'none', href: jurisdictionHref(e.id), legendKey: adoptionBucket(e.score) })),
  };
}

/** Links between the map's two views of a policy. */
export function renderMapViewSwitch(policyId: string, view: 'status' | 'adoption'): SafeHtml {
  const link = (v: 'status' | 'adoption', label: string) => html`<li><a href="/${queryString({ policy: policyId, view: v === 'status' ? undefined : v })}"${v === view ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav class="view-switcher" aria-label="Map view"><ul>${link('status', 'Where bills and laws stand')}${link('adoption', 'How much of the model is law')}</ul></nav>`;
}

/**
 * The jurisdictions whose laws in force adopt some of the model, best first, with the law
 * the score comes from (a state law shown for its cities says so).
 */
export function renderAdoptionRanking(policy: PolicyRow, ranked: AdoptionEntry[]): SafeHtml {
  if (ranked.length === 0) {
    return html`<p class="muted">No law in force with a stored text adopts this model yet. Scores appear here once the text of a law in force is attached and read.</p>`;
  }
  const rows = ranked.map((e, i) => {
    const s = e.source!;
    const law = s.kind === 'bill' ? html`<a href="${billHref(s.id)}#adoption">${s.identifier ?? s.title}</a>` : html`<a href="/laws/${s.id}#adoption">${s.identifier ?? s.title}</a>`;
    return html`<tr data-id="${e.id}" data-level="${e.level}">
<td>${i + 1}</td>
<th scope="row"><a href="${jurisdictionHref(e.id)}">${e.name}</a><div class="small muted">${labelOf(CLASSIFICATION_LABELS, e.classification)}</div></th>
<td data-sort-value="${e.score.toFixed(3)}"><strong>${percent(e.score)}</strong> <span class="tag level-${e.level}">${levelWords(e.level, e.score)}</span></td>
<td>${law}${s.version ? html` <span class="muted small">${s.version}</span>` : ''}${e.inherited ? html`<div class="small muted">state law of ${s.jurisdiction_name}</div>` : ''}</td>
</tr>`;
  });
  return html`<div class="table-wrap"><table class="sortable adoption-table">
<caption>${policy.name}: ${plural(ranked.length, 'jurisdiction')} ranked by how much of the model their laws in force adopt</caption>
<thead><tr><th scope="col">#</th><th scope="col">Jurisdiction</th><th scope="col">Adoption</th><th scope="col" data-sort="none">Law</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
