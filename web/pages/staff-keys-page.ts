/** API keys for staff: the list with revoke buttons and the form to create one; a new key shows once. */
import { html } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { formatDate, plural } from './page-parts.js';

export type ApiKeyView = { id: number; name: string; prefix: string; scopes: string[]; created_at: string; last_used_at: string | null; revoked_at: string | null };

export type KeysPageInput = {
  keys: ApiKeyView[];
  /** A key just issued: the only time its secret is shown. */
  issued?: { name: string; key: string } | null;
  revoked?: number | null;
  error?: string | null;
  viewer: Viewer;
};

/** The whole keys page. */
export function renderKeysPage(input: KeysPageInput): string {
  const csrf = input.viewer.csrfToken ?? '';
  const rows = input.keys.map(
    (k) => html`<tr><th scope="row">${k.name}</th><td class="mono">${k.prefix}…</td><td>${k.scopes.join(', ')}</td><td>${formatDate(k.created_at)}</td><td>${k.last_used_at ? formatDate(k.last_used_at) : html`<span class="muted">never</span>`}</td>
<td>${k.revoked_at ? html`Revoked ${formatDate(k.revoked_at)}` : html`<form method="post" action="/staff/keys/${k.id}/revoke"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="danger" aria-label="Revoke key ${k.name}">Revoke</button></form>`}</td></tr>`,
  );
  const main = html`<h1>API keys</h1>
<p>Keys let scripts read the API above the anonymous rate limit (scope <code>read</code>) or record decisions (scope <code>write</code>). Send one as <code>Authorization: Bearer pt_…</code>.</p>
${input.issued ? html`<div class="notice success" role="status"><p>New key “${input.issued.name}”. Copy it now: it is not shown again.</p><code class="secret" id="new-key">${input.issued.key}</code></div>` : ''}
${input.revoked ? html`<div class="notice success" role="status"><p>Key revoked.</p></div>` : ''}
${input.error ? html`<div class="notice error" role="alert"><p>${input.error}</p></div>` : ''}
<form method="post" action="/staff/keys" class="narrow-form">
<input type="hidden" name="_csrf" value="${csrf}">
<div class="field"><label for="key-name">Name <span class="hint">what uses it</span></label><input type="text" id="key-name" name="name" required maxlength="200"></div>
<fieldset class="checks"><legend>Scopes</legend><label><input type="checkbox" name="scopes" value="read" checked> read</label><label><input type="checkbox" name="scopes" value="write"> write</label></fieldset>
<button type="submit">Create key</button>
</form>
<h2>Your keys</h2>
${input.keys.length ? html`<div class="table-wrap"><table><caption class="visually-hidden">${plural(input.keys.length, 'key')}</caption><thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p class="muted">No keys yet.</p>`}`;
  return renderLayout({ title: 'API keys', main, viewer: input.viewer, nav: 'keys' });
}
