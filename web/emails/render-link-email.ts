/**
 * Emails that carry one link to act on: confirming a subscription (double opt-in), an
 * invitation to a staff account, a password reset. Plain text and HTML, every value
 * escaped; the link is ours, built from PUBLIC_URL.
 */
import { escapeHtml } from '../escape-html.js';
import type { RenderedEmail } from './render-alert-email.js';

function build(subject: string, paragraphs: string[], link: { url: string; label: string }, footer: string): RenderedEmail {
  const text = `${paragraphs.join('\n\n')}\n\n${link.label}: ${link.url}\n\n--\n${footer}\n`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.4">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>
<hr><p style="color:#555;font-size:small">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html, headers: {} };
}

/** The double opt-in email: nothing else is sent to the address until this link is followed. */
export function renderConfirmSubscriptionEmail(input: { description: string; confirmUrl: string; unsubscribeUrl: string }): RenderedEmail {
  const email = build(
    `[Policy tracker] Confirm: email updates for ${input.description}`.slice(0, 180),
    [`Someone (we hope you) asked for email updates from the police reform tracker about ${input.description}.`, 'Confirm to start them. If it was not you, ignore this email: nothing more will be sent.'],
    { url: input.confirmUrl, label: 'Confirm my subscription' },
    `Not you? Ignore this email, or stop it for good: ${input.unsubscribeUrl}`,
  );
  return { ...email, headers: { 'List-Unsubscribe': `<${input.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}

/** An invitation to a staff account: the link sets the first password. */
export function renderInviteEmail(input: { name: string; invitedBy: string; url: string; expiresAt: Date }): RenderedEmail {
  return build(
    '[Policy tracker] You are invited to a staff account',
    [`Hello ${input.name},`, `${input.invitedBy} invited you to the staff pages of the police reform tracker. Choose your password to start.`],
    { url: input.url, label: 'Choose my password' },
    `The link works once, until ${input.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  );
}

/** A password reset: the link sets a new password and signs every session out. */
export function renderResetEmail(input: { name: string; url: string; expiresAt: Date }): RenderedEmail {
  return build(
    '[Policy tracker] Reset your password',
    [`Hello ${input.name},`, 'A password reset was asked for your staff account. Choose a new password with the link below; it signs out every other session.'],
    { url: input.url, label: 'Choose a new password' },
    `The link works once, until ${input.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. If you did not ask for it, tell an administrator.`,
  );
}
