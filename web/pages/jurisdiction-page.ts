/**
 * A jurisdiction's page: one row per policy with where it stands, the law or bill behind
 * it (citation and official source), pending supporting bills, threats (pending opposing
 * bills), and how fresh the data is.
 */
import type { BillSummary } from '../../db/queries/bill-summary.js';
import type { CuratedLawView, JurisdictionDetail, JurisdictionSummary, SourceFreshness } from '../../db/queries/jurisdictions-query.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type ShareMeta, type Viewer } from './layout.js';
import { renderFollowBox } from './follow-parts.js';
import { renderLastRead, renderUpcomingMeetings } from './meeting-parts.js';
import {
  billHref, billStatusTag, CLASSIFICATION_LABELS, coverageNote, externalLink, formatAge, hostOf, jurisdictionHref, labelOf, plural, policyHref, queryString,
  STAGE_LABELS, statusBadge, timeTag,
} from './page-parts.js';
import type { Coverage } from '../../core/coverage/jurisdiction-coverage.js';

export type JurisdictionPageInput = {
  jurisdiction: JurisdictionDetail;
  policies: PolicyRow[];
  /** The state it belongs to, for places. */
  parent?: JurisdictionSummary | null;
  /** Cities and districts within, for states. */
  places?: JurisdictionSummary[];
  viewer?: Viewer | null;
  now?: Date;
  share?: ShareMeta | null;
};

function lawItem(law: CuratedLawView): SafeHtml {
  const source = law.source_urls[0];
  const dates = [
    law.adopted_on ? html`adopted ${timeTag(law.adopted_on)}` : '',
    law.voided_on ? html`, voided ${timeTag(law.voided_on)}` : '',
  ];
  return html`<li class="law"><strong><a href="/laws/${law.id}">${law.title}</a></strong>${law.identifier ? html` <span class="mono">(${law.identifier})</span>` : ''}
<div class="small">${labelOf({ ordinance: 'Ordinance', statute: 'Statute', 'ballot-measure': 'Ballot measure', budget: 'Budget action', contract: 'Contract', resolution: 'Resolution', 'court-ruling': 'Court ruling' }, law.kind)}${law.body ? html`, ${law.body}` : ''}${law.adopted_on || law.voided_on ? html`; ${dates}` : ''}${law.outcome === 'overturned' ? html` <span class="tag tag-overturned">Overturned</span>` : ''}
${source ? html`<br>${externalLink(source, html`Official source${hostOf(source) ? ` (${hostOf(source)})` : ''}`)}` : ''}</div></li>`;
}

function billItem(bill: BillSummary): SafeHtml {
  return html`<li><a href="${billHref(bill)}">${bill.identifier}</a> ${billStatusTag(bill.status)} <span>${bill.title}</span>
<div class="small muted">${bill.session}: ${labelOf(STAGE_LABELS, bill.stage)}${bill.latest_action.date ? html`, last action ${timeTag(bill.latest_action.date)}` : ''}${bill.source_url ? html` · ${externalLink(bill.source_url, 'official source')}` : ''}</div></li>`;
}

function list(items: SafeHtml[], empty: string): SafeHtml {
  return items.length ? html`<ul>${items}</ul>` : html`<span class="muted">${empty}</span>`;
}

/**
 * The coverage and freshness box: whether any source reads this place (and since when, or
 * why not and what would enable it), then when bills were last fetched, the last successful
 * scrape, and the last curated edit (and, for a city, when and from where it was last read).
 * Public: no command lines.
 */
export function renderFreshness(f: SourceFreshness, coverage: Coverage, now: Date, lastRead?: SafeHtml): SafeHtml {
  const age = (iso: string | null): SafeHtml => (iso ? html`${timeTag(iso)} <span class="muted">(${formatAge(now.getTime() - Date.parse(iso))})</span>` : html`<span class="muted">never</span>`);
  const coverageText = coverage.state === 'tracked'
    ? html`<p class="coverage coverage-tracked">${coverage.message} Bills are collected from the official sources.</p>`
    : html`<p class="coverage coverage-not-tracked"><strong>${coverage.message}</strong>${coverage.enable ? html` To track it: ${coverage.enable}.` : ''}</p>`;
  return html`<aside class="freshness" aria-labelledby="freshness-heading"><h2 id="freshness-heading" class="small">Coverage and freshness of the data</h2>
${coverageText}
${lastRead ?? ''}
<dl class="facts"><dt>Bills last fetched</dt><dd>${age(f.bills_fetched_at)}</dd>
<dt>Last successful scrape</dt><dd>${age(f.last_success_at)}</dd>
<dt>Curated laws last updated</dt><dd>${age(f.curated_updated_at)}</dd>
<dt>Status last computed</dt><dd>${age(f.status_computed_at)}</dd></dl></aside>`;
}

/** The policy rows table (also used by unit tests). */
export function renderStandingsTable(j: JurisdictionDetail, policies: PolicyRow[]): SafeHtml {
  const colorsOf = new Map(policies.map((p) => [p.id, p.colors]));
  const tracked = j.coverage.state === 'tracked';
  const rows = j.policies.map((p) => {
    const behind = [...p.laws.filter((l) => l.stance === 'supports').map(lawItem), ...p.bills.map(billItem)];
    return html`<tr id="policy-${p.policy}">
<th scope="row" data-label="Policy"><a href="${policyHref(p.policy)}">${p.name}</a></th>
<td data-label="Status">${statusBadge(p.status, p.strength, colorsOf.get(p.policy) ?? {}, tracked)}${p.status === 'none' ? html`<div class="small muted">${coverageNote(j.coverage)}</div>` : ''}</td>
<td data-label="Law or bill behind it">${list(behind, tracked ? 'Nothing found' : 'Not tracked')}</td>
<td data-label="Pending bills">${list(p.pending.map(billItem), tracked ? 'None found' : 'Not tracked')}</td>
<td data-label="Threats">${list(p.threats.map(billItem), tracked ? 'None found' : 'Not tracked')}</td>
</tr>`;
  });
  return html`<div class="table-wrap"><table class="stack-table standings">
<caption>Where ${j.name} stands on each policy</caption>
<thead><tr><th scope="col">Policy</th><th scope="col">Status</th><th scope="col">Law or bill behind it</th><th scope="col">Pending bills</th><th scope="col">Threats</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** The whole jurisdiction page. */
export function renderJurisdictionPage(input: JurisdictionPageInput): string {
  const j = input.jurisdiction;
  const now = input.now ?? new Date();
  const crumbs = input.parent
    ? html`<p class="small"><a href="${jurisdictionHref(input.parent.id)}">${input.parent.name}</a> › ${j.name}</p>`
    : html``;
  const enacted = j.policies.filter((p) => p.status === 'enacted').length;
  const places = input.places?.length
    ? html`<section aria-labelledby="places-heading"><h2 id="places-heading">Cities and districts in ${j.name}</h2>
<ul class="cards-inline">${input.places.map((p) => html`<li><a href="${jurisdictionHref(p.id)}">${p.name}</a> <span class="muted small">${labelOf(CLASSIFICATION_LABELS, p.classification)}</span></li>`)}</ul></section>`
    : html``;
  const main = html`${crumbs}<h1>${j.name}</h1>
<p class="lede">${labelOf(CLASSIFICATION_LABELS, j.classification)}${j.state_code ? html` in ${j.state_code}` : ''}. ${plural(enacted, 'policy', 'policies')} enacted of ${j.policies.length} tracked.${j.url ? html` ${externalLink(j.url, 'Official website')}` : ''}</p>
<p class="downloads"><a href="/search${queryString({ jurisdiction: j.id })}">All bills here</a><a href="/changes${queryString({ jurisdiction: j.id })}">What moved here</a><a href="/api/feeds/changes.atom${queryString({ jurisdiction: j.id })}">Changes feed (Atom)</a></p>
${renderFollowBox(input.viewer, { jurisdiction_ids: [j.classification === 'state' && j.state_code ? j.state_code.toLowerCase() : j.id] }, j.name, jurisdictionHref(j.id), 'jurisdiction')}
${renderStandingsTable(j, input.policies)}
${j.classification === 'state' ? '' : renderUpcomingMeetings(j.upcoming_meetings, input.policies)}
${renderFreshness(j.freshness, j.coverage, now, j.classification === 'state' ? undefined : renderLastRead(j.last_read, now))}
${places}`;
  return renderLayout({
    title: j.name,
    main,
    viewer: input.viewer,
    share: input.share,
    alternates: [{ href: `/api/feeds/changes.atom${queryString({ jurisdiction: j.id })}`, type: 'application/atom+xml', title: `${j.name}: changes` }],
  });
}
