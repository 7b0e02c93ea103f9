import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills } from '../../../db/schema/index.js';
import { getBillDetail } from '../../../db/queries/bill-detail.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { legistarSource } from '../../../scrapers/sources/legistar.source.js';
import type { SourceRecord } from '../../../core/sources/source-record.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { importFixtureBills, makeBill, LOUISVILLE } from '../../helpers/bill-fixtures.js';
import { startLegistarServer, type LegistarServer } from '../../helpers/legistar-server.js';

/** A Legistar history row with the fields the API always sends. */
function history(id: number, date: string, action: string, body: string, bodyId: number, passed: 0 | 1 | null) {
  return {
    MatterHistoryId: id, MatterHistoryGuid: `guid-${id}`, MatterHistoryLastModifiedUtc: `${date}T20:00:00`, MatterHistoryRowVersion: 'AAAA',
    MatterHistoryEventId: null, MatterHistoryAgendaSequence: null, MatterHistoryMinutesSequence: null, MatterHistoryAgendaNumber: null,
    MatterHistoryVideo: null, MatterHistoryVideoIndex: null, MatterHistoryVersion: '1', MatterHistoryAgendaNote: null, MatterHistoryMinutesNote: null,
    MatterHistoryActionDate: `${date}T00:00:00`, MatterHistoryActionId: id, MatterHistoryActionName: action, MatterHistoryActionText: null,
    MatterHistoryActionBodyId: bodyId, MatterHistoryActionBodyName: body, MatterHistoryPassedFlag: passed,
    MatterHistoryPassedFlagName: passed === 1 ? 'Pass' : passed === 0 ? 'Fail' : null, MatterHistoryRollCallFlag: null, MatterHistoryFlagExtra: null,
    MatterHistoryTally: null, MatterHistoryAccelaRecordId: null, MatterHistoryConsent: 0, MatterHistoryMoverId: null, MatterHistoryMoverName: null,
    MatterHistorySeconderId: null, MatterHistorySeconderName: null, MatterHistoryMatterStatusId: null,
  };
}

/**
 * Louisville's Breonna's Law as the Metro Council's Legistar would serve it: the title and the
 * dates are the public facts (../shared/facts/local-actions.md L-01); ids, file number and
 * row details are made up, since the enacted number was not found.
 */
const BREONNAS_LAW = {
  MatterId: 9001, MatterGuid: 'guid-9001', MatterLastModifiedUtc: '2020-06-12T18:00:00', MatterRowVersion: 'AAAA',
  MatterFile: 'O-TEST-2020-1', MatterName: "Breonna's Law",
  MatterTitle: "An Ordinance Banning No-Knock Search Warrants, Regulating the Execution of Search Warrants and the Use of Body Camera Equipment During Implementation of All Search Warrants, to be Known as Breonna's Law. (Amended by Substitution)",
  MatterTypeId: 1, MatterTypeName: 'Ordinance', MatterStatusId: 5, MatterStatusName: 'Passed', MatterBodyId: 1, MatterBodyName: 'Metro Council',
  MatterIntroDate: '2020-05-28T00:00:00', MatterAgendaDate: '2020-06-11T00:00:00', MatterPassedDate: '2020-06-11T00:00:00', MatterEnactmentDate: null,
  MatterEnactmentNumber: null, MatterRequester: null, MatterNotes: null, MatterVersion: '2', MatterText1: null, MatterDate1: null, MatterRestrictViewViaWeb: false,
};
const BODIES = [
  { BodyId: 1, BodyName: 'Metro Council', BodyTypeId: 1, BodyTypeName: 'Primary Legislative Body', BodyActiveFlag: 1 },
  { BodyId: 2, BodyName: 'Public Safety Committee', BodyTypeId: 2, BodyTypeName: 'Standing Committee', BodyActiveFlag: 1 },
  { BodyId: 3, BodyName: 'Office of the Mayor', BodyTypeId: 3, BodyTypeName: 'Executive', BodyActiveFlag: 1 },
];

/** The source row as adapters see it (its cursor moves between tests). */
async function louisvilleSource(handle: TestDatabase): Promise<SourceRecord> {
  return (await loadSource(handle, 'legistar:louisville'))!;
}

describeEachDatabase('a city council through Legistar, beside the states', (ctx) => {
  let server: LegistarServer;
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    server = await startLegistarServer(
      {
        matters: [BREONNAS_LAW],
        bodies: BODIES,
        histories: {
          9001: [
            history(1, '2020-05-28', 'Assigned', 'Metro Council', 1, null),
            history(2, '2020-06-03', 'Approved', 'Public Safety Committee', 2, 1),
            history(3, '2020-06-11', 'Passed', 'Metro Council', 1, 1),
            // Real Legistar data repeats rows; the adapter drops the duplicate.
            history(4, '2020-06-11', 'Passed', 'Metro Council', 1, 1),
            history(5, '2020-06-12', 'Signed', 'Office of the Mayor', 3, null),
          ],
        },
      },
      { client: 'louisville' },
    );
  });
  afterAll(() => server.close());

  test('the ordinance is stored as enacted, about no-knock warrants, with its history once', async () => {
    const summary = await runSource(ctx.handle, testConfig({ LEGISTAR_API_URL: server.baseUrl }), await louisvilleSource(ctx.handle), legistarSource, { trigger: 'cli' });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { created: 1, failed: 0 } });
    const [row] = await ctx.handle.db.select().from(bills).where(and(eq(bills.jurisdictionId, LOUISVILLE), eq(bills.identifier, 'O-TEST-2020-1')));
    expect(row).toMatchObject({ session: '2020', classification: 'ordinance', stage: 'enacted', status: 'enacted' });
    const detail = await getBillDetail(ctx.handle.db, row.id);
    expect(detail!.actions.map((a) => a.description)).toEqual(['Assigned', 'Approved', 'Passed', 'Signed']);
    expect(detail!.policies).toContainEqual(expect.objectContaining({ policy: 'no-knock', stance: 'supports' }));
    expect((await louisvilleSource(ctx.handle)).cursor).toEqual({ since: '2020-06-12T18:00:00.000Z', readFrom: `${server.baseUrl}/v1/louisville` });
  });

  test("a city's ordinance and a state's bill come back in one list with the same fields", async () => {
    await importFixtureBills(ctx.handle, [makeBill()]);
    const res = await request(testApp(ctx.handle)).get('/api/bills').query({ policy: 'no-knock', sort: 'oldest' }).expect(200);
    const [ordinance, stateBill] = res.body.results;
    expect(ordinance.jurisdiction).toEqual({ id: LOUISVILLE, name: 'Louisville/Jefferson County Metro Government', classification: 'municipality' });
    expect(stateBill.jurisdiction.classification).toBe('state');
    expect(Object.keys(ordinance).sort()).toEqual(Object.keys(stateBill).sort());
    expect(ordinance).toMatchObject({ identifier: 'O-TEST-2020-1', stage: 'enacted', status: 'enacted', latest_action: { date: '2020-06-12', description: 'Signed' } });
  });

  test('a council that refuses us for want of a token, and whose public site fails too, fails the run clearly and keeps what was stored', async () => {
    const guarded = await startLegistarServer({ matters: [BREONNAS_LAW], bodies: BODIES }, { client: 'louisville', requiredToken: 'secret' });
    try {
      // The InSite fallback is pointed at the same loopback server, which has no web pages (404).
      const source = { ...(await louisvilleSource(ctx.handle)), settings: { client: 'louisville', html: { insiteUrl: guarded.baseUrl, minIntervalMs: 0 } } };
      const summary = await runSource(ctx.handle, testConfig({ LEGISTAR_API_URL: guarded.baseUrl }), source, legistarSource, { trigger: 'cli' });
      expect(summary.outcome).toBe('failed');
      expect(summary.errors[0].code).toBe('token_required');
      expect(summary.errors[0].message).toMatch(/louisville/);
      expect(summary.errors[0].message).toMatch(/Reading the public site .* instead failed too: HTTP 404/);
      expect(summary.errors[0].url).toBe(`${guarded.baseUrl}/Legislation.aspx`);
      expect(await ctx.handle.db.select().from(bills).where(eq(bills.jurisdictionId, LOUISVILLE))).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });
});
