/**
 * Curated laws for staff: the list (filterable by policy) and the edit form, which also
 * creates new records. A saved record is marked edited, so the seed never overwrites it.
 */
import type { JurisdictionSummary } from '../../db/queries/jurisdictions-query.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import type { curatedLaws } from '../../db/schema/index.js';
import { CURATED_LAW_KINDS, CURATED_LAW_OUTCOMES, STANCES } from '../../core/vocabulary.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { externalLink, formatDate, jurisdictionHref, labelOf, plural, queryString, STANCE_LABELS } from './page-parts.js';

export type CuratedLawRecord = typeof curatedLaws.$inferSelect;


/** The form's fields, as text (what a browser posts). */
export type CuratedLawFormValues = {
  jurisdiction_id: string; policy_id: string; stance: string; strength: string; kind: string; title: string; identifier: string; body: string;
  adopted_on: string; effective_on: string; voided_on: string; outcome: string; summary: string; source_urls: string; verification: string; note: string;
};

export type CuratedLawFormErrors = Partial<Record<keyof CuratedLawFormValues, string>>;

/** A record's values as the form shows them (source URLs one per line). */
export function formValuesOf(law: CuratedLawRecord | null): CuratedLawFormValues {
  return {
    jurisdiction_id: law?.jurisdictionId ?? '', policy_id: law?.policyId ?? '', stance: law?.stance ?? 'supports', strength: law?.strength ?? '',
    kind: law?.kind ?? 'ordinance', title: law?.title ?? '', identifier: law?.identifier ?? '', body: law?.body ?? '', adopted_on: law?.adoptedOn ?? '',
    effective_on: law?.effectiveOn ?? '', voided_on: law?.voidedOn ?? '', outcome: law?.outcome ?? 'enacted', summary: law?.summary ?? '',
    source_urls: (law?.sourceUrls ?? []).join('\n'), verification: law?.verification ?? '', note: law?.note ?? '',
  };
}

export type LawsListInput = { laws: CuratedLawRecord[]; policies: PolicyRow[]; jurisdictions: JurisdictionSummary[]; policyFilter?: string; saved?: number | null; viewer: Viewer };

/** The list of curated laws. */
export function renderLawsListPage(input: LawsListInput): string {
  const jNames = new Map(input.jurisdictions.map((j) => [j.id, j.name]));
  const pNames = new Map(input.policies.map((p) => [p.id, p.name]));
  const rows = input.laws.map(
    (l) => html`<tr><th scope="row"><a href="/staff/laws/${l.id}">${l.title}</a>${l.identifier ? html`<div class="small mono">${l.identifier}</div>` : ''}</th>
<td><a href="${jurisdictionHref(l.jurisdictionId)}">${jNames.get(l.jurisdictionId) ?? l.jurisdictionId}</a></td><td>${pNames.get(l.policyId) ?? l.policyId}</td>
<td>${l.outcome}${l.strength ? ` (${l.strength})` : ''}</td><td>${l.adoptedOn ? formatDate(l.adoptedOn) : ''}</td>
<td>${l.sourceUrls[0] ? externalLink(l.sourceUrls[0], 'source') : html`<span class="muted">none</span>`}</td><td>${l.editedAt ? html`<span class="tag src-staff">edited</span>` : html`<span class="muted small">seed</span>`}</td></tr>`,
  );
  const main = html`<h1>Curated laws</h1>
${input.saved ? html`<div class="notice success" role="status"><p>Saved law ${input.saved}.</p></div>` : ''}
<p>Laws and actions kept by hand: ordinances passed before tracking began, ballot measures, budget votes, court rulings. They count on the map like scraped laws.</p>
<form method="get" action="/staff/laws" class="filters" aria-label="Filter laws"><div class="field"><label for="policy">Policy</label><select id="policy" name="policy"><option value="">All policies</option>${input.policies.map((p) => html`<option value="${p.id}"${p.id === input.policyFilter ? html` selected` : ''}>${p.name}</option>`)}</select></div><div class="actions"><button type="submit">Show</button> <a class="button secondary" href="/staff/laws/new">Add a law</a></div></form>
<div class="table-wrap"><table class="sortable"><caption>${plural(input.laws.length, 'law')}</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Jurisdiction</th><th scope="col">Policy</th><th scope="col">Outcome</th><th scope="col">Adopted</th><th scope="col" data-sort="none">Source</th><th scope="col">Edited</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  return renderLayout({ title: 'Curated laws', main, viewer: input.viewer, nav: 'laws', scripts: ['table-sort.js'] });
}

export type LawFormInput = {
  id: number | null;
  values: CuratedLawFormValues;
  errors: CuratedLawFormErrors;
  policies: PolicyRow[];
  jurisdictions: JurisdictionSummary[];
  viewer: Viewer;
};

function fieldError(errors: CuratedLawFormErrors, name: keyof CuratedLawFormValues): SafeHtml {
  const message = errors[name];
  return message ? html`<p class="field-error" id="${name}-error">${message}</p>` : html``;
}

function described(errors: CuratedLawFormErrors, name: keyof CuratedLawFormValues): SafeHtml {
  return errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : html``;
}

/** The edit (or new) form for one curated law. */
export function renderLawFormPage(input: LawFormInput): string {
  const v = input.values;
  const e = input.errors;
  const select = (name: keyof CuratedLawFormValues, label: string, options: [string, string][]) =>
    html`<div class="field"><label for="${name}">${label}</label><select id="${name}" name="${name}"${described(e, name)}>${options.map(([value, text]) => html`<option value="${value}"${value === v[name] ? html` selected` : ''}>${text}</option>`)}</select>${fieldError(e, name)}</div>`;
  const text = (name: keyof CuratedLawFormValues, label: string, type = 'text', hint = '') =>
    html`<div class="field"><label for="${name}">${label}${hint ? html` <span class="hint">${hint}</span>` : ''}</label><input type="${type}" id="${name}" name="${name}" value="${v[name]}"${described(e, name)}>${fieldError(e, name)}</div>`;
  const area = (name: keyof CuratedLawFormValues, label: string, hint = '') =>
    html`<div class="field"><label for="${name}">${label}${hint ? html` <span class="hint">${hint}</span>` : ''}</label><textarea id="${name}" name="${name}" rows="3"${described(e, name)}>${v[name]}</textarea>${fieldError(e, name)}</div>`;
  const errorCount = Object.keys(e).length;
  const main = html`<p class="small"><a href="/staff/laws">Curated laws</a> › ${input.id ? `Law ${input.id}` : 'New law'}</p>
<h1>${input.id ? 'Edit curated law' : 'Add a curated law'}</h1>
${errorCount ? html`<div class="notice error" role="alert"><p>${plural(errorCount, 'field needs', 'fields need')} fixing: ${Object.keys(e).join(', ')}.</p></div>` : ''}
<form method="post" action="${input.id ? `/staff/laws/${input.id}` : '/staff/laws/new'}" class="narrow-form law-form">
<input type="hidden" name="_csrf" value="${input.viewer.csrfToken ?? ''}">
${select('jurisdiction_id', 'Jurisdiction', [['', 'Choose…'], ...input.jurisdictions.map((j): [string, string] => [j.id, `${j.name}${j.classification === 'state' ? '' : `, ${j.state_code ?? ''}`}`])])}
${select('policy_id', 'Policy', [['', 'Choose…'], ...input.policies.map((p): [string, string] => [p.id, p.name])])}
${select('stance', 'Stance', STANCES.map((s): [string, string] => [s, labelOf(STANCE_LABELS, s)]))}
${select('outcome', 'Outcome', CURATED_LAW_OUTCOMES.map((o): [string, string] => [o, o]))}
${select('strength', 'Strength', [['', 'Not set'], ['full', 'Full'], ['partial', 'Partial']])}
${select('kind', 'Kind', CURATED_LAW_KINDS.map((k): [string, string] => [k, k]))}
${text('title', 'Title')}
${text('identifier', 'Citation or number', 'text', 'e.g. Ordinance No. 069, Series 2020')}
${text('body', 'Adopted by', 'text', 'e.g. Metro Council')}
${text('adopted_on', 'Adopted on', 'date')}
${text('effective_on', 'Effective on', 'date')}
${text('voided_on', 'Voided on', 'date', 'when overturned, repealed or preempted')}
${area('source_urls', 'Official source URLs', 'one per line, https://…')}
${area('summary', 'Summary')}
${select('verification', 'Verification', [['', 'Not set'], ['VERIFIED', 'Verified'], ['PARTIAL', 'Partly verified']])}
${area('note', 'Staff note')}
<button type="submit">Save</button> <a href="/staff/laws">Cancel</a>
</form>`;
  return renderLayout({ title: input.id ? `Edit law ${input.id}` : 'Add a law', main, viewer: input.viewer, nav: 'laws' });
}

/** A link back to the list, filtered. */
export function lawsListHref(policy?: string, saved?: number): string {
  return `/staff/laws${queryString({ policy, saved })}`;
}
