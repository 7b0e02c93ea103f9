import { sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { queryRows } from '../../../db/database.js';
import { inTransaction } from '../../../db/bills/bill-writer.js';
import { insertJsonRows } from '../../../db/bills/json-rows.js';
import { copyPayloads, copyRows } from '../../../db/bills/copy-rows.js';
import { actions, billPolicies, votes } from '../../../db/schema/index.js';
import { importBills } from '../../../scrapers/pipeline/import-bills.js';
import { syntheticRecords } from '../../../cli/bench/synthetic-records.js';
import { describeEachDatabase } from '../../helpers/test-database.js';

/** Text a scraped page can carry: every character COPY's text format or an array literal treats specially. */
const NASTY = [
  'tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\.', '\\N', 'NULL', '', ' ', '"quoted"', "it's",
  '{braces}', 'a,b', 'ünïcødé — “quotes” 🚓', 'ends with backslash\\', '\\t literally',
];

describeEachDatabase('rows loaded with COPY are stored as the JSON statements store them', (ctx) => {
  let billIds: number[] = [];

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    const policies = await loadPolicies(ctx.handle);
    await importBills(ctx.handle.db, syntheticRecords(2, 1, 'copy-rows'), { runId: null, today: '2025-06-01', policies });
    const rows = await queryRows<{ id: string | number }>(ctx.handle.db, sql`SELECT id FROM bills ORDER BY id`);
    billIds = rows.map((r) => Number(r.id));
    // Only the rows this test writes: the import's own children are not compared.
    await ctx.handle.db.execute(sql`DELETE FROM actions`);
    await ctx.handle.db.execute(sql`DELETE FROM votes`);
    await ctx.handle.db.execute(sql`DELETE FROM bill_policies`);
  }, 120_000);

  /** The same rows for one bill, whichever way they are written. */
  const actionRows = (billId: number) =>
    NASTY.map((text, position) => ({
      billId, position, date: position % 2 ? '2025-02-0' + (1 + (position % 9)) : null, description: text, actor: position % 3 ? text : null,
      actorClassification: position % 4 ? 'lower' : null, sourceClassification: [text, 'x'], classification: position % 5 ? [] : [text], passed: position % 3 === 0 ? null : position % 2 === 0,
    }));
  const voteRows = (billId: number) =>
    NASTY.map((text, position) => ({
      billId, position, date: null, motion: text, result: 'pass', organization: null, chamber: 'upper',
      counts: { yes: position, no: 0, [text]: 1 }, voters: [{ name: text, option: 'yes', personId: null }], sourceId: text,
    }));
  const policyRows = (billId: number) => [
    { billId, policyId: 'no-knock', score: 0.625, stance: 'supports', strength: 'full', evidence: NASTY.map((t) => ({ text: t, field: 'title' })) },
    { billId, policyId: 'decertification', score: 1 / 3, stance: 'opposes', strength: null, evidence: [] },
  ];

  async function stored(table: 'actions' | 'votes' | 'bill_policies', billId: number) {
    const rows = await queryRows<Record<string, unknown>>(ctx.handle.db, sql`SELECT * FROM ${sql.identifier(table)} WHERE bill_id = ${billId} ORDER BY 2, 3`);
    // Ids and the time of writing differ by design; everything else must not.
    return rows.map(({ id: _id, bill_id: _bill, classified_at: _at, ...rest }) => rest);
  }

  it('stores every special character, null, list and JSON value exactly as given, and as the JSON path does', async () => {
    const [viaJson, viaCopy] = billIds;
    await inTransaction(ctx.handle.db, async (tx) => {
      await insertJsonRows(tx, actions, actionRows(viaJson));
      await insertJsonRows(tx, votes, voteRows(viaJson));
      await insertJsonRows(tx, billPolicies, policyRows(viaJson));
    });
    // All three tables in one exchange, as a batch sends them.
    await inTransaction(ctx.handle.db, (tx) => copyRows(tx, [...copyPayloads(actions, actionRows(viaCopy)), ...copyPayloads(votes, voteRows(viaCopy)), ...copyPayloads(billPolicies, policyRows(viaCopy))]));
    for (const table of ['actions', 'votes', 'bill_policies'] as const) {
      const [json, copy] = [await stored(table, viaJson), await stored(table, viaCopy)];
      expect(copy.length).toBeGreaterThan(0);
      expect(copy).toEqual(json);
    }
    const descriptions = (await stored('actions', viaCopy)).map((r) => r.description);
    expect(descriptions).toEqual(NASTY);
    const lists = (await stored('actions', viaCopy)).map((r) => r.source_classification);
    expect(lists).toEqual(NASTY.map((t) => [t, 'x']));
    const voters = (await stored('votes', viaCopy)).map((r) => (r.voters as { name: string }[])[0].name);
    expect(voters).toEqual(NASTY);
  });

  it('leaves a key a row does not give to the column default, as the JSON path does', async () => {
    const billId = billIds[0];
    const rows = [{ billId, position: 900, description: 'no lists given' }, { billId, position: 901, description: 'lists given', classification: ['passage'] }];
    const payloads = copyPayloads(actions, rows);
    expect(payloads.map((p) => p.rows)).toEqual([1, 1]);
    await inTransaction(ctx.handle.db, (tx) => copyRows(tx, payloads));
    const got = await queryRows<{ position: number; classification: string[]; source_classification: string[] }>(
      ctx.handle.db, sql`SELECT position, classification, source_classification FROM actions WHERE bill_id = ${billId} AND position >= 900 ORDER BY position`,
    );
    expect(got).toEqual([
      { position: 900, classification: [], source_classification: [] },
      { position: 901, classification: ['passage'], source_classification: [] },
    ]);
  });

  it('refuses a value its column cannot take, naming the column, before anything is sent', () => {
    expect(() => copyPayloads(actions, [{ billId: billIds[0], position: 950, description: { not: 'text' } }])).toThrow(/actions\.description/);
    expect(() => copyPayloads(actions, [{ billId: billIds[0], position: 951, description: 'x', classification: ['ok', 3] }])).toThrow(/actions\.classification/);
  });

  it('a row the database refuses fails the whole COPY and its transaction keeps nothing', async () => {
    const billId = billIds[1];
    const before = await stored('actions', billId);
    // Two rows at one position: the unique index refuses the second.
    const payloads = copyPayloads(actions, [{ billId, position: 800, description: 'first' }, { billId, position: 800, description: 'duplicate' }]);
    await expect(inTransaction(ctx.handle.db, (tx) => copyRows(tx, payloads))).rejects.toThrow(/actions_bill_position|duplicate key/);
    expect(await stored('actions', billId)).toEqual(before);
  });

  it('after a refused COPY among several, the rows behind it are skipped and the connection goes on working', async () => {
    const billId = billIds[1];
    const before = await stored('votes', billId);
    // The first COPY refers to a bill that does not exist; the second is fine but must not land.
    const refused = [...copyPayloads(actions, [{ billId: 987654321, position: 0, description: 'no such bill' }]), ...copyPayloads(votes, voteRows(billId).slice(0, 2))];
    await expect(inTransaction(ctx.handle.db, (tx) => copyRows(tx, refused))).rejects.toThrow(/foreign key|actions_bill_id/);
    expect(await stored('votes', billId)).toEqual(before);
    // Several times over: a connection left mid-COPY would answer the next transactions wrongly.
    for (let round = 0; round < 3; round++) {
      const position = 700 + round;
      await inTransaction(ctx.handle.db, (tx) => copyRows(tx, copyPayloads(actions, [{ billId, position, description: `round ${round}` }])));
      const [row] = await queryRows<{ description: string }>(ctx.handle.db, sql`SELECT description FROM actions WHERE bill_id = ${billId} AND position = ${position}`);
      expect(row.description).toBe(`round ${round}`);
    }
  });
});
