import { and, eq } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { billSources, bills, policies, policyDecisions, users } from '../../../db/schema/index.js';
import { recordDecision } from '../../../db/bills/record-decision.js';
import { reclassifyBills } from '../../../scrapers/pipeline/reclassify-bills.js';
import { getBillDetail } from '../../../db/queries/bill-detail.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { importFixtureBills, makeBill, VIRGINIA } from '../../helpers/bill-fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describeEachDatabase('re-classification and bills from two sources', (ctx) => {
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
  });

  test('one bill read from Virginia LIS and from Open States is stored once, and the fresher facts win', async () => {
    const fromLis = makeBill({ source: 'virginia-lis', externalId: 'HB5099', actions: makeBill().actions!.slice(0, 3) });
    const fromOpenStates = makeBill({ source: 'openstates', externalId: 'ocd-bill/00000000-0000-4000-8000-000000005099' });
    await importFixtureBills(ctx.handle, [fromLis]);
    await importFixtureBills(ctx.handle, [fromOpenStates]);
    const rows = await ctx.handle.db.select().from(bills).where(and(eq(bills.jurisdictionId, VIRGINIA), eq(bills.identifier, 'HB 5099')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'enacted', primarySource: 'openstates', latestActionOn: '2020-10-28' });

    // The feed that is a step behind is linked, and does not roll the bill back.
    await importFixtureBills(ctx.handle, [{ ...fromLis, title: 'Search warrants (older wording)' }]);
    const [after] = await ctx.handle.db.select().from(bills).where(eq(bills.id, rows[0].id));
    expect(after).toMatchObject({ status: 'enacted', title: 'Search warrants; no-knock warrants prohibited', primarySource: 'openstates' });
    const links = await ctx.handle.db.select({ source: billSources.source }).from(billSources).where(eq(billSources.billId, rows[0].id));
    expect(links.map((l) => l.source).sort()).toEqual(['openstates', 'virginia-lis']);
    expect((await getBillDetail(ctx.handle.db, rows[0].id))!.sources).toHaveLength(2);
  });

  test('after staff edit a policy rule, classify reports what changed and keeps staff decisions', async () => {
    await importFixtureBills(ctx.handle, [makeBill({ identifier: 'HB 77', externalId: 'hb77', title: 'Community violence interruption grants; hospital-based programs' })]);
    const [bill] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, 'HB 77'));
    const [staff] = await ctx.handle.db.insert(users).values({ email: 'rules@example.org', name: 'Rules', passwordHash: 'x' }).returning();
    await recordDecision(ctx.handle.db, bill.id, 'violence-prevention', { decision: 'confirm', stance: 'supports', strength: 'full' }, staff.id);

    // A staff edit that raises the policy's threshold out of reach: the machine no longer sees it.
    const [policy] = await ctx.handle.db.select().from(policies).where(eq(policies.id, 'violence-prevention'));
    const rules = policy.rules as { threshold: number };
    await ctx.handle.db.update(policies).set({ rules: { ...rules, threshold: 1 } }).where(eq(policies.id, 'violence-prevention'));

    const { examined, changes } = await reclassifyBills(ctx.handle.db, await loadPolicies(ctx.handle), { billId: bill.id });
    expect(examined).toBe(1);
    expect(changes).toEqual([expect.objectContaining({ identifier: 'HB 77', policyId: 'violence-prevention', after: null })]);
    expect(changes[0].before).toMatchObject({ stance: 'supports' });
    const [decision] = await ctx.handle.db.select().from(policyDecisions).where(eq(policyDecisions.billId, bill.id));
    expect(decision).toMatchObject({ decision: 'confirm', strength: 'full' });
    // Staff's word still puts the bill on the policy for the public.
    expect((await getBillDetail(ctx.handle.db, bill.id))!.policies).toEqual([expect.objectContaining({ policy: 'violence-prevention', source: 'staff' })]);

    await ctx.handle.db.update(policies).set({ rules }).where(eq(policies.id, 'violence-prevention'));
    const again = await reclassifyBills(ctx.handle.db, await loadPolicies(ctx.handle), { jurisdictionId: VIRGINIA });
    expect(again.changes.map((c) => [c.identifier, c.policyId, c.before, c.after?.stance])).toEqual([['HB 77', 'violence-prevention', null, 'supports']]);
  });
});

describe('tracker classify on the command line', () => {
  // The child process migrates and seeds a new embedded database first: slow on a busy machine.
  test('prints how many bills it examined and what changed', async () => {
    const result = await runCli(['classify'], { DATA_DIR: 'memory://' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/examined 0 bill\(s\), 0 classification\(s\) changed/);
    const bad = await runCli(['classify', '--bill', 'abc'], { DATA_DIR: 'memory://' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bill must be a bill id \(got "abc"\)/);
  }, 180_000);
});
