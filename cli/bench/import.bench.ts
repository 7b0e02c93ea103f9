import { referencePath } from './checkout.js';
import { openDatabase, type DatabaseHandle } from '../../db/connect.js';
import { openScratchDatabase } from '../../db/scratch-database.js';
import { timeCopyOfStoredRows } from '../../db/bench/copy-baseline.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { importBills, type SourceItem } from '../../scrapers/pipeline/import-bills.js';
import { FILE_IMPORTERS } from '../../scrapers/sources/file-importers.js';
import { importFiles } from '../../scrapers/sources/import-files.js';
import { loadConfig } from '../../core/config.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { syntheticRecords } from './synthetic-records.js';
import type { Bench, BenchFigure, BenchResult } from './bench-result.js';

const BILLS = 20_000;
/** The recorded Virginia 2025 BILLS.CSV, read in place beside the checkout (never copied in). */
const VIRGINIA_CSV = referencePath('pages', 'virginia', 'lis-BILLS-2025-session.csv');

/** A fresh, migrated, seeded database on the engine measured (a throwaway one on a server). */
async function freshDatabase(serverUrl: string | null): Promise<DatabaseHandle> {
  const handle = serverUrl ? await openScratchDatabase(serverUrl, 'tracker_bench') : await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle.db, { curated: false });
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function timedImport(handle: DatabaseHandle, items: Iterable<SourceItem>, expect: 'created' | 'unchanged', count: number): Promise<number> {
  const policies = await loadPolicies(handle);
  const started = performance.now();
  const { counts, errors } = await importBills(handle.db, items, { runId: null, today: '2025-06-01', policies });
  const seconds = (performance.now() - started) / 1000;
  if (counts[expect] !== count) throw new Error(`import bench: expected ${count} ${expect}, got ${JSON.stringify(counts)} ${JSON.stringify(errors.slice(0, 3))}`);
  return seconds;
}

/**
 * Import throughput on the engine configured (PostgreSQL in a throwaway database when
 * DATABASE_URL is set, else embedded): 20,000 bills through the whole pipeline (validate,
 * derive, classify, write in batches, roll up) beside COPY of the very rows it stored into
 * another database of the same schema, with every index and constraint; the same records
 * imported again (all unchanged) beside the first import; and the recorded Virginia 2025 file,
 * first import and again.
 */
export const importBench: Bench = {
  name: 'import',
  async run(options): Promise<BenchResult> {
    const serverUrl = options?.databaseUrl ?? null;
    const engine = serverUrl ? 'PostgreSQL, throwaway databases' : 'embedded PostgreSQL (PGlite)';
    const figures: BenchFigure[] = [];
    const records = syntheticRecords(BILLS);
    const source = await freshDatabase(serverUrl);
    try {
      const first = await timedImport(source, records, 'created', BILLS);
      // A re-read lasts a fifth of a second, so one burst on a shared machine can double it:
      // the median of three (each a whole re-read finding every record unchanged).
      const agains = [];
      for (let i = 0; i < 3; i++) agains.push(await timedImport(source, records, 'unchanged', BILLS));
      const again = [...agains].sort((x, y) => x - y)[1];
      const target = await freshDatabase(serverUrl);
      let copy: { seconds: number; rows: number };
      try {
        copy = await timeCopyOfStoredRows(source, target);
      } finally {
        await target.close();
      }
      figures.push(
        {
          name: `import ${BILLS.toLocaleString('en-US')} new bills (validate, derive, classify, batched writes, rollup)`,
          value: Math.round(BILLS / first),
          unit: 'bills/s',
          baseline: { name: `COPY of the ${copy.rows.toLocaleString('en-US')} rows the import stored, into the same schema (indexes, constraints)`, value: Math.round(BILLS / copy.seconds) },
          note: `import ${first.toFixed(2)} s, COPY ${copy.seconds.toFixed(2)} s`,
        },
        {
          name: `re-import of the same ${BILLS.toLocaleString('en-US')} records (all unchanged; median of three)`,
          value: Number((again * 1000).toFixed(0)),
          unit: 'ms',
          baseline: { name: 'their first import', value: Number((first * 1000).toFixed(0)) },
          note: `median of three re-imports: ${agains.map((x) => (x * 1000).toFixed(0)).join(', ')} ms`,
        },
      );
    } finally {
      await source.close();
    }

    // The Virginia file through the path `tracker import` and uploads take (a recorded run each).
    const virginia = FILE_IMPORTERS.find((i) => i.kind === 'virginia')!;
    const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off' });
    const va = await freshDatabase(serverUrl);
    try {
      const fileImport = async (expect: 'created' | 'unchanged', force: boolean) => {
        const started = performance.now();
        const summary = await importFiles(va, config, virginia, [VIRGINIA_CSV], { session: '20251' }, { trigger: 'cli', params: {}, force, today: '2025-06-01' });
        const ms = performance.now() - started;
        if (summary.outcome !== 'ok' || summary.counts[expect] !== summary.counts.fetched) throw new Error(`import bench: expected every record ${expect}, got ${JSON.stringify(summary.counts)}`);
        return { ms, rows: summary.counts.fetched };
      };
      const first = await fileImport('created', false);
      const again = await fileImport('unchanged', false);
      const forced = await fileImport('unchanged', true);
      const baseline = { name: 'its first import', value: Number(first.ms.toFixed(0)) };
      figures.push(
        {
          name: `re-import of the unchanged Virginia 2025 BILLS.CSV (${first.rows.toLocaleString('en-US')} bills; its bytes match the last clean run)`,
          value: Number(again.ms.toFixed(0)),
          unit: 'ms',
          baseline,
        },
        {
          name: 'the same with --force (read, parsed and looked up again)',
          value: Number(forced.ms.toFixed(0)),
          unit: 'ms',
          baseline,
        },
      );
    } finally {
      await va.close();
    }
    return { title: `Import (${engine})`, figures };
  },
};
