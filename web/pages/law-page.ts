/**
 * A curated law's page: what it is, where and when, its official sources, and once its
 * text is attached the model-policy checklist (the same as a bill's).
 */
import type { CuratedLawView } from '../../db/queries/jurisdictions-query.js';
import { html } from './html.js';
import { renderLayout, type ShareMeta, type Viewer } from './layout.js';
import { renderBillAdoption, type BillAdoptionInput } from './bill-adoption.js';
import { externalLink, hostOf, jurisdictionHref, policyHref, timeTag } from './page-parts.js';

export type LawPageInput = {
  law: CuratedLawView & { jurisdiction_id: string };
  jurisdictionName: string;
  policyName: string;
  adoption: BillAdoptionInput | null;
  viewer?: Viewer | null;
  share?: ShareMeta | null;
};

export function renderLawPage(input: LawPageInput): string {
  const l = input.law;
  const staffLink = input.viewer
    ? html`<p class="small"><a href="/staff/laws/${l.id}">Edit this law</a> · <a href="/staff/imports?law=${l.id}#text-heading">Attach its text</a></p>`
    : '';
  const main = html`<p class="identifier"><a href="${jurisdictionHref(l.jurisdiction_id)}">${input.jurisdictionName}</a>${l.identifier ? html` · ${l.identifier}` : ''}</p>
<h1>${l.title}</h1>
${staffLink}
<dl class="facts"><dt>Policy</dt><dd><a href="${policyHref(l.policy)}">${input.policyName}</a></dd>
<dt>Outcome</dt><dd>${l.outcome}</dd>
${l.adopted_on ? html`<dt>Adopted</dt><dd>${timeTag(l.adopted_on)}</dd>` : ''}
${l.voided_on ? html`<dt>Voided</dt><dd>${timeTag(l.voided_on)}</dd>` : ''}
${l.summary ? html`<dt>Summary</dt><dd>${l.summary}</dd>` : ''}
<dt>Official sources</dt><dd><ul>${l.source_urls.map((u) => html`<li>${externalLink(u, hostOf(u) || u)}</li>`)}</ul></dd></dl>
<section id="adoption" aria-labelledby="adoption-heading"><h2 id="adoption-heading">Model-policy adoption</h2>
${input.adoption ? renderBillAdoption(input.adoption) : html`<p class="muted">No text of this law is stored yet, so its adoption of the model policy has not been scored.</p>`}</section>`;
  return renderLayout({ title: l.title, main, viewer: input.viewer, share: input.share });
}
