import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../db/connect.js';
import { queryRows } from '../../../db/database.js';
import { databaseKinds, createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { startOpenStatesServer, syntheticBill, type FakeJurisdiction, type OpenStatesTestServer } from '../../helpers/openstates-server.js';
import { runCli, startCli } from '../../helpers/run-cli.js';

const KEY = 'test-key-kill';
const VA: FakeJurisdiction = {
  id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', abbreviation: 'va',
  legislative_sessions: [{ identifier: '2025', name: '2025 Regular Session', classification: 'primary', start_date: '2025-01-08', end_date: '2025-03-01' }],
};
const BILLS = 60;

/** A pass-through to the Open States server that stops answering /bills after `allowed` requests while `hanging` is set. */
async function startGate(target: string) {
  const state = { billRequests: 0, allowed: 1, hanging: true };
  const server = http.createServer((req, res) => {
    const isBills = (req.url ?? '').startsWith('/bills');
    if (isBills) state.billRequests += 1;
    if (isBills && state.hanging && state.billRequests > state.allowed) return; // never answers
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const kind of databaseKinds()) {
  describe(`an Open States run killed half way and run again [${kind}]`, () => {
    let server: OpenStatesTestServer;
    let db: TestDatabase | null = null;
    let dataDir = '';
    beforeAll(async () => {
      const bills = Array.from({ length: BILLS }, (_, i) => syntheticBill(i + 1, VA, '2025', `2025-02-01T00:00:${String(i).padStart(2, '0')}+00:00`));
      server = await startOpenStatesServer({ apiKeys: [KEY], bills, jurisdictions: [VA] });
      if (kind === 'postgres') db = await createTestDatabase('postgres');
      else dataDir = mkdtempSync(path.join(tmpdir(), 'tracker-kill-'));
    });
    afterAll(async () => {
      await server.close();
      await db?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    test('no duplicates, nothing lost, and the second run counts only what the first did not store', async () => {
      const gate = await startGate(server.url);
      const env = {
        ...(db ? { DATABASE_URL: db.url! } : { DATA_DIR: dataDir }),
        OPENSTATES_API_URL: gate.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: '10000',
      };
      const args = ['scrape', 'openstates', '--jurisdiction', 'va', '--session', '2025'];
      const first = startCli(args, env);
      first.child.stdin!.end();
      let exited: string | null = null;
      void first.done.then((r) => (exited = `exited early (${r.code}): ${r.stdout} ${r.stderr}`));
      // The request for page 2 is only made once page 1 is written (the pipeline pulls records).
      await waitFor(() => gate.state.billRequests >= 2 || exited !== null, 60_000);
      expect(exited).toBeNull();
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');

      gate.state.hanging = false;
      const second = await runCli(args, env);
      await gate.close();
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/fetched 60 {2}created 40 {2}updated 0 {2}unchanged 20 {2}failed 0/);

      const check = db ?? (await openDatabase({ databaseUrl: null, dataDir }));
      try {
        const [row] = await queryRows<{ n: string | number; distinct_ids: string | number }>(
          check.db,
          sql`SELECT count(*) AS n, count(DISTINCT identifier) AS distinct_ids FROM bills WHERE session = '2025'`,
        );
        expect(Number(row.n)).toBe(BILLS);
        expect(Number(row.distinct_ids)).toBe(BILLS);
        const runs = await queryRows<{ outcome: string; created: number; code: string | null }>(
          check.db,
          sql`SELECT outcome, created, errors->-1->>'code' AS code FROM scrape_runs ORDER BY id`,
        );
        // The killed run never finished. On the embedded database the next command's start
        // closes it as abandoned (its folder lock proves no other process owns it); on
        // PostgreSQL another process might, so it stays running until the scheduler's age
        // check closes it. The second run is complete.
        const killedRun = db ? { outcome: 'running', created: 0, code: null } : { outcome: 'failed', created: 0, code: 'abandoned' };
        expect(runs).toEqual([killedRun, { outcome: 'ok', created: 40, code: null }]);
      } finally {
        if (!db) await check.close();
      }
    }, 120_000);
  });
}
