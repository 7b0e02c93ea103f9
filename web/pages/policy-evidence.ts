/**
 * Why the machine put a bill on a policy, and why with that stance and strength: the topic
 * phrases, the exclusions that damped it, the direction words that decided the stance and
 * the words that decided the strength (a ban, or the exception that makes it partial). Shown
 * on the bill page and in the review queue. Every phrase and excerpt is scraped text: escaped.
 */
import { html, type SafeHtml } from './html.js';
import { highlightPhrase, labelOf } from './page-parts.js';

export type EvidenceItem = { field: string; phrase: string; excerpt: string; rule: string; strength: string | null };

/** Evidence is JSON from the classifier (bill_policies.evidence): read only well-formed items. */
export function evidenceItems(list: unknown[]): EvidenceItem[] {
  return list.flatMap((e) => {
    if (!e || typeof e !== 'object') return [];
    const r = e as Record<string, unknown>;
    if (typeof r.excerpt !== 'string') return [];
    return [{
      field: String(r.field ?? ''), phrase: typeof r.phrase === 'string' ? r.phrase : '', excerpt: r.excerpt, rule: String(r.rule ?? ''),
      strength: typeof r.strength === 'string' ? r.strength : null,
    }];
  });
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: 'title', otherTitles: 'other title', abstract: 'abstract', subjects: 'subjects', documents: 'attachment', text: 'text',
};

function item(i: EvidenceItem, note: string | SafeHtml = ''): SafeHtml {
  return html`<li>${highlightPhrase(i.excerpt, i.phrase)} <span class="muted small">(${labelOf(FIELD_LABELS, i.field)}${note ? html`; ${note}` : ''})</span></li>`;
}

const kind = (prefix: string) => (i: EvidenceItem) => i.rule.startsWith(`${prefix}:`);

export type PolicyAnswer = {
  strength: string | null;
  /** Whose strength it is: `staff`, `machine`, or null. */
  strengthSource?: string | null;
};

/**
 * The machine's reasons as a small definition list: what made the bill about the policy,
 * what damped it, which words decided the stance, and which the strength. Empty evidence
 * (a policy staff added by hand) renders nothing.
 */
export function renderPolicyEvidence(list: unknown[], answer: PolicyAnswer): SafeHtml {
  const items = evidenceItems(list);
  if (items.length === 0) return html``;
  const topics = items.filter(kind('topic'));
  const exclusions = items.filter(kind('exclusion'));
  const cues = items.filter((i) => kind('supports')(i) || kind('opposes')(i));
  const limiters = items.filter(kind('limiter'));
  const cueNote = (i: EvidenceItem) => (kind('supports')(i) ? `for: ${i.rule.slice(9)}${i.strength ? `, a ${i.strength === 'full' ? 'ban' : 'restriction'}` : ''}` : `against: ${i.rule.slice(8)}`);
  const bans = cues.filter((i) => i.strength === 'full');
  const strengthLine = answer.strength
    ? html`<dt>Strength: ${answer.strength}${answer.strengthSource ? html` <span class="muted small">(set by ${answer.strengthSource === 'staff' ? 'staff' : 'the machine'})</span>` : ''}</dt>
<dd>${limiters.length
        ? html`Partial because of an exception or condition: <ul class="evidence">${limiters.map((i) => item(i, `limiter: ${i.rule.slice(8)}`))}</ul>`
        : bans.length && answer.strength === 'full'
          ? html`An outright ban: <ul class="evidence">${bans.map((i) => item(i))}</ul>`
          : html`A restriction, not an outright ban.`}</dd>`
    : html``;
  return html`<dl class="why">
<dt>About it</dt><dd><ul class="evidence">${topics.map((i) => item(i, `topic: ${i.rule.slice(6)}`))}</ul></dd>
${exclusions.length ? html`<dt>Counted less because of</dt><dd><ul class="evidence">${exclusions.map((i) => item(i, `exclusion: ${i.rule.slice(10)}`))}</ul></dd>` : ''}
<dt>Which way it points</dt><dd>${cues.length ? html`<ul class="evidence">${cues.map((i) => item(i, cueNote(i)))}</ul>` : html`No words near the topic say which way the bill points.`}</dd>
${strengthLine}
</dl>`;
}
