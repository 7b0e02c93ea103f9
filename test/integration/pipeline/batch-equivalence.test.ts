import { eq, sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { recordDecision } from '../../../db/bills/record-decision.js';
import { bills, users } from '../../../db/schema/index.js';
import { queryRows } from '../../../db/database.js';
import { importBills, type SourceItem } from '../../../scrapers/pipeline/import-bills.js';
import { FILE_IMPORTERS } from '../../../scrapers/sources/file-importers.js';
import type { NormalizedBillInput } from '../../../core/bill/bill.schema.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../helpers/test-database.js';
import { referencePath } from '../../helpers/reference.js';
import { openStatesFixtureBills } from '../../helpers/bill-fixtures.js';
import { storedRows } from '../../helpers/stored-rows.js';

const VIRGINIA_CSV = referencePath('pages', 'virginia', 'lis-BILLS-2025-session.csv');
const virginia = FILE_IMPORTERS.find((i) => i.kind === 'virginia')!;

/**
 * The records with one more action each (the day a committee met again): every bill changes,
 * and every fifth one is reported failed too (a status move for the change log).
 */
function withNewAction(records: SourceItem[]): NormalizedBillInput[] {
  return (records as NormalizedBillInput[]).map((r, i) => ({
    ...r,
    actions: [...(r.actions ?? []), { date: '2026-01-14', description: 'Continued to 2026 session', actorClassification: null }],
    statusHints: i % 5 === 0 ? [...(r.statusHints ?? []), 'failed'] : r.statusHints,
  }));
}

/** Runs the same imports through both paths, each into its own database, with the same staff decision in each. */
async function importBoth(perBill: TestDatabase, batched: TestDatabase, items: () => SourceItem[], today: string) {
  const policies = await loadPolicies(perBill);
  const one = await importBills(perBill.db, items(), { runId: null, today, policies, batchSize: 1 });
  const many = await importBills(batched.db, items(), { runId: null, today, policies, batchSize: 200 });
  return { one, many };
}

for (const kind of databaseKinds()) {
  describe(`batched and one-bill imports store the same rows [${kind}]`, () => {
    let perBill: TestDatabase;
    let batched: TestDatabase;

    beforeAll(async () => {
      [perBill, batched] = [await createTestDatabase(kind), await createTestDatabase(kind)];
      for (const handle of [perBill, batched]) {
        await seedDatabase(handle.db, { curated: true });
        await handle.db.insert(users).values({ email: 'analyst@example.org', name: 'Analyst', passwordHash: 'x' });
      }
    }, 120_000);

    afterAll(async () => {
      await perBill?.close();
      await batched?.close();
    });

    test('the real Virginia 2025 file: first import, a staff decision, then every bill changed', async () => {
      // The Virginia importer reads its CSV whole: a plain iterable.
      const read = () => [...(virginia.read([VIRGINIA_CSV], { session: '20251' }) as Iterable<SourceItem>)];
      // The whole file first; then (to keep the test short) the bills of the first 600 rows change.
      const some = () => withNewAction(read().slice(0, 600));
      const first = await importBoth(perBill, batched, read, '2025-06-01');
      expect(first.one.counts).toMatchObject({ fetched: 3512, created: 3512, failed: 0 });
      expect(first.many.counts).toEqual(first.one.counts);
      // Serial ids too: the batch takes them in the order the records came, as one by one does.
      expect(await storedRows(batched, { withIds: true })).toEqual(await storedRows(perBill, { withIds: true }));

      // Staff confirm a classified bill in both; the next import changes every bill and flags the decision.
      const changing = new Set(some().map((r) => r.identifier));
      const classified = (await queryRows<{ identifier: string; policy_id: string }>(perBill.db, sql`SELECT b.identifier, bp.policy_id FROM bill_policies bp JOIN bills b ON b.id = bp.bill_id ORDER BY b.id`))
        .find((c) => changing.has(c.identifier))!;
      expect(classified).toBeDefined();
      for (const handle of [perBill, batched]) {
        const [bill] = await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, classified.identifier));
        await recordDecision(handle.db, bill.id, classified.policy_id, { decision: 'confirm', stance: 'supports', strength: 'full', note: 'checked' }, null);
      }
      const changed = await importBoth(perBill, batched, some, '2026-02-01');
      expect(changed.one.counts).toMatchObject({ updated: 600, failed: 0 });
      expect(changed.many.counts).toEqual(changed.one.counts);
      const rows = await storedRows(batched, { withIds: true });
      expect(rows).toEqual(await storedRows(perBill, { withIds: true }));
      expect(rows.decisions).toEqual([expect.objectContaining({ decision: 'confirm', needs_review: 'the bill changed after this decision' })]);
      expect(rows.changeLog.length).toBeGreaterThan(3512);

      const again = await importBoth(perBill, batched, some, '2026-02-01');
      expect(again.one.counts).toMatchObject({ unchanged: 600 });
      expect(again.many.counts).toEqual(again.one.counts);
    }, 600_000);

    test('the Open States fixtures, including a source with fresher facts for a bill another source stored', async () => {
      const records = openStatesFixtureBills();
      expect(records.length).toBeGreaterThanOrEqual(6);
      const first = await importBoth(perBill, batched, () => records, '2026-02-01');
      expect(first.many.counts).toEqual(first.one.counts);
      expect(first.one.counts.created).toBe(records.length);
      // Virginia's own feed for HB 5099 of 2020S1, older than Open States' facts: only linked.
      const stale: NormalizedBillInput = {
        ...records.find((r) => r.identifier === 'HB 5099')!, source: 'virginia-lis', externalId: '20202/HB5099', actions: [{ date: '2020-08-18', description: 'Prefiled and ordered printed' }],
      };
      const linked = await importBoth(perBill, batched, () => [stale, ...withNewAction(records)], '2026-02-02');
      expect(linked.many.counts).toEqual(linked.one.counts);
      expect(linked.one.counts).toMatchObject({ created: 1, updated: records.length });
      expect(await storedRows(batched, { withIds: true })).toEqual(await storedRows(perBill, { withIds: true }));
    }, 300_000);

    test('a bad record fails alone, named by its URL, on both paths', async () => {
      const records = openStatesFixtureBills();
      const broken = { ...records[0], externalId: 'broken', identifier: 'HB 999999', jurisdictionId: 'ocd-jurisdiction/country:us/state:zz/government', sourceUrl: 'https://example.org/broken' };
      const result = await importBoth(perBill, batched, () => [broken, ...withNewAction(withNewAction(records))], '2026-02-03');
      for (const r of [result.one, result.many]) {
        expect(r.counts).toMatchObject({ failed: 1, updated: records.length });
        expect(r.errors).toEqual([expect.objectContaining({ url: 'https://example.org/broken', code: 'write_failed', message: expect.stringContaining('HB 999999') })]);
      }
      expect(await storedRows(batched)).toEqual(await storedRows(perBill));
    }, 300_000);
  });
}
