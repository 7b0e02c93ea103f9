import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { referencePath } from './checkout.js';
import { zipSync } from 'fflate';
import { openDatabase } from '../../db/connect.js';
import { timeCopyOfStoredRows } from '../../db/bench/copy-baseline.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { importBills } from '../../scrapers/pipeline/import-bills.js';
import { bulkExportRecords } from '../../scrapers/sources/openstates-bulk-records.js';
import { resolveStateJurisdiction } from '../../scrapers/sources/openstates.source.js';
import { loadBulkExport, locateBulkExports } from '../../scrapers/openstates-bulk/bulk-export.parser.js';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { Bench, BenchResult } from './bench-result.js';

/** New Hampshire's real 2024 export (1,324 bills, 16,527 actions), read in place beside the checkout. */
const EXPORT = referencePath('openstates-bulk', 'nh-2024');

/** The folder zipped the way Open States publishes it: `NH/2024/<file>` and a root README. */
function zipExport(dir: string): string {
  const members: Record<string, Uint8Array> = {};
  for (const name of readdirSync(EXPORT)) members[name === 'README.txt' ? 'README' : `NH/2024/${name}`] = new Uint8Array(readFileSync(path.join(EXPORT, name)));
  const file = path.join(dir, 'NH_2024_csv_bench.zip');
  writeFileSync(file, zipSync(members, { level: 6 }));
  return file;
}

/**
 * `tracker import openstates-bulk` of New Hampshire's 2024 export, zipped as published: the
 * reader alone (zip inflated and every table parsed and checked), then the whole pipeline
 * (validate, upsert, status, classify, rollup) the first time and again (writing nothing),
 * beside PostgreSQL COPY of the rows it stored into another database of the same schema, in the same run.
 */
export const openStatesBulkBench: Bench = {
  name: 'openstates-bulk',
  async run(): Promise<BenchResult> {
    if (!existsSync(EXPORT)) throw new Error(`openstates-bulk bench: the recorded export is missing at ${EXPORT}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-bulk-'));
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    try {
      const zip = zipExport(dir);
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: false });
      const policies = await loadPolicies(handle);

      let started = performance.now();
      const [location] = await locateBulkExports(zip);
      const loaded = await loadBulkExport(location!, { jurisdictionFor: resolveStateJurisdiction });
      const bills: NormalizedBillInput[] = [...loaded.bills()];
      const readSeconds = (performance.now() - started) / 1000;
      const actions = bills.reduce((n, b) => n + (b.actions?.length ?? 0), 0);

      started = performance.now();
      const first = await importBills(handle.db, bulkExportRecords([zip], { db: handle.db, jurisdictionFor: resolveStateJurisdiction }), { runId: null, today: '2025-06-01', policies });
      const firstSeconds = (performance.now() - started) / 1000;
      if (first.counts.created !== bills.length) throw new Error(`openstates-bulk bench: expected ${bills.length} created, got ${JSON.stringify(first.counts)}`);
      started = performance.now();
      const second = await importBills(handle.db, bulkExportRecords([zip], { db: handle.db, jurisdictionFor: resolveStateJurisdiction }), { runId: null, today: '2025-06-01', policies });
      const secondSeconds = (performance.now() - started) / 1000;
      if (second.counts.unchanged !== bills.length) throw new Error(`openstates-bulk bench: the second import changed something: ${JSON.stringify(second.counts)}`);

      // Baseline: the very rows the import stored, loaded by COPY into another database of the same schema.
      const target = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
      let copySeconds: number;
      try {
        await migrateDatabase(target);
        await seedDatabase(target.db, { curated: false });
        copySeconds = (await timeCopyOfStoredRows(handle, target)).seconds;
      } finally {
        await target.close();
      }
      const rate = (n: number, seconds: number) => Math.round(n / seconds);
      const copy = { name: 'COPY of the rows it stored into the same schema', value: rate(bills.length, copySeconds) };
      return {
        title: `Open States bulk import, NH 2024 (${bills.length.toLocaleString('en-US')} bills, ${actions.toLocaleString('en-US')} actions, ${loaded.counts.votes} votes; embedded PostgreSQL)`,
        figures: [
          { name: 'read: unzip, parse and check every table, build the bills', value: rate(bills.length, readSeconds), unit: 'bills/s', baseline: copy, note: `${rate(actions, readSeconds).toLocaleString('en-US')} actions/s` },
          { name: 'first import: read + validate + upsert + status + classify + rollup', value: rate(bills.length, firstSeconds), unit: 'bills/s', baseline: copy, note: `${rate(actions, firstSeconds).toLocaleString('en-US')} actions/s; ${firstSeconds.toFixed(1)} s in all` },
          { name: 'second import: the same export again, writing nothing', value: rate(bills.length, secondSeconds), unit: 'bills/s', baseline: copy, note: `${secondSeconds.toFixed(1)} s in all` },
        ],
      };
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
