/**
 * Meetings on the pages: a bill's next hearing, a city's coming meetings that take up tracked
 * policies, and when and from where a city was last read. Every scraped value is escaped.
 */
import type { Hearing, LastRead, UpcomingMeeting } from '../../db/queries/hearings.js';
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { html, type SafeHtml } from './html.js';
import { billHref, externalLink, formatAge, hostOf, plural, policyHref, timeTag } from './page-parts.js';

const STATUS_WORDS: Record<string, string> = { deferred: 'Deferred', cancelled: 'Cancelled' };

/** The next hearing from `today` on (not cancelled), or null. */
export function nextHearing(hearings: readonly Hearing[], today: string): Hearing | null {
  return hearings.find((h) => h.date >= today && h.status !== 'cancelled') ?? null;
}

function when(date: string, time: string | null): SafeHtml {
  return html`${timeTag(date)}${time ? html` at <time>${time}</time>` : ''}`;
}

/**
 * The bill page's block: the next meeting that takes the bill up (body, day and time, place,
 * the agenda line), with the agenda and the meeting's page; nothing when none is scheduled.
 */
export function renderNextHearing(hearings: readonly Hearing[], today: string): SafeHtml {
  const next = nextHearing(hearings, today);
  if (!next) return html``;
  const later = hearings.filter((h) => h.date > next.date && h.status !== 'cancelled').length;
  const line = next.item.number ? `Item ${next.item.number}` : 'On the agenda';
  return html`<aside class="next-hearing notice" aria-labelledby="next-hearing-heading"><h2 id="next-hearing-heading">Next hearing</h2>
<p><strong>${next.body}</strong>, ${when(next.date, next.time)}${next.location ? html`, ${next.location}` : ''}${STATUS_WORDS[next.status] ? html` <span class="tag">${STATUS_WORDS[next.status]}</span>` : ''}</p>
<p class="small">${line}${next.item.section ? html` (${next.item.section})` : ''}${next.agenda_url ? html` · ${externalLink(next.agenda_url, 'Agenda')}` : ''}${next.source_url && next.source_url !== next.agenda_url ? html` · ${externalLink(next.source_url, `Meeting page${hostOf(next.source_url) ? ` on ${hostOf(next.source_url)}` : ''}`)}` : ''}${later ? html` · ${plural(later, 'later meeting')} scheduled` : ''}</p></aside>`;
}

/** The jurisdiction page's section: coming meetings whose agendas take up bills on tracked policies. */
export function renderUpcomingMeetings(meetings: readonly UpcomingMeeting[], policies: readonly PolicyRow[]): SafeHtml {
  const names = new Map(policies.map((p) => [p.id, p.name]));
  const body = meetings.length
    ? html`<ul class="meetings">${meetings.map(
        (m) => html`<li><strong>${m.body}</strong>, ${when(m.date, m.time)}${m.location ? html`, ${m.location}` : ''}${STATUS_WORDS[m.status] ? html` <span class="tag">${STATUS_WORDS[m.status]}</span>` : ''}${m.agenda_url ? html` · ${externalLink(m.agenda_url, 'Agenda')}` : ''}
<ul>${m.bills.map(
          (b) => html`<li>${b.item_number ? html`<span class="muted">Item ${b.item_number}:</span> ` : ''}<a href="${billHref(b.id)}">${b.identifier}</a> ${b.title} <span class="small">${b.policies.map((p) => html`<a class="tag" href="${policyHref(p)}">${names.get(p) ?? p}</a> `)}</span></li>`,
        )}</ul></li>`,
      )}</ul>`
    : html`<p class="muted">No coming meeting takes up a tracked policy.</p>`;
  return html`<section aria-labelledby="meetings-heading"><h2 id="meetings-heading">Coming meetings on tracked policies</h2>${body}</section>`;
}

/** "Last read 3 hours ago from phila.legistar.com (Philadelphia council (Legistar))"; "never" before the first run. */
export function renderLastRead(lastRead: LastRead | null, now: Date): SafeHtml {
  if (!lastRead) return html`<p class="last-read">Last read: <span class="muted">never</span></p>`;
  const where = lastRead.from ? lastRead.from.split(' ').filter((u) => /^https?:\/\//i.test(u)) : [];
  const from = where.length ? html` from ${where.map((u, i) => html`${i ? ', ' : ''}${externalLink(u, hostOf(u) || u)}`)}` : '';
  return html`<p class="last-read">Last read ${timeTag(lastRead.at)} <span class="muted">(${formatAge(now.getTime() - Date.parse(lastRead.at))})</span>${from} <span class="muted small">by ${lastRead.source_name}</span></p>`;
}
