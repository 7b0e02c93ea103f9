/**
 * Accounts, for administrators: who has a staff account, invitations not yet accepted,
 * disabled accounts; the invite form; per account a reset link and disable/enable. A new
 * link shows once on the page (and is emailed when the server can), never in a URL.
 * Also the public page where a link's owner chooses a password.
 */
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { formatDate } from './page-parts.js';

export type AccountRowView = { id: number; email: string; name: string; role: string; created_at: string; disabled_at: string | null; invited: boolean };

export type AccountsPageInput = {
  accounts: AccountRowView[];
  viewer: Viewer & { id?: number };
  /** A link just issued, shown once. */
  issued?: { what: string; url: string; expiresAt: Date; emailed: boolean } | null;
  notice?: string | null;
  error?: string | null;
};

function row(a: AccountRowView, csrf: string): SafeHtml {
  const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const state = a.disabled_at ? html`<span class="tag tag-failed">Disabled ${formatDate(a.disabled_at)}</span>` : a.invited ? html`<span class="tag tag-pending">Invited</span>` : html`<span class="tag tag-enacted">Active</span>`;
  return html`<tr id="account-${a.id}"><th scope="row">${a.name}<div class="small muted">${a.email}</div></th><td>${a.role}</td><td>${state}</td><td>${formatDate(a.created_at)}</td>
<td class="button-row"><form method="post" action="/staff/accounts/${a.id}/reset">${token}<button type="submit" aria-label="Password reset link for ${a.name}">Reset link</button></form>
<form method="post" action="/staff/accounts/${a.id}/${a.disabled_at ? 'enable' : 'disable'}">${token}<button type="submit"${a.disabled_at ? '' : html` class="danger"`} aria-label="${a.disabled_at ? 'Enable' : 'Disable'} ${a.name}">${a.disabled_at ? 'Enable' : 'Disable'}</button></form></td></tr>`;
}

export function renderAccountsPage(input: AccountsPageInput): string {
  const csrf = input.viewer.csrfToken ?? '';
  const main = html`<h1>Accounts</h1>
${input.issued ? html`<div class="notice success" role="status"><p>${input.issued.what}: ${input.issued.emailed ? 'emailed, and here once:' : 'pass this link on (it is shown only now):'}</p>
<code class="secret" id="account-link">${input.issued.url}</code><p class="small">Works once, until ${input.issued.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.</p></div>` : ''}
${input.notice ? html`<div class="notice success" role="status"><p>${input.notice}</p></div>` : ''}
${input.error ? html`<div class="notice error" role="alert"><p>${input.error}</p></div>` : ''}
<section aria-labelledby="invite-heading"><h2 id="invite-heading">Invite a staff member</h2>
<form method="post" action="/staff/accounts" class="narrow-form"><input type="hidden" name="_csrf" value="${csrf}">
<div class="field"><label for="invite-name">Name</label><input type="text" id="invite-name" name="name" required maxlength="200"></div>
<div class="field"><label for="invite-email">Email</label><input type="email" id="invite-email" name="email" required maxlength="320"></div>
<div class="field"><label for="invite-role">Role</label><select id="invite-role" name="role"><option value="staff">Staff</option><option value="admin">Administrator</option></select></div>
<button type="submit">Invite</button></form></section>
<section aria-labelledby="accounts-heading"><h2 id="accounts-heading">Staff accounts</h2>
<div class="table-wrap"><table><caption class="visually-hidden">Staff accounts</caption><thead><tr><th scope="col">Who</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead>
<tbody>${input.accounts.map((a) => row(a, csrf))}</tbody></table></div>
<p class="small muted">A disabled account cannot sign in; its sessions end and its API keys stop working. From the command line: <code>npm run tracker -- user reset --email …</code>.</p></section>`;
  return renderLayout({ title: 'Accounts', main, viewer: input.viewer, nav: 'accounts' });
}

/** The page an invitation or reset link opens: choose a password. */
export function renderChoosePasswordPage(input: { name: string; email: string; purpose: 'invite' | 'reset'; action: string; error?: string | null }): string {
  const main = html`<h1>${input.purpose === 'invite' ? 'Welcome: choose your password' : 'Choose a new password'}</h1>
<p>For <strong>${input.name}</strong> (${input.email}).</p>
${input.error ? html`<div class="notice error" role="alert"><p>${input.error}</p></div>` : ''}
<form method="post" action="${input.action}" class="narrow-form">
<div class="field"><label for="new-password">Password <span class="hint">at least 10 characters; a passphrase is best</span></label><input type="password" id="new-password" name="password" required minlength="10" maxlength="500" autocomplete="new-password"></div>
<button type="submit">Save password</button></form>`;
  return renderLayout({ title: 'Choose a password', main });
}

/** After a password was set. */
export function renderPasswordSetPage(): string {
  return renderLayout({ title: 'Password saved', main: html`<h1>Password saved</h1><p class="notice success" role="status">Sign in with your new password.</p><p><a href="/staff/sign-in">Staff sign-in</a></p>` });
}

/** An unknown, used or expired link. */
export function renderUnknownAccountLink(): string {
  return renderLayout({ title: 'Link not valid', main: html`<h1>Link not valid</h1><p>This link was used, has expired, or never existed. Ask an administrator for a new one.</p>` });
}
