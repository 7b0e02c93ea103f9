/**
 * Honest cells, in a real Chromium: a state no source has read shows "not tracked" (and what
 * would enable it), never "None"; a state a source read and found nothing in says so, with
 * since when; no public page shows a command line.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { recordCoverage } from '../../db/coverage/coverage-repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { importFixtureBills, makeBill } from '../helpers/bill-fixtures.js';
import { confineToLoopback, launchChromium, serveApp, type RequestLog, type RunningApp } from '../helpers/browser.js';

const ALABAMA = 'ocd-jurisdiction/country:us/state:al/government';
const TEXAS = 'ocd-jurisdiction/country:us/state:tx/government';

let handle: TestDatabase;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: RequestLog;

beforeAll(async () => {
  browser = await launchChromium();
  handle = await createTestDatabase('pglite');
  await seedDatabase(handle.db, { curated: true });
  await importFixtureBills(handle, [
    makeBill(),
    makeBill({ identifier: 'HB 1100', externalId: 'va-2026-hb1100', session: '2026', title: 'Voter registration; list maintenance records',
      actions: [{ date: '2026-01-09', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] }] }),
  ]);
  // Open States ran for Texas and found nothing on any policy.
  await recordCoverage(handle.db, 'openstates', [TEXAS], null);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await handle?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  log = await confineToLoopback(page);
});

afterEach(async () => {
  expect(log?.offHost).toEqual([]);
  await context?.close();
});

/** The visible text of the page. */
const text = () => page.evaluate(() => document.body.innerText);

describe('without an Open States key', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await serveApp(handle);
  });
  afterAll(() => app.stop());

  test('a state with no data shows "not tracked" on the map, in its title, in the table and on its page, never "None"', async () => {
    await page.goto(`${app.url}/?policy=no-knock`);
    const alabama = 'svg.us-map path[data-fips="01"]';
    await expect(page.getAttribute(alabama, 'data-status')).resolves.toBe('not-tracked');
    await expect(page.textContent('svg.us-map a:has(path[data-fips="01"]) title')).resolves.toBe('Alabama: not tracked');
    const row = await page.textContent(`#map-table tr[data-id="${ALABAMA}"]`);
    expect(row).toContain('Not tracked');
    expect(row).toContain('the source is not set up');
    expect(row).not.toMatch(/\bNone\b/);
    await expect(page.textContent('.coverage-notice')).resolves.toContain('add an Open States API key');
    expect(await text()).not.toMatch(/\bNone\b/);

    await page.click(alabama);
    await page.waitForURL(/\/al$/);
    const body = await text();
    expect(body).toContain('Not tracked: Open States API v3 (every state) is not set up.');
    expect(body).toContain('To track it: add an Open States API key');
    expect(body).not.toMatch(/\bNone\b|Nothing tracked/);
  });

  test('a state a source read and found nothing in says "nothing found", since when', async () => {
    await page.goto(`${app.url}/?policy=no-knock`);
    await expect(page.getAttribute('svg.us-map path[data-fips="48"]', 'data-status')).resolves.toBe('none');
    const row = await page.textContent(`#map-table tr[data-id="${TEXAS}"]`);
    expect(row).toContain('Nothing found');
    expect(row).toMatch(/tracked since [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  });

  test('no public page shows a command line', async () => {
    for (const url of ['/', '/?policy=no-knock&view=adoption', `/jurisdictions/state:al/government`, '/policies', '/policies/no-knock', '/search', '/changes']) {
      await page.goto(`${app.url}${url}`);
      expect(await text()).not.toMatch(/npm run|tracker --|OPENSTATES_API_KEY=/);
    }
  });

  test('search shows laws on tracked policies by default, and a switch shows everything', async () => {
    await page.goto(`${app.url}/search?jurisdiction=va`);
    expect(await text()).not.toContain('Voter registration');
    await Promise.all([page.waitForURL(/scope=all/), page.click('.scope-switch a')]);
    expect(await text()).toContain('HB 1100: Voter registration; list maintenance records');
  });
});

describe('with an Open States key that has not run yet', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await serveApp(handle, { OPENSTATES_API_KEY: 'configured-not-run', OPENSTATES_API_URL: 'http://127.0.0.1:9' });
  });
  afterAll(() => app.stop());

  test('the state says it has not been read yet, still not "None"', async () => {
    await page.goto(`${app.url}/jurisdictions/state:al/government`);
    const body = await text();
    expect(body).toContain('Not tracked yet: Open States API v3 (every state) has not run for Alabama yet.');
    expect(body).not.toMatch(/\bNone\b/);
  });
});
