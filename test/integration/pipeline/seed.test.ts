import { eq, sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { curatedLaws, jurisdictions, policies } from '../../../db/schema/index.js';
import { policyMap } from '../../../db/queries/policy-map.js';
import { describeEachDatabase } from '../../helpers/test-database.js';

const LOUISVILLE = 'ocd-jurisdiction/country:us/state:ky/place:louisville/government';
const KILLEEN = 'ocd-jurisdiction/country:us/state:tx/place:killeen/government';
const LEXINGTON = 'ocd-jurisdiction/country:us/state:ky/place:lexington/government';

describeEachDatabase('curated seed', (ctx) => {
  test('first seed: every state, DC and PR, the registry cities, the policies and the known local laws', async () => {
    const counts = await seedDatabase(ctx.handle.db, { curated: true });
    expect(counts.policies).toBe(8);
    expect(counts.curatedCreated).toBeGreaterThanOrEqual(12);
    const states = await ctx.handle.db.select().from(jurisdictions).where(eq(jurisdictions.classification, 'state'));
    expect(states).toHaveLength(52);
    expect(states.find((s) => s.stateCode === 'NE')?.legislature).toBe('unicameral');
  });

  test('the no-knock map shows Louisville and Killeen enacted, Lexington overturned, each with its source', async () => {
    const map = await policyMap(ctx.handle.db, 'no-knock');
    const byId = new Map(map.map((e) => [e.id, e]));
    expect(byId.get(LOUISVILLE)).toMatchObject({ status: 'enacted', strength: 'full' });
    expect(byId.get(KILLEEN)).toMatchObject({ status: 'enacted' });
    expect(byId.get(LEXINGTON)).toMatchObject({ status: 'overturned' });
    for (const id of [LOUISVILLE, KILLEEN, LEXINGTON]) {
      expect(byId.get(id)!.laws[0].url).toMatch(/^https:\/\//);
    }
    expect(byId.get('ocd-jurisdiction/country:us/state:ky/government')).toMatchObject({ status: 'none' });
  });

  test('seeding again changes nothing, and a record staff edited keeps the edit', async () => {
    const [louisville] = await ctx.handle.db.select().from(curatedLaws).where(eq(curatedLaws.seedKey, 'L-01'));
    await ctx.handle.db
      .update(curatedLaws)
      .set({ identifier: 'Ordinance No. 069, Series 2020', note: 'number confirmed by staff', editedAt: sql`now()` })
      .where(eq(curatedLaws.id, louisville.id));
    await ctx.handle.db.update(policies).set({ summary: 'Staff wording' }).where(eq(policies.id, 'no-knock'));
    const before = await ctx.handle.db.select({ id: jurisdictions.id, updatedAt: jurisdictions.updatedAt }).from(jurisdictions);

    const again = await seedDatabase(ctx.handle.db, { curated: true });

    expect(again).toMatchObject({ jurisdictions: 0, policies: 0, curatedCreated: 0, curatedUpdated: 0, curatedKeptStaffEdits: 1 });
    const [kept] = await ctx.handle.db.select().from(curatedLaws).where(eq(curatedLaws.id, louisville.id));
    expect(kept.identifier).toBe('Ordinance No. 069, Series 2020');
    const [policy] = await ctx.handle.db.select().from(policies).where(eq(policies.id, 'no-knock'));
    expect(policy.summary).toBe('Staff wording');
    const after = await ctx.handle.db.select({ id: jurisdictions.id, updatedAt: jurisdictions.updatedAt }).from(jurisdictions);
    expect(after).toEqual(before);
  });
});
