/**
 * Export-flood isolation: how long the home page takes while one anonymous client keeps 10
 * connections downloading `/api/bills.csv` (20,000 bills), beside the same page on an idle
 * server in the same run. The goal (issue 22) is within 2× of idle. The real app listens on a
 * loopback port over the embedded database; the flood gets 429s once over its export budget
 * and keeps asking, as a misbehaving script would. Everything is bounded in count and time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../db/connect.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { analyzeDatabase, loadSyntheticBills, rollUpStates } from '../../db/bench/synthetic-bills.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import type { Bench, BenchResult } from './bench-result.js';

const BILLS = 20_000;
const FLOOD_CONNECTIONS = 10;
const SAMPLES = 30;

/** One GET; resolves with its status and milliseconds once the whole body is read. */
function timedGet(url: string, agent: http.Agent): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

async function homePageTimes(base: string): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i += 1) {
      const r = await timedGet(`${base}/?policy=no-knock`, agent);
      if (r.status !== 200) throw new Error(`home page answered ${r.status}`);
      times.push(r.ms);
    }
  } finally {
    agent.destroy();
  }
  return times;
}

export const exportsBench: Bench = {
  name: 'exports',
  run: async (): Promise<BenchResult> => {
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    const server = http.createServer();
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: true });
      await loadSyntheticBills(handle.db, { count: BILLS });
      await rollUpStates(handle.db);
      await analyzeDatabase(handle.db);
      const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATA_DIR: 'memory://', PORT: '0', PAGE_RATE_LIMIT: '1000000' });
      server.on('request', createApp({ handle, config, logger: createLogger('silent') }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      await homePageTimes(base); // warm caches
      const idle = await homePageTimes(base);

      let flooding = true;
      const statuses = { ok: 0, refused: 0 };
      const floodAgent = new http.Agent({ keepAlive: true, maxSockets: FLOOD_CONNECTIONS });
      const flood = Array.from({ length: FLOOD_CONNECTIONS }, async () => {
        while (flooding) {
          const r = await timedGet(`${base}/api/bills.csv`, floodAgent);
          if (r.status === 200) statuses.ok += 1;
          else statuses.refused += 1;
        }
      });
      // Let the flood build up before measuring.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const loaded = await homePageTimes(base);
      flooding = false;
      await Promise.all(flood);
      floodAgent.destroy();

      const idleMs = median(idle);
      const loadedMs = median(loaded);
      return {
        title: `Home page under an export flood (${FLOOD_CONNECTIONS} connections on /api/bills.csv, ${BILLS.toLocaleString('en-US')} bills, embedded database)`,
        figures: [
          { name: 'home page median, during the flood', value: Number(loadedMs.toFixed(1)), unit: 'ms', baseline: { name: 'idle server', value: Number(idleMs.toFixed(1)) }, note: `${(loadedMs / idleMs).toFixed(2)}× idle; goal ≤ 2×` },
          { name: 'home page p95, during the flood', value: Number(p95(loaded).toFixed(1)), unit: 'ms', baseline: { name: 'idle server', value: Number(p95(idle).toFixed(1)) } },
          { name: 'flood exports answered', value: statuses.ok, unit: 'CSV files', note: `${statuses.refused} refused with 429 (export budget and concurrency)` },
        ],
      };
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    }
  },
};
