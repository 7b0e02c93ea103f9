/**
 * "My watches": every watch of the signed-in staff member with what it covers, where it
 * goes, its delivery counts and any problem; per watch a form to change channel and
 * target, pause or resume, send a test, and delete. Plain forms with the CSRF token.
 */
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { formatDate, plural } from './page-parts.js';

/** A watch as the page shows it (the API's watch view has these fields). */
export type WatchView = {
  id: number; description: string; channel: string; target: string; active: boolean; created_at: string; problem: string | null;
  deliveries: { pending: number; sent: number; failed: number };
};

export type WatchesPageInput = {
  watches: WatchView[];
  viewer: Viewer;
  /** What just happened, in words (after a redirect). */
  notice?: string | null;
  error?: string | null;
};

const CHANNEL_LABELS: Record<string, string> = { email: 'Email, at once', 'email-digest': 'Email, daily digest', webhook: 'Webhook' };

function watchCard(w: WatchView, csrf: string): SafeHtml {
  const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const opt = (value: string) => html`<option value="${value}"${value === w.channel ? html` selected` : ''}>${CHANNEL_LABELS[value]}</option>`;
  const d = w.deliveries;
  return html`<article class="card watch-card" id="watch-${w.id}" data-watch="${w.id}">
<h2 class="result-title">${w.description}</h2>
<p class="small">${w.active ? html`<span class="tag tag-enacted">Active</span>` : html`<span class="tag tag-failed">Paused</span>`} ${CHANNEL_LABELS[w.channel] ?? w.channel} to <strong>${w.target}</strong> · since ${formatDate(w.created_at)}
· ${plural(d.sent, 'sent')}, ${d.pending} waiting, ${d.failed} failed</p>
${w.problem ? html`<p class="small notice">${w.problem}</p>` : ''}
<form method="post" action="/staff/watches/${w.id}" class="inline-form">${token}
<label for="channel-${w.id}">Channel</label> <select id="channel-${w.id}" name="channel">${['email', 'email-digest', 'webhook'].map(opt)}</select>
<label for="target-${w.id}">Send to</label> <input type="text" id="target-${w.id}" name="target" value="${w.target}" maxlength="2000">
<button type="submit">Save</button></form>
<div class="button-row">
<form method="post" action="/staff/watches/${w.id}/${w.active ? 'pause' : 'resume'}">${token}<button type="submit">${w.active ? 'Pause' : 'Resume'}</button></form>
<form method="post" action="/staff/watches/${w.id}/test">${token}<button type="submit">Send a test</button></form>
<form method="post" action="/staff/watches/${w.id}/delete">${token}<button type="submit" class="danger" aria-label="Delete the watch on ${w.description}">Delete</button></form>
</div>
</article>`;
}

/** The whole page. */
export function renderWatchesPage(input: WatchesPageInput): string {
  const csrf = input.viewer.csrfToken ?? '';
  const main = html`<h1>My watches</h1>
<p>Watch a bill, a policy, a place or a search with the <strong>Watch</strong> button on its page. Alerts go to your address by default; change the channel here.</p>
${input.notice ? html`<div class="notice success" role="status"><p>${input.notice}</p></div>` : ''}
${input.error ? html`<div class="notice error" role="alert"><p>${input.error}</p></div>` : ''}
${input.watches.length ? html`<div class="cards">${input.watches.map((w) => watchCard(w, csrf))}</div>` : html`<p class="muted">No watches yet.</p>`}`;
  return renderLayout({ title: 'My watches', main, viewer: input.viewer, nav: 'watches' });
}
