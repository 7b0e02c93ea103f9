/**
 * Weight of the map page as a phone would load it: the real app on a loopback port over
 * an embedded database with the curated seed and a few imported bills, loaded in a real
 * Chromium (playwright-core, Debian's chromium or CHROMIUM_PATH) that records every
 * request and aborts any leaving 127.0.0.1. Each requested URL is then fetched again
 * twice, with and without `Accept-Encoding: gzip`, counting the bytes on the wire.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { openDatabase } from '../../db/connect.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { importBills } from '../../scrapers/pipeline/import-bills.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import type { Bench, BenchResult } from './bench-result.js';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Body bytes as sent (still compressed when the server compressed them). */
function wireBytes(url: string, encoding: 'gzip' | 'identity'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The map page's weight (compressed and not), the requests a browser makes for it, and those leaving localhost. */
export const webBench: Bench = {
  name: 'web',
  run: async (): Promise<BenchResult> => {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    const { chromium } = await import('playwright-core'); // a dev dependency: loaded only when this bench runs

    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    let server: Server | null = null;
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: true });
      await importBills(
        handle.db,
        [{
          source: 'bench', externalId: 'bench-va-hb5099', jurisdictionId: 'ocd-jurisdiction/country:us/state:va/government', session: '2020S1', identifier: 'HB 5099',
          title: 'Search warrants; no-knock warrants prohibited', classification: 'bill', chamber: 'lower', sourceUrl: 'https://lis.virginia.gov/bill-details/20202/HB5099',
          actions: [
            { date: '2020-08-18', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] },
            { date: '2020-10-28', description: 'Approved by Governor-Chapter 39', actorClassification: 'executive', sourceClassification: ['executive-signature'] },
          ],
        }],
        { runId: null, today: new Date().toISOString().slice(0, 10), policies: await loadPolicies(handle) },
      );
      const app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATA_DIR: 'memory://' }), logger: createLogger('silent') });
      server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
      });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const requested: string[] = [];
      const offHost: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || new URL(url).hostname === '127.0.0.1') return route.continue();
        offHost.push(url);
        return route.abort('blockedbyclient');
      });
      await page.goto(`${base}/`, { waitUntil: 'load' });

      const own = [...new Set(requested.filter((u) => u.startsWith(base)))];
      let gzip = 0;
      let identity = 0;
      let htmlGzip = 0;
      let htmlIdentity = 0;
      for (const url of own) {
        const [g, i] = [await wireBytes(url, 'gzip'), await wireBytes(url, 'identity')];
        gzip += g;
        identity += i;
        if (url === `${base}/`) [htmlGzip, htmlIdentity] = [g, i];
      }
      return {
        title: 'Web: the map page (no-knock) on a phone-sized Chromium',
        figures: [
          { name: 'map page with its CSS and scripts, gzip over the wire', value: gzip, unit: 'bytes', baseline: { name: 'uncompressed', value: identity } },
          { name: 'map page HTML alone (inline SVG map), gzip', value: htmlGzip, unit: 'bytes', baseline: { name: 'uncompressed', value: htmlIdentity } },
          { name: 'requests the browser made loading it', value: requested.length, unit: 'requests', note: own.map((u) => u.slice(base.length)).join(' ') },
          { name: 'requests leaving localhost', value: offHost.length, unit: 'requests', note: offHost.length ? offHost.join(' ') : 'none: no CDN, fonts or tiles' },
        ],
      };
    } finally {
      await browser.close();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
      await handle.close();
    }
  },
};
