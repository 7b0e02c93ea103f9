/**
 * The pages of a public email subscription: "check your inbox" after the form, the
 * confirmation form the emailed link opens (a GET changes nothing: mail scanners follow
 * links), and the confirmed page.
 */
import { html } from './html.js';
import { renderLayout } from './layout.js';

/** After the form: the confirmation email is on its way (or why it is not). */
export function renderSubscribeSent(input: { description: string; email: string; back: string }): string {
  const main = html`<h1>Check your inbox</h1>
<p class="notice success" role="status">We sent a confirmation link to <strong>${input.email}</strong>. Updates about ${input.description} start once you follow it.</p>
<p><a href="${input.back}">Back to where you were</a></p>`;
  return renderLayout({ title: 'Check your inbox', main });
}

/** The page the emailed link opens: one button confirms. */
export function renderConfirmSubscription(input: { description: string; target: string; action: string }): string {
  const main = html`<h1>Confirm your subscription</h1>
<p>Send email updates about ${input.description} to <strong>${input.target}</strong>?</p>
<form method="post" action="${input.action}"><button type="submit">Yes, send me updates</button></form>`;
  return renderLayout({ title: 'Confirm your subscription', main });
}

/** After confirming. */
export function renderSubscriptionConfirmed(input: { description: string }): string {
  const main = html`<h1>Subscribed</h1>
<p class="notice success" role="status">You will get an email when ${input.description} moves. Every email has a link to stop them.</p>
<p><a href="/">Back to the map</a></p>`;
  return renderLayout({ title: 'Subscribed', main });
}

/** An unknown, spent or malformed confirmation link. */
export function renderUnknownConfirmation(): string {
  const main = html`<h1>Link not recognized</h1><p>This confirmation link is not valid or was already used.</p><p><a href="/">Back to the map</a></p>`;
  return renderLayout({ title: 'Link not recognized', main });
}
