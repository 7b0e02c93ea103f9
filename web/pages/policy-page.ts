/**
 * A policy's page (its summary, model principles, and the matrix of jurisdictions by
 * status) and the index of all policies.
 */
import type { MapEntry, PolicyRow } from '../../db/queries/policy-map.js';
import { MAP_COLOR_KEYS, type MapColorKey } from '../map/map-palette.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type ShareMeta, type Viewer } from './layout.js';
import { renderFollowBox } from './follow-parts.js';
import { renderPolicySwitcher } from './home-page.js';
import type { AdoptionEntry } from '../../core/adoption/adoption-views.js';
import { renderAdoptionRanking } from './adoption-parts.js';
import { billHref, CLASSIFICATION_LABELS, entryColorKey, jurisdictionHref, labelOf, mapKeyLabel, plural, policyHref, queryString, statusSwatch } from './page-parts.js';

export type PolicyPageInput = { policy: PolicyRow; policies: PolicyRow[]; entries: MapEntry[]; viewer?: Viewer | null; adoption?: AdoptionEntry[] | null; share?: ShareMeta | null };

/** Jurisdictions grouped by colour key, in legend order. */
export function groupByStatus(entries: MapEntry[]): Map<MapColorKey, MapEntry[]> {
  const groups = new Map<MapColorKey, MapEntry[]>(MAP_COLOR_KEYS.map((k) => [k, []]));
  for (const e of entries) groups.get(entryColorKey(e))!.push(e);
  return groups;
}

/**
 * The matrix: one panel per status, listing the jurisdictions in it (states and places
 * apart). "Nothing found" and "not tracked" are only counted: listing every untouched place
 * says nothing.
 */
export function renderPolicyMatrix(policy: PolicyRow, entries: MapEntry[]): SafeHtml {
  const groups = groupByStatus(entries);
  const panels = MAP_COLOR_KEYS.map((key) => {
    const list = groups.get(key)!;
    const heading = html`<h3>${statusSwatch(key, policy.colors)} ${mapKeyLabel(key)} <span class="muted small">(${list.length})</span></h3>`;
    if (key === 'none' || key === 'not-tracked') {
      const what = key === 'none' ? 'where the sources found nothing on it' : 'no source has read yet';
      return html`<section class="matrix-${key}">${heading}<p class="small muted">${plural(list.filter((e) => e.classification === 'state').length, 'state')} and ${plural(list.filter((e) => e.classification !== 'state').length, 'place')} ${what}.</p></section>`;
    }
    const items = list.map((e) => {
      const behind = [...e.laws.map((l) => l.identifier ?? l.title), ...e.bills.map((b) => b.identifier ?? '')].filter(Boolean);
      const firstBill = e.bills[0];
      return html`<li><a href="${jurisdictionHref(e.id)}">${e.name}</a> <span class="muted small">${labelOf(CLASSIFICATION_LABELS, e.classification)}</span>${
        firstBill ? html`<div class="small"><a href="${billHref(firstBill.id)}">${behind.join('; ')}</a></div>` : behind.length ? html`<div class="small muted">${behind.join('; ')}</div>` : ''
      }</li>`;
    });
    return html`<section class="matrix-${key}">${heading}${items.length ? html`<ul>${items}</ul>` : html`<p class="small muted">None.</p>`}</section>`;
  });
  return html`<div class="matrix">${panels}</div>`;
}

/** The page of one policy. */
export function renderPolicyPage(input: PolicyPageInput): string {
  const { policy, entries } = input;
  const threats = entries.filter((e) => e.threats.length > 0);
  const main = html`<p class="small"><a href="/policies">Policies</a> › ${policy.name}</p>
<h1>${policy.name}</h1>
<p class="lede">${policy.summary}</p>
<p class="downloads"><a href="/${queryString({ policy: policy.id })}">See it on the map</a><a href="/search${queryString({ policy: policy.id })}">Bills about it</a><a href="/changes${queryString({ policy: policy.id })}">What moved</a><a href="/compare${queryString({ policy: policy.id })}">Compare jurisdictions</a><a href="/api/map.csv${queryString({ policy: policy.id })}" download>Download CSV</a><a href="/api/feeds/changes.atom${queryString({ policy: policy.id })}">Changes feed (Atom)</a></p>
${renderFollowBox(input.viewer, { policy_id: policy.id }, `${policy.name} anywhere`, policyHref(policy.id), 'policy')}
<section aria-labelledby="principles-heading"><h2 id="principles-heading">Model principles</h2>
${policy.principles.length ? html`<ol>${policy.principles.map((p) => html`<li>${p}</li>`)}</ol>` : html`<p class="muted">No model principles written yet.</p>`}</section>
<section aria-labelledby="matrix-heading"><h2 id="matrix-heading">Where it stands</h2>
${renderPolicyMatrix(policy, entries)}</section>
${input.adoption ? html`<section aria-labelledby="adoption-heading"><h2 id="adoption-heading">Adoption of the model, ranked</h2>
<p class="small">How much of the model policy the laws in force adopt, read provision by provision from their text. <a href="/${queryString({ policy: policy.id, view: 'adoption' })}">On the map</a> · <a href="/api/adoption.csv${queryString({ policy: policy.id })}" download>CSV</a></p>
${renderAdoptionRanking(policy, input.adoption)}</section>` : ''}
<section aria-labelledby="threats-heading"><h2 id="threats-heading">Threats</h2>
${threats.length
    ? html`<p>Pending bills that would move the other way:</p><ul>${threats.map((e) => html`<li><a href="${jurisdictionHref(e.id)}">${e.name}</a>: ${e.threats.map((t, i) => html`${i ? ', ' : ''}<a href="${billHref(t.id)}">${t.identifier ?? t.title}</a>`)}</li>`)}</ul>`
    : html`<p class="muted">No pending opposing bills tracked.</p>`}</section>
<h2>Other policies</h2>
${renderPolicySwitcher(input.policies, policy.id, '/policies/')}`;
  return renderLayout({ title: policy.name, main, viewer: input.viewer, nav: 'policies', description: policy.summary, share: input.share });
}

export type PoliciesIndexInput = { policies: (PolicyRow & { counts: Partial<Record<MapColorKey, number>> })[]; viewer?: Viewer | null };

/** All policies with their summaries and how many places have enacted each. */
export function renderPoliciesIndexPage(input: PoliciesIndexInput): string {
  const items = input.policies.map((p) => {
    const enacted = (p.counts['enacted-full'] ?? 0) + (p.counts['enacted-partial'] ?? 0);
    return html`<li class="card"><h2 class="result-title"><a href="${policyHref(p.id)}">${p.name}</a></h2><p>${p.summary}</p>
<p class="small">${plural(enacted, 'place')} enacted · ${plural(p.counts.pending ?? 0, 'place')} pending · ${plural(p.counts.overturned ?? 0, 'place')} overturned · <a href="/${queryString({ policy: p.id })}">Map</a></p></li>`;
  });
  const main = html`<h1>Policies we track</h1><p class="lede">Eight policies from the police-reform and criminal-legal agenda. A bill can support a policy or oppose it.</p><ul class="cards result-list">${items}</ul>`;
  return renderLayout({ title: 'Policies', main, viewer: input.viewer, nav: 'policies' });
}
