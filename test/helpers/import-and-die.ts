/**
 * Run by the interrupted-import test as a real child process (`npx tsx`): opens the database
 * named by its argument (a postgres:// URL or a PGlite data folder) and imports the recorded
 * Virginia 2025 file in batches of 200, killing itself with SIGKILL once the third batch is
 * being read, so the process dies while an earlier batch is being written.
 */
import path from 'node:path';
import { writeSync } from 'node:fs';
import { openDatabase } from '../../db/connect.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { importBills, type SourceItem } from '../../scrapers/pipeline/import-bills.js';
import { FILE_IMPORTERS } from '../../scrapers/sources/file-importers.js';
import { repoRoot } from './reference.js';

const target = process.argv[2];
if (!target) throw new Error('usage: import-and-die <postgres url | pglite data folder>');
const handle = target.startsWith('postgres')
  ? await openDatabase({ databaseUrl: target, dataDir: '' })
  : await openDatabase({ databaseUrl: null, dataDir: target, command: 'import-and-die' });
const file = path.resolve(repoRoot, '..', 'shared', 'reference', 'pages', 'virginia', 'lis-BILLS-2025-session.csv');
const virginia = FILE_IMPORTERS.find((i) => i.kind === 'virginia')!;

async function* dying(): AsyncGenerator<SourceItem> {
  let n = 0;
  for await (const item of virginia.read([file], { session: '20251' })) {
    n += 1;
    if (n === 450) {
      writeSync(1, 'dying\n');
      process.kill(process.pid, 'SIGKILL');
    }
    yield item;
  }
}

await importBills(handle.db, dying(), { runId: null, today: '2025-06-01', policies: await loadPolicies(handle), batchSize: 200 });
