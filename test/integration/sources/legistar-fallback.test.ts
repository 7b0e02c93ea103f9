import { eq, sql } from 'drizzle-orm';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { queryRows } from '../../../db/database.js';
import { bills, notifications } from '../../../db/schema/index.js';
import { getBillDetail } from '../../../db/queries/bill-detail.js';
import { getJurisdictionDetail } from '../../../db/queries/jurisdictions-query.js';
import { listPolicies } from '../../../db/queries/policy-map.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { parseLegislationSearch } from '../../../scrapers/legistar/html/legislation-search.parser.js';
import { legistarSource } from '../../../scrapers/sources/legistar.source.js';
import { runAlertsOnce } from '../../../server/alerts/alerts-service.js';
import { createWatch } from '../../../server/alerts/watches-service.js';
import { listWatchEvents } from '../../../db/alerts/alert-events-query.js';
import { renderBillPage } from '../../../web/pages/bill-page.js';
import { renderJurisdictionPage } from '../../../web/pages/jurisdiction-page.js';
import { alertEventSchema, describeChange } from '../../../core/alerts/alert-event.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { makeStaff } from '../../helpers/alerts-fixtures.js';
import { startWebhookReceiver } from '../../helpers/alerts-servers.js';
import { readReference } from '../../helpers/reference.js';
import { startLegistarServer, type LegistarServer } from '../../helpers/legistar-server.js';
import { repage, startCitySite, type CitySiteServer } from '../../helpers/city-site-server.js';

/**
 * Philadelphia, whose Legistar API asks for a token: without one, the run reads the public
 * InSite site instead (a loopback copy: Albuquerque's recorded search session re-paged 25 rows
 * a page, Chicago's recorded detail page carrying each row's number and title, Philadelphia's
 * recorded calendar and Charlotte's recorded meeting page); with `LEGISTAR_TOKENS=phila:…`, the
 * API (Philadelphia's recorded matters and events), whose meeting puts a tracked bill on an
 * agenda: a hearing on the bill's API and page, a coming meeting on the city's page, an alert.
 */
const PHILA = 'ocd-jurisdiction/country:us/state:pa/place:philadelphia/government';
const TOKEN = 'phila-secret-token';
const GRID = 'ctl00_ContentPlaceHolder1_gridMain_ctl00';
const searchForm = readReference('cities', 'legistar-web', 'cabq_legistar_Legislation.aspx_GET_search-form_2013-09-17.html');
const searchResults = readReference('cities', 'legistar-web', 'cabq_legistar_Legislation.aspx_POST_advanced-search-results_2013-09-17.html');
const detailPage = readReference('pages', 'chicago', 'legistar-LegislationDetail-R2012-1118.html');
const calendar = readReference('cities', 'philadelphia', 'phila-legistar_Calendar.aspx_2025-04.html');
const meetingDetail = readReference('cities', 'legistar-web', 'charlottenc_legistar_MeetingDetail.aspx_ID1365278.html');
const json = (file: string) => JSON.parse(readReference('cities', 'philadelphia', file)) as Record<string, unknown>[];
const VSTATE = /(id="__VSTATE" value=")([^"]*)(")/;

/** The file number of each matter id the recorded search lists, for its detail page. */
const files = new Map(parseLegislationSearch(searchResults, 'https://cabq.legistar.com/Legislation.aspx').rows.map((r) => [String(r.matterId), r.file]));

/** Charlotte's meeting page with its agenda not published yet: InSite's grid says "No records to display". */
function unpublished(html: string): string {
  const $ = cheerio.load(html);
  const body = $(`table#${GRID} > tbody`);
  body.children('tr').remove();
  body.append('<tr class="rgNoRecords"><td colspan="11"><div>No records to display.</div></td></tr>');
  return $.html();
}

function resultsPage(n: number) {
  const paged = repage(searchResults, GRID, n, 25);
  return { ...paged, html: paged.html.replace(VSTATE, (_, a: string, v: string, b: string) => `${a}${v}|page=${n}${b}`) };
}

describeEachDatabase('Philadelphia: a per-client token, and the InSite crawler when the API refuses', (ctx) => {
  let api: LegistarServer;
  let site: CitySiteServer;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const run = async (env: Record<string, string>, today: string) => {
    const source = (await loadSource(ctx.handle, 'legistar:phila'))!;
    const settings = { ...source.settings, html: { insiteUrl: site.baseUrl, minIntervalMs: 0, maxDetailPages: 6, lookbackDays: 0 } };
    return runSource(ctx.handle, testConfig({ LEGISTAR_API_URL: api.baseUrl, ...env }), { ...source, settings }, legistarSource, { trigger: 'cli', params: { today }, today });
  };

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    hooks = await startWebhookReceiver();
    api = await startLegistarServer(
      {
        matters: json('legistar-api_phila_matters.json'),
        bodies: json('legistar-api_phila_bodies.json'),
        histories: { 27257: json('legistar-api_phila_matter_27257_histories.json') },
        sponsors: { 27257: json('legistar-api_phila_matter_27257_sponsors.json') },
        events: json('legistar-api_phila_events.json'),
        eventItems: { 6376: json('legistar-api_phila_event_6376_items.json') },
      },
      { client: 'phila', requiredToken: TOKEN },
    );
    site = await startCitySite([
      (req) => {
        if (req.path !== '/Legislation.aspx') return null;
        if (req.method === 'GET') return { body: searchForm.replace(VSTATE, (_, a: string, v: string, b: string) => `${a}${v}|form${b}`), headers: { 'set-cookie': 'ASP.NET_SessionId=phl1; path=/' } };
        const state = req.form.get('__VSTATE') ?? '';
        if (state.endsWith('|form') && req.form.get('ctl00$ContentPlaceHolder1$btnSearch') === 'Search Legislation' && req.form.get('ctl00$ContentPlaceHolder1$lstYears') === 'This Year') {
          return { body: resultsPage(1).html };
        }
        const page = /\|page=(\d+)$/.exec(state);
        const target = resultsPage(1).targets.get(req.form.get('__EVENTTARGET') ?? '');
        if (page && target === Number(page[1]) + 1 && req.cookie === 'ASP.NET_SessionId=phl1') return { body: resultsPage(target).html };
        return { status: 500, body: "<html><body><h2>Server Error in '/' Application.</h2><p>The state information is invalid for this page and might be corrupted.</p></body></html>" };
      },
      (req) => {
        if (req.path !== '/LegislationDetail.aspx') return null;
        const file = files.get(req.query.get('ID') ?? '');
        if (!file) return null;
        return { body: detailPage.replace(/(id="ctl00_ContentPlaceHolder1_lblFile2"><font[^>]*>)R2012-1118/, `$1${file}`) };
      },
      (req) => (req.path === '/Calendar.aspx' ? { body: calendar } : null),
      (req) => {
        if (req.path !== '/MeetingDetail.aspx') return null;
        if (req.query.get('ID') === '1291025') return { body: meetingDetail };
        return { body: unpublished(meetingDetail) };
      },
    ]);
  });
  afterAll(async () => {
    await api?.close();
    await site?.close();
    await hooks?.close();
  });

  test('without a token the API refuses and the run reads the InSite pages instead: search by postback, detail pages, calendar, meetings', async () => {
    const summary = await run({}, '2025-04-11');
    // Six matters and the calendar's 20 meetings.
    expect(summary).toMatchObject({ outcome: 'ok', counts: { created: 26, failed: 0 } });
    // One refused API call; then the form, the search, three pager postbacks, six detail pages, the calendar, two meeting pages.
    expect(api.requests.map((r) => r.path)).toEqual(['bodies']);
    expect(summary.counts.requests).toBe(1 + 1 + 1 + 3 + 6 + 1 + 2);
    const posts = site.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.form.get('__EVENTTARGET') ?? '')).toEqual(['', 'ctl00$ContentPlaceHolder1$gridMain$ctl00$ctl02$ctl00$ctl04', 'ctl00$ContentPlaceHolder1$gridMain$ctl00$ctl02$ctl00$ctl06', 'ctl00$ContentPlaceHolder1$gridMain$ctl00$ctl02$ctl00$ctl08']);
    expect(posts.every((p) => p.cookie === 'ASP.NET_SessionId=phl1')).toBe(true);

    const stored = await queryRows<{ identifier: string; source: string; external_id: string }>(
      ctx.handle.db,
      sql`SELECT b.identifier, s.source, s.external_id FROM bills b JOIN bill_sources s ON s.bill_id = b.id WHERE b.jurisdiction_id = ${PHILA} ORDER BY s.external_id`,
    );
    expect(stored).toHaveLength(6);
    expect(stored.every((r) => r.source === 'legistar:phila')).toBe(true);
    expect(stored.map((r) => r.identifier)).toContain('R-13-246');
    expect(stored.find((r) => r.identifier === 'R-13-246')!.external_id).toBe('1480188');

    const meetings = await queryRows<{ external_id: string; body: string; date: string; items: number }>(
      ctx.handle.db,
      sql`SELECT m.external_id, m.body, m.date::text AS date, (SELECT count(*)::int FROM meeting_items mi WHERE mi.meeting_id = m.id) AS items FROM meetings m WHERE m.source = 'legistar:phila' ORDER BY m.external_id`,
    );
    expect(meetings).toHaveLength(20);
    // Only meetings from the run's day on are read in detail: the Committee on Rules' agenda, and one not published yet.
    expect(meetings.filter((m) => m.items > 0)).toEqual([{ external_id: 'web:1291025', body: 'Committee on Rules', date: '2025-04-14', items: 65 }]);
    expect(meetings.find((m) => m.external_id === 'web:1294156')).toEqual({ external_id: 'web:1294156', body: 'Committee on Legislative Oversight', date: '2025-04-14', items: 0 });
    const source = (await loadSource(ctx.handle, 'legistar:phila'))!;
    expect(source.cursor).toMatchObject({ readFrom: site.baseUrl, apiRefused: expect.stringMatching(/Legistar client "phila" requires an API token \(no token is configured\)/) });
    expect(Object.keys((source.cursor.html as { seen: Record<string, string> }).seen)).toHaveLength(6);
  });

  test('the next run reads the next six changed matters, not the six already read; the city page says it was read from the InSite site', async () => {
    const before = site.requests.filter((r) => r.path === '/LegislationDetail.aspx').map((r) => r.query.get('ID'));
    const summary = await run({}, '2025-04-11');
    expect(summary.outcome).toBe('ok');
    const after = site.requests.filter((r) => r.path === '/LegislationDetail.aspx').map((r) => r.query.get('ID')).slice(before.length);
    expect(after).toHaveLength(6);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    const city = await getJurisdictionDetail(ctx.handle.db, PHILA, { today: '2025-04-11' });
    expect(city!.last_read).toMatchObject({ source_id: 'legistar:phila', from: site.baseUrl });
    const page = renderJurisdictionPage({ jurisdiction: city!, policies: await listPolicies(ctx.handle.db), now: new Date(city!.last_read!.at) });
    expect(page).toContain(`Last read <time datetime="${city!.last_read!.at}">`);
    expect(page).toContain(`from <a href="${site.baseUrl}" rel="external noopener noreferrer">${new URL(site.baseUrl).host}</a>`);
  });

  test('with LEGISTAR_TOKENS the API answers: matters and the meetings of the window, whose agenda puts a watched bill up for a hearing', async () => {
    // A tracked Philadelphia bill the Committee on Rules takes up (its MatterId 26662 is on the recorded agenda of 6/3/2026).
    await importFixtureBills(ctx.handle, [
      makeBill({
        source: 'legistar:phila', externalId: '26662', jurisdictionId: PHILA, session: '2026', identifier: '251030', chamber: 'council', classification: 'bill',
        title: 'Establishing a mobile crisis response program that sends behavioral health responders to 911 calls',
        actions: [{ date: '2026-05-14', description: 'Introduced and Referred', actorClassification: 'council' }],
        sourceUrl: 'https://phila.legistar.com/LegislationDetail.aspx?ID=26662',
      }),
    ]);
    const [bill] = await ctx.handle.db.select().from(bills).where(eq(bills.identifier, '251030'));
    const staff = await makeStaff(ctx.handle);
    const watch = await createWatch(ctx.handle.db, staff, { bill_id: bill.id, channel: 'webhook', target: hooks.url('/hooks/hearings') }, { publicUrl: 'https://tracker.example.org', emailConfigured: false, allowPrivateWebhooks: true });
    hooks.setSecret('/hooks/hearings', watch.webhook_secret!);

    const from = api.requests.length;
    const summary = await run({ LEGISTAR_TOKENS: `phila:${TOKEN},nyc:other-token` }, '2026-05-17');
    expect(summary).toMatchObject({ outcome: 'ok', counts: { failed: 0 } });
    expect(api.requests.slice(from).every((r) => r.query.get('token') === TOKEN)).toBe(true);
    expect(api.requests.slice(from).map((r) => r.path)).toEqual(expect.arrayContaining(['matters', 'matters/27257/histories', 'events', 'events/6376/eventitems']));
    expect(JSON.stringify(summary.errors)).not.toContain(TOKEN);

    const res = await request(testApp(ctx.handle)).get(`/api/bills/${bill.id}`).expect(200);
    expect(res.body.hearings).toEqual([
      {
        meeting_id: expect.any(Number), date: '2026-06-03', time: '14:00', body: 'Committee on Rules', name: null, location: 'Room 400, City Hall', status: 'scheduled',
        agenda_url: 'https://philadelphia.legistar1.com/philadelphia/meetings/2026/6/6376_A_Committee_on_Rules_26-06-03_Meeting_Agenda.pdf',
        source_url: 'https://phila.legistar.com/MeetingDetail.aspx?LEGID=6376&GID=30&G=A5947DFE-5A17-435B-A57D-5F0923C2343D',
        source: 'legistar:phila',
        item: expect.objectContaining({ title: expect.stringMatching(/^Amending Chapter 14-1000 of The Philadelphia Code/) }),
      },
    ]);
    const detail = (await getBillDetail(ctx.handle.db, bill.id))!;
    const billPage = renderBillPage({ bill: detail, policies: await listPolicies(ctx.handle.db), today: '2026-05-17' });
    expect(billPage).toMatch(/<h2 id="next-hearing-heading">Next hearing<\/h2>\s*<p><strong>Committee on Rules<\/strong>, <time datetime="2026-06-03">/);
    expect(renderBillPage({ bill: detail, policies: [], today: '2026-06-04' })).not.toContain('Next hearing');

    const city = (await getJurisdictionDetail(ctx.handle.db, PHILA, { today: '2026-05-17' }))!;
    expect(city.upcoming_meetings).toEqual([expect.objectContaining({ date: '2026-06-03', body: 'Committee on Rules', bills: [expect.objectContaining({ id: bill.id, identifier: '251030', policies: ['crisis-response'] })] })]);
    expect(city.last_read).toMatchObject({ from: `${api.baseUrl}/v1/phila` });
    const cityPage = renderJurisdictionPage({ jurisdiction: city, policies: await listPolicies(ctx.handle.db) });
    expect(cityPage).toContain('Coming meetings on tracked policies');
    expect(cityPage).toContain(`<a href="/bills/${bill.id}">251030</a>`);

    // The watch hears of the hearing once, as a signed webhook of its own type.
    const alerts = await runAlertsOnce(ctx.handle, testConfig({ PUBLIC_URL: 'https://tracker.example.org', ALLOW_PRIVATE_WEBHOOKS: 'true' }));
    expect(alerts.delivered.sent).toBe(1);
    const [hook] = hooks.accepted();
    expect(hook.headers['x-tracker-event']).toBe('bill.hearing_scheduled');
    const body = JSON.parse(hook.body) as { type: string; event_key: string; change: { summary: string }; hearing: { date: string; body: string } };
    expect(body).toMatchObject({ type: 'bill.hearing_scheduled', hearing: { date: '2026-06-03', body: 'Committee on Rules' } });
    expect(body.event_key).toMatch(new RegExp(`^hearing:${bill.id}:\\d+$`));
    expect(body.change.summary).toBe('hearing scheduled: Committee on Rules, 2026-06-03 14:00 (Room 400, City Hall)');
    const rowsOut = await ctx.handle.db.select().from(notifications).where(eq(notifications.eventKey, body.event_key));
    expect(describeChange(alertEventSchema.parse(rowsOut[0].payload))).toBe(body.change.summary);

    // The watch's feed lists it as well.
    expect((await listWatchEvents(ctx.handle.db, watch.id, 10)).map((e) => e.eventKey)).toContain(body.event_key);

    // A re-run of the same source and alerts announces nothing twice.
    await run({ LEGISTAR_TOKENS: `phila:${TOKEN}` }, '2026-05-17');
    expect((await runAlertsOnce(ctx.handle, testConfig({ PUBLIC_URL: 'https://tracker.example.org', ALLOW_PRIVATE_WEBHOOKS: 'true' }))).enqueued).toBe(0);
  });
});
