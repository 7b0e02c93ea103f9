import { parse } from 'csv-parse/sync';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { parseOpenStatesBill } from '../../../scrapers/openstates/normalize-openstates-bill.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills } from '../../helpers/bill-fixtures.js';
import { loadOpenStatesFixtures } from '../../helpers/openstates-server.js';
import { billId } from './api-fixtures.js';

/**
 * Virginia's 2020 no-knock ban (HB 5099) as Open States v3 serves it with `include=votes`
 * (test/fixtures/openstates: committee 14-7, House 56-41, Senate 22-17), through the pipeline
 * and out of the API: the bill detail lists every roll call; the CSV carries the latest.
 */
describeEachDatabase('roll-call votes in GET /api/bills/:id and the bill CSV', (ctx) => {
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    const raw = structuredClone(loadOpenStatesFixtures()['va-2020S1-HB5099.json']!);
    // The House roll call with members, as Open States lists matched and unmatched voters.
    const house = (raw.votes as Record<string, unknown>[])[1]!;
    house.votes = [
      { id: 'pv-1', option: 'yes', voter_name: 'Aird', voter: { id: 'ocd-person/00000000-0000-4000-8000-00000000b001', name: 'Lashrecse Aird' } },
      { id: 'pv-2', option: 'no', voter_name: 'Gilbert' },
    ];
    await importFixtureBills(ctx.handle, [parseOpenStatesBill(raw)]);
    client = api(testApp(ctx.handle));
  });

  test('the bill detail lists each vote: date, motion, result, body, counts and members', async () => {
    const { body } = await client.get(`/api/bills/${await billId(ctx.handle, 'HB 5099')}`).expect(200);
    expect(body.votes).toEqual([
      { date: '2020-08-26', motion: 'Reported from Courts of Justice with amendment', result: 'pass', organization: 'Courts of Justice', chamber: 'committee', counts: { yes: 14, no: 7 }, voters: [] },
      {
        date: '2020-09-04', motion: 'Read third time and passed House', result: 'pass', organization: 'House', chamber: 'lower', counts: { yes: 56, no: 41 },
        voters: [{ name: 'Aird', option: 'yes', person_id: 'ocd-person/00000000-0000-4000-8000-00000000b001' }, { name: 'Gilbert', option: 'no', person_id: null }],
      },
      { date: '2020-10-02', motion: 'Passed Senate with amendment', result: 'pass', organization: 'Senate', chamber: 'upper', counts: { yes: 22, no: 17 }, voters: [] },
    ]);
  });

  test('the bill CSV carries the latest vote’s tally; a bill without votes leaves it empty', async () => {
    await importFixtureBills(ctx.handle, [parseOpenStatesBill(loadOpenStatesFixtures()['co-2021A-HB21-1251.json'])]);
    const res = await client.get('/api/bills.csv').expect(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.identifier === 'HB 5099')).toMatchObject({
      last_vote_date: '2020-10-02', last_vote_body: 'Senate', last_vote_motion: 'Passed Senate with amendment', last_vote_result: 'pass',
      last_vote_yes: '22', last_vote_no: '17', last_vote_tally: 'Yes 22 · No 17',
    });
    expect(rows.find((r) => r.identifier === 'HB21-1251')).toMatchObject({ last_vote_date: '', last_vote_tally: '' });
  });
});
