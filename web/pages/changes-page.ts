/**
 * What moved: stage and status changes of the last days, newest first, grouped by day,
 * filterable by policy and jurisdiction (a GET form), with the matching Atom feed.
 */
import type { ChangeEntry } from '../../db/queries/changes.js';
import type { JurisdictionSummary } from '../../db/queries/jurisdictions-query.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { jurisdictionWords, renderAppliedFilters, renderJurisdictionSelect, renderRememberBox, type AppliedFilter } from './filter-parts.js';
import { BILL_STATUS_LABELS, billHref, formatDate, jurisdictionHref, labelOf, plural, policyHref, queryString, scopeSwitch, STAGE_LABELS, timeTag } from './page-parts.js';

export const CHANGE_WINDOWS = [1, 7, 30, 90] as const;

export type ChangesForm = { days: number; policy?: string; jurisdiction?: readonly string[]; fromMyStates?: boolean; scope?: string };

export type ChangesPageInput = {
  form: ChangesForm;
  policies: PolicyRow[];
  jurisdictions: JurisdictionSummary[];
  changes: ChangeEntry[];
  /** The change id to continue from, or null on the last page. */
  before: number | null;
  viewer?: Viewer | null;
  myStates?: readonly string[];
};

/** The sentence for one change: "Committee → Passed one chamber" or "Pending → Enacted". */
export function describeChange(c: ChangeEntry): string {
  if (!c.from_stage && !c.from_status) return `New: ${labelOf(STAGE_LABELS, c.to_stage)}`;
  const parts: string[] = [];
  if (c.from_stage !== c.to_stage) parts.push(`${labelOf(STAGE_LABELS, c.from_stage)} → ${labelOf(STAGE_LABELS, c.to_stage)}`);
  if (c.from_status !== c.to_status) parts.push(`${labelOf(BILL_STATUS_LABELS, c.from_status)} → ${labelOf(BILL_STATUS_LABELS, c.to_status)}`);
  return parts.join('; ') || labelOf(STAGE_LABELS, c.to_stage);
}

function changeItem(c: ChangeEntry, policyNames: Map<string, string>): SafeHtml {
  return html`<li><a class="result-title" href="${billHref({ ...c.bill, jurisdiction: c.jurisdiction })}">${c.bill.identifier}: ${c.bill.title}</a>
<div class="meta"><a href="${jurisdictionHref(c.jurisdiction.id)}">${c.jurisdiction.name}</a><span>${c.bill.session}</span><strong>${describeChange(c)}</strong></div>
${c.action_description ? html`<div class="small">${c.action_date ? html`${timeTag(c.action_date)}: ` : ''}${c.action_description}</div>` : ''}
${c.policies.length ? html`<div class="meta small">${c.policies.map((p) => html`<a href="${policyHref(p)}">${policyNames.get(p) ?? p}</a>`)}</div>` : ''}</li>`;
}

/** The whole page. */
export function renderChangesPage(input: ChangesPageInput): string {
  const { form } = input;
  const names = new Map(input.policies.map((p) => [p.id, p.name]));
  const byDay = new Map<string, ChangeEntry[]>();
  for (const c of input.changes) {
    const day = c.changed_at.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), c]);
  }
  const scope = form.scope === 'all' ? 'all' : undefined;
  const joined = form.jurisdiction?.length ? form.jurisdiction.join(',') : undefined;
  const feed = `/api/feeds/changes.atom${queryString({ policy: form.policy, jurisdiction: joined, scope })}`;
  // The API lists everything unless told otherwise: the CSV asks for what the page shows.
  const csv = `/api/changes.csv${queryString({ since: new Date(Date.now() - form.days * 86_400_000).toISOString().slice(0, 10), policy: form.policy, jurisdiction: joined, scope: scope ?? 'tracked' })}`;
  const filters = { days: form.days, policy: form.policy, jurisdiction: form.jurisdiction, scope };
  const opt = (value: string, label: string, selected: string | undefined) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  const applied: AppliedFilter[] = [
    ...(form.policy ? [{ label: 'Policy', value: names.get(form.policy) ?? form.policy, param: 'policy' }] : []),
    ...(form.jurisdiction ?? []).map((ref) => ({
      label: 'Jurisdiction', value: jurisdictionWords(ref, input.jurisdictions), param: 'jurisdiction', removeValue: ref,
      ...(form.fromMyStates ? { note: 'my states', removeHref: `/changes?days=${form.days}&anywhere=1` } : {}),
    })),
  ];
  const days = [...byDay.entries()].map(
    ([day, list]) => html`<section aria-labelledby="day-${day}"><h2 id="day-${day}">${formatDate(day)} <span class="muted small">(${plural(list.length, 'change')})</span></h2><ul class="result-list">${list.map((c) => changeItem(c, names))}</ul></section>`,
  );
  const main = html`<h1>What moved</h1>
<p class="lede">Bills whose stage or status changed in the last ${plural(form.days, 'day')}.</p>
<p class="downloads"><a href="${feed}">Follow these changes (Atom feed)</a><a href="${csv}" download>Download these changes (CSV)</a></p>
<form method="get" action="/changes" class="filters" aria-label="Filter changes">
<div class="field"><label for="days">In the last</label><select id="days" name="days">${[1, 7, 30, 90].map((d) => opt(String(d), plural(d, 'day'), String(form.days)))}</select></div>
<div class="field"><label for="policy">Policy</label><select id="policy" name="policy">${opt('', 'Any policy', form.policy)}${input.policies.map((p) => opt(p.id, p.name, form.policy))}</select></div>
<div class="field"><label for="jurisdiction">Jurisdictions</label>${renderJurisdictionSelect('jurisdiction', form.jurisdiction ?? [], input.jurisdictions, { statesOnly: false })}</div>
${renderRememberBox('remember', input.myStates ?? [])}
${scope ? html`<input type="hidden" name="scope" value="all">` : ''}
<div class="actions"><button type="submit">Show</button></div>
</form>
${renderAppliedFilters('/changes', filters, applied)}
${scopeSwitch(form.scope ?? 'tracked', (next) => `/changes${queryString({ ...filters, scope: next === 'all' ? 'all' : undefined })}`)}
<p class="count" role="status">${input.changes.length ? plural(input.changes.length, 'change') : 'Nothing moved in this window.'}</p>
${days}
${input.before ? html`<nav class="pager" aria-label="Pages"><a href="/changes${queryString({ ...filters, before: input.before })}" rel="next">Older changes »</a></nav>` : ''}`;
  return renderLayout({
    title: 'What moved',
    main,
    viewer: input.viewer,
    nav: 'changes',
    alternates: [{ href: feed, type: 'application/atom+xml', title: 'Changes' }, { href: csv, type: 'text/csv', title: 'Changes (CSV)' }],
  });
}
