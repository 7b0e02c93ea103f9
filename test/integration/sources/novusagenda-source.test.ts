import { sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { queryRows } from '../../../db/database.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { novusagendaSource } from '../../../scrapers/sources/novusagenda.source.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { readReference } from '../../helpers/reference.js';
import { repage, startCitySite, type CitySiteServer } from '../../helpers/city-site-server.js';

/**
 * Houston's source (NovusAGENDA) end to end against a loopback copy of the product: the
 * recorded Dinuba search page (Houston's own is not recorded; the product is the same), its
 * items grid re-paged 5 rows a page so the run must walk the pager by ASP.NET postback with
 * the page's view state, as a browser does.
 */
const HOUSTON = 'ocd-jurisdiction/country:us/state:tx/place:houston/government';
const recorded = readReference('cities', 'novusagenda', 'dinuba_agendapublic_meetingsgeneral_MeetingType1_6ms_2022-10.html');
const GRID = 'SearchAgendasMeetings_radGridItems_ctl00';
const NEXT = 'SearchAgendasMeetings$radGridItems$ctl00$ctl03$ctl01$ctl14';
const VIEWSTATE = /(id="__VIEWSTATE" value=")([^"]*)(")/;
const PATH = '/agendapublic/meetingsgeneral.aspx';

/** Page `n` of the re-paged grid, its view state stamped with the page (the server's memory of where the client is). */
function pageOf(n: number, breakGrid = false): string {
  const { html } = repage(recorded, GRID, n, 5);
  const stamped = html.replace(VIEWSTATE, (_, a: string, v: string, b: string) => `${a}${v}|page=${n}${b}`);
  return breakGrid ? stamped.replaceAll('radGridItems_ctl00', 'radGridAgendaItems_ctl00') : stamped;
}

describeEachDatabase('Houston through NovusAGENDA: meetings and items grids, postback pagination', (ctx) => {
  let site: CitySiteServer;
  let breakPage2 = false;
  const storedCounts = async (handle: TestDatabase) => {
    const [row] = await queryRows<{ meetings: number; items: number; bills: number }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM meetings) AS meetings, (SELECT count(*)::int FROM meeting_items) AS items,
                 (SELECT count(*)::int FROM bills WHERE jurisdiction_id = ${HOUSTON}) AS bills`,
    );
    return row;
  };
  const run = async () => {
    const source = (await loadSource(ctx.handle, 'novusagenda:houston'))!;
    return runSource(ctx.handle, testConfig(), { ...source, settings: { url: `${site.baseUrl}${PATH}?MeetingType=1&Date=6ms`, minIntervalMs: 0, maxPages: 10 } }, novusagendaSource, {
      trigger: 'cli',
      today: '2022-09-20',
    });
  };

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    site = await startCitySite([
      (req) => {
        if (req.path !== PATH) return null;
        if (req.method === 'GET') return { body: pageOf(1), headers: { 'set-cookie': 'ASP.NET_SessionId=novus42; path=/; HttpOnly' } };
        // A postback: the view state must be one this server handed out, the cookie kept, the target the pager's.
        const state = /\|page=(\d+)$/.exec(req.form.get('__VIEWSTATE') ?? '');
        if (!state || req.cookie !== 'ASP.NET_SessionId=novus42' || req.form.get('__EVENTTARGET') !== NEXT) {
          return { status: 500, body: '<html><body><h2>Server Error in \'/\' Application.</h2><p>Validation of viewstate MAC failed.</p></body></html>' };
        }
        const next = Number(state[1]) + 1;
        return { body: pageOf(next, breakPage2 && next === 2) };
      },
    ]);
  });
  afterAll(() => site.close());

  test('walks the three pages by postback and stores every meeting with its items', async () => {
    const summary = await run();
    expect(summary).toMatchObject({ outcome: 'ok', counts: { requests: 3, failed: 0 } });
    const posts = site.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => [p.form.get('__EVENTTARGET'), /\|page=\d+$/.exec(p.form.get('__VIEWSTATE') ?? '')?.[0]])).toEqual([[NEXT, '|page=1'], [NEXT, '|page=2']]);
    expect(posts[0].form.get('SearchAgendasMeetings$ddlDateRange')).toBe('6ms');

    const meetings = await queryRows<{ external_id: string; date: string; body: string; items: number }>(
      ctx.handle.db,
      sql`SELECT m.external_id, m.date::text AS date, m.body, (SELECT count(*)::int FROM meeting_items mi WHERE mi.meeting_id = m.id) AS items
          FROM meetings m WHERE m.source = 'novusagenda:houston' ORDER BY m.date DESC`,
    );
    expect(meetings.slice(0, 2)).toEqual([
      { external_id: '365', date: '2022-09-27', body: 'Council Meeting', items: 8 },
      { external_id: '354', date: '2022-09-13', body: 'Council Meeting', items: 7 },
    ]);
    expect(meetings.reduce((n, m) => n + m.items, 0)).toBe(15);
  });

  test('ordinances and resolutions become records of the city, on the agenda of their meeting, linked to it', async () => {
    const [ordinance] = await queryRows<{ id: number; identifier: string; title: string; session: string; classification: string; stage: string; status: string }>(
      ctx.handle.db,
      sql`SELECT id, identifier, title, session, classification, stage, status FROM bills WHERE jurisdiction_id = ${HOUSTON} AND identifier = 'Ordinance No. 2022-10'`,
    );
    expect(ordinance).toMatchObject({ title: 'Ordinance No. 2022-10 Amendments to Floodplain Management Ordinance (DY)', session: '2022', classification: 'ordinance', stage: 'introduced', status: 'pending' });
    const actions = await queryRows<{ date: string; description: string }>(ctx.handle.db, sql`SELECT date::text AS date, description FROM actions WHERE bill_id = ${ordinance.id}`);
    expect(actions).toEqual([{ date: '2022-09-27', description: 'On the agenda of Council Meeting (PUBLIC HEARING)' }]);
    const [item] = await queryRows<{ bill_id: number; section: string; url: string }>(ctx.handle.db, sql`SELECT bill_id, section, url FROM meeting_items WHERE external_id = '2541'`);
    expect(item).toEqual({ bill_id: ordinance.id, section: 'PUBLIC HEARING', url: `${site.baseUrl}/agendapublic/Coversheet.aspx?ItemID=2541&MeetingID=365` });
    // The minutes, the warrant register and the closed session are on the agenda but are not legislation.
    const titles = (await queryRows<{ title: string }>(ctx.handle.db, sql`SELECT title FROM bills WHERE jurisdiction_id = ${HOUSTON}`)).map((r) => r.title);
    expect(titles).not.toContain('Approval of City Council Meeting Minutes (MA)');
    expect(titles).not.toContain('Liability Claim (MA)');
    // The upcoming meeting of 9/27 announced the ordinance's hearing.
    const notices = await queryRows<{ n: number }>(ctx.handle.db, sql`SELECT count(*)::int AS n FROM hearing_notices WHERE bill_id = ${ordinance.id}`);
    expect(notices[0].n).toBe(1);
  });

  test('a second run of the same pages writes nothing', async () => {
    const before = await storedCounts(ctx.handle);
    const summary = await run();
    expect(summary.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(summary.counts.unchanged).toBeGreaterThan(0);
    expect(await storedCounts(ctx.handle)).toEqual(before);
  });

  test('a page 2 whose grid was renamed fails the run with the selector and URL; nothing stored changes', async () => {
    const before = await storedCounts(ctx.handle);
    breakPage2 = true;
    try {
      const summary = await run();
      expect(summary.outcome).toBe('failed');
      expect(summary.errors[0]).toMatchObject({ code: 'layout_changed', url: `${site.baseUrl}${PATH}?MeetingType=1&Date=6ms` });
      expect(summary.errors[0].message).toMatch(/SearchAgendasMeetings_radGridMeetings_ctl00|SearchAgendasMeetings_radGridItems_ctl00/);
      expect(await storedCounts(ctx.handle)).toEqual(before);
    } finally {
      breakPage2 = false;
    }
  });
});
