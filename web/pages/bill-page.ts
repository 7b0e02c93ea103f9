/**
 * A bill's page: identifiers, title, stage strip, the full action timeline, roll-call votes, sponsors,
 * versions and documents (links to the official source), the policies it touches with
 * the evidence and who decided, and its change history. Every scraped value is escaped.
 */
import type { BillDetail } from '../../db/queries/bill-detail.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type ShareMeta, type Viewer } from './layout.js';
import { renderFollowBox } from './follow-parts.js';
import { introducedDate } from '../../core/bill/introduced-date.js';
import { VOTE_OPTION_LABELS, voteTallyText } from '../../core/bill/vote-tally.js';
import { VOTE_OPTIONS } from '../../core/vocabulary.js';
import { renderBillAdoption, type BillAdoptionInput } from './bill-adoption.js';
import { renderNextHearing } from './meeting-parts.js';
import { renderPolicyEvidence } from './policy-evidence.js';
import {
  BILL_STATUS_LABELS, billHref, billStatusTag, CLASSIFICATION_LABELS, externalLink, formatDate, hostOf, jurisdictionHref, labelOf, plural,
  policyHref, STAGE_LABELS, stageStrip, stanceTag, timeTag,
} from './page-parts.js';

export type BillPageInput = {
  bill: BillDetail; policies: PolicyRow[]; viewer?: Viewer | null; adoption?: BillAdoptionInput | null;
  /** YYYY-MM-DD from which a hearing counts as coming (default: today, UTC). */
  today?: string;
  /** Link-preview tags (absolute URLs), set by the route. */
  share?: ShareMeta | null;
};

/** Actions that move a bill between stages, drawn as filled dots on the timeline. */
const DECISIVE = new Set(['passage', 'executive-signature', 'became-law', 'veto-override-passage', 'executive-veto', 'failure', 'withdrawal', 'enactment']);

const DECISION_LABELS: Readonly<Record<string, string>> = { confirm: 'Confirmed by staff', add: 'Added by staff', reject: 'Rejected by staff' };

/** The policies section: one card per policy with stance, who decided, strength and the evidence. */
export function renderBillPolicies(bill: BillDetail, policies: PolicyRow[]): SafeHtml {
  if (bill.evidence.length === 0) return html`<p class="muted">Not matched to any tracked policy.</p>`;
  const names = new Map(policies.map((p) => [p.id, p.name]));
  const scoreOf = new Map(bill.policies.map((p) => [p.policy, p.score]));
  const cards = bill.evidence.map((e) => {
    const score = scoreOf.get(e.policy);
    const who = e.source === 'staff'
      ? html`<span class="tag src-staff">${DECISION_LABELS[e.decision ?? ''] ?? 'Decided by staff'}</span>`
      : html`<span class="tag">Machine match${score !== null && score !== undefined ? ` (score ${score.toFixed(2)})` : ''}</span>`;
    return html`<article class="card policy-card" data-policy="${e.policy}">
<h3><a href="${policyHref(e.policy)}">${names.get(e.policy) ?? e.policy}</a></h3>
<p>${stanceTag(e.stance)} ${who}${e.strength ? html` <span class="tag">Strength: ${e.strength}</span>` : ''}</p>
${e.needs_review ? html`<p class="small notice">Needs another look: ${e.needs_review}</p>` : ''}
${renderPolicyEvidence(e.evidence, { strength: e.strength, strengthSource: e.strength_source })}
</article>`;
  });
  return html`<div class="cards">${cards}</div>`;
}

/** The action timeline, oldest first, as the source lists it. */
export function renderTimeline(bill: BillDetail): SafeHtml {
  if (bill.actions.length === 0) return html`<p class="muted">No actions recorded.</p>`;
  const items = bill.actions.map((a) => {
    const decisive = a.classification.some((c) => DECISIVE.has(c));
    return html`<li${decisive ? html` class="decisive"` : ''}>${a.date ? timeTag(a.date) : html`<span class="muted">undated</span>`} ${a.description}${a.actor ? html` <span class="actor">(${a.actor})</span>` : ''}</li>`;
  });
  return html`<ol class="timeline">${items}</ol>`;
}

function documentList(docs: BillDetail['versions'], empty: string): SafeHtml {
  if (docs.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul>${docs.map(
    (d) => html`<li>${externalLink(d.url, d.note || 'Document')}${d.date ? html` <span class="muted">${formatDate(d.date)}</span>` : ''}${d.media_type ? html` <span class="muted small">${d.media_type}</span>` : ''}${hostOf(d.url) ? html` <span class="muted small">on ${hostOf(d.url)}</span>` : ''}</li>`,
  )}</ul>`;
}

/**
 * Roll-call votes, oldest first: one compact line per vote (date, body, motion, result,
 * tally); where the source names the members, the line opens to show who voted how.
 */
export function renderVotes(bill: BillDetail): SafeHtml {
  if (bill.votes.length === 0) return html`<p class="muted">No roll-call votes recorded.</p>`;
  const items = bill.votes.map((v) => {
    const tally = voteTallyText(v.counts);
    const line = html`${v.date ? timeTag(v.date) : html`<span class="muted">undated</span>`}${v.organization ? html` <span class="actor">${v.organization}</span>` : ''} ${v.motion}${
      v.result ? html` <span class="tag vote-${v.result}">${v.result === 'pass' ? 'Passed' : 'Failed'}</span>` : ''
    }${tally ? html` <span class="tally">${tally}</span>` : ''}`;
    if (v.voters.length === 0) return html`<li>${line}</li>`;
    const groups = VOTE_OPTIONS.map((o) => ({ option: o, names: v.voters.filter((m) => m.option === o).map((m) => m.name) }))
      .filter((g) => g.names.length > 0);
    return html`<li><details><summary>${line}</summary><dl class="voters">${groups.map(
      (g) => html`<dt>${VOTE_OPTION_LABELS[g.option]} (${g.names.length})</dt><dd>${g.names.join(', ')}</dd>`,
    )}</dl></details></li>`;
  });
  return html`<ul class="votes">${items}</ul>`;
}

/** The change history: each stage or status change the pipeline recorded, newest first. */
export function renderChangeHistory(bill: BillDetail): SafeHtml {
  if (bill.history.length === 0) return html`<p class="muted">No changes recorded yet.</p>`;
  const rows = bill.history.map(
    (h) => html`<tr><td>${timeTag(h.changed_at)}</td><td>${h.from_stage ? labelOf(STAGE_LABELS, h.from_stage) : 'new'} → ${labelOf(STAGE_LABELS, h.to_stage)}</td><td>${h.from_status ? labelOf(BILL_STATUS_LABELS, h.from_status) : 'new'} → ${labelOf(BILL_STATUS_LABELS, h.to_status)}</td><td>${h.action_date ? html`${timeTag(h.action_date)}: ` : ''}${h.action_description ?? ''}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><caption class="visually-hidden">Change history</caption><thead><tr><th scope="col">Recorded</th><th scope="col">Stage</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** "Introduced: Jan 8, 2025 (first action)": the earlier of the first action and the first version, and which. */
function renderIntroduced(b: BillDetail): SafeHtml {
  const introduced = introducedDate(b);
  if (!introduced) return html``;
  const basis = introduced.basis === 'source' ? 'as the source states it' : introduced.basis;
  return html`<dt>Introduced</dt><dd>${timeTag(introduced.date)} <span class="muted small">(${basis})</span></dd>`;
}

/** The whole bill page. */
export function renderBillPage(input: BillPageInput): string {
  const b = input.bill;
  const facts = html`<dl class="facts">
<dt>Jurisdiction</dt><dd><a href="${jurisdictionHref(b.jurisdiction.id)}">${b.jurisdiction.name}</a> <span class="muted small">${labelOf(CLASSIFICATION_LABELS, b.jurisdiction.classification)}</span></dd>
<dt>Identifier</dt><dd>${b.identifier}</dd>
<dt>Session</dt><dd>${b.session}</dd>
<dt>Type</dt><dd>${b.classification}${b.chamber ? ` · origin: ${b.chamber}` : ''}</dd>
<dt>Status</dt><dd>${billStatusTag(b.status)} ${labelOf(STAGE_LABELS, b.stage)}</dd>
${renderIntroduced(b)}
${b.enactment_number ? html`<dt>Enacted as</dt><dd>${b.enactment_number}</dd>` : ''}
${b.latest_action.date || b.latest_action.description ? html`<dt>Latest action</dt><dd>${b.latest_action.date ? html`${timeTag(b.latest_action.date)}: ` : ''}${b.latest_action.description ?? ''}</dd>` : ''}
${b.other_titles.length ? html`<dt>Other titles</dt><dd>${b.other_titles.map((t) => html`<div>${t}</div>`)}</dd>` : ''}
${b.subjects.length ? html`<dt>Subjects</dt><dd>${b.subjects.join('; ')}</dd>` : ''}
<dt>Official source</dt><dd>${b.source_url ? externalLink(b.source_url, hostOf(b.source_url) || 'official page') : html`<span class="muted">none recorded</span>`}</dd>
</dl>`;
  const main = html`<div class="bill-head">
<p class="identifier"><a href="${jurisdictionHref(b.jurisdiction.id)}">${b.jurisdiction.name}</a> · ${b.identifier} · ${b.session}</p>
<h1>${b.title}</h1>
</div>
${renderFollowBox(input.viewer, { bill_id: b.id }, 'this bill', billHref(b), 'bill')}
${stageStrip(b.stage, b.status)}
${renderNextHearing(b.hearings, input.today ?? new Date().toISOString().slice(0, 10))}
${b.abstract ? html`<p class="lede">${b.abstract}</p>` : ''}
<div class="two-col">
<section aria-labelledby="facts-heading"><h2 id="facts-heading">Facts</h2>${facts}</section>
<section aria-labelledby="sponsors-heading"><h2 id="sponsors-heading">Sponsors</h2>${
    b.sponsors.length
      ? html`<ul>${b.sponsors.map((s) => html`<li>${s.name}${s.primary ? html` <span class="tag">Primary</span>` : s.classification ? html` <span class="muted small">${s.classification}</span>` : ''}</li>`)}</ul>`
      : html`<p class="muted">No sponsors recorded.</p>`
  }</section>
</div>
<section aria-labelledby="policies-heading"><h2 id="policies-heading">Policies</h2>${renderBillPolicies(b, input.policies)}</section>
${input.adoption ? html`<section id="adoption" aria-labelledby="adoption-heading"><h2 id="adoption-heading">Model-policy adoption</h2>${renderBillAdoption(input.adoption)}</section>` : ''}
<section aria-labelledby="timeline-heading"><h2 id="timeline-heading">Actions (${plural(b.actions.length, 'action')})</h2>${renderTimeline(b)}</section>
<section aria-labelledby="votes-heading"><h2 id="votes-heading">Votes (${plural(b.votes.length, 'roll call')})</h2>${renderVotes(b)}</section>
<div class="two-col">
<section aria-labelledby="versions-heading"><h2 id="versions-heading">Versions</h2>${documentList(b.versions, 'No text versions recorded.')}</section>
<section aria-labelledby="documents-heading"><h2 id="documents-heading">Documents</h2>${documentList(b.documents, 'No other documents recorded.')}</section>
</div>
<section aria-labelledby="history-heading"><h2 id="history-heading">Change history</h2>${renderChangeHistory(b)}</section>
<section aria-labelledby="sources-heading"><h2 id="sources-heading">Where this came from</h2>
<ul>${b.sources.map((s) => html`<li>${s.source}: ${s.url ? externalLink(s.url, s.external_id) : s.external_id} <span class="muted small">fetched ${formatDate(s.fetched_at)}</span></li>`)}</ul>
<p class="small"><a href="/api/bills/${b.id}">This bill as JSON</a></p></section>`;
  return renderLayout({ title: `${b.identifier}: ${b.title}`, main, viewer: input.viewer, description: `${b.jurisdiction.name} ${b.identifier}: ${b.title}`, share: input.share });
}
