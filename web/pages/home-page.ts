/**
 * The home page: the US map coloured by where the chosen policy stands, the policy
 * switcher (plain links, so it works without JavaScript), counts per status with their
 * swatches, and beside the map a table with the same facts (sortable by an enhancement
 * script) and the CSV link.
 */
import type { MapEntry, PolicyRow } from '../../db/queries/policy-map.js';
import type { MapStatus, Strength } from '../../core/vocabulary.js';
import { renderMap, type MapInput } from '../map/map-render.js';
import { MAP_COLOR_KEYS } from '../map/map-palette.js';
import { html, trustedHtml, type SafeHtml } from './html.js';
import { renderLayout, type ShareMeta, type Viewer } from './layout.js';
import type { AdoptionEntry } from '../../core/adoption/adoption-views.js';
import { renderAdoptionRanking, renderMapViewSwitch, toAdoptionMapInput } from './adoption-parts.js';
import {
  billHref, CLASSIFICATION_LABELS, coverageNote, entryColorKey, externalLink, jurisdictionHref, labelOf, MAP_KEY_RANK, mapKeyLabel, plural, policyHref, queryString,
  statusBadge, statusSwatch,
} from './page-parts.js';

export type HomePageInput = {
  policies: PolicyRow[];
  policy: PolicyRow;
  entries: MapEntry[];
  viewer?: Viewer | null;
  /** The "adoption" view (`?view=adoption`): every jurisdiction's adoption, and those with a law ranked. */
  adoption?: { entries: AdoptionEntry[]; ranked: AdoptionEntry[] } | null;
  share?: ShareMeta | null;
};

/** The map input for one policy's entries: states by FIPS, every other place with coordinates as a marker. */
export function toMapInput(policy: PolicyRow, entries: MapEntry[]): MapInput {
  return {
    policyId: policy.id,
    title: `Where “${policy.name}” stands, by state and city`,
    colors: policy.colors,
    states: entries
      .filter((e) => e.classification === 'state' && e.fips)
      .map((e) => ({ fips: e.fips!, id: e.id, name: e.name, status: e.status as MapStatus, strength: e.strength as Strength | null, tracked: e.coverage.state === 'tracked', href: jurisdictionHref(e.id) })),
    cities: entries
      .filter((e) => e.classification !== 'state' && e.latitude !== null && e.longitude !== null)
      .map((e) => ({
        id: e.id, name: e.name, classification: e.classification, lat: e.latitude!, lon: e.longitude!, status: e.status as MapStatus, strength: e.strength as Strength | null,
        tracked: e.coverage.state === 'tracked', href: jurisdictionHref(e.id),
      })),
  };
}

/** Long law titles are cut in the table; the jurisdiction page shows them whole. */
function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function behindIt(entry: MapEntry): SafeHtml {
  const laws = entry.laws.map((l) => html`<li>${externalLink(l.url, shorten(l.identifier ? `${l.identifier}: ${l.title}` : l.title))}</li>`);
  const bills = entry.bills.map((b) => html`<li><a href="${billHref(b.id)}">${b.identifier ?? 'Bill'}</a> <span class="muted">${shorten(b.title)}</span></li>`);
  if (!laws.length && !bills.length) return html`<span class="muted">—</span>`;
  const more = entry.bill_count - entry.bills.length;
  const rest = more > 0 ? html`<li><a href="${jurisdictionHref(entry.id)}">${plural(more, 'more bill')}</a></li>` : html``;
  return html`<ul>${laws}${bills}${rest}</ul>`;
}

/**
 * The table with the same facts as the map, most advanced status first (then states
 * before places, then by name); `data-sort-value` lets the script sort status by rank.
 */
export function renderMapTable(policy: PolicyRow, entries: MapEntry[]): SafeHtml {
  const ordered = entries
    .map((e, index) => ({ e, index, rank: MAP_KEY_RANK[entryColorKey(e)] }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  const rows = ordered.map(({ e, rank }) => {
    const key = entryColorKey(e);
    const note = key === 'none' || key === 'not-tracked' ? html`<div class="small muted">${coverageNote(e.coverage)}</div>` : html``;
    const threatCount = Math.max(e.threat_count, e.threats.length);
    const threats = threatCount
      ? html`<a href="${jurisdictionHref(e.id)}">${plural(threatCount, 'bill')}</a>`
      : html`<span class="muted">0</span>`;
    const where = e.classification === 'state' ? 'State' : `${labelOf(CLASSIFICATION_LABELS, e.classification)}, ${e.state_code ?? ''}`;
    return html`<tr data-status="${key}" data-id="${e.id}">
<th scope="row" data-sort-value="${e.name}"><a href="${jurisdictionHref(e.id)}">${e.name}</a><div class="small muted">${where}</div></th>
<td data-sort-value="${rank}">${statusBadge(e.status, e.strength, policy.colors, e.coverage.state === 'tracked')}${note}</td>
<td>${behindIt(e)}</td>
<td data-sort-value="${threatCount}">${threats}</td>
</tr>`;
  });
  return html`<div class="table-wrap"><table class="sortable map-table" id="map-table">
<caption>${policy.name}: where each state and city stands (${plural(entries.length, 'jurisdiction')})</caption>
<thead><tr><th scope="col">Jurisdiction</th><th scope="col">Status</th><th scope="col" data-sort="none">Law or bill</th><th scope="col">Threats</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** The policy switcher: one link per policy, the current one marked. */
export function renderPolicySwitcher(policies: PolicyRow[], current: string, basePath = '/'): SafeHtml {
  const items = policies.map(
    (p) => html`<li><a href="${basePath}${queryString({ policy: p.id })}"${p.id === current ? html` aria-current="page"` : ''}>${p.name}</a></li>`,
  );
  return html`<nav class="policy-switcher" aria-label="Choose a policy"><ul>${items}</ul></nav>`;
}

/** Counts per status with their swatches: the legend, with numbers. */
export function renderStatusCounts(policy: PolicyRow, entries: MapEntry[]): SafeHtml {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const key = entryColorKey(e);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const items = MAP_COLOR_KEYS.map(
    (key) => html`<li>${statusSwatch(key, policy.colors)} ${mapKeyLabel(key)}: <strong>${counts.get(key) ?? 0}</strong></li>`,
  );
  return html`<ul class="status-counts" aria-label="Legend and counts">${items}</ul>`;
}

/**
 * Why the untracked jurisdictions are untracked, one line per reason and remedy
 * ("52 states and cities are not tracked: add an Open States API key ..."), so a white map is
 * read as missing data and says what would fill it. Empty when everything is tracked.
 */
export function renderCoverageNotice(entries: MapEntry[]): SafeHtml {
  const groups = new Map<string, MapEntry[]>();
  for (const e of entries) {
    if (e.coverage.state === 'tracked' || e.status !== 'none') continue;
    const key = e.coverage.enable ?? e.coverage.reason ?? '';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  if (groups.size === 0) return html``;
  const items = [...groups.values()].map((list) => {
    const { enable } = list[0].coverage;
    const which = list.length <= 3 ? list.map((e) => e.name).join(', ') : plural(list.length, 'jurisdiction');
    return html`<li><strong>${which}</strong>: ${coverageNote(list[0].coverage)}${enable ? html`. To track ${list.length === 1 ? 'it' : 'them'}, ${enable}` : ''}.</li>`;
  });
  return html`<div class="notice coverage-notice" role="note"><p>Not tracked means no source has read these places yet, so the map shows no finding for them (not a “none”):</p><ul>${items}</ul></div>`;
}

/** The whole home page. */
export function renderHomePage(input: HomePageInput): string {
  const { policy, entries } = input;
  const adoption = input.adoption ?? null;
  const svg = renderMap(adoption ? toAdoptionMapInput(policy, adoption.entries) : toMapInput(policy, entries));
  const main = html`<h1>Where police reform stands</h1>
<p class="lede">Pick a policy to see which states and cities have enacted it, where bills are pending, where they failed, and where a law was overturned. Select a state or city for its laws and bills.</p>
${renderPolicySwitcher(input.policies, policy.id)}
${renderMapViewSwitch(policy.id, adoption ? 'adoption' : 'status')}
<div class="map-layout">
<section class="map-panel" aria-labelledby="map-heading">
<h2 id="map-heading">${policy.name}</h2>
<p>${policy.summary} <a href="${policyHref(policy.id)}">About this policy</a></p>
${adoption ? html`<p class="small">Coloured by how much of the model policy the laws in force adopt, read from their text; a state law counts for its cities.</p>` : html`${renderStatusCounts(policy, entries)}${renderCoverageNotice(entries)}`}
<figure class="map-figure">${trustedHtml(svg)}
<figcaption class="muted small">States are shaded and cities are circles, coloured by status; overturned is also hatched, and places no source has read yet are dotted white (not tracked), apart from those where sources found nothing (grey). Cities at the same spot are drawn side by side, with a line to where they are. Each shape is a link: Tab reaches the map once, the arrow keys move between states and cities, Enter opens one. The table lists the same facts.</figcaption></figure>
</section>
<section class="map-table-panel" aria-labelledby="table-heading">
<h2 id="table-heading">The same facts as a table</h2>
<p class="downloads"><a href="/api/map.csv${queryString({ policy: policy.id })}" download>Download CSV</a><a href="/api/map${queryString({ policy: policy.id })}">JSON</a><a href="/api/feeds/changes.atom${queryString({ policy: policy.id })}">Changes feed (Atom)</a></p>
${adoption ? html`<p class="downloads"><a href="/api/adoption.csv${queryString({ policy: policy.id })}" download>Adoption CSV</a></p>${renderAdoptionRanking(policy, adoption.ranked)}` : renderMapTable(policy, entries)}
</section>
</div>`;
  return renderLayout({
    title: `${policy.name}: map`,
    main,
    viewer: input.viewer,
    nav: 'map',
    share: input.share,
    scripts: ['table-sort.js', 'map-keys.js'],
    alternates: [{ href: `/api/feeds/changes.atom${queryString({ policy: policy.id })}`, type: 'application/atom+xml', title: `${policy.name}: changes` }],
  });
}
