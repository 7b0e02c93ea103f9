import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { textArray } from '../../../db/sql-arrays.js';
import { billContentHash, legacyBillContentHashV2, sourceRecordHash } from '../../../core/bill/content-hash.js';
import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { recordSchemaVersion } from '../../../scrapers/pipeline/prepare-bill.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, policyDecisions, statusChanges, users, votes } from '../../../db/schema/index.js';
import { recordDecision } from '../../../db/bills/record-decision.js';
import { getBillDetail } from '../../../db/queries/bill-detail.js';
import { policyMap } from '../../../db/queries/policy-map.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { importFixtureBills, makeBill, VIRGINIA } from '../../helpers/bill-fixtures.js';

describeEachDatabase('import pipeline', (ctx) => {
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
  });

  test('a new bill is stored with its stage, status, policies and one change-log row', async () => {
    const result = await importFixtureBills(ctx.handle, [makeBill()]);
    expect(result.counts).toMatchObject({ fetched: 1, created: 1, failed: 0 });
    const [bill] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 5099'));
    expect(bill).toMatchObject({ stage: 'enacted', status: 'enacted', latestActionOn: '2020-10-28' });
    const detail = await getBillDetail(ctx.handle.db, bill.id);
    expect(detail!.policies).toEqual([expect.objectContaining({ policy: 'no-knock', stance: 'supports', source: 'machine' })]);
    expect(detail!.actions.map((a) => a.description)).toContain('Approved by Governor-Chapter 39');
    expect(detail!.history).toHaveLength(1);
    const map = await policyMap(ctx.handle.db, 'no-knock');
    // An outright ban ("no-knock warrants prohibited") is the machine's strength `full`.
    expect(map.find((e) => e.id === VIRGINIA)).toMatchObject({ status: 'enacted', strength: 'full' });
  });

  test('re-importing an unchanged bill writes nothing', async () => {
    const [before] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 5099'));
    const result = await importFixtureBills(ctx.handle, [makeBill()]);
    expect(result.counts).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    const [after] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 5099'));
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  test('new actions move the stage once, append one change-log row and keep the staff decision (flagged for review)', async () => {
    const pending = makeBill({ identifier: 'SB 5030', externalId: 'sb5030', title: 'Law-enforcement officers; decertification for misconduct', chamber: 'upper', actions: [
      { date: '2020-08-18', description: 'Presented and ordered printed', actorClassification: 'upper', sourceClassification: ['introduction'] },
      { date: '2020-08-19', description: 'Referred to Committee on the Judiciary', actorClassification: 'upper', sourceClassification: ['referral-committee'] },
    ] });
    await importFixtureBills(ctx.handle, [pending]);
    const [bill] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'SB 5030'));
    expect(bill).toMatchObject({ stage: 'committee', status: 'pending' });
    const [staff] = await ctx.handle.db.insert(users).values({ email: 'analyst@example.org', name: 'Analyst', passwordHash: 'x' }).returning();
    await recordDecision(ctx.handle.db, bill.id, 'decertification', { decision: 'confirm', stance: 'supports', strength: 'full', note: 'model bill' }, staff.id);

    const moved = { ...pending, actions: [...pending.actions!, { date: '2020-09-02', description: 'Passed Senate (21-Y 17-N)', actorClassification: 'upper' as const, sourceClassification: ['passage'] }] };
    const result = await importFixtureBills(ctx.handle, [moved]);
    expect(result.counts).toMatchObject({ updated: 1 });
    await importFixtureBills(ctx.handle, [moved]);

    const changes = await ctx.handle.db.select().from(statusChanges).where(eq(statusChanges.billId, bill.id));
    expect(changes.map((c) => c.toStage)).toEqual(['committee', 'passed_one_chamber']);
    expect(changes[1]).toMatchObject({ fromStage: 'committee', actionDescription: 'Passed Senate (21-Y 17-N)' });
    const [decision] = await ctx.handle.db.select().from(policyDecisions).where(eq(policyDecisions.billId, bill.id));
    expect(decision).toMatchObject({ decision: 'confirm', strength: 'full', note: 'model bill', needsReview: 'the bill changed after this decision' });
  });

  test('roll-call votes are stored with their tally and members, and a bill without votes keeps its content hash', async () => {
    const [before] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 5099'));
    const withVote = makeBill({
      votes: [{
        date: '2020-10-16', motion: 'Passed House (49-Y 45-N)', result: 'pass', organization: 'House', chamber: 'lower',
        counts: { yes: 49, no: 45 }, voters: [{ name: 'Delegate A', option: 'yes' }, { name: 'Delegate B', option: 'no' }],
      }],
    });
    expect((await importFixtureBills(ctx.handle, [withVote])).counts).toMatchObject({ updated: 1 });
    const stored = await ctx.handle.db.select().from(votes).where(eq(votes.billId, before.id));
    expect(stored).toEqual([expect.objectContaining({ position: 0, date: '2020-10-16', result: 'pass', chamber: 'lower', counts: { yes: 49, no: 45 } })]);
    expect(stored[0].voters).toEqual([{ name: 'Delegate A', option: 'yes', personId: null }, { name: 'Delegate B', option: 'no', personId: null }]);
    // The bill as first imported (no votes) hashes as it always did: re-importing it is an update back, not a new hash scheme.
    expect((await importFixtureBills(ctx.handle, [makeBill()])).counts).toMatchObject({ updated: 1 });
    const [after] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 5099'));
    expect(after.contentHash).toBe(before.contentHash);
    expect(await ctx.handle.db.select().from(votes).where(eq(votes.billId, before.id))).toEqual([]);
  });

  test('a malformed record is reported with its URL and the rest of the run continues', async () => {
    const broken = makeBill({ identifier: 'HB 1', externalId: 'hb1', title: '', sourceUrl: 'https://lis.virginia.gov/bill-details/20202/HB1' });
    const fine = makeBill({ identifier: 'HB 2', externalId: 'hb2', title: 'Marcus alert system; mobile crisis teams' });
    const result = await importFixtureBills(ctx.handle, [broken, fine]);
    expect(result.counts).toMatchObject({ fetched: 2, created: 1, failed: 1 });
    expect(result.errors[0]).toMatchObject({ url: 'https://lis.virginia.gov/bill-details/20202/HB1', code: 'invalid_record' });
    expect(result.errors[0].message).toMatch(/title/);
  });

  test('a record that holds itself fails alone, named by its URL, and the run goes on', async () => {
    const cyclic = makeBill({ identifier: 'HB 3', externalId: 'hb3', sourceUrl: 'https://lis.virginia.gov/bill-details/20202/HB3' });
    const extras: Record<string, unknown> = {};
    extras.self = extras;
    cyclic.extras = extras;
    const fine = makeBill({ identifier: 'HB 4', externalId: 'hb4', title: 'Law-enforcement officers; decertification' });
    const result = await importFixtureBills(ctx.handle, [cyclic, fine]);
    expect(result.counts).toMatchObject({ fetched: 2, created: 1, failed: 1 });
    expect(result.errors).toEqual([expect.objectContaining({ url: 'https://lis.virginia.gov/bill-details/20202/HB3', code: 'invalid_record' })]);
    expect(result.errors[0].message).toMatch(/^unreadable record HB 3: .*call stack/);
  });
  test('bills stored under content hash version 2 are found unchanged: nothing rewritten, no change-log row, a staff decision not flagged; the new hash is kept once', async () => {
    const records = ['HB 7101', 'HB 7102'].map((identifier) => makeBill({ identifier, title: `Search warrants; no-knock warrants prohibited (${identifier})` }));
    expect((await importFixtureBills(ctx.handle, records)).counts).toMatchObject({ created: 2 });
    const keys = records.map((r) => r.externalId!);
    const [bill] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 7101'));
    const [staff] = await ctx.handle.db.insert(users).values({ email: 'v2-hash@example.org', name: 'Analyst', passwordHash: 'x' }).returning();
    // As an older tracker stored them: version 2 hashes, on the bills, their links and the decision.
    const v2 = records.map((r) => legacyBillContentHashV2(normalizedBillSchema.parse(r)));
    expect(v2.every((h) => h.startsWith('v2:'))).toBe(true);
    for (const [i, externalId] of keys.entries()) {
      await ctx.handle.db.execute(sql`UPDATE bill_sources SET content_hash = ${v2[i]}, record_hash = repeat('cd', 20) WHERE external_id = ${externalId}`);
      await ctx.handle.db.execute(sql`UPDATE bills SET content_hash = ${v2[i]} WHERE id = (SELECT bill_id FROM bill_sources WHERE external_id = ${externalId})`);
    }
    await recordDecision(ctx.handle.db, bill.id, 'no-knock', { decision: 'confirm', stance: 'supports', strength: 'full' }, staff.id);
    const changesBefore = (await ctx.handle.db.select().from(statusChanges)).length;

    expect((await importFixtureBills(ctx.handle, records)).counts).toMatchObject({ unchanged: 2, updated: 0, created: 0 });
    const [after] = await ctx.handle.db.select().from(bills).where(eq(bills.id, bill.id));
    expect(after.updatedAt).toEqual(bill.updatedAt);
    expect((await ctx.handle.db.select().from(statusChanges)).length).toBe(changesBefore);
    const [decision] = await ctx.handle.db.select().from(policyDecisions).where(eq(policyDecisions.billId, bill.id));
    expect(decision.needsReview).toBeNull();
    const links = await queryRows<{ content_hash: string }>(ctx.handle.db, sql`SELECT content_hash FROM bill_sources WHERE external_id = ANY(${textArray(keys)}::text[]) ORDER BY external_id`);
    expect(links.map((l) => l.content_hash)).toEqual(records.map((r) => billContentHash(normalizedBillSchema.parse(r))));
    expect(links.every((l) => /^v3:[0-9a-f]{16}$/.test(l.content_hash))).toBe(true);

    // A real change later is an update, and flags the decision.
    const changed = { ...records[0], actions: [...records[0].actions!, { date: '2020-10-30', description: 'Effective July 1, 2021', actorClassification: 'executive' as const }] };
    expect((await importFixtureBills(ctx.handle, [changed])).counts).toMatchObject({ updated: 1 });
    const [flagged] = await ctx.handle.db.select().from(policyDecisions).where(eq(policyDecisions.billId, bill.id));
    expect(flagged.needsReview).toBe('the bill changed after this decision');
  });

  test('records stored under the earlier record hash (SHA-1 of their JSON) are found unchanged and re-hashed once; a bill stored before its status hints is rewritten once', async () => {
    const records = ['HB 7001', 'HB 7002', 'HB 7003'].map((identifier) => makeBill({ identifier, title: `Crisis response; mobile crisis teams (${identifier})` }));
    expect((await importFixtureBills(ctx.handle, records)).counts).toMatchObject({ created: 3 });
    const keys = records.map((r) => r.externalId!);
    const hashes = async () => (await queryRows<{ external_id: string; record_hash: string }>(ctx.handle.db, sql`SELECT external_id, record_hash FROM bill_sources WHERE external_id = ANY(${textArray(keys)}::text[]) ORDER BY external_id`));
    const current = await hashes();
    expect(current.map((h) => h.record_hash)).toEqual(records.map((r) => sourceRecordHash(r, recordSchemaVersion())));
    const history = async () => (await ctx.handle.db.select().from(statusChanges)).length;
    const changesBefore = await history();
    const [storedBefore] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 7001'));

    // As an older tracker stored them: 40 hex digits of SHA-1.
    await ctx.handle.db.execute(sql`UPDATE bill_sources SET record_hash = repeat('ab', 20) WHERE external_id = ANY(${textArray(keys)}::text[])`);
    expect((await importFixtureBills(ctx.handle, records)).counts).toMatchObject({ fetched: 3, unchanged: 3, updated: 0, created: 0 });
    expect(await hashes()).toEqual(current);
    expect(await history()).toBe(changesBefore);
    const [storedAfter] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 7001'));
    expect(storedAfter.updatedAt).toEqual(storedBefore.updatedAt);

    // One bill stored before status hints were kept: its record is the same, yet it is written once more.
    await ctx.handle.db.execute(sql`UPDATE bills SET status_hints = NULL WHERE id = ${storedBefore.id}`);
    expect((await importFixtureBills(ctx.handle, records)).counts).toMatchObject({ unchanged: 2, updated: 1 });
    const [rewritten] = await ctx.handle.db.select().from(bills).where(eq(bills.id, storedBefore.id));
    expect(rewritten.statusHints).toEqual([]);
    expect((await importFixtureBills(ctx.handle, records)).counts).toMatchObject({ unchanged: 3, updated: 0 });
  });
});
