import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
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
  });

  test('imported a second time, the file writes nothing', async () => {
    const before = await storedBillsSnapshot(ctx.handle);
    const summary = await importFiles(ctx.handle, [VIRGINIA_CSV]);
    expect(summary.counts).toMatchObject({ fetched: 3512, created: 0, updated: 0, unchanged: 3512, failed: 0 });
    expect(await storedBillsSnapshot(ctx.handle)).toEqual(before);
  });

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
      writeFileSync(file, 'not,a,lis,file\n1,2,3,4\n');
      const result = await runCli(['import', 'virginia', file, '--session', '20251'], { DATA_DIR: path.join(dir, 'data'), SEED: 'none' });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/virginia-lis: run 1 failed/);
      expect(result.stdout).toMatch(/layout_changed/);
      expect(result.stdout).toContain(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
