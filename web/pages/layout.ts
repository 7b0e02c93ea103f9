/**
 * The page frame every page shares: head (one stylesheet, no third-party anything), skip
 * link, header with the site navigation, main landmark, footer. Staff links and the
 * sign-out form show only to a signed-in viewer.
 */
import { assetUrl } from '../static-assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** Who is looking, as the pages need it: name and the session's CSRF token for forms. */
export type Viewer = { name: string; email: string; csrfToken: string | null; /** Administrators also manage accounts. */ admin?: boolean };

export type NavKey = 'map' | 'policies' | 'search' | 'changes' | 'compare' | 'review' | 'laws' | 'sources' | 'keys' | 'watches' | 'imports' | 'accounts' | 'sign-in';

/**
 * What a link preview shows (Open Graph and Twitter card tags): absolute URLs, since
 * crawlers read the page without a base. `image` is a PNG of the policy's map.
 */
export type ShareMeta = { url: string; title: string; description: string; image: string; imageAlt: string; type?: 'website' | 'article' };

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
  /** Link-preview tags and the canonical URL. */
  share?: ShareMeta | null;
  /** Reload the page after this many seconds (progress of a running import, without JavaScript). */
  refreshSeconds?: number;
};

const PUBLIC_NAV: { key: NavKey; href: string; label: string }[] = [
  { key: 'map', href: '/', label: 'Map' },
  { key: 'policies', href: '/policies', label: 'Policies' },
  { key: 'search', href: '/search', label: 'Search bills' },
  { key: 'changes', href: '/changes', label: 'What moved' },
  { key: 'compare', href: '/compare', label: 'Compare' },
];

const STAFF_NAV: { key: NavKey; href: string; label: string }[] = [
  { key: 'review', href: '/staff/review', label: 'Review' },
  { key: 'laws', href: '/staff/laws', label: 'Curated laws' },
  { key: 'sources', href: '/staff/sources', label: 'Sources' },
  { key: 'watches', href: '/staff/watches', label: 'My watches' },
  { key: 'imports', href: '/staff/imports', label: 'Uploads' },
  { key: 'accounts', href: '/staff/accounts', label: 'Accounts' },
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
    ? html`<nav class="staff-nav" aria-label="Staff"><ul>${navLinks(STAFF_NAV.filter((item) => item.key !== 'accounts' || viewer.admin), input.nav)}</ul>
<form method="post" action="/staff/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${viewer.csrfToken ?? ''}"><span class="who">${viewer.name}</span> <button type="submit" class="link-button">Sign out</button></form></nav>`
    : html``;
  const scripts: HtmlValue = (input.scripts ?? []).map((s) => html`<script src="${assetUrl(s)}" defer></script>`);
  const share = input.share ?? null;
  const shareTags: HtmlValue = share
    ? html`<link rel="canonical" href="${share.url}">
<meta property="og:type" content="${share.type ?? 'website'}">
<meta property="og:site_name" content="Police reform tracker">
<meta property="og:title" content="${share.title}">
<meta property="og:description" content="${share.description}">
<meta property="og:url" content="${share.url}">
<meta property="og:image" content="${share.image}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:image:alt" content="${share.imageAlt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${share.title}">
<meta name="twitter:description" content="${share.description}">
<meta name="twitter:image" content="${share.image}">
<meta name="twitter:image:alt" content="${share.imageAlt}">
`
    : '';
  const alternates: HtmlValue = (input.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}" title="${a.title}">`);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · Police reform tracker</title>
<meta name="description" content="${input.description ?? 'Where police-reform policies stand in every US state and many cities: laws, bills, and what moved.'}">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="stylesheet" href="${assetUrl('site.css')}">
${input.refreshSeconds ? html`<meta http-equiv="refresh" content="${input.refreshSeconds}">
` : ''}${shareTags}${alternates}${scripts}
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
