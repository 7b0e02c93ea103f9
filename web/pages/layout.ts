/**
 * The page frame every page shares: head (one stylesheet, no third-party anything), skip
 * link, header with the site navigation, main landmark, footer. Staff links and the
 * sign-out form show only to a signed-in viewer.
 */
import { assetUrl } from '../static-assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** Who is looking, as the pages need it: name and the session's CSRF token for forms. */
export type Viewer = { name: string; email: string; csrfToken: string | null };

export type NavKey = 'map' | 'policies' | 'search' | 'changes' | 'review' | 'laws' | 'sources' | 'keys' | 'sign-in';

export type LayoutInput = {
  title: string;
  main: SafeHtml;
  viewer?: Viewer | null;
  nav?: NavKey;
  /** Client scripts under web/static, loaded deferred (enhancements only). */
  scripts?: string[];
  /** `<link rel="alternate">` feeds and exports. */
  alternates?: { href: string; type: string; title: string }[];
  description?: string;
};

const PUBLIC_NAV: { key: NavKey; href: string; label: string }[] = [
  { key: 'map', href: '/', label: 'Map' },
  { key: 'policies', href: '/policies', label: 'Policies' },
  { key: 'search', href: '/search', label: 'Search bills' },
  { key: 'changes', href: '/changes', label: 'What moved' },
];

const STAFF_NAV: { key: NavKey; href: string; label: string }[] = [
  { key: 'review', href: '/staff/review', label: 'Review' },
  { key: 'laws', href: '/staff/laws', label: 'Curated laws' },
  { key: 'sources', href: '/staff/sources', label: 'Sources' },
  { key: 'keys', href: '/staff/keys', label: 'API keys' },
];

function navLinks(items: typeof PUBLIC_NAV, current: NavKey | undefined): SafeHtml[] {
  return items.map(
    (item) => html`<li><a href="${item.href}"${item.key === current ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
  );
}

/** A whole HTML document around `main`. */
export function renderLayout(input: LayoutInput): string {
  const viewer = input.viewer ?? null;
  const staff = viewer
    ? html`<nav class="staff-nav" aria-label="Staff"><ul>${navLinks(STAFF_NAV, input.nav)}</ul>
<form method="post" action="/staff/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${viewer.csrfToken ?? ''}"><span class="who">${viewer.name}</span> <button type="submit" class="link-button">Sign out</button></form></nav>`
    : html``;
  const scripts: HtmlValue = (input.scripts ?? []).map((s) => html`<script src="${assetUrl(s)}" defer></script>`);
  const alternates: HtmlValue = (input.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}" title="${a.title}">`);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · Police reform tracker</title>
<meta name="description" content="${input.description ?? 'Where police-reform policies stand in every US state and many cities: laws, bills, and what moved.'}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('site.css')}">
${alternates}${scripts}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="bar">
<a class="brand" href="/">Police reform tracker</a>
<nav class="site-nav" aria-label="Site"><ul>${navLinks(PUBLIC_NAV, input.nav)}${viewer ? '' : html`<li><a href="/staff/sign-in"${input.nav === 'sign-in' ? html` aria-current="page"` : ''}>Staff sign-in</a></li>`}</ul></nav>
</div>
${staff}
</header>
<main id="main" tabindex="-1">
${input.main}
</main>
<footer class="site-footer">
<p>Data from state legislatures (via Open States and official sites) and city councils, plus laws our staff curate. Every bill links to its official source.</p>
<p><a href="/api/openapi.json">API</a> · <a href="/api/bills.csv">All bills (CSV)</a> · <a href="/api/feeds/changes.atom">Changes (Atom)</a></p>
</footer>
</body>
</html>
`;
  return page.value;
}
