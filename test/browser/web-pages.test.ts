/**
 * The web view in a real Chromium against the real app on a loopback port, with every
 * request that would leave 127.0.0.1 aborted and recorded. Fails (never skips) when
 * Chromium is missing.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { bills } from '../../db/schema/index.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { resolveMapColors } from '../../web/map/map-palette.js';
import { createUser } from '../../server/auth/auth-service.js';
import { listPolicies } from '../../db/queries/policy-map.js';
import { listRunHistory, listSourceHealth } from '../../db/runs/source-health.js';
import { finishRun, startRun } from '../../db/runs/scrape-runs.js';
import { emptyCounts } from '../../core/sources/source-health.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { importFixtureBills, makeBill } from '../helpers/bill-fixtures.js';
import { confineToLoopback, launchChromium, serveApp, type RequestLog, type RunningApp } from '../helpers/browser.js';

const ARTIFACTS = path.resolve('test-artifacts');
const LOUISVILLE = 'ocd-jurisdiction/country:us/state:ky/place:louisville/government';
const KILLEEN = 'ocd-jurisdiction/country:us/state:tx/place:killeen/government';
const LEXINGTON = 'ocd-jurisdiction/country:us/state:ky/place:lexington/government';
const MINNEAPOLIS_SCHOOLS = 'ocd-jurisdiction/country:us/state:mn/school_district:minneapolis_public_schools/government';
const STAFF = { email: 'reviewer@example.org', password: 'correct horse battery staple' };
const XSS_TITLE = 'No-knock warrants <script>alert("owned")</script> restricted';

let handle: TestDatabase;
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: RequestLog;
let dialogs: string[];
let vaBillId: number;
let xssBillId: number;
let colors: { noKnock: Record<string, string>; schools: Record<string, string> };

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Chromium first: when it is missing, every test fails with the install hint at once.
  browser = await launchChromium();
  handle = await createTestDatabase('pglite');
  await seedDatabase(handle.db, { curated: true });
  await importFixtureBills(handle, [
    makeBill(),
    makeBill({
      identifier: 'HB 77', externalId: 'test-hb77', session: '2026', title: XSS_TITLE, sourceUrl: 'https://lis.virginia.gov/bill-details/20261/HB77',
      actions: [{ date: '2026-01-14', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] }],
    }),
  ]);
  const idOf = async (identifier: string) => (await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, identifier)))[0].id;
  vaBillId = await idOf('HB 5099');
  xssBillId = await idOf('HB 77');
  await createUser(handle.db, { email: STAFF.email, name: 'Rae Reviewer', password: STAFF.password });
  const policies = await listPolicies(handle.db);
  colors = {
    noKnock: resolveMapColors(policies.find((p) => p.id === 'no-knock')!.colors),
    schools: resolveMapColors(policies.find((p) => p.id === 'police-free-schools')!.colors),
  };
  app = await serveApp(handle);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await handle?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  log = await confineToLoopback(page);
  dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterEach(async () => {
  // Nothing a page loaded, linked or fetched tried to leave localhost.
  expect(log?.offHost).toEqual([]);
  expect(dialogs).toEqual([]);
  await context?.close();
});

const marker = (id: string) => `svg.us-map circle[data-id="${id}"]`;

test('the map colours seeded and imported data: Louisville and Killeen enacted, Lexington overturned, Virginia enacted by its bill', async () => {
  const response = await page.goto(`${app.url}/`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  for (const id of [LOUISVILLE, KILLEEN]) {
    await expect(page.getAttribute(marker(id), 'data-status')).resolves.toBe('enacted');
    await expect(page.getAttribute(marker(id), 'fill')).resolves.toBe(colors.noKnock['enacted-full']);
  }
  await expect(page.getAttribute(marker(LEXINGTON), 'data-status')).resolves.toBe('overturned');
  await expect(page.getAttribute(marker(LEXINGTON), 'fill')).resolves.toMatch(/^url\(#map-no-knock-overturned\)$/);
  // Virginia's HB 5099 came through the real pipeline: machine default strength is partial.
  const virginia = 'svg.us-map path[data-fips="51"]';
  await expect(page.getAttribute(virginia, 'data-status')).resolves.toBe('enacted');
  // HB 5099 prohibits no-knock warrants outright: the machine's strength is full.
  await expect(page.getAttribute(virginia, 'fill')).resolves.toBe(colors.noKnock['enacted-full']);
  // Kentucky has no data at all (no Open States key in this test): not tracked, dotted, never "none".
  await expect(page.getAttribute('svg.us-map path[data-fips="21"]', 'data-status')).resolves.toBe('not-tracked');
  await expect(page.getAttribute('svg.us-map path[data-fips="21"]', 'fill')).resolves.toBe('url(#map-no-knock-not-tracked)');
  // The table says the same, in words.
  await expect(page.textContent(`#map-table tr[data-id="${LOUISVILLE}"]`)).resolves.toContain('Enacted (full)');
  await expect(page.textContent(`#map-table tr[data-id="${LEXINGTON}"]`)).resolves.toContain('Overturned');
  await expect(page.getAttribute('a[href="/api/map.csv?policy=no-knock"]', 'download')).resolves.toBe('');
  await page.screenshot({ path: path.join(ARTIFACTS, 'map.png'), fullPage: true });
});

test('switching the policy recolours the map', async () => {
  await page.goto(`${app.url}/`);
  await Promise.all([page.waitForURL(/policy=police-free-schools/), page.click('nav.policy-switcher >> text=Police out of schools')]);
  await expect(page.getAttribute('nav.policy-switcher a[aria-current="page"]', 'href')).resolves.toBe('/?policy=police-free-schools');
  await expect(page.getAttribute(marker(MINNEAPOLIS_SCHOOLS), 'fill')).resolves.toBe(colors.schools['enacted-partial']);
  // Louisville's council source has not run: not tracked. Virginia has bills: nothing found on this policy.
  await expect(page.getAttribute(marker(LOUISVILLE), 'data-status')).resolves.toBe('not-tracked');
  await expect(page.getAttribute(marker(LOUISVILLE), 'fill')).resolves.toBe('url(#map-police-free-schools-not-tracked)');
  await expect(page.getAttribute('svg.us-map path[data-fips="51"]', 'data-status')).resolves.toBe('none');
  await expect(page.getAttribute('svg.us-map path[data-fips="51"]', 'fill')).resolves.toBe(colors.schools.none);
});

test('clicking a state opens its page, and the keyboard reaches it too', async () => {
  await page.goto(`${app.url}/`);
  await Promise.all([page.waitForURL(/\/va$/), page.click('svg.us-map path[data-fips="51"]')]);
  await expect(page.textContent('h1')).resolves.toBe('Virginia');
  await expect(page.textContent('#policy-no-knock')).resolves.toContain('HB 5099');
  await expect(page.textContent('#policy-no-knock')).resolves.toContain('Enacted (full)');

  await page.goto(`${app.url}/`);
  await page.focus(`svg.us-map a:has(circle[data-id="${LOUISVILLE}"])`);
  await Promise.all([page.waitForURL(/\/ky\/louisville$/), page.keyboard.press('Enter')]);
  await expect(page.textContent('h1')).resolves.toContain('Louisville');
  await expect(page.textContent('#policy-no-knock')).resolves.toContain("Breonna's Law");
});

test('search finds a bill through the GET form, with a shareable URL', async () => {
  await page.goto(`${app.url}/search`);
  await page.fill('#q', 'no-knock warrants');
  await page.selectOption('#policy', 'no-knock');
  await Promise.all([page.waitForURL(/\/search\?.*q=no-knock\+warrants/), page.click('form[role="search"] button[type="submit"]')]);
  await expect(page.textContent('p.count')).resolves.toMatch(/2 bills match/);
  await expect(page.textContent(`a[href="/bills/va/2020S1/HB5099"]`)).resolves.toContain('HB 5099');
  // The same URL opened fresh shows the same results.
  const url = page.url();
  await page.goto(url);
  await expect(page.inputValue('#q')).resolves.toBe('no-knock warrants');
  await expect(page.locator('ol.result-list > li').count()).resolves.toBe(2);
});

test('a staff decision made with one keystroke in the review queue shows on the public bill page', async () => {
  await page.goto(`${app.url}/staff/review`);
  await page.waitForURL(/\/staff\/sign-in\?next=/);
  await page.fill('#email', STAFF.email);
  await page.fill('#password', STAFF.password);
  await Promise.all([page.waitForURL(/\/staff\/review$/), page.click('form[action="/staff/sign-in"] button[type="submit"]')]);

  const item = `#item-${vaBillId}-no-knock`;
  await page.goto(`${app.url}/staff/review?policy=no-knock`);
  await page.focus(item);
  await page.keyboard.press('t'); // strength: not set (machine: full) → full
  await page.keyboard.press('t'); // → partial
  await expect(page.inputValue(`${item} select[name="strength"]`)).resolves.toBe('partial');
  await Promise.all([page.waitForURL(/done=/), page.keyboard.press('c')]);
  await expect(page.textContent('.notice.success')).resolves.toContain('confirm');
  await expect(page.locator(item).count()).resolves.toBe(0);

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  const publicLog = await confineToLoopback(publicPage);
  await publicPage.goto(`${app.url}/bills/${vaBillId}`);
  const card = await publicPage.textContent('.policy-card[data-policy="no-knock"]');
  expect(card).toContain('Confirmed by staff');
  expect(card).toContain('Strength: partial');
  expect(card).toContain('(set by staff)');
  // Staff said partial, over the machine's full: the map now shows Virginia as enacted (partial).
  await publicPage.goto(`${app.url}/`);
  await expect(publicPage.getAttribute('svg.us-map path[data-fips="51"]', 'fill')).resolves.toBe(colors.noKnock['enacted-partial']);
  expect(publicLog.offHost).toEqual([]);
  await visitor.close();
});

test('a bill title containing <script> renders as text and runs nothing', async () => {
  await page.goto(`${app.url}/bills/${xssBillId}`);
  await expect(page.textContent('h1')).resolves.toBe(XSS_TITLE);
  await expect(page.locator('main script').count()).resolves.toBe(0);
  await page.goto(`${app.url}/search?q=restricted`);
  await expect(page.textContent(`a[href="/bills/va/2026/HB77"]`)).resolves.toContain('<script>');
  await page.goto(`${app.url}/changes?days=90`);
  await expect(page.textContent('main')).resolves.toContain('alert("owned")');
  expect(dialogs).toEqual([]);
  await page.goto(`${app.url}/bills/${vaBillId}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'bill.png'), fullPage: true });
});

test('the table sorts with the enhancement script, and pages work with JavaScript off', async () => {
  await page.goto(`${app.url}/`);
  await page.click('#map-table thead th:first-child .sort-button');
  await expect(page.getAttribute('#map-table thead th:first-child', 'aria-sort')).resolves.toBe('ascending');
  await expect(page.textContent('#map-table tbody tr:first-child th')).resolves.toContain('Alabama');

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  const plainLog = await confineToLoopback(plain);
  await plain.goto(`${app.url}/?policy=no-knock`);
  await Promise.all([plain.waitForURL(/policy=crisis-response/), plain.click('nav.policy-switcher >> text=Crisis response')]);
  await plain.goto(`${app.url}/search`);
  await plain.fill('#q', 'warrants');
  await Promise.all([plain.waitForURL(/q=warrants/), plain.click('form[role="search"] button[type="submit"]')]);
  await expect(plain.textContent('p.count')).resolves.toMatch(/bills? match/);
  expect(plainLog.offHost).toEqual([]);
  await noJs.close();
});

test('a bad query parameter is a 400 page naming it', async () => {
  const response = await page.goto(`${app.url}/search?status=maybe`);
  expect(response?.status()).toBe(400);
  await expect(page.textContent('.error-details')).resolves.toContain('status');
});

test('forms refuse cross-site requests: a post without the CSRF token, or from another origin, is a 403', async () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
  const signedIn = await fetch(`${app.url}/staff/sign-in`, { method: 'POST', headers, body: form(STAFF), redirect: 'manual' });
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers.get('set-cookie')!;
  expect(cookie).toMatch(/tracker_session=[^;]+;.*HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  const session = cookie.split(';')[0];

  const noToken = await fetch(`${app.url}/staff/keys`, { method: 'POST', headers: { ...headers, cookie: session }, body: form({ name: 'x', scopes: 'read' }), redirect: 'manual' });
  expect(noToken.status).toBe(403);
  expect(await noToken.text()).toContain('CSRF');

  const keysPage = await (await fetch(`${app.url}/staff/keys`, { headers: { cookie: session } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(keysPage)![1];
  const crossSite = await fetch(`${app.url}/staff/keys`, {
    method: 'POST', headers: { ...headers, cookie: session, origin: 'https://evil.example' }, body: form({ _csrf: token, name: 'x', scopes: 'read' }), redirect: 'manual',
  });
  expect(crossSite.status).toBe(403);

  const created = await fetch(`${app.url}/staff/keys`, { method: 'POST', headers: { ...headers, cookie: session, origin: app.url }, body: form({ _csrf: token, name: 'feed reader', scopes: 'read' }) });
  expect(created.status).toBe(201);
  expect(await created.text()).toMatch(/<code class="secret" id="new-key">pt_/);
});

test('staff see a source\'s run history and health, read from scrape_runs', async () => {
  const ok = await startRun(handle.db, { sourceId: 'legistar:louisville', kind: 'legistar', trigger: 'cli' });
  await finishRun(handle.db, ok, { outcome: 'ok', counts: { ...emptyCounts(), fetched: 12, created: 3 }, errors: [] });
  const bad = await startRun(handle.db, { sourceId: 'legistar:louisville', kind: 'legistar', trigger: 'schedule' });
  await finishRun(handle.db, bad, { outcome: 'failed', counts: emptyCounts(), errors: [{ url: 'https://webapi.legistar.com/v1/louisville/matters', message: 'HTTP 503 <b>down</b>', code: 'http_5xx' }] });
  const [louisville] = (await listSourceHealth(handle.db)).filter((s) => s.sourceId === 'legistar:louisville');
  expect(louisville).toMatchObject({ status: 'failed', consecutiveFailures: 1 });
  expect((await listRunHistory(handle.db, { sourceId: 'legistar:louisville' })).map((r) => r.outcome)).toEqual(['failed', 'ok']);

  await page.goto(`${app.url}/staff/sources/legistar:louisville`);
  await page.waitForURL(/\/staff\/sign-in/);
  await page.fill('#email', STAFF.email);
  await page.fill('#password', STAFF.password);
  await Promise.all([page.waitForURL(/\/staff\/sources\/legistar(%3A|:)louisville$/), page.click('form[action="/staff/sign-in"] button[type="submit"]')]);
  await expect(page.textContent('main dl')).resolves.toContain('Last run failed');
  await expect(page.locator('main tbody tr').count()).resolves.toBe(2);
  await expect(page.textContent('main tbody')).resolves.toContain('HTTP 503 <b>down</b>');
});
