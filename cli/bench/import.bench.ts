import { openDatabase } from '../../db/connect.js';
import { timeCopyBaseline } from '../../db/bench/copy-baseline.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { importBills } from '../../scrapers/pipeline/import-bills.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { Bench, BenchResult } from './bench-result.js';

const BILLS = 1500;
const ACTIONS_PER_BILL = 8;
const VA = 'ocd-jurisdiction/country:us/state:va/government';

const TITLES = [
  'Search warrants; no-knock warrants prohibited',
  'Law-enforcement officers; decertification for serious misconduct',
  'Marcus alert system; mobile crisis teams and 988 call centers',
  'Highway maintenance; bridge inspections',
  'Record sealing; automatic sealing of certain convictions',
  'School resource officers; memoranda of understanding',
];

function syntheticBills(): NormalizedBillInput[] {
  return Array.from({ length: BILLS }, (_, i) => ({
    source: 'bench',
    externalId: `bench-${i}`,
    jurisdictionId: VA,
    session: '2025',
    identifier: `HB ${i + 1}`,
    title: `${TITLES[i % TITLES.length]} (${i})`,
    chamber: 'lower',
    actions: Array.from({ length: ACTIONS_PER_BILL }, (_, k) => ({
      date: `2025-01-${String(10 + k).padStart(2, '0')}`,
      description: k === 0 ? 'Prefiled and ordered printed' : k === 1 ? 'Referred to Committee for Courts of Justice' : `Committee action ${k}`,
      actorClassification: 'lower' as const,
      sourceClassification: k === 0 ? ['introduction'] : k === 1 ? ['referral-committee'] : [],
    })),
  }));
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Import throughput: bills with their actions through the whole pipeline (validate,
 * upsert, status, classify, rollup, one transaction per bill) into the embedded
 * PostgreSQL, beside the same rows loaded by PostgreSQL's COPY in the same run.
 */
export const importBench: Bench = {
  name: 'import',
  async run(): Promise<BenchResult> {
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: false });
      const bills = syntheticBills();
      const policies = await loadPolicies(handle);
      const started = performance.now();
      const { counts } = await importBills(handle.db, bills, { runId: null, today: '2025-06-01', policies });
      const pipelineSeconds = (performance.now() - started) / 1000;
      if (counts.created !== BILLS) throw new Error(`import bench: expected ${BILLS} created, got ${JSON.stringify(counts)}`);

      // Baseline: the same bill and action rows, loaded by COPY into empty copies of the tables.
      const billCsv = bills.map((b, i) => [i + 1, b.jurisdictionId, b.session, b.identifier, b.title, 'bench', 'hash'].map(csvCell).join(',')).join('\n');
      const actionCsv = bills
        .flatMap((b, i) => b.actions!.map((a, k) => [i * ACTIONS_PER_BILL + k + 1, i + 1, k, a.date ?? null, a.description].map(csvCell).join(',')))
        .join('\n');
      const copySeconds = await timeCopyBaseline(handle, billCsv, actionCsv);
      return {
        title: `Import throughput (${BILLS} bills × ${ACTIONS_PER_BILL} actions, embedded PostgreSQL)`,
        figures: [
          {
            name: 'pipeline: validate + upsert + status + classify + rollup',
            value: Math.round(BILLS / pipelineSeconds),
            unit: 'bills/s',
            baseline: { name: 'COPY of the same bill and action rows', value: Math.round(BILLS / copySeconds) },
          },
        ],
      };
    } finally {
      await handle.close();
    }
  },
};
