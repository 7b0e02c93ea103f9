import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { openDatabase } from '../../../db/connect.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { FILE_IMPORTERS } from '../../../scrapers/sources/file-importers.js';
import type { SourceAdapter } from '../../../scrapers/sources/source-adapter.js';
import type { SourceRecord } from '../../../core/sources/source-record.js';
import { storedBillsSnapshot } from '../../helpers/db-snapshot.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { readReference, referencePath } from '../../helpers/reference.js';
import { runCli } from '../../helpers/run-cli.js';

const VIRGINIA_CSV = referencePath('pages', 'virginia', 'lis-BILLS-2025-session.csv');
const virginia = FILE_IMPORTERS.find((i) => i.kind === 'virginia')!;

/** `tracker import virginia <files> --session 20251`, in process. */
async function importFiles(handle: TestDatabase, files: string[]) {
  const row = await ensureSource(handle.db, { id: 'virginia-lis', kind: 'virginia-lis', name: 'Virginia LIS' });
  const source: SourceRecord = { ...row, settings: {}, cursor: row.cursor as Record<string, unknown> };
  const adapter: SourceAdapter = { kind: 'virginia', start: () => ({ items: virginia.read(files, { session: '20251' }), requests: () => 0, cursorAfter: () => ({}) }) };
  return runSource(handle, testConfig(), source, adapter, { trigger: 'cli', params: { files }, today: '2026-11-24' });
}

describeEachDatabase("Virginia's 2025 LIS file", (ctx) => {
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
  });

  test('all 3,512 rows import, and the outcomes match the file’s own Passed / Failed / Approved / Vetoed flags', async () => {
    const summary = await importFiles(ctx.handle, [VIRGINIA_CSV]);
    expect(summary).toMatchObject({ outcome: 'ok', counts: { fetched: 3512, created: 3512, failed: 0 } });

    // Count the flags straight from the file, independently of the parser.
    const lines = readReference('pages', 'virginia', 'lis-BILLS-2025-session.csv').trim().split(/\r?\n/);
    const header = lines[0].split(',').map((h) => h.replace(/"/g, '').trim());
    const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    const rows = lines.slice(1).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
    const flagged = (name: string) => rows.filter((r) => r[col(name)] === 'Y').length;
    const [counts] = await queryRows<{ enacted: string; vetoed: string }>(
      ctx.handle.db,
      sql`SELECT count(*) FILTER (WHERE status = 'enacted' AND classification = 'bill') AS enacted, count(*) FILTER (WHERE status = 'vetoed') AS vetoed FROM bills`,
    );
    expect(Number(counts.enacted)).toBe(flagged('Approved'));
    expect(Number(counts.vetoed)).toBe(flagged('Vetoed'));
    expect(flagged('Approved')).toBe(671);
    expect(flagged('Vetoed')).toBe(157);

    // The session ended 2025-02-22 (the seeded session table): every HB and SB is enacted, vetoed,
    // carried over or failed exactly as the file's own flags say, and no resolution is a law.
    const stored = new Map((await queryRows<{ identifier: string; status: string; kind: string }>(ctx.handle.db, sql`SELECT identifier, status, kind FROM bills`)).map((b) => [b.identifier.replace(' ', ''), b]));
    const wrong: string[] = [];
    for (const r of rows) {
      const id = r[col('Bill_id')];
      if (!/^(HB|SB)/.test(id)) continue;
      const want = r[col('Approved')] === 'Y' ? 'enacted' : r[col('Vetoed')] === 'Y' ? 'vetoed' : r[col('Carried_over')] === 'Y' ? 'pending' : 'failed';
      if (stored.get(id)?.status !== want) wrong.push(`${id}: ${want} vs ${stored.get(id)?.status}`);
    }
    expect(wrong).toEqual([]);
    const resolutions = [...stored.values()].filter((b) => /^(HJ|SJ|HR|SR)/.test(b.identifier));
    expect(resolutions).toHaveLength(1148);
    expect(resolutions.filter((b) => b.status === 'enacted' || b.kind === 'bill')).toEqual([]);
    const [enacted] = await queryRows<{ n: string }>(ctx.handle.db, sql`SELECT count(*) AS n FROM bills WHERE status = 'enacted'`);
    expect(Number(enacted.n)).toBe(671);
  }, 300_000); // 3,512 bills through the whole pipeline, on a machine shared by many

  test('imported a second time, the file writes nothing', async () => {
    const before = await storedBillsSnapshot(ctx.handle);
    const summary = await importFiles(ctx.handle, [VIRGINIA_CSV]);
    expect(summary.counts).toMatchObject({ fetched: 3512, created: 0, updated: 0, unchanged: 3512, failed: 0 });
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
  }, 300_000);

  test('a file whose layout changed fails loudly naming the column and file, and the stored bills stay as they were', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'va-layout-'));
    try {
      const original = readReference('pages', 'virginia', 'lis-BILLS-2025-session.csv');
      const [header, ...rest] = original.split('\n');
      const renamed = header.replace('Bill_description', 'Bill_desc');
      expect(renamed).not.toBe(header);
      const file = path.join(dir, 'BILLS.CSV');
      writeFileSync(file, [renamed, ...rest].join('\n'));
      const before = await storedBillsSnapshot(ctx.handle);
      const summary = await importFiles(ctx.handle, [file]);
      expect(summary.outcome).toBe('failed');
      expect(summary.errors[0].code).toBe('layout_changed');
      expect(summary.errors[0].message).toMatch(/Bill_description/);
      expect(summary.errors[0].message).toContain(`file://${file}`);
      expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tracker import on the command line', () => {
  test('a failed import exits non-zero and says what went wrong where', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'va-cli-'));
    try {
      const file = path.join(dir, 'BILLS.CSV');
      // A BILLS.CSV whose columns changed: the source's layout, so a failed run.
      writeFileSync(file, '"Bill_id","Bill_desc"\n"HB1","x"\n');
      const result = await runCli(['import', 'virginia', file, '--session', '20251'], { DATA_DIR: path.join(dir, 'data'), SEED: 'none' });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/virginia-lis: run 1 failed/);
      expect(result.stdout).toMatch(/layout_changed/);
      expect(result.stdout).toContain(file);
      // A file of another kind altogether is the command's mistake: a usage error, and no run recorded.
      const other = path.join(dir, 'bill.json');
      writeFileSync(other, '{"id": "ocd-bill/1"}');
      const wrong = await runCli(['import', 'virginia', other, '--session', '20251'], { DATA_DIR: path.join(dir, 'data'), SEED: 'none' });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('import: virginia: bill.json is not a Virginia LIS BILLS.CSV or HISTORY.CSV');
      const noSession = await runCli(['import', 'virginia', file], { DATA_DIR: path.join(dir, 'data'), SEED: 'none' });
      expect(noSession.code).toBe(2);
      expect(noSession.stderr).toContain('give the LIS session code with --session');
      const runs = await runCli(['scrape', 'openstates', '--jurisdiction', 'zz'], { DATA_DIR: path.join(dir, 'data'), SEED: 'none', OPENSTATES_API_KEY: 'k' });
      expect(runs.code).toBe(2);
      expect(runs.stderr).toContain('unknown jurisdiction "zz"');
      // Only the failed import of the real (if changed) file is in the run history.
      const handle = await openDatabase({ databaseUrl: null, dataDir: path.join(dir, 'data') });
      try {
        expect(await queryRows<{ source_id: string; outcome: string }>(handle.db, sql`SELECT source_id, outcome FROM scrape_runs`)).toEqual([{ source_id: 'virginia-lis', outcome: 'failed' }]);
      } finally {
        await handle.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
