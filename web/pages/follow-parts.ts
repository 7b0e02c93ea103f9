/**
 * The ways to follow something from any page: for signed-in staff a Watch button (one
 * POST, the watch goes to their own address; channels are edited on My watches), and for
 * everyone an email subscription (double opt-in: nothing is sent but the confirmation
 * until the address owner confirms). Plain forms: they work without JavaScript.
 */
import { html, type SafeHtml } from './html.js';
import type { Viewer } from './layout.js';

/** What a watch or subscription covers, as form fields. */
export type FollowTarget = { bill_id?: number; policy_id?: string; jurisdiction_ids?: readonly string[]; query?: string };

function hiddenFields(target: FollowTarget): SafeHtml {
  return html`${target.bill_id !== undefined ? html`<input type="hidden" name="bill_id" value="${target.bill_id}">` : ''}${
    target.policy_id ? html`<input type="hidden" name="policy_id" value="${target.policy_id}">` : ''
  }${(target.jurisdiction_ids ?? []).map((j) => html`<input type="hidden" name="jurisdiction_ids" value="${j}">`)}${
    target.query ? html`<input type="hidden" name="query" value="${target.query}">` : ''
  }`;
}

/** The staff Watch button (nothing for anonymous visitors). `label` says what is watched. */
export function renderWatchButton(viewer: Viewer | null | undefined, target: FollowTarget, returnTo: string, label: string): SafeHtml {
  if (!viewer) return html``;
  return html`<form method="post" action="/staff/watches" class="watch-form">
<input type="hidden" name="_csrf" value="${viewer.csrfToken ?? ''}"><input type="hidden" name="return_to" value="${returnTo}">${hiddenFields(target)}
<button type="submit" class="watch-button">${label}</button> <a class="small" href="/staff/watches">My watches</a></form>`;
}

/** The public "email me" form; `what` names what is followed ("this bill"). */
export function renderSubscribeForm(target: FollowTarget, what: string, idSuffix: string): SafeHtml {
  const id = `subscribe-email-${idSuffix}`;
  return html`<form method="post" action="/subscribe" class="subscribe-form" aria-label="Get email updates about ${what}">
${hiddenFields(target)}
<label for="${id}">Email me when ${what} moves</label>
<input type="email" id="${id}" name="email" required autocomplete="email" placeholder="you@example.org">
<button type="submit">Subscribe</button>
<p class="small muted">We send one email to confirm your address first. Every email has a one-click unsubscribe link.</p>
</form>`;
}

/** The follow box: Watch for staff, the subscription form for everyone. */
export function renderFollowBox(viewer: Viewer | null | undefined, target: FollowTarget, what: string, returnTo: string, idSuffix: string): SafeHtml {
  return html`<aside class="follow" aria-label="Follow ${what}">${renderWatchButton(viewer, target, returnTo, `Watch ${what}`)}${renderSubscribeForm(target, what, idSuffix)}</aside>`;
}
