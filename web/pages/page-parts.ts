/**
 * Pieces every page shares: links to our own pages, safe links to official sources,
 * dates, status badges (a colour swatch AND words, so colour is never the only signal),
 * the stage strip of a bill, and the words for each vocabulary value.
 */
import { STAGES } from '../../core/vocabulary.js';
import { billPublicPath, jurisdictionPublicPath } from '../../core/jurisdictions/public-paths.js';
import { MAP_STATUS_LABELS, mapColorKey, resolveMapColors, type MapColorKey } from '../map/map-palette.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { Coverage } from '../../core/coverage/jurisdiction-coverage.js';

const OCD_US_PREFIX = 'ocd-jurisdiction/country:us/';

/** The page of a jurisdiction: `/va`, `/ky/louisville`; other ids by their OCD id without its `ocd-jurisdiction/country:us/` prefix. */
export function jurisdictionHref(id: string): string {
  const short = jurisdictionPublicPath(id);
  if (short) return short;
  const rest = id.startsWith(OCD_US_PREFIX) ? id.slice(OCD_US_PREFIX.length) : id;
  return `/jurisdictions/${rest.split('/').map(encodeURIComponent).join('/')}`;
}

/** The OCD id a jurisdiction page path names (the inverse of `jurisdictionHref`). */
export function jurisdictionIdFromPath(path: string): string {
  return path.startsWith('ocd-jurisdiction/') ? path : `${OCD_US_PREFIX}${path}`;
}

/** What a bill's readable URL is made of (a bill summary or detail has it). */
export type BillLinkFacts = { id: number; session: string; identifier: string; jurisdiction: { id: string } };

/** The page of a bill: `/bills/va/2025/HB1234` from its facts; a bare id gives `/bills/<id>`, which redirects there. */
export function billHref(bill: number | BillLinkFacts): string {
  if (typeof bill === 'number') return `/bills/${bill}`;
  return billPublicPath({ jurisdictionId: bill.jurisdiction.id, session: bill.session, identifier: bill.identifier }) ?? `/bills/${bill.id}`;
}

/** The page of a policy. */
export function policyHref(id: string): string {
  return `/policies/${encodeURIComponent(id)}`;
}

/** A query string from the defined, non-empty entries (repeated keys for arrays). */
export function queryString(params: Record<string, string | number | readonly string[] | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A link to an official source, opened as an external page. Only http(s) URLs become
 * links: a scraped `javascript:` or `data:` URL shows as text.
 */
export function externalLink(url: string | null | undefined, text: HtmlValue): SafeHtml {
  if (!url || !/^https?:\/\//i.test(url.trim())) return html`${text}`;
  return html`<a href="${url.trim()}" rel="external noopener noreferrer">${text}</a>`;
}

/** The host of a URL, for "on lis.virginia.gov" hints; empty when unparsable. */
export function hostOf(url: string | null | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return '';
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Oct 28, 2020" from an ISO date or date-time, read in UTC so a server's time zone never
 * shifts a legislative date by a day; the input unchanged when it is not a date.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const text = value instanceof Date ? value.toISOString() : value;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return text;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}, ${m[1]}`;
}

/** A `<time>` element with the machine-readable date and the human one. */
export function timeTag(value: string | Date | null | undefined): SafeHtml {
  if (!value) return html``;
  const text = value instanceof Date ? value.toISOString() : value;
  return html`<time datetime="${text}">${formatDate(text)}</time>`;
}

/** "3 days ago", "5 hours ago" from a duration in ms; "just now" under a minute. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** Words for a bill's stage. */
export const STAGE_LABELS: Readonly<Record<string, string>> = {
  introduced: 'Introduced',
  committee: 'In committee',
  passed_one_chamber: 'Passed one chamber',
  passed_legislature: 'Passed legislature / adopted',
  enacted: 'Enacted',
};

/** Words for a bill's status. */
export const BILL_STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: 'Pending',
  enacted: 'Enacted',
  vetoed: 'Vetoed',
  failed: 'Failed',
  withdrawn: 'Withdrawn',
  overturned: 'Overturned',
  adopted: 'Adopted (not a law)',
};

/** Words for a bill's kind. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  bill: 'Bill',
  ordinance: 'Ordinance',
  budget: 'Budget',
  'ballot-measure': 'Ballot measure',
  'constitutional-amendment': 'Constitutional amendment',
  resolution: 'Resolution',
  'joint-resolution': 'Joint resolution',
  'concurrent-resolution': 'Concurrent resolution',
  memorial: 'Memorial',
  appointment: 'Appointment',
  other: 'Other',
};

/** Words for a stance. */
export const STANCE_LABELS: Readonly<Record<string, string>> = { supports: 'Supports', opposes: 'Opposes', unclear: 'Unclear' };

/** Words for a jurisdiction classification. */
export const CLASSIFICATION_LABELS: Readonly<Record<string, string>> = {
  state: 'State',
  municipality: 'City',
  county: 'County',
  school_district: 'School district',
};

/** The label for a vocabulary value, falling back to the value itself. */
export function labelOf(labels: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (!value) return '';
  return labels[value] ?? value;
}

/** The order statuses sort in (most advanced first), for sortable tables. */
export const MAP_KEY_RANK: Readonly<Record<MapColorKey, number>> = {
  'enacted-full': 0,
  'enacted-partial': 1,
  overturned: 2,
  pending: 3,
  failed: 4,
  none: 5,
  'not-tracked': 6,
};

/** Capitalized legend words for a colour key. */
export function mapKeyLabel(key: MapColorKey): string {
  const label = MAP_STATUS_LABELS[key];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * A small colour swatch as inline SVG: a presentation attribute carries the colour, which
 * the CSP allows where a style attribute would be refused. Overturned gets the map's
 * hatch (white diagonal strokes) so it reads without hue.
 */
export function statusSwatch(key: MapColorKey, colors: Readonly<Record<string, string>>): SafeHtml {
  const fill = resolveMapColors(colors)[key];
  const hatch =
    key === 'overturned'
      ? html`<path d="M-1 3L3 -1M-1 9L9 -1M5 13L13 5" stroke="#fff" stroke-width="1.6"/>`
      : key === 'not-tracked'
        ? html`<circle cx="3" cy="3" r="1" fill="#9a9a9a"/><circle cx="9" cy="9" r="1" fill="#9a9a9a"/>`
        : html``;
  return html`<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="${fill}"/>${hatch}<rect width="12" height="12" fill="none" stroke="#777" stroke-width="1"/></svg>`;
}

/** Where a jurisdiction stands, as a swatch plus words ("Enacted (full)", "Nothing found", "Not tracked"). */
export function statusBadge(status: string, strength: string | null | undefined, colors: Readonly<Record<string, string>>, tracked = true): SafeHtml {
  const key = mapColorKey(status, strength, tracked);
  return html`<span class="badge badge-${key}">${statusSwatch(key, colors)} ${mapKeyLabel(key)}</span>`;
}

/** The colour key of a map entry: its status, strength and whether any source has read it. */
export function entryColorKey(entry: { status: string; strength: string | null; coverage: Pick<Coverage, 'state'> }): MapColorKey {
  return mapColorKey(entry.status, entry.strength, entry.coverage.state === 'tracked');
}

/** What a reader needs beside a "Nothing found" or "Not tracked" cell: since when we look, or why we do not. */
export function coverageNote(coverage: Pick<Coverage, 'state' | 'reason' | 'since'>): string {
  if (coverage.state === 'tracked') return coverage.since ? `tracked since ${formatDate(coverage.since)}` : 'tracked';
  switch (coverage.reason) {
    case 'not_configured':
      return 'the source is not set up';
    case 'disabled':
      return 'the source is switched off';
    case 'never_run':
      return 'the source has not run yet';
    default:
      return 'no source yet';
  }
}

/**
 * The switch between the default list (laws touching a tracked policy) and everything, as a
 * sentence with a link: `href` builds the same page's URL for a scope.
 */
export function scopeSwitch(scope: string, href: (scope: 'tracked' | 'all') => string): SafeHtml {
  return scope === 'all'
    ? html`<p class="scope-switch small">Showing every record, resolutions and bills outside the tracked policies included. <a href="${href('tracked')}">Show only laws on the tracked policies</a></p>`
    : html`<p class="scope-switch small">Showing laws and ordinances that touch a tracked policy; resolutions and unrelated bills are left out. <a href="${href('all')}">Show everything</a></p>`;
}

/** A bill's status as a small labelled tag. */
export function billStatusTag(status: string): SafeHtml {
  return html`<span class="tag tag-${status}">${labelOf(BILL_STATUS_LABELS, status)}</span>`;
}

/** A stance as a small labelled tag. */
export function stanceTag(stance: string): SafeHtml {
  return html`<span class="tag stance-${stance}">${labelOf(STANCE_LABELS, stance)}</span>`;
}

/**
 * The stage strip: the five stages in order, those reached marked done, the current one
 * `aria-current="step"`. A bill that ended without becoming law (failed, vetoed,
 * withdrawn) shows where it stopped and why, in words.
 */
export function stageStrip(stage: string, status: string): SafeHtml {
  const reached = Math.max(0, (STAGES as readonly string[]).indexOf(stage));
  const stopped = status === 'failed' || status === 'vetoed' || status === 'withdrawn';
  const items = STAGES.map((s, i) => {
    const state = i < reached ? 'done' : i === reached ? (stopped ? 'stopped' : 'current') : 'todo';
    const hidden = state === 'done' ? ' (done)' : state === 'current' ? ' (current stage)' : state === 'stopped' ? ` (stopped here: ${labelOf(BILL_STATUS_LABELS, status).toLowerCase()})` : '';
    return html`<li class="step step-${state}"${i === reached ? html` aria-current="step"` : ''}><span class="step-label">${labelOf(STAGE_LABELS, s)}</span><span class="visually-hidden">${hidden}</span></li>`;
  });
  const outcome = stopped
    ? html`<p class="stage-outcome stage-outcome-stopped">${labelOf(BILL_STATUS_LABELS, status)} at stage “${labelOf(STAGE_LABELS, stage)}”.</p>`
    : status === 'overturned'
      ? html`<p class="stage-outcome stage-outcome-stopped">Enacted, later overturned.</p>`
      : html``;
  return html`<div class="stage"><ol class="stage-strip" aria-label="Stage">${items}</ol>${outcome}</div>`;
}

/**
 * An evidence excerpt with the matched phrase marked. The excerpt and phrase are scraped
 * text: both are escaped; only the `<mark>` is ours.
 */
export function highlightPhrase(excerpt: string, phrase: string): SafeHtml {
  const at = phrase ? excerpt.toLowerCase().indexOf(phrase.toLowerCase()) : -1;
  if (at < 0) return html`${excerpt}`;
  return html`${excerpt.slice(0, at)}<mark>${excerpt.slice(at, at + phrase.length)}</mark>${excerpt.slice(at + phrase.length)}`;
}

/** "1 bill" / "3 bills". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
