/**
 * Bill search: a GET form (so every search is a shareable URL) with full-text query and
 * filters, the result count, the results, and next/first page links.
 */
import type { BillSummary } from '../../db/queries/bill-summary.js';
import type { JurisdictionSummary } from '../../db/queries/jurisdictions-query.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { STANCES, STATUSES } from '../../core/vocabulary.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { renderAppliedFilters, renderJurisdictionSelect, renderRememberBox, jurisdictionWords, type AppliedFilter } from './filter-parts.js';
import { renderWatchButton } from './follow-parts.js';
import {
  BILL_STATUS_LABELS, billHref, billStatusTag, CLASSIFICATION_LABELS, externalLink, jurisdictionHref, KIND_LABELS, labelOf, plural, queryString, scopeSwitch,
  STAGE_LABELS, STANCE_LABELS, stanceTag, timeTag,
} from './page-parts.js';

/** The search form's values, as they appear in the URL. */
export type SearchForm = {
  q?: string;
  policy?: string;
  stance?: string;
  /** State codes and OCD ids; several match any. */
  jurisdiction?: readonly string[];
  status?: string;
  session?: string;
  sort?: string;
  /** `tracked` (default): laws touching a tracked policy; `all`: everything. */
  scope?: string;
  /** True when `jurisdiction` came from the visitor's remembered "my states", not the URL. */
  fromMyStates?: boolean;
};

export type SearchPageInput = {
  form: SearchForm;
  policies: PolicyRow[];
  jurisdictions: JurisdictionSummary[];
  results: BillSummary[];
  total: number;
  /** True when `total` is a lower bound (more matches than are counted): shown as "10,000+". */
  totalIsEstimate?: boolean;
  /** Position of the first result (0-based), carried in the URL for "21–40 of 57". */
  start: number;
  /** Opaque cursor for the next page, or null on the last page. */
  next: string | null;
  viewer?: Viewer | null;
  /** The visitor's remembered states (cookie), shown beside the remember box. */
  myStates?: readonly string[];
};

export const SEARCH_SORT_LABELS: Readonly<Record<string, string>> = {
  relevance: 'Best match (of the 500 most recent)',
  latest_action: 'Latest action',
  newest: 'Newest added',
  oldest: 'Oldest added',
};

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
}

/** The filter form. Empty fields are part of the URL but mean "any". */
export function renderSearchForm(form: SearchForm, policies: PolicyRow[], jurisdictions: JurisdictionSummary[], myStates: readonly string[] = []): SafeHtml {
  return html`<form method="get" action="/search" class="filters" role="search" aria-label="Search bills">
<div class="field wide"><label for="q">Words in the title or summary</label><input type="search" id="q" name="q" value="${form.q ?? ''}" placeholder="e.g. no-knock warrant"></div>
<div class="field"><label for="policy">Policy</label><select id="policy" name="policy">${option('', 'Any policy', form.policy)}${policies.map((p) => option(p.id, p.name, form.policy))}</select></div>
<div class="field"><label for="stance">Stance</label><select id="stance" name="stance">${option('', 'Any stance', form.stance)}${STANCES.map((s) => option(s, labelOf(STANCE_LABELS, s), form.stance))}</select></div>
<div class="field"><label for="jurisdiction">Jurisdictions</label>${renderJurisdictionSelect('jurisdiction', form.jurisdiction ?? [], jurisdictions)}</div>
<div class="field"><label for="status">Status</label><select id="status" name="status">${option('', 'Any status', form.status)}${STATUSES.map((s) => option(s, labelOf(BILL_STATUS_LABELS, s), form.status))}</select></div>
<div class="field"><label for="session">Session <span class="hint">e.g. 2025</span></label><input type="text" id="session" name="session" value="${form.session ?? ''}"></div>
<div class="field"><label for="sort">Sort by</label><select id="sort" name="sort">${option('', 'Default (latest action)', form.sort)}${Object.entries(SEARCH_SORT_LABELS).map(([k, v]) => option(k, v, form.sort))}</select></div>
${renderRememberBox('remember', myStates)}
${form.scope === 'all' ? html`<input type="hidden" name="scope" value="all">` : ''}
<div class="actions"><button type="submit">Search</button> <a href="/search?anywhere=1">Clear</a></div>
</form>`;
}

/** Every filter the search applied, in words, each removable. */
function appliedSearchFilters(form: SearchForm, policies: PolicyRow[], jurisdictions: JurisdictionSummary[]): AppliedFilter[] {
  const filters: AppliedFilter[] = [];
  if (form.q) filters.push({ label: 'Words', value: `“${form.q}”`, param: 'q' });
  if (form.policy) filters.push({ label: 'Policy', value: policies.find((p) => p.id === form.policy)?.name ?? form.policy, param: 'policy' });
  if (form.stance) filters.push({ label: 'Stance', value: labelOf(STANCE_LABELS, form.stance), param: 'stance' });
  for (const ref of form.jurisdiction ?? []) {
    filters.push({
      label: 'Jurisdiction', value: jurisdictionWords(ref, jurisdictions), param: 'jurisdiction', removeValue: ref,
      ...(form.fromMyStates ? { note: 'my states', removeHref: '/search?anywhere=1' } : {}),
    });
  }
  if (form.status) filters.push({ label: 'Status', value: labelOf(BILL_STATUS_LABELS, form.status), param: 'status' });
  if (form.session) filters.push({ label: 'Session', value: form.session, param: 'session' });
  return filters;
}

/** One result row. */
export function renderBillResult(b: BillSummary, policyNames: ReadonlyMap<string, string> = new Map()): SafeHtml {
  return html`<li><a class="result-title" href="${billHref(b)}">${b.identifier}: ${b.title}</a>
<div class="meta"><a href="${jurisdictionHref(b.jurisdiction.id)}">${b.jurisdiction.name}</a><span>${labelOf(CLASSIFICATION_LABELS, b.jurisdiction.classification)}</span><span>${b.session}</span>${b.kind !== 'bill' ? html`<span>${labelOf(KIND_LABELS, b.kind)}</span>` : ''}${billStatusTag(b.status)}<span>${labelOf(STAGE_LABELS, b.stage)}</span>${b.latest_action.date ? html`<span>last action ${timeTag(b.latest_action.date)}</span>` : ''}</div>
${b.latest_action.description ? html`<div class="small">${b.latest_action.description}</div>` : ''}
${b.policies.length ? html`<div class="meta small">${b.policies.map((p) => html`<span>${policyNames.get(p.policy) ?? p.policy} ${stanceTag(p.stance)}${p.source === 'staff' ? html` <span class="tag src-staff">staff</span>` : ''}</span>`)}</div>` : ''}
${b.source_url ? html`<div class="small">${externalLink(b.source_url, 'Official source')}</div>` : ''}</li>`;
}

/** The whole search page. */
export function renderSearchPage(input: SearchPageInput): string {
  const { form, results, total, start } = input;
  const scope = form.scope === 'all' ? 'all' : undefined;
  const formParams = { q: form.q, policy: form.policy, stance: form.stance, jurisdiction: form.jurisdiction, status: form.status, session: form.session, sort: form.sort, scope };
  // The API lists everything unless told otherwise: the CSV asks for what the page shows.
  const exportParams = {
    q: form.q, policy: form.policy, stance: form.stance, jurisdiction: form.jurisdiction?.length ? form.jurisdiction.join(',') : undefined, status: form.status, session: form.session,
    scope: scope ?? 'tracked',
  };
  const watchTarget = { policy_id: form.policy, jurisdiction_ids: form.jurisdiction, query: form.q };
  const canWatch = Boolean(form.q || form.policy || form.jurisdiction?.length);
  const from = total === 0 ? 0 : start + 1;
  const to = start + results.length;
  const nextHref = input.next ? `/search${queryString({ ...formParams, after: input.next, start: to })}` : null;
  const firstHref = start > 0 ? `/search${queryString(formParams)}` : null;
  const pager = nextHref || firstHref
    ? html`<nav class="pager" aria-label="Pages">${firstHref ? html`<a href="${firstHref}">« First page</a>` : ''}${nextHref ? html`<a href="${nextHref}" rel="next">Next page »</a>` : ''}</nav>`
    : html``;
  const main = html`<h1>Search bills</h1>
${renderSearchForm(form, input.policies, input.jurisdictions, input.myStates ?? [])}
${renderAppliedFilters('/search', formParams, appliedSearchFilters(form, input.policies, input.jurisdictions))}
${scopeSwitch(form.scope ?? 'tracked', (next) => `/search${queryString({ ...formParams, scope: next === 'all' ? 'all' : undefined })}`)}
${canWatch ? renderWatchButton(input.viewer, watchTarget, `/search${queryString(formParams)}`, 'Watch this search') : ''}
<p class="count" role="status">${total === 0 ? 'No bills match.' : input.totalIsEstimate ? html`${total.toLocaleString('en-US')}+ bills match, showing ${from}–${to}.` : html`${plural(total, 'bill')} match${total === 1 ? 'es' : ''}${total > results.length ? html`, showing ${from}–${to}` : ''}.`}</p>
${form.sort === 'relevance' && form.q ? html`<p class="small">Best match ranks the 500 most recent matching bills by how well they match.</p>` : ''}
<p class="downloads small"><a href="/api/bills.csv${queryString(exportParams)}" download>Download these results (CSV)</a></p>
${results.length ? html`<ol class="result-list" start="${from}">${results.map((b) => renderBillResult(b, new Map(input.policies.map((p) => [p.id, p.name]))))}</ol>` : ''}
${pager}`;
  return renderLayout({ title: form.q ? `“${form.q}”: search` : 'Search bills', main, viewer: input.viewer, nav: 'search' });
}
