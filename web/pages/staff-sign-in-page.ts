/** The staff sign-in form. It posts to /staff/sign-in; `next` brings staff back where they were. */
import { html } from './html.js';
import { renderLayout } from './layout.js';

export type SignInPageInput = { email?: string; next?: string; error?: string };

/** The whole sign-in page. */
export function renderSignInPage(input: SignInPageInput): string {
  const main = html`<h1>Staff sign-in</h1>
<p>For policy staff who review classifications and curate laws. The public pages need no account.</p>
${input.error ? html`<div class="notice error" role="alert"><p>${input.error}</p></div>` : ''}
<form method="post" action="/staff/sign-in" class="narrow-form">
<input type="hidden" name="next" value="${input.next ?? ''}">
<div class="field"><label for="email">Email</label><input type="email" id="email" name="email" autocomplete="username" required value="${input.email ?? ''}"></div>
<div class="field"><label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required></div>
<button type="submit">Sign in</button>
</form>`;
  return renderLayout({ title: 'Staff sign-in', main, nav: 'sign-in' });
}
