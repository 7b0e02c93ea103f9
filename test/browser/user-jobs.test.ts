/**
 * The three users' jobs end to end in a real Chromium against the real app on a loopback
 * port, on PGlite, with real SMTP over loopback (smtp-server) and every request that
 * would leave 127.0.0.1 aborted and recorded:
 * - staff upload the real Virginia 2025 LIS file and a statute text while the server runs;
 * - a local leader compares three jurisdictions on the no-knock model, and downloads it;
 * - staff watch a bill from its page and receive the alert by email;
 * - a public visitor opens a bill's short URL, finds its link-preview tags and image,
 *   subscribes by email (double opt-in) and unsubscribes with one click;
 * - every city marker of the crisis-response map is clickable, and the map is one tab stop;
 * - axe-core finds no violation on any page.
 * The tests run in order: the upload feeds the comparison and the public bill page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { and, eq, sql } from 'drizzle-orm';
import { bills, curatedLaws, watches } from '../../db/schema/index.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { createUser } from '../../server/auth/auth-service.js';
import { runAlertsOnce } from '../../server/alerts/alerts-service.js';
import { createUploadControl } from '../../cli/uploads.js';
import { createLogger } from '../../core/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { importFixtureBills, makeBill, VIRGINIA, KENTUCKY, LOUISVILLE } from '../helpers/bill-fixtures.js';
import { confineToLoopback, launchChromium, serveApp, type RequestLog, type RunningApp } from '../helpers/browser.js';
import { startSmtpSink, type ReceivedMail } from '../helpers/alerts-servers.js';
import { testConfig } from '../helpers/test-app.js';
import { referencePath } from '../helpers/reference.js';
import { axeViolations } from '../helpers/axe.js';

const ARTIFACTS = path.resolve('test-artifacts');
const VA_BILLS_CSV = referencePath('pages/virginia/lis-BILLS-2025-session.csv');
const VA_CODE_TEXT = referencePath('texts/va-code-19.2-56-statedecoded-2026.xml');
const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple', name: 'Ada Admin' };
const DENVER = 'ocd-jurisdiction/country:us/state:co/place:denver/government';
const DENVER_SCHOOLS = 'ocd-jurisdiction/country:us/state:co/school_district:denver_public_schools/government';
const PUBLIC_URL = 'https://tracker.example.org';

let handle: TestDatabase;
let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: RequestLog;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let env: Record<string, string>;
let hb5099: number;

/** The rows of the Virginia file: one bill each (the header aside). */
const vaRows = readFileSync(VA_BILLS_CSV, 'utf8').trim().split(/\r?\n/).length - 1;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  smtp = await startSmtpSink();
  handle = await createTestDatabase('pglite');
  await seedDatabase(handle.db, { curated: true });
  await importFixtureBills(handle, [makeBill()]);
  hb5099 = (await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, 'HB 5099')))[0].id;
  await createUser(handle.db, { email: ADMIN.email, name: ADMIN.name, password: ADMIN.password, role: 'admin' });
  env = { SMTP_URL: smtp.url, SMTP_FROM: 'Tracker test <alerts@tracker.example.org>', PUBLIC_URL };
  const uploads = createUploadControl(handle, testConfig(env), createLogger('silent'));
  app = await serveApp(handle, env, { uploads });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
  await handle?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  page = await context.newPage();
  log = await confineToLoopback(page);
});

afterEach(async () => {
  expect(log?.offHost).toEqual([]);
  await context?.close();
});

async function signIn(p: Page): Promise<void> {
  await p.goto(`${app.url}/staff/sign-in`);
  await p.fill('#email', ADMIN.email);
  await p.fill('#password', ADMIN.password);
  await Promise.all([p.waitForURL(/\/staff\/review$/), p.click('form[action="/staff/sign-in"] button[type="submit"]')]);
}

/** Waits until `selector` is on the page, across the job page's own reloads. */
async function waitAcrossReloads(p: Page, selector: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await p.locator(selector).count()) > 0) return;
    } catch {
      // the page was reloading
    }
    await p.waitForTimeout(500);
  }
  throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
}

/** Mail to `to` whose decoded text matches, waiting for the SMTP server to receive it. */
async function mailTo(to: string, match: RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.messages.find((m) => m.to.includes(to) && match.test(m.decoded));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no mail to ${to} matching ${match} (got: ${smtp.messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A link of ours in a mail, as a path to open on the test server (mails use PUBLIC_URL). */
function pathIn(mail: ReceivedMail, pattern: RegExp): string {
  const match = pattern.exec(mail.decoded.replace(/=\r?\n/g, ''));
  if (!match) throw new Error(`no ${pattern} in mail ${mail.subject}`);
  return match[0].replace(PUBLIC_URL, '');
}

test('staff upload the real Virginia 2025 file and a statute text while the server runs on PGlite: progress, then the run report', async () => {
  await signIn(page);
  await page.goto(`${app.url}/staff/imports`);
  await page.selectOption('#kind', 'virginia');
  await page.fill('#session', '20251');
  await page.setInputFiles('#files', VA_BILLS_CSV);
  await Promise.all([page.waitForURL(/\/staff\/imports\/[0-9a-f-]{36}$/), page.click('form[action="/staff/imports"] button[type="submit"]')]);
  // The files are parsed before the page answers: the total is known from the first view.
  await expect(page.textContent('#import-progress')).resolves.toContain(`of ${vaRows.toLocaleString('en-US')} records`);
  await waitAcrossReloads(page, '#run-report', 1_200_000);
  const report = await page.textContent('#run-report');
  const created = Number(/Created\s*(\d+)/.exec(report ?? '')?.[1]);
  const failed = Number(/Failed\s*(\d+)/.exec(report ?? '')?.[1]);
  expect(created + failed).toBe(vaRows);
  expect(created).toBeGreaterThan(3400);
  const stored = Number(((await handle.db.execute(sql`SELECT count(*)::int AS n FROM bills WHERE session = '2025' AND jurisdiction_id = ${VIRGINIA}`)) as unknown as { rows: { n: number }[] }).rows[0].n);
  expect(stored).toBe(created);
  await expect(page.textContent('#run-report')).resolves.toMatch(/virginia-lis run \d+: (ok|partial)/);

  // A text for the bill that enacted Virginia's ban, uploaded from the same page, scored at once.
  await page.goto(`${app.url}/staff/imports?bill=${hb5099}`);
  await page.check('input[name="owner"][value="bill"]');
  await page.fill('#owner-id', String(hb5099));
  await page.setInputFiles('#text-file', VA_CODE_TEXT);
  await page.fill('#note', 'Code of Virginia § 19.2-56 (2026)');
  await Promise.all([page.waitForURL(/\/staff\/imports\?attached=\d+/), page.click('form[action="/staff/texts"] button[type="submit"]')]);
  await Promise.all([page.waitForURL(/\/bills\/va\/2020S1\/HB5099#adoption$/), page.click('text=See the checklist')]);
  const card = page.locator('.adoption-card[data-model="no-knock"]').first();
  const summary = await card.locator('.adoption-summary').textContent();
  expect(summary).toMatch(/^\d+ of \d+ provisions?( \(\d+ more weaker\))?(; \d+ of \d+ required)?$/);
  // The checklist of the policy the bill touches comes first.
  await expect(page.getAttribute('#adoption .cards > .adoption-card:first-child', 'data-model')).resolves.toBe('no-knock');
  await page.screenshot({ path: path.join(ARTIFACTS, 'upload-checklist.png'), fullPage: true });
}, 1_500_000);

test('a local leader compares Virginia, Kentucky and Louisville on the no-knock model, and downloads the same table as CSV', async () => {
  await page.goto(`${app.url}/compare?policy=no-knock`);
  await page.selectOption('#compare-jurisdictions', [VIRGINIA, KENTUCKY, LOUISVILLE]);
  await Promise.all([page.waitForURL(/\/compare\?policy=no-knock&jurisdiction=/), page.click('form[action="/compare"] button[type="submit"]')]);
  const headers = await page.locator('#compare-table thead th[data-id]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-id')));
  expect(headers).toEqual([VIRGINIA, KENTUCKY, LOUISVILLE]);
  const virginia = await page.textContent(`#compare-table thead th[data-id="${VIRGINIA}"]`);
  expect(virginia).toMatch(/\d+ of \d+ provisions/);
  expect(virginia).toContain('HB 5099');
  await expect(page.textContent(`#compare-table thead th[data-id="${LOUISVILLE}"]`)).resolves.toContain('no law in force with a text');
  const rows = await page.locator('#compare-table tbody tr').count();
  expect(rows).toBeGreaterThan(2);
  // Virginia's ban itself (NK-1) is adopted; the two others have no text to read.
  const firstRow = await page.locator('#compare-table tbody tr').first().locator('td').allTextContents();
  expect(firstRow[1]).toMatch(/No law/);
  expect(firstRow[2]).toMatch(/No law/);

  const href = await page.getAttribute('a:has-text("Download this comparison (CSV)")', 'href');
  const csv = await (await fetch(`${app.url}${href}`)).text();
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('provision,statement,required,Virginia,Kentucky,Louisville/Jefferson County Metro Government');
  expect(lines.length).toBe(rows + 4);
  const uiSummary = /(\d+ of \d+ provisions[^\n]*?)(?=\d+%|$)/.exec(virginia ?? '')?.[1].trim();
  expect(lines[1]).toContain(uiSummary);
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare.png'), fullPage: true });
}, 180_000);

test('staff watch a bill from its page and receive the alert by email when it moves; a test send and a pause work too', async () => {
  const pending = makeBill({
    identifier: 'HB 77', externalId: 'test-hb77-2026', session: '2026', title: 'No-knock warrants; search warrant execution',
    actions: [{ date: '2026-01-14', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] }],
  });
  await importFixtureBills(handle, [pending]);
  await signIn(page);
  await page.goto(`${app.url}/bills/va/2026/HB77`);
  await Promise.all([page.waitForURL(/\/staff\/watches\?done=created/), page.click('button.watch-button')]);
  const card = page.locator('.watch-card').filter({ hasText: 'bill HB 77' });
  await expect(card.textContent()).resolves.toContain(ADMIN.email);

  await importFixtureBills(handle, [{ ...pending, actions: [...pending.actions!, { date: '2026-02-03', description: 'Passed House (98-Y 0-N)', actorClassification: 'lower', sourceClassification: ['passage'] }] }]);
  const summary = await runAlertsOnce(handle, testConfig(env));
  expect(summary.delivered.sent).toBeGreaterThanOrEqual(1);
  const alert = await mailTo(ADMIN.email, /HB 77/);
  expect(alert.subject).toContain('HB 77');
  expect(alert.subject).toMatch(/passed one chamber/);
  expect(alert.decoded).toContain('Passed House (98-Y 0-N)');
  expect(alert.from).toBe('alerts@tracker.example.org');

  // Send a test from My watches: the newest change again, at once.
  const before = smtp.messages.length;
  await Promise.all([page.waitForURL(/done=tested/), card.locator('button:has-text("Send a test")').click()]);
  // The page answered after the SMTP server took the mail.
  expect(smtp.messages.length).toBe(before + 1);
  expect(smtp.messages[before].decoded).toContain('Passed House (98-Y 0-N)');

  // Paused: the next move sends nothing.
  await Promise.all([page.waitForURL(/done=paused/), page.locator('.watch-card').filter({ hasText: 'bill HB 77' }).locator('button:has-text("Pause")').click()]);
  const count = smtp.messages.length;
  await importFixtureBills(handle, [{ ...pending, actions: [...pending.actions!, { date: '2026-02-03', description: 'Passed House (98-Y 0-N)', actorClassification: 'lower', sourceClassification: ['passage'] }, { date: '2026-02-20', description: 'Passed Senate (40-Y 0-N)', actorClassification: 'upper', sourceClassification: ['passage'] }] }]);
  await runAlertsOnce(handle, testConfig(env));
  expect(smtp.messages.length).toBe(count);
}, 180_000);

test('a public visitor opens /bills/va/2025/HB1233, sees link-preview tags and a real map image, subscribes with double opt-in and unsubscribes in one click', async () => {
  const [bill] = await handle.db.select({ id: bills.id, title: bills.title }).from(bills).where(and(eq(bills.identifier, 'HB 1233'), eq(bills.session, '2025')));
  const response = await page.goto(`${app.url}/bills/va/2025/HB1233`);
  expect(response?.status()).toBe(200);
  await expect(page.textContent('h1')).resolves.toBe(bill.title);
  // The numeric form redirects to the readable one.
  const redirect = await fetch(`${app.url}/bills/${bill.id}`, { redirect: 'manual' });
  expect(redirect.status).toBe(301);
  expect(redirect.headers.get('location')).toBe('/bills/va/2025/HB1233');

  const meta = async (key: string) => page.getAttribute(`meta[property="${key}"], meta[name="${key}"]`, 'content');
  await expect(meta('og:url')).resolves.toBe(`${PUBLIC_URL}/bills/va/2025/HB1233`);
  await expect(meta('og:title')).resolves.toBe(`Virginia HB 1233: ${bill.title}`);
  await expect(meta('twitter:card')).resolves.toBe('summary_large_image');
  const image = (await meta('og:image'))!;
  expect(image).toMatch(new RegExp(`^${PUBLIC_URL}/og/[a-z-]+\\.png$`));
  const png = Buffer.from(await (await fetch(image.replace(PUBLIC_URL, app.url))).arrayBuffer());
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  await expect(page.getAttribute('link[rel="icon"][sizes="32x32"]', 'href')).resolves.toBe('/favicon.ico');

  await page.fill('#subscribe-email-bill', 'reader@example.org');
  await Promise.all([page.waitForURL(/\/subscribe$/), page.click('form.subscribe-form button[type="submit"]')]);
  await expect(page.textContent('h1')).resolves.toBe('Check your inbox');
  const confirmation = await mailTo('reader@example.org', /Confirm my subscription/);
  const [watch] = await handle.db.select().from(watches).where(eq(watches.target, 'reader@example.org'));
  expect(watch.active).toBe(false);
  await page.goto(`${app.url}${pathIn(confirmation, /https:\/\/tracker\.example\.org\/subscribe\/confirm\/[A-Za-z0-9_-]+/)}`);
  expect((await handle.db.select().from(watches).where(eq(watches.id, watch.id)))[0].active).toBe(false); // a GET changes nothing
  await Promise.all([page.waitForURL(/\/subscribe\/confirm\//), page.click('button:has-text("Yes, send me updates")')]);
  await expect(page.textContent('h1')).resolves.toBe('Subscribed');
  expect((await handle.db.select().from(watches).where(eq(watches.id, watch.id)))[0].active).toBe(true);

  // One click from the mail client (RFC 8058): a POST to the List-Unsubscribe URL.
  const listUnsubscribe = /^List-Unsubscribe: <([^>]+)>/m.exec(confirmation.decoded)![1];
  const oneClick = await fetch(listUnsubscribe.replace(PUBLIC_URL, app.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(oneClick.status).toBe(200);
  expect((await handle.db.select().from(watches).where(eq(watches.id, watch.id)))[0].active).toBe(false);
}, 180_000);

test('every city marker of the crisis-response map is clickable (Denver beside Denver Public Schools), and the map is one tab stop with arrow keys inside', async () => {
  await page.setViewportSize({ width: 1400, height: 1400 });
  await page.goto(`${app.url}/?policy=crisis-response`);
  const hidden = await page.evaluate(() => {
    const circles = Array.from(document.querySelectorAll<SVGCircleElement>('svg.us-map g.cities circle'));
    return {
      total: circles.length,
      hidden: circles.filter((c) => {
        c.scrollIntoView({ block: 'center' });
        const r = c.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) !== c;
      }).map((c) => c.getAttribute('data-id')),
    };
  });
  expect(hidden.total).toBeGreaterThan(20);
  expect(hidden.hidden).toEqual([]);
  for (const [id, url] of [[DENVER, /\/co\/denver$/], [DENVER_SCHOOLS, /\/co\/denver_public_schools$/]] as const) {
    await page.goto(`${app.url}/?policy=crisis-response`);
    await Promise.all([page.waitForURL(url), page.click(`svg.us-map circle[data-id="${id}"]`)]);
  }

  await page.goto(`${app.url}/?policy=crisis-response`);
  await expect(page.locator('svg.us-map a[tabindex="0"]').count()).resolves.toBe(1);
  await page.focus('svg.us-map a[tabindex="0"]');
  const first = await page.evaluate(() => document.activeElement?.querySelector('title')?.textContent);
  await page.keyboard.press('ArrowRight');
  const second = await page.evaluate(() => document.activeElement?.querySelector('title')?.textContent);
  expect(second).toBeTruthy();
  expect(second).not.toBe(first);
  // Tab leaves the map at once.
  await page.keyboard.press('Tab');
  await expect(page.evaluate(() => Boolean(document.activeElement?.closest('svg.us-map')))).resolves.toBe(false);
}, 180_000);

test('an administrator invites a staff member, who chooses a password and signs in; a disabled account cannot', async () => {
  await signIn(page);
  await page.goto(`${app.url}/staff/accounts`);
  await page.fill('#invite-name', 'Ravi Reviewer');
  await page.fill('#invite-email', 'ravi@example.org');
  await page.click('form[action="/staff/accounts"] button[type="submit"]');
  const link = (await page.textContent('#account-link'))!;
  expect(link).toMatch(/^https:\/\/tracker\.example\.org\/account\/password\/[A-Za-z0-9_-]+$/);
  await mailTo('ravi@example.org', /Choose my password/);

  const other = await browser.newContext();
  const invitee = await other.newPage();
  const inviteeLog = await confineToLoopback(invitee);
  await invitee.goto(link.replace(PUBLIC_URL, app.url));
  await invitee.fill('#new-password', 'a long enough passphrase');
  await invitee.click('button:has-text("Save password")');
  await expect(invitee.textContent('h1')).resolves.toBe('Password saved');
  const form = (password: string) => new URLSearchParams({ email: 'ravi@example.org', password }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  expect((await fetch(`${app.url}/staff/sign-in`, { method: 'POST', headers, body: form('a long enough passphrase'), redirect: 'manual' })).status).toBe(303);
  // The link is spent.
  expect((await fetch(link.replace(PUBLIC_URL, app.url))).status).toBe(404);
  expect(inviteeLog.offHost).toEqual([]);
  await other.close();

  const ravi = page.locator('tr', { hasText: 'ravi@example.org' });
  await Promise.all([page.waitForURL(/done=disabled/), ravi.locator('button:has-text("Disable")').click()]);
  const refused = await fetch(`${app.url}/staff/sign-in`, { method: 'POST', headers, body: form('a long enough passphrase'), redirect: 'manual' });
  expect(refused.status).toBe(401);
  expect(await refused.text()).toContain('disabled');
}, 180_000);

test('axe-core finds no violation on any page, public or staff', async () => {
  const [law] = await handle.db.select({ id: curatedLaws.id }).from(curatedLaws).where(eq(curatedLaws.seedKey, 'L-01'));
  const publicPages = [
    '/', '/?policy=crisis-response', '/?policy=no-knock&view=adoption', '/policies', '/policies/no-knock', '/search', '/search?q=warrant&jurisdiction=va,ky',
    '/changes?days=90', '/changes?days=90&jurisdiction=va', `/compare?policy=no-knock&jurisdiction=va,ky`, '/va', '/ky/louisville', '/bills/va/2020S1/HB5099',
    '/bills/va/2025/HB1233', `/laws/${law.id}`, '/staff/sign-in', '/no-such-page', '/search?status=maybe',
  ];
  const problems: string[] = [];
  for (const p of publicPages) {
    await page.goto(`${app.url}${p}`);
    for (const v of await axeViolations(page)) problems.push(`${p}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).join(' | ')}`);
  }
  await signIn(page);
  for (const p of ['/staff/review', '/staff/laws', '/staff/sources', '/staff/keys', '/staff/watches', '/staff/imports', '/staff/accounts', '/bills/va/2020S1/HB5099']) {
    await page.goto(`${app.url}${p}`);
    for (const v of await axeViolations(page)) problems.push(`staff ${p}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).join(' | ')}`);
  }
  expect(problems).toEqual([]);
}, 300_000);
