/**
 * The review queue: machine classifications awaiting a staff decision. Each item is a
 * plain form (works without JavaScript); review-keys.js adds one keystroke per action.
 */
import type { PolicyRow } from '../../db/queries/policy-map.js';
import type { ReviewItem } from '../../db/queries/review-queue-query.js';
import { STANCES } from '../../core/vocabulary.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { billHref, externalLink, jurisdictionHref, labelOf, plural, policyHref, queryString, STAGE_LABELS, STANCE_LABELS, stanceTag } from './page-parts.js';
import { renderPolicyEvidence } from './policy-evidence.js';

export type ReviewPageInput = {
  items: ReviewItem[];
  total: number;
  policies: PolicyRow[];
  policyFilter?: string;
  /** The decision just recorded, for the confirmation line. */
  done?: { billId: number; policyId: string; decision: string } | null;
  viewer: Viewer;
};

/** One queue item and its decision form. */
export function renderReviewItem(item: ReviewItem, policyName: string, csrfToken: string, policyFilter: string | undefined): SafeHtml {
  const key = `${item.billId}-${item.policyId}`;
  const stance = item.decidedStance ?? item.stance;
  const opt = (value: string, label: string, selected: string | null) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<li><article class="review-item" id="item-${key}" tabindex="-1" data-review-item aria-labelledby="title-${key}">
<h2 id="title-${key}"><a href="${billHref(item.billId)}">${item.bill.identifier}: ${item.bill.title}</a></h2>
<p class="meta small"><a href="${jurisdictionHref(item.jurisdiction.id)}">${item.jurisdiction.name}</a> · ${item.bill.session} · ${labelOf(STAGE_LABELS, item.bill.stage)}${item.bill.sourceUrl ? html` · ${externalLink(item.bill.sourceUrl, 'official source')}` : ''}</p>
<p>Machine says: <a href="${policyHref(item.policyId)}"><strong>${policyName}</strong></a> ${stanceTag(item.stance)}${item.strength ? html` <span class="tag">Strength: ${item.strength}</span>` : ''} <span class="muted small">score ${item.score.toFixed(2)}</span></p>
${item.needsReview ? html`<p class="notice small">Back for review: ${item.needsReview} (was ${item.decision ?? 'decided'})</p>` : ''}
${renderPolicyEvidence(item.evidence, { strength: item.strength, strengthSource: item.strength ? 'machine' : null })}
<form method="post" action="/staff/review/${item.billId}/${item.policyId}" class="review-form" data-review-form>
<input type="hidden" name="_csrf" value="${csrfToken}">
<input type="hidden" name="return_policy" value="${policyFilter ?? ''}">
<div class="field"><label for="stance-${key}">Stance <kbd aria-hidden="true">s</kbd></label><select id="stance-${key}" name="stance" data-key-cycle="s">${STANCES.map((s) => opt(s, labelOf(STANCE_LABELS, s), stance))}</select></div>
<div class="field"><label for="strength-${key}">Strength <kbd aria-hidden="true">t</kbd></label><select id="strength-${key}" name="strength" data-key-cycle="t">${opt('', item.strength ? `Not set (machine: ${item.strength})` : 'Not set', item.decidedStrength)}${opt('full', 'Full', item.decidedStrength)}${opt('partial', 'Partial', item.decidedStrength)}</select></div>
<div class="field note"><label for="note-${key}">Note <kbd aria-hidden="true">n</kbd></label><textarea id="note-${key}" name="note" rows="2" data-key-focus="n">${item.note ?? ''}</textarea></div>
<div class="buttons"><button type="submit" name="decision" value="confirm" data-key="c">Confirm <kbd aria-hidden="true">c</kbd></button><button type="submit" name="decision" value="reject" data-key="x" class="danger">Reject <kbd aria-hidden="true">x</kbd></button></div>
</form></article></li>`;
}

/** The whole review page. */
export function renderReviewPage(input: ReviewPageInput): string {
  const names = new Map(input.policies.map((p) => [p.id, p.name]));
  const filter = html`<form method="get" action="/staff/review" class="filters" aria-label="Filter the queue">
<div class="field"><label for="policy">Policy</label><select id="policy" name="policy"><option value="">All policies</option>${input.policies.map((p) => html`<option value="${p.id}"${p.id === input.policyFilter ? html` selected` : ''}>${p.name}</option>`)}</select></div>
<div class="actions"><button type="submit">Show</button></div></form>
<p class="small">Rules too loose or too strict? <a href="/staff/review/rules${queryString({ policy: input.policyFilter ?? input.policies[0]?.id })}">Edit a policy's rules and see what the edit changes before saving it</a>.</p>`;
  const done = input.done
    ? html`<div class="notice success" role="status"><p>Recorded: ${input.done.decision} for <a href="${billHref(input.done.billId)}">bill ${input.done.billId}</a> on ${names.get(input.done.policyId) ?? input.done.policyId}.</p></div>`
    : html``;
  const main = html`<h1>Review queue</h1>
${done}
<p class="count">${plural(input.total, 'classification')} waiting${input.items.length < input.total ? `, first ${input.items.length} shown` : ''}.</p>
${filter}
<p class="review-help" id="review-help">Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous item, <kbd>c</kbd> confirm, <kbd>x</kbd> reject, <kbd>s</kbd> change stance, <kbd>t</kbd> change strength, <kbd>n</kbd> write a note (<kbd>Esc</kbd> to leave it). Without JavaScript, use the buttons.</p>
<p id="review-status" class="visually-hidden" role="status" aria-live="polite"></p>
${input.items.length ? html`<ol class="result-list review-list">${input.items.map((i) => renderReviewItem(i, names.get(i.policyId) ?? i.policyId, input.viewer.csrfToken ?? '', input.policyFilter))}</ol>` : html`<p>Nothing to review${input.policyFilter ? ' for this policy' : ''}. <a href="/staff/review${queryString({})}">Whole queue</a></p>`}`;
  return renderLayout({ title: 'Review queue', main, viewer: input.viewer, nav: 'review', scripts: ['review-keys.js'] });
}
