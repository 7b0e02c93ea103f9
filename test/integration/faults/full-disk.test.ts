/**
 * A full disk and a database that cannot write. Two paths:
 *
 * - Real disk (when this process may mount, as root on the CI machine): a size-limited tmpfs
 *   holds the data folder; the CLI imports the Virginia 2025 session into it until the disk
 *   is nearly full, starts on the full disk, and starts on a read-only remount. Each command
 *   must end with one clear line and an exit code (PGlite used to spin for ever here), and
 *   once space is freed the import completes with nothing lost or doubled.
 * - Injected (always): the embedded database's free-space probe reports a nearly full disk
 *   part way through a run, in this process; on PostgreSQL the database is made read-only.
 *   The run stops at once with the reason, and /api/health reports the database unwritable.
 *
 * Each run logs which path it took.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { runCli } from '../../helpers/run-cli.js';
import { referencePath } from '../../helpers/reference.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { makeBill } from '../../helpers/bill-fixtures.js';
import { openDatabase, type DatabaseHandle } from '../../../db/connect.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { queryRows } from '../../../db/database.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import type { SourceAdapter } from '../../../scrapers/sources/source-adapter.js';
import { errorLine, isStorageFailure, summarizeError } from '../../../core/error-summary.js';
import { closeRunsOfDeadProcesses } from '../../../cli/runtime.js';

const MB = 1024 * 1024;
const VA_BILLS = referencePath('pages/virginia/lis-BILLS-2025-session.csv');

function tryMount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const probeDir = mkdtempSync(path.join(tmpdir(), 'tracker-mount-probe-'));
const canMount = tryMount(probeDir, 'size=1m');
if (canMount) execFileSync('umount', [probeDir]);
rmSync(probeDir, { recursive: true, force: true });

const oneLine = (text: string) => text.trim().split('\n').filter(Boolean);

(canMount ? describe : describe.skip)('full disk on a real tmpfs (CLI, embedded database)', () => {
  let mnt: string;
  const env = () => ({ DATA_DIR: path.join(mnt, 'data'), DISK_MIN_FREE_MB: '32' });
  const freeKb = () => Number(execFileSync('df', ['--output=avail', '-k', mnt]).toString().trim().split('\n')[1]);

  beforeAll(() => {
    process.stdout.write('full-disk path: real tmpfs (mount allowed)\n');
    mnt = mkdtempSync(path.join(tmpdir(), 'tracker-full-disk-'));
    if (!tryMount(mnt, 'size=120m')) throw new Error('mount failed');
  });
  afterAll(() => {
    try {
      execFileSync('umount', [mnt]);
    } catch {
      // already unmounted
    }
    rmSync(mnt, { recursive: true, force: true });
  });

  test('an import filling the disk stops with one line; a start on the full disk refuses with one line; with space freed it completes, nothing doubled', async () => {
    const migrated = await runCli(['migrate'], env());
    expect(migrated.code).toBe(0);
    // Leave 6 MB above the 32 MB the database keeps free: the import (about 27 MB) cannot fit.
    const blob = path.join(mnt, 'blob');
    execFileSync('dd', ['if=/dev/zero', `of=${blob}`, 'bs=1k', `count=${freeKb() - 38 * 1024}`], { stdio: 'ignore' });

    const stopped = await runCli(['import', 'virginia', VA_BILLS, '--session', '20251'], env());
    expect({ code: stopped.code, signal: stopped.signal, stderr: stopped.stderr.slice(0, 300) }).toMatchObject({ code: 1, signal: null });
    expect(oneLine(stopped.stderr)).toHaveLength(1);
    expect(stopped.stderr).toMatch(/^import: virginia-lis: run 1 stopped after \d+ created, .*the disk holding .*\/data has [\d.]+ MB free, below the 32\.0 MB .*free some space/);
    expect(stopped.stderr).not.toMatch(/params:|\n\s+at /);
    const createdBefore = Number(/stopped after (\d+) created/.exec(stopped.stderr)![1]);
    expect(createdBefore).toBeGreaterThan(0);
    expect(createdBefore).toBeLessThan(3512);

    const start = await runCli(['migrate'], env());
    expect(start.code).toBe(1);
    expect(oneLine(start.stderr)).toEqual([expect.stringMatching(/^migrate: cannot start the embedded database: the disk holding .* has [\d.]+ MB free, below the 32\.0 MB/)]);

    rmSync(blob);
    const again = await runCli(['import', 'virginia', VA_BILLS, '--session', '20251'], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`fetched 3512 {2}created ${3512 - createdBefore} {2}updated 0 {2}unchanged ${createdBefore} {2}failed 0`));

    const handle = await openDatabase({ databaseUrl: null, dataDir: env().DATA_DIR, minFreeBytes: 32 * MB });
    try {
      const [bills] = await queryRows<{ n: number; ids: number }>(handle.db, sql`SELECT count(*)::int AS n, count(DISTINCT identifier)::int AS ids FROM bills`);
      expect(bills).toEqual({ n: 3512, ids: 3512 });
      const runs = await queryRows<{ outcome: string; code: string | null }>(handle.db, sql`SELECT outcome, errors->-1->>'code' AS code FROM scrape_runs ORDER BY id`);
      // The stopped run could not record its end; the next start closed it as abandoned.
      expect(runs).toEqual([{ outcome: 'failed', code: 'abandoned' }, { outcome: 'ok', code: null }]);
    } finally {
      await handle.close();
    }
  }, 600_000);

  test('a read-only data folder gives one line', async () => {
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    const res = await runCli(['migrate'], { DATA_DIR: path.join(mnt, 'fresh-data') });
    expect(res.code).toBe(1);
    expect(oneLine(res.stderr)).toEqual([expect.stringMatching(/^migrate: the data folder .*fresh-data is not writable \(EROFS\)/)]);
  }, 120_000);
});

if (!canMount) process.stdout.write('full-disk path: injected free space only (this process may not mount a tmpfs)\n');

describe('full disk, injected at the free-space probe (embedded database, in process)', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let free = 500 * MB;

  beforeAll(async () => {
    process.stdout.write('full-disk path: injected free-space probe\n');
    dir = mkdtempSync(path.join(tmpdir(), 'tracker-injected-disk-'));
    // Read at every write, so the test decides exactly when the disk fills.
    handle = await openDatabase({ databaseUrl: null, dataDir: path.join(dir, 'data'), minFreeBytes: 64 * MB, freeSpace: () => free, freeSpaceCacheMs: 0 });
    await migrateDatabase(handle);
    await seedDatabase(handle.db, { curated: false });
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the run stops at the first refused write, keeps what it stored, and health says the database is unwritable', async () => {
    const source = await ensureSource(handle.db, { id: 'injected-disk', kind: 'virginia-lis', name: 'injected' });
    const adapterOf = (from: number, to: number, fillAt: number | null): SourceAdapter => {
      async function* bills() {
        for (let i = from; i <= to; i += 1) {
          // The disk fills while this bill is read, before its batch is written.
          if (i === fillAt) free = 10 * MB;
          yield makeBill({ identifier: `HB ${i}`, externalId: `disk-${i}`, session: '2027' });
        }
      }
      return { kind: 'virginia-lis', start: () => ({ items: bills(), requests: () => 0, cursorAfter: () => ({}) }) };
    };
    // A first run stores two bills; in the second the disk fills while its third bill is read.
    await runSource(handle, testConfig(), source, adapterOf(1, 2, null), { trigger: 'cli' });
    const failure = await runSource(handle, testConfig(), source, adapterOf(3, 8, 5), { trigger: 'cli' }).then(() => null, (e: Error) => e);
    // Its batch is refused at the first write: nothing of it is stored, and the run says so.
    expect(failure?.message).toMatch(/^injected-disk: run \d+ stopped after 0 created, 0 updated, 0 unchanged, 0 failed, and its end could not be recorded: the disk holding .* has 10\.0 MB free, below the 64\.0 MB/);
    const storedBefore = 2;

    const app = testApp(handle);
    const health = await request(app).get('/api/health').expect(503);
    expect(health.body).toMatchObject({ status: 'degraded', database: { writable: false, disk: { free_bytes: 10 * MB, min_free_bytes: 64 * MB, low: true } } });
    expect(health.body.problems[0]).toMatch(/^database unwritable: the disk holding .* has 10\.0 MB free/);
    // Reads go on.
    await request(app).get('/api/policies').expect(200);

    free = 500 * MB;
    expect(await closeRunsOfDeadProcesses(handle)).toBe(1);
    const [stored] = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM bills WHERE session = '2027'`);
    expect(stored.n).toBe(storedBefore);
  });
  test('a write outside a transaction that the guard refuses is known as the disk, not as one bad record', async () => {
    free = 10 * MB;
    try {
      // drizzle wraps the refusal in its own "Failed query" error, the refusal as its cause.
      const refused = await handle.db.execute(sql`SELECT nextval(pg_get_serial_sequence('bills', 'id'))`).then(() => null, (e: unknown) => e);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toMatch(/^Failed query/);
      expect(isStorageFailure(refused)).toBe(true);
      expect(errorLine(refused)).toMatch(/has 10\.0 MB free, below the 64\.0 MB/);
    } finally {
      free = 500 * MB;
    }
  });
});

describeEachDatabase('failed queries are summarized without their parameters', (ctx) => {
  test('SQLSTATE and the start of the statement, never the values', async () => {
    const secret = 'private-value-9f8e7d';
    const error = await ctx.handle.db.execute(sql`INSERT INTO jurisdictions (id, name, classification) VALUES (${secret}, ${secret}, ${'not-a-classification'})`).then(() => null, (e: unknown) => e);
    const summary = summarizeError(error);
    expect(summary.sqlstate).toMatch(/^23/);
    expect(summary.statement).toMatch(/^INSERT INTO jurisdictions/);
    expect(JSON.stringify(summary)).not.toContain(secret);
  });
});

describeEachDatabase('a database that refuses writes', (ctx) => {
  test('health answers 503 with the reason; a run stops at the first refused write instead of failing every record', async () => {
    if (ctx.kind !== 'postgres') {
      // The embedded database refuses writes through its disk guard (above).
      expect(ctx.handle.disk).toBeNull();
      return;
    }
    await seedDatabase(ctx.handle.db, { curated: false });
    const name = new URL(ctx.handle.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: ctx.handle.url! });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    const readOnly = await openDatabase({ databaseUrl: ctx.handle.url!, dataDir: '' });
    try {
      const health = await request(testApp(readOnly)).get('/api/health').expect(503);
      expect(health.body.database.writable).toBe(false);
      expect(health.body.problems[0]).toMatch(/^database unwritable: .*read-only transaction \[SQLSTATE 25006\]/);
      const source = { id: 'read-only', kind: 'virginia-lis', name: 'read-only', enabled: true, cursor: null, settings: {}, schedule: null, timezone: 'UTC', jurisdictionId: null } as unknown as Parameters<typeof runSource>[2];
      const adapter: SourceAdapter = { kind: 'virginia-lis', start: () => ({ items: [makeBill({ externalId: 'ro-1' }), makeBill({ externalId: 'ro-2', identifier: 'HB 2' })], requests: () => 0, cursorAfter: () => ({}) }) };
      // The run cannot even be recorded as started: it fails at once, with the server's reason.
      const failure = await runSource(readOnly, testConfig(), source, adapter, { trigger: 'cli' }).then(() => null, (e: unknown) => e);
      expect(summarizeError(failure)).toMatchObject({ sqlstate: '25006', statement: expect.stringMatching(/^insert into "scrape_runs"/) });
    } finally {
      await readOnly.close();
      await admin.query(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
      await admin.end();
    }
  });
});
