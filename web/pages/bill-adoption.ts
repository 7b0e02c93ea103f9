/**
 * The "Model-policy adoption" section of a bill page: a version switcher (introduced →
 * enrolled, with what each version strengthened or weakened), per model a checklist of
 * provisions with outcome and reason and the matching passage highlighted in the stored
 * text, and the whole text with every piece of evidence marked. Stored bill text is
 * scraped, so every character goes through the `html` tag; marks are placed by offsets
 * into the text, never by searching markup.
 */
import type { BillAdoption, ComparisonView, ProvisionView, ScoreView, VersionView } from '../../core/adoption/adoption-views.js';
import { html, joinHtml, type SafeHtml } from './html.js';
import { externalLink, formatDate, plural, queryString, stanceTag } from './page-parts.js';
import { adoptionCounts, adoptionSummaryLine, adoptionWords } from '../../core/adoption/adoption-summary.js';
import { diffWords } from '../../core/texts/word-diff.js';

export type BillAdoptionInput = {
  adoption: BillAdoption;
  /** The version shown; the latest when absent or unknown. */
  selectedTextId?: number | null;
  /** The stored normalized text of the selected version. */
  text: string | null;
  /** Display names of the policies (model ids are policy ids). */
  policyNames?: ReadonlyMap<string, string>;
  /** The policies the bill (or law) touches: their checklists come first; the other models fold away. */
  touches?: readonly string[];
};

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  adopted: 'Adopted', weaker: 'Weaker', mentioned: 'Mentioned only', absent: 'Absent', repealed: 'Repealed (struck)', contradicted: 'Contradicted',
};
const OUTCOME_SYMBOLS: Readonly<Record<string, string>> = { adopted: '✓', weaker: '◐', mentioned: '·', absent: '✗', repealed: '⊘', contradicted: '!' };

/** An id safe for an HTML id attribute and a URL fragment. */
function anchorId(textId: number, model: string, provision: string): string {
  return `ev-${textId}-${model}-${provision}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

const percent = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Returns `text` with each span wrapped in `<mark>` (overlapping spans merged) and an empty
 * anchor element at the start of each span that has an id. Offsets outside the text are
 * clamped. Everything is escaped.
 */
export function markSpans(text: string, spans: readonly { start: number; end: number; id?: string }[]): SafeHtml {
  const clean = spans
    .map((s) => ({ start: Math.max(0, Math.min(text.length, s.start)), end: Math.max(0, Math.min(text.length, s.end)), id: s.id }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const s of clean) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  const anchors = new Map<number, string[]>();
  for (const s of clean) if (s.id) anchors.set(s.start, [...(anchors.get(s.start) ?? []), s.id]);
  const cuts = [...new Set([0, text.length, ...merged.flatMap((m) => [m.start, m.end]), ...anchors.keys()])].sort((a, b) => a - b);
  const parts: SafeHtml[] = [];
  let open = false;
  for (let i = 0; i < cuts.length; i++) {
    const at = cuts[i];
    const closing = open && merged.some((m) => m.end === at);
    if (closing) { parts.push(html`</mark>`); open = false; }
    for (const id of anchors.get(at) ?? []) parts.push(html`<span class="anchor" id="${id}"></span>`);
    if (!open && merged.some((m) => m.start === at) && at < text.length) { parts.push(html`<mark>`); open = true; }
    const next = cuts[i + 1];
    if (next !== undefined && next > at) parts.push(html`${text.slice(at, next)}`);
  }
  if (open) parts.push(html`</mark>`);
  return joinHtml(parts, '');
}

/** The passage around one evidence span, the span itself marked, with up to `context` characters either side. */
export function passage(text: string, span: { start: number; end: number }, context = 160): SafeHtml {
  const from = Math.max(0, span.start - context);
  const to = Math.min(text.length, span.end + context);
  // Start and end at word boundaries so the excerpt does not cut a word in two.
  let start = from;
  if (from > 0 && !/\s/.test(text[from - 1])) {
    const space = text.indexOf(' ', from);
    start = space === -1 || space >= span.start ? from : space + 1;
  }
  let tail = to;
  if (to < text.length && !/\s/.test(text[to])) {
    const space = text.indexOf(' ', to);
    tail = space === -1 ? text.length : space;
  }
  const body = markSpans(text.slice(start, tail), [{ start: span.start - start, end: span.end - start }]);
  return html`${start > 0 ? '… ' : ''}${body}${tail < text.length ? ' …' : ''}`;
}

function outcomeTag(outcome: string): SafeHtml {
  return html`<span class="tag outcome outcome-${outcome}"><span aria-hidden="true">${OUTCOME_SYMBOLS[outcome] ?? ''}</span> ${OUTCOME_LABELS[outcome] ?? outcome}</span>`;
}

function provisionItem(p: ProvisionView, version: VersionView, model: string, text: string | null): SafeHtml {
  const ev = p.evidence[0];
  const inText = text !== null && ev !== undefined && text.slice(ev.start, ev.end) === ev.excerpt;
  const shown = ev === undefined ? '' : inText ? html`<blockquote class="passage">${passage(text, ev)}</blockquote>` : html`<blockquote class="passage"><mark>${ev.excerpt}</mark></blockquote>`;
  const struck = ev?.deleted ? html`<p class="small">Struck: <del>${ev.deleted}</del></p>` : '';
  const staff = p.override
    ? html`<p class="small notice">Set by staff: ${OUTCOME_LABELS[p.override.outcome] ?? p.override.outcome} (machine: ${OUTCOME_LABELS[p.machine_outcome] ?? p.machine_outcome})${p.override.note ? html` — ${p.override.note}` : ''}</p>`
    : '';
  const jump = inText ? html` <a class="small" href="#${anchorId(version.text_id, model, p.id)}">in the text</a>` : '';
  return html`<li class="provision outcome-${p.outcome}" data-provision="${p.id}">
<p>${outcomeTag(p.outcome)} <strong>${p.id}</strong> ${p.statement}${p.required ? html` <span class="tag">Required</span>` : ''}${p.verified ? '' : html` <span class="tag">Unverified</span>`}</p>
<p class="small reason">${p.reason}${jump}</p>
${shown}${struck}${staff}
</li>`;
}

function scoreCard(s: ScoreView, version: VersionView, text: string | null, names: ReadonlyMap<string, string>): SafeHtml {
  const counts = adoptionCounts(s.provisions);
  const words = adoptionWords(s.score, counts);
  return html`<article class="card adoption-card" data-model="${s.model}">
<h3>${names.get(s.model) ?? s.model} <span class="muted small">model v${s.model_version}</span></h3>
<p class="adoption-summary"><strong>${adoptionSummaryLine(counts)}</strong></p>
<p><span class="tag level-${words.key}">${words.words}</span> Score <strong>${percent(s.score)}</strong>${s.threat_score > 0 ? html` · threat score ${percent(s.threat_score)}` : ''}${s.stance ? html` ${stanceTag(s.stance)}` : ''}${s.copy_score >= 0.3 ? html` · ${percent(s.copy_score)} of a model text copied word for word` : ''}</p>
<ol class="checklist">${s.provisions.map((p) => provisionItem(p, version, s.model, text))}</ol>
${s.hidden_provisions > 0 ? html`<p class="small muted">${plural(s.hidden_provisions, 'unverified provision')} not shown until staff confirm them.</p>` : ''}
</article>`;
}

function versionSwitcher(adoption: BillAdoption, selected: VersionView): SafeHtml {
  const items = adoption.versions.map((v) => {
    const scores = v.scores.map((s) => html` <span class="tag level-${s.level}">${s.model} ${percent(s.score)}</span>`);
    const label = html`${v.note || 'Text'}${v.date ? html` <span class="muted small">${formatDate(v.date)}</span>` : ''}`;
    return html`<li>${v.text_id === selected.text_id
      ? html`<strong aria-current="true">${label}</strong>`
      : html`<a href="${queryString({ version: v.text_id })}#adoption">${label}</a>`}${scores}</li>`;
  });
  return html`<nav class="version-switcher" aria-label="Text versions"><ol>${items}</ol></nav>`;
}

/** The changed passage as a redline: struck words in `<del>`, new ones in `<ins>` (both escaped). */
function redline(before: string, after: string): SafeHtml {
  return joinHtml(diffWords(before, after).map((p) => (p.op === 'del' ? html`<del>${p.text}</del>` : p.op === 'ins' ? html`<ins>${p.text}</ins>` : html`${p.text}`)), '');
}

function changes(list: ComparisonView[], from: VersionView | undefined, to: VersionView, names: ReadonlyMap<string, string>): SafeHtml {
  if (list.length === 0 || !from) return html``;
  const provisionIn = (v: VersionView, model: string, id: string) => v.scores.find((s) => s.model === model)?.provisions.find((p) => p.id === id);
  const blocks = list.map((c) => {
    const moved = c.provisions.filter((p) => p.change !== 'unchanged');
    return html`<li><strong>${names.get(c.model) ?? c.model}</strong>: ${c.text_changed ? 'text changed' : 'same text'}, score ${c.score_delta >= 0 ? '+' : ''}${percent(c.score_delta)}${
      moved.length
        ? html`<ul>${moved.map((p) => {
            const now = provisionIn(to, c.model, p.id);
            const before = provisionIn(from, c.model, p.id)?.evidence[0]?.excerpt ?? '';
            const after = now?.evidence[0]?.excerpt ?? '';
            const passageChange = before || after ? html`<blockquote class="passage redline">${redline(before, after)}</blockquote>` : '';
            return html`<li class="change-${p.change}"><strong>${now?.statement ?? p.id}</strong> ${p.change} (${OUTCOME_LABELS[p.from] ?? p.from} → ${OUTCOME_LABELS[p.to] ?? p.to})${passageChange}</li>`;
          })}</ul>`
        : html` <span class="muted">no provision changed</span>`
    }</li>`;
  });
  return html`<section class="version-changes" aria-label="Changes from the previous version"><h3>Since ${from.note || 'the previous version'}</h3><ul>${blocks}</ul></section>`;
}

/**
 * The adoption section: nothing stored yet says so; otherwise the version switcher, what
 * changed since the previous version, a checklist card per model, and the full text with
 * every shown piece of evidence marked.
 */
export function renderBillAdoption(input: BillAdoptionInput): SafeHtml {
  const { adoption } = input;
  const names = input.policyNames ?? new Map<string, string>();
  if (adoption.versions.length === 0) {
    return html`<p class="muted">No bill text stored yet, so adoption of the model policies has not been scored.</p>`;
  }
  const selected = adoption.versions.find((v) => v.text_id === input.selectedTextId) ?? adoption.versions[adoption.versions.length - 1];
  const index = adoption.versions.indexOf(selected);
  const previous = index > 0 ? adoption.versions[index - 1] : undefined;
  const comparisons = adoption.comparisons.filter((c) => c.to_text_id === selected.text_id);
  const text = input.text;
  // The models of the policies it touches first; the others (scored with --all) fold away below.
  const touches = new Set(input.touches ?? selected.scores.filter((s) => s.score > 0 || s.stance !== null).map((s) => s.model));
  const relevant = selected.scores.filter((s) => touches.has(s.model));
  const others = selected.scores.filter((s) => !touches.has(s.model));
  const cards = relevant.length
    ? relevant.map((s) => scoreCard(s, selected, text, names))
    : [html`<p class="muted">${selected.scores.length ? 'None of the models scored is for a policy this text touches.' : 'This version has not been scored against a model policy.'}</p>`];
  const otherCards = others.length
    ? html`<details class="other-models"><summary>Other model policies scored against this text (${others.length}: ${others.map((s) => `${names.get(s.model) ?? s.model} ${percent(s.score)}`).join(', ')})</summary><div class="cards">${others.map((s) => scoreCard(s, selected, text, names))}</div></details>`
    : '';
  const spans = selected.scores.flatMap((s) => s.provisions.flatMap((p) => p.evidence.map((e, i) => ({ start: e.start, end: e.end, id: i === 0 ? anchorId(selected.text_id, s.model, p.id) : undefined }))));
  const fullText = text === null ? '' : html`<details class="bill-text-details"><summary>Full text of this version (${plural(text.length, 'character')}, evidence marked)</summary>
<div class="bill-text">${markSpans(text, spans)}</div></details>`;
  return html`${versionSwitcher(adoption, selected)}
<p class="small muted">Showing ${selected.note || 'this version'}${selected.url ? html` (${externalLink(selected.url, 'source')})` : ''}. Scores count verified provisions; weaker counts half.</p>
${changes(comparisons, previous, selected, names)}
<div class="cards">${cards}</div>
${otherCards}
${fullText}`;
}
