import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import express from 'express';
import { openDatabase, type DatabaseHandle } from '../../db/connect.js';
import { openScratchDatabase } from '../../db/scratch-database.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { analyzeDatabase, loadSyntheticBills, rollUpStates } from '../../db/bench/synthetic-bills.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { importBills } from '../../scrapers/pipeline/import-bills.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { syntheticRecords } from './synthetic-records.js';
import type { Bench, BenchFigure, BenchResult } from './bench-result.js';

type LoadResult = { requests: number; seconds: number; latenciesMs: number[]; bytes: number; failures: number };

// The load generator runs in a worker thread, so its work does not share the event loop with
// the server (and the embedded database) it measures. Plain JS: workers take no TypeScript.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.concurrency });
function once(path) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port: workerData.port, path, agent, headers: { 'accept-encoding': 'identity' } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => resolve({ ok: res.statusCode === 200, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', () => resolve({ ok: false, bytes: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}
(async () => {
  const latencies = [];
  let next = 0, bytes = 0, failures = 0;
  const t0 = process.hrtime.bigint();
  async function lane() {
    while (next < workerData.requests && Number(process.hrtime.bigint() - t0) / 1e9 < workerData.maxSeconds) {
      next += 1;
      const r = await once(workerData.path);
      latencies.push(r.ms); bytes += r.bytes; if (!r.ok) failures += 1;
    }
  }
  await Promise.all(Array.from({ length: workerData.concurrency }, lane));
  parentPort.postMessage({ requests: latencies.length, seconds: Number(process.hrtime.bigint() - t0) / 1e9, latenciesMs: latencies, bytes, failures });
  agent.destroy();
})();
`;

/** One measurement stops after this long even when fewer requests were made (keeps the 10^5 run bounded). */
const MAX_SECONDS = 6;

/** N requests for one path over keep-alive connections, `concurrency` in flight at a time. */
function runLoad(port: number, path: string, requests: number, concurrency: number, maxSeconds = MAX_SECONDS): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { port, path, requests, concurrency, maxSeconds } });
    worker.once('message', (m: LoadResult) => resolve(m));
    worker.once('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

type Measured = { requests: number; rps: number; p50: number; p95: number; p99: number; bytesPerResponse: number; failures: number };

function summarize(r: LoadResult): Measured {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const round = (v: number) => Number(v.toFixed(2));
  return {
    requests: r.requests,
    rps: Math.round(r.requests / r.seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    bytesPerResponse: Math.round(r.bytes / r.requests),
    failures: r.failures,
  };
}

const CONCURRENCY = 8;
const ENDPOINTS = [
  // 1,000: at ~1,000 answers a second, 200 made rounds of 50 ms, and one pause of the machine
  // moved the ratio by a fifth (0.77 to 1.20 between runs of the same code).
  { name: 'GET /api/map?policy=no-knock', path: '/api/map?policy=no-knock', requests: 1_000 },
  { name: 'GET /api/bills filtered search', path: '/api/bills?q=warrants&policy=no-knock&status=pending&limit=20', requests: 400 },
];

/** Serves the real app, plus static copies of its answers (the baseline), on a loopback port. */
async function serve(handle: DatabaseHandle): Promise<{ port: number; statics: Map<string, Buffer>; close: () => Promise<void> }> {
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATA_DIR: 'memory://', API_RATE_LIMIT: '100000000' });
  const statics = new Map<string, Buffer>();
  // The baseline is served behind the same middleware as the API (helmet, compression,
  // authentication, rate limit, public-read headers): only the route's own work differs.
  const baseline = express.Router();
  // With its ETag computed once, as a static file server does (express would otherwise hash
  // the whole body on every send).
  const tags = new Map<Buffer, string>();
  baseline.get('/bench/static/:index', (req, res) => {
    const body = statics.get(String(req.params.index))!;
    let tag = tags.get(body);
    if (!tag) tags.set(body, (tag = `"${createHash('sha1').update(body).digest('hex')}"`));
    res.setHeader('ETag', tag);
    res.type('application/json').send(body);
  });
  const server = http.createServer(createApp({ handle, config, logger: createLogger('silent') }, { publicRoutes: baseline }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    statics,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function fetchBody(port: number, path: string): Promise<Buffer> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'accept-encoding': 'identity' } });
  if (res.status !== 200) throw new Error(`api bench: ${path} answered ${res.status}: ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Rounds in which the route and its baseline take turns (each going first in every other round). */
const ROUNDS = 4;

/**
 * Loads the route and its static baseline in alternating rounds and sums each side's rounds,
 * so a pause of the machine (another user's job, autovacuum after a bulk load, a collection)
 * falls on both sides alike instead of on whichever was measured first.
 */
async function alternating(port: number, path: string, baselinePath: string, requests: number): Promise<{ real: Measured; base: Measured }> {
  const sides = { real: [] as LoadResult[], base: [] as LoadResult[] };
  const per = Math.ceil(requests / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['real', 'base'] as const) : (['base', 'real'] as const);
    for (const side of order) sides[side].push(await runLoad(port, side === 'real' ? path : baselinePath, per, CONCURRENCY, MAX_SECONDS / ROUNDS));
  }
  const sum = (rs: LoadResult[]): LoadResult => ({
    requests: rs.reduce((n, r) => n + r.requests, 0),
    seconds: rs.reduce((n, r) => n + r.seconds, 0),
    latenciesMs: rs.flatMap((r) => r.latenciesMs),
    bytes: rs.reduce((n, r) => n + r.bytes, 0),
    failures: rs.reduce((n, r) => n + r.failures, 0),
  });
  return { real: summarize(sum(sides.real)), base: summarize(sum(sides.base)) };
}

/** Milliseconds of one request, made alone. */
async function timeOne(port: number, path: string): Promise<number> {
  const started = performance.now();
  await fetchBody(port, path);
  return performance.now() - started;
}

/** Filter sets never asked before: their first request counts the matches (10,000 at most) and picks the plan. */
const FRESH_SEARCHES = ['q=warrants&policy=no-knock&status=failed', 'q=crisis&policy=crisis-response&stance=opposes', 'q=zebra', 'q=warrants&policy=decertification'];

/** The p95 of each endpoint at the first size measured, the baseline of the same figure at later sizes. */
type FirstSize = { bills: number; p95: Map<string, number>; fresh: Map<string, number> };

async function measureAt(handle: DatabaseHandle, bills: number, first: FirstSize | null): Promise<{ figures: BenchFigure[]; p95: Map<string, number>; fresh: Map<string, number> }> {
  const server = await serve(handle);
  const p95s = new Map<string, number>();
  const freshTimes = new Map<string, number>();
  try {
    const figures: BenchFigure[] = [];
    for (const [index, endpoint] of ENDPOINTS.entries()) {
      const body = await fetchBody(server.port, endpoint.path);
      server.statics.set(String(index), body);
      await runLoad(server.port, endpoint.path, 20, CONCURRENCY); // warm-up: JIT, plans, caches
      const { real, base } = await alternating(server.port, endpoint.path, `/api/bench/static/${index}`, endpoint.requests);
      const label = `${endpoint.name} @ ${bills.toLocaleString('en-US')} bills`;
      const note = `${real.requests} requests (of at most ${endpoint.requests}, ${MAX_SECONDS} s max, in ${ROUNDS} rounds taking turns with the baseline), concurrency ${CONCURRENCY}, ${real.bytesPerResponse} bytes/response, ${real.failures} failures; p50/p95/p99 ms ${real.p50}/${real.p95}/${real.p99} (baseline ${base.p50}/${base.p95}/${base.p99})`;
      figures.push(
        { name: `${label}: throughput`, value: real.rps, unit: 'req/s', baseline: { name: 'static JSON body of the same bytes, same server and middleware', value: base.rps }, note },
        { name: `${label}: p50 latency`, value: real.p50, unit: 'ms', baseline: { name: 'static body p50', value: base.p50 } },
        { name: `${label}: p95 latency`, value: real.p95, unit: 'ms', baseline: { name: 'static body p95', value: base.p95 } },
        { name: `${label}: p99 latency`, value: real.p99, unit: 'ms', baseline: { name: 'static body p99', value: base.p99 } },
      );
      p95s.set(endpoint.name, real.p95);
      if (first) {
        const p95 = first.p95.get(endpoint.name)!;
        figures.push({ name: `${label}: p95 latency beside the same at ${first.bills.toLocaleString('en-US')} bills`, value: real.p95, unit: 'ms', baseline: { name: `p95 at ${first.bills.toLocaleString('en-US')} bills`, value: p95 } });
      }
      console.log(`${label}: ${real.rps} req/s (static ${base.rps}); p50 ${real.p50} ms, p95 ${real.p95} ms, p99 ${real.p99} ms; ${real.bytesPerResponse} bytes`);
    }
    // A filter set's first search counts its matches (up to 10,000) before a later one may be
    // answered from what that count found: these are the counted requests, one at a time.
    for (const query of FRESH_SEARCHES) {
      const path = `/api/bills?${query}&limit=20`;
      const ms = Number((await timeOne(server.port, path)).toFixed(2));
      freshTimes.set(query, ms);
      const before = first?.fresh.get(query);
      figures.push({
        name: `GET /api/bills?${query} @ ${bills.toLocaleString('en-US')} bills: first request of the filter set (matches counted), alone`,
        value: ms,
        unit: 'ms',
        ...(before === undefined ? {} : { baseline: { name: `the same at ${first!.bills.toLocaleString('en-US')} bills`, value: before } }),
      });
      console.log(`first ${query} @ ${bills}: ${ms} ms`);
    }
    return { figures, p95: p95s, fresh: freshTimes };
  } finally {
    await server.close();
  }
}

/** Imports `count` new records through the pipeline; returns bills per second. */
async function importRate(handle: DatabaseHandle, count: number, from: number): Promise<number> {
  const policies = await loadPolicies(handle);
  const started = performance.now();
  const { counts } = await importBills(handle.db, syntheticRecords(count, from, 'bench-api'), { runId: null, today: '2025-06-01', policies });
  if (counts.created !== count) throw new Error(`api bench: expected ${count} created, got ${JSON.stringify(counts)}`);
  return Math.round(count / ((performance.now() - started) / 1000));
}

/** Sizes measured: 10^4 to 10^6 bills on PostgreSQL, up to 10^5 embedded. */
function sizes(server: boolean): number[] {
  return server ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
}

const IMPORT_SAMPLE = 2_000;
const IMPORT_RUNS = 5;

/**
 * The public API under load: requests per second and p50/p95/p99 latency of /api/map and a
 * filtered full-text /api/bills search at 10^4, 10^5 and (on PostgreSQL) 10^6 bills, each
 * beside a baseline taken in the same run (the same server and middleware sending a static
 * JSON body of the same bytes); and the import rate of 2,000 new bills at each size (median of 5) beside
 * the rate at 10^4. Runs the real app on a loopback port over an in-memory PGlite, or a
 * throwaway PostgreSQL database, loaded with bulk SQL.
 */
export const apiBench: Bench = {
  name: 'api',
  run: async (options): Promise<BenchResult> => {
    const serverUrl = options?.databaseUrl ?? null;
    const handle = serverUrl ? await openScratchDatabase(serverUrl, 'tracker_bench') : await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: true });
      const figures: BenchFigure[] = [];
      let loaded = 0;
      let firstRate = 0;
      let firstSize: FirstSize | null = null;
      // One import first, not reported: the import rate at 10^4 is the baseline of the others, and
      // a process's first imports run before the pipeline's code is compiled hot.
      await importRate(handle, IMPORT_SAMPLE, 1);
      let imported = IMPORT_SAMPLE;
      for (const target of sizes(serverUrl !== null)) {
        const started = Date.now();
        loaded += await loadSyntheticBills(handle.db, { count: target - loaded, from: loaded + 1 });
        await rollUpStates(handle.db);
        await analyzeDatabase(handle.db);
        const loadSeconds = (Date.now() - started) / 1000;
        console.log(`loaded ${loaded} bills in ${loadSeconds.toFixed(1)} s`);
        figures.push({ name: `bulk load to ${loaded.toLocaleString('en-US')} bills (SQL insert + classification rows + state rollups)`, value: Number(loadSeconds.toFixed(1)), unit: 's' });
        const measured = await measureAt(handle, loaded, firstSize);
        firstSize ??= { bills: loaded, p95: measured.p95, fresh: measured.fresh };
        figures.push(...measured.figures);
        // The median of a few imports: one import of 2,000 bills takes under a second, and the
        // first of a process also pays for compiling the pipeline (with three, the medians at
        // 10^5 and 10^6 swung 0.83-1.18 of the one at 10^4 between runs of the same code).
        const rates: number[] = [];
        for (let k = 0; k < IMPORT_RUNS; k++) {
          rates.push(await importRate(handle, IMPORT_SAMPLE, imported + 1));
          imported += IMPORT_SAMPLE;
        }
        const rate = rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
        firstRate ||= rate;
        figures.push({
          name: `import of ${IMPORT_SAMPLE.toLocaleString('en-US')} new bills with ${loaded.toLocaleString('en-US')} stored (median of ${IMPORT_RUNS})`,
          value: rate,
          unit: 'bills/s',
          baseline: { name: `the same with ${(10_000).toLocaleString('en-US')} stored`, value: firstRate },
        });
        console.log(`import with ${loaded} stored: ${rate} bills/s (${rates.join(', ')})`);
      }
      const engine = serverUrl ? `PostgreSQL at ${handle.location}, throwaway database` : 'PGlite, in memory';
      return { title: `Public API under load (${engine}; ${CONCURRENCY} concurrent keep-alive clients)`, figures };
    } finally {
      await handle.close();
    }
  },
};
