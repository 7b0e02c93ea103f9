import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../../db/connect.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { queryRows } from '../../../db/database.js';
import { importBills } from '../../../scrapers/pipeline/import-bills.js';
import { FILE_IMPORTERS } from '../../../scrapers/sources/file-importers.js';
import { createTestDatabase, databaseKinds } from '../../helpers/test-database.js';
import { referencePath } from '../../helpers/reference.js';
import { storedRows } from '../../helpers/stored-rows.js';

const CHILD = path.resolve('test/helpers/import-and-die.ts');
const VIRGINIA_CSV = referencePath('pages', 'virginia', 'lis-BILLS-2025-session.csv');
const virginia = FILE_IMPORTERS.find((i) => i.kind === 'virginia')!;

function runImportAndDie(target: string): Promise<{ stdout: string; stderr: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`: the process killed is the one importing (npx would run it in a grandchild).
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ stdout, stderr, signal }));
  });
}

async function importVirginia(handle: DatabaseHandle) {
  return importBills(handle.db, virginia.read([VIRGINIA_CSV], { session: '20251' }), { runId: null, today: '2025-06-01', policies: await loadPolicies(handle), batchSize: 200 });
}

for (const kind of databaseKinds()) {
  describe(`an import killed mid-batch [${kind}]`, () => {
    test('re-run, it leaves the same rows as a clean import: no half-written bill, nothing lost', async () => {
      const clean = await createTestDatabase(kind);
      const dir = kind === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'import-kill-')) : null;
      let killed: DatabaseHandle | null = kind === 'postgres' ? await createTestDatabase('postgres') : await openDatabase({ databaseUrl: null, dataDir: dir!, command: 'interrupted-import-test' });
      try {
        await seedDatabase(clean.db, { curated: true });
        await migrateDatabase(killed);
        await seedDatabase(killed.db, { curated: true });
        const target = kind === 'postgres' ? (killed as DatabaseHandle & { url: string }).url : dir!;
        if (kind === 'pglite') {
          await killed.close(); // the child opens the folder; two processes never hold it at once
          killed = null;
        }
        const child = await runImportAndDie(target);
        expect(child.stdout).toContain('dying');
        expect(child.signal).toBe('SIGKILL');
        killed ??= await openDatabase({ databaseUrl: null, dataDir: dir!, command: 'interrupted-import-test' });

        // What the killed run left: whole batches only (each bill with its actions, links and rollup items).
        const [partial] = await queryRows<{ bills: string | number; linked: string | number; orphans: string | number }>(
          killed.db,
          sql`SELECT (SELECT count(*) FROM bills) AS bills, (SELECT count(*) FROM bill_sources) AS linked,
                     (SELECT count(*) FROM bills b WHERE NOT EXISTS (SELECT 1 FROM status_changes s WHERE s.bill_id = b.id)) AS orphans`,
        );
        expect(Number(partial.bills) % 200).toBe(0);
        expect(Number(partial.bills)).toBeLessThan(3512);
        expect(Number(partial.linked)).toBe(Number(partial.bills));
        expect(Number(partial.orphans)).toBe(0);

        const rerun = await importVirginia(killed);
        expect(rerun.counts).toMatchObject({ fetched: 3512, unchanged: Number(partial.bills), created: 3512 - Number(partial.bills), failed: 0 });
        expect((await importVirginia(clean)).counts).toMatchObject({ created: 3512 });
        expect(await storedRows(killed)).toEqual(await storedRows(clean));
      } finally {
        await killed?.close();
        await clean.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  });
}
