import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { queryRows } from '../../../db/database.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { austinCouncilSource } from '../../../scrapers/sources/austin.source.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { readReference, readReferenceBuffer, repoRoot } from '../../helpers/reference.js';
import { startCitySite, type CitySiteServer } from '../../helpers/city-site-server.js';

/**
 * Austin's source end to end against a loopback austintexas.gov and EDIMS: the council's
 * information center and a meeting page (written from the documented structure, as no copy is
 * recorded), and the recorded Parks and Recreation Board year page whose agenda PDF is served
 * by a loopback EDIMS from the recorded document.
 */
const AUSTIN = 'ocd-jurisdiction/country:us/state:tx/place:austin/government';
const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/cities', name), 'utf8');

describeEachDatabase('Austin: the council information center, agenda pages, board pages and EDIMS PDFs', (ctx) => {
  let site: CitySiteServer;
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    site = await startCitySite([
      (req, { baseUrl }) =>
        req.path === '/department/city-council/council/council_meeting_info_center.htm'
          ? { body: fixture('austin-council-meeting-info-center.html').replaceAll('https://www.austintexas.gov', baseUrl) }
          : null,
      (req, { baseUrl }) =>
        req.path === '/department/city-council/2014/20141211-reg.htm' ? { body: fixture('austin-council-20141211-reg.htm').replaceAll('https://services.austintexas.gov', baseUrl) } : null,
      (req, { baseUrl }) =>
        req.path === '/cityclerk/boards_commissions/meetings/2014_39_1.htm'
          ? { body: readReference('cities', 'austin', 'austintexas-gov_cityclerk_bandc_meetings_2014_39_1_parks-board_page1.html').replaceAll('https://services.austintexas.gov', baseUrl) }
          : null,
      // EDIMS answers the document itself: the recorded agenda PDF for the board's 12/9/2014 agenda.
      (req) => (req.path === '/edims/document.cfm' && req.query.get('id') === '222396' ? { body: readReferenceBuffer('cities', 'austin', 'edims_document_333704.pdf'), type: 'application/pdf' } : null),
    ]);
  });
  afterAll(() => site.close());

  test('stores council and board meetings with their items; a missing meeting page is reported and the rest goes on', async () => {
    const source = (await loadSource(ctx.handle, 'austin-council:austin'))!;
    const settings = {
      infoCenterUrl: `${site.baseUrl}/department/city-council/council/council_meeting_info_center.htm`,
      boardPages: [`${site.baseUrl}/cityclerk/boards_commissions/meetings/{year}_39_1.htm`],
      lookbackDays: 5,
      minIntervalMs: 0,
    };
    const summary = await runSource(ctx.handle, testConfig(), { ...source, settings }, austinCouncilSource, { trigger: 'cli', params: { today: '2014-12-10' }, today: '2014-12-10' });
    // The 12/16 work session page is not posted: one error with its address, the run is partial.
    expect(summary.outcome).toBe('partial');
    expect(summary.errors).toEqual([expect.objectContaining({ code: 'http_status', url: `${site.baseUrl}/department/city-council/2014/20141216-wrk.htm` })]);

    const meetings = await queryRows<{ external_id: string; date: string; body: string; items: number }>(
      ctx.handle.db,
      sql`SELECT m.external_id, m.date::text AS date, m.body, (SELECT count(*)::int FROM meeting_items mi WHERE mi.meeting_id = m.id) AS items
          FROM meetings m WHERE m.source = 'austin-council:austin' ORDER BY m.date, m.external_id`,
    );
    // 12/4 is older than the five-day look-back: not read.
    expect(meetings).toEqual([
      { external_id: 'Parks and Recreation Board/2014-12-09', date: '2014-12-09', body: 'Parks and Recreation Board', items: 15 },
      { external_id: '20141211-reg', date: '2014-12-11', body: 'Austin City Council', items: 3 },
    ]);
  });

  test('the board agenda is read from its EDIMS PDF; its recommendations keep their numbers', async () => {
    const items = await queryRows<{ number: string | null; title: string; matter_file: string | null }>(
      ctx.handle.db,
      sql`SELECT mi.number, mi.title, mi.matter_file FROM meeting_items mi JOIN meetings m ON m.id = mi.meeting_id WHERE m.external_id = 'Parks and Recreation Board/2014-12-09' ORDER BY mi.position`,
    );
    expect(items[3]).toEqual({ number: '3a', title: 'Northeast Austin Middle School Update (Catellus/AISD)', matter_file: null });
    expect(items.filter((i) => i.matter_file).map((i) => i.matter_file)).toEqual(['20141209-003', '20141209-004', '20141209-005', '20141209-006', '20141209-008']);
  });

  test('the ordinance with its enactment number is a record of the city, enacted, on the agenda of 12/11/2014', async () => {
    const [bill] = await queryRows<{ id: number; identifier: string; status: string; enactment_number: string; title: string }>(
      ctx.handle.db,
      sql`SELECT id, identifier, status, enactment_number, title FROM bills WHERE jurisdiction_id = ${AUSTIN} AND enactment_number = '20141211-002'`,
    );
    expect(bill).toMatchObject({ identifier: '20141211-002', status: 'enacted', title: 'Approve an ordinance creating a mobile crisis outreach team pilot program to send mental health professionals to 911 calls.' });
    const actions = await queryRows<{ date: string; description: string }>(ctx.handle.db, sql`SELECT date::text AS date, description FROM actions WHERE bill_id = ${bill.id} ORDER BY position`);
    expect(actions).toEqual([
      { date: '2014-12-11', description: 'On the agenda of Austin City Council (HEALTH AND HUMAN SERVICES)' },
      { date: '2014-12-11', description: 'Enacted as Ordinance 20141211-002' },
    ]);
    const policies = await queryRows<{ policy_id: string }>(ctx.handle.db, sql`SELECT policy_id FROM bill_policy_effective WHERE bill_id = ${bill.id}`);
    expect(policies.map((p) => p.policy_id)).toContain('crisis-response');
    // The minutes of the consent agenda are no record.
    expect((await queryRows<{ n: number }>(ctx.handle.db, sql`SELECT count(*)::int AS n FROM bills WHERE jurisdiction_id = ${AUSTIN} AND title LIKE 'Approve the minutes%'`))[0].n).toBe(0);
  });
});
