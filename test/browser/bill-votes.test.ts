/**
 * Roll-call votes on the bill page in a real Chromium: one compact line per vote with its
 * tally, which opens (a native <details>, no script) to each member's vote.
 */
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { bills } from '../../db/schema/index.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { parseOpenStatesBill } from '../../scrapers/openstates/normalize-openstates-bill.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { importFixtureBills } from '../helpers/bill-fixtures.js';
import { loadOpenStatesFixtures } from '../helpers/openstates-server.js';
import { confineToLoopback, launchChromium, serveApp, type RequestLog, type RunningApp } from '../helpers/browser.js';

let handle: TestDatabase;
let app: RunningApp;
let browser: Browser;
let page: Page;
let log: RequestLog;
let billId: number;

beforeAll(async () => {
  browser = await launchChromium();
  handle = await createTestDatabase('pglite');
  await seedDatabase(handle.db, { curated: false });
  // Virginia's HB 5099 as Open States serves it with include=votes; the House roll call with two members named.
  const raw = structuredClone(loadOpenStatesFixtures()['va-2020S1-HB5099.json']!);
  (raw.votes as Record<string, unknown>[])[1]!.votes = [
    { id: 'pv-1', option: 'yes', voter_name: 'Aird' },
    { id: 'pv-2', option: 'no', voter_name: 'Gilbert' },
  ];
  await importFixtureBills(handle, [parseOpenStatesBill(raw)]);
  billId = (await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, 'HB 5099')))[0]!.id;
  app = await serveApp(handle);
  page = await browser.newPage();
  log = await confineToLoopback(page);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await handle?.close();
});

test('each vote is one line with its tally; the House roll call opens to its members', async () => {
  await page.goto(`${app.url}/bills/${billId}`);
  const lines = await page.locator('ul.votes > li').allInnerTexts();
  expect(lines.map((l) => l.split('\n')[0])).toEqual([
    'Aug 26, 2020 Courts of Justice Reported from Courts of Justice with amendment Passed Yes 14 · No 7',
    'Sep 4, 2020 House Read third time and passed House Passed Yes 56 · No 41',
    'Oct 2, 2020 Senate Passed Senate with amendment Passed Yes 22 · No 17',
  ]);
  const members = page.locator('ul.votes details dl.voters');
  await expect(members.isVisible()).resolves.toBe(false);
  await page.locator('ul.votes details summary').click();
  await expect(members.isVisible()).resolves.toBe(true);
  await expect(members.innerText()).resolves.toMatch(/Yes \(1\)\s+Aird\s+No \(1\)\s+Gilbert/);
  expect(log.offHost).toEqual([]);
});
