import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { queryRows } from '../../../db/database.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { onbaseSource } from '../../../scrapers/sources/onbase.source.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { testApp, testConfig } from '../../helpers/test-app.js';
import { readReference, repoRoot } from '../../helpers/reference.js';
import { startCitySite, type CitySiteServer } from '../../helpers/city-site-server.js';

/**
 * San Diego's source (Hyland OnBase Agenda Online) end to end against a loopback copy of its
 * council site: the recorded home page (3/7/2026), meeting pages, the outline of meeting 6892,
 * and for meeting 6891 the product's real error page in place of the outline (a redirect to
 * /Error, as document-only sites answer) so the run falls back to the converted document. The
 * clerk's list of final ordinances marks a matter enacted.
 */
const SAN_DIEGO = 'ocd-jurisdiction/country:us/state:ca/place:san_diego/government';
const council = readReference('cities', 'san-diego', 'onbase_211agendaonlinecouncil_home_2026-03.html');
const committee = readReference('cities', 'san-diego', 'onbase_211agendaonlinecomm_meetings-search_2022-09.html');
const outline6892 = readReference('cities', 'san-diego', 'onbase_211agendaonlinecouncil_ViewMeetingAgenda_meetingId6892_2026-03-10.html');
// No San Diego meeting page is recorded: Tucson's (same product, outline-capable) with San Diego's site path and meeting id.
const tucsonShell = readReference('cities', 'onbase-agenda-online', 'tucson_view_meeting.html');
const errorPage = readReference('cities', 'onbase-agenda-online', 'santabarbara_view_meeting_agenda_notfound.html');
const document6891 = readReference('cities', 'onbase-agenda-online', 'santabarbara_view_agenda_document.html');
const clerkList = readFileSync(path.join(repoRoot, 'test/fixtures/cities/sandiego-council-resolutions-ordinances.html'), 'utf8');

describeEachDatabase('San Diego through OnBase Agenda Online: meetings, agendas in both layouts, the clerk list', (ctx) => {
  let site: CitySiteServer;
  let breakOutline = false;
  const counts = async (handle: TestDatabase) => {
    const [row] = await queryRows<{ meetings: number; items: number; bills: number }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM meetings) AS meetings, (SELECT count(*)::int FROM meeting_items) AS items,
                 (SELECT count(*)::int FROM bills WHERE jurisdiction_id = ${SAN_DIEGO}) AS bills`,
    );
    return row;
  };
  const run = async () => {
    const source = (await loadSource(ctx.handle, 'onbase:san_diego'))!;
    const settings = {
      sites: [
        { url: `${site.baseUrl}/211agendaonlinecouncil/`, body: 'City Council' },
        // The committee site is read through its meeting search, as the clerk's calendar links it.
        { url: `${site.baseUrl}/211agendaonlinecomm/`, body: null, pages: ['Meetings/Search?dropid=4&mtids=131,114,117'] },
      ],
      lookbackDays: 2,
      minIntervalMs: 0,
      enactments: { format: 'sandiego-clerk', url: `${site.baseUrl}/city-clerk/officialdocs/council-resolutions-ordinances`, pages: 2 },
    };
    return runSource(ctx.handle, testConfig(), { ...source, settings }, onbaseSource, { trigger: 'cli', params: { today: '2026-03-08' }, today: '2026-03-08' });
  };

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    site = await startCitySite([
      (req) => (req.path === '/211agendaonlinecouncil/' ? { body: council, headers: { 'set-cookie': 'ASP.NET_SessionId=sd123; path=/; HttpOnly' } } : null),
      (req) => (req.path === '/211agendaonlinecomm/Meetings/Search' && req.query.get('dropid') === '4' ? { body: committee } : null),
      (req) => {
        if (req.path !== '/211agendaonlinecouncil/Meetings/ViewMeeting') return null;
        const id = req.query.get('id') ?? '';
        return { body: tucsonShell.replaceAll('/221agendaonline/', '/211agendaonlinecouncil/').replaceAll('1956', id) };
      },
      (req) => {
        if (req.path !== '/211agendaonlinecouncil/Meetings/ViewMeetingAgenda') return null;
        // The agenda fragments belong to the session the home page opened.
        if (req.cookie !== 'ASP.NET_SessionId=sd123') return { status: 500, body: 'no session' };
        if (req.query.get('meetingId') === '6892') return { body: breakOutline ? outline6892.replaceAll('loadAgendaItem(', 'showItem(').replaceAll('loadAgendaSection(', 'showSection(') : outline6892 };
        return { status: 302, headers: { location: '/211agendaonlinecouncil/Error' } };
      },
      (req) => (req.path === '/211agendaonlinecouncil/Error' ? { body: errorPage } : null),
      (req) => (req.path === '/211agendaonlinecouncil/Documents/ViewAgenda' && req.query.get('meetingId') === '6891' ? { body: document6891 } : null),
      (req) => {
        if (req.path !== '/city-clerk/officialdocs/council-resolutions-ordinances') return null;
        if ((req.query.get('page') ?? '0') === '0') return { body: clerkList };
        return { body: '<html><body><div class="view"><div class="view-empty">No results.</div></div></body></html>' };
      },
    ]);
  });
  afterAll(() => site.close());

  test('reads the upcoming meetings: the outline of 6892, and the document of 6891 where the outline is refused', async () => {
    const summary = await run();
    expect(summary).toMatchObject({ outcome: 'ok', counts: { failed: 0 } });
    const paths = site.requests.map((r) => `${r.path}${r.query.get('meetingId') ? `?${r.query.get('meetingId')}` : r.query.get('id') ? `#${r.query.get('id')}` : ''}`);
    expect(paths).toEqual(expect.arrayContaining([
      '/211agendaonlinecouncil/Meetings/ViewMeeting#6892', '/211agendaonlinecouncil/Meetings/ViewMeetingAgenda?6892',
      '/211agendaonlinecouncil/Meetings/ViewMeetingAgenda?6891', '/211agendaonlinecouncil/Error', '/211agendaonlinecouncil/Documents/ViewAgenda?6891',
    ]));
    expect(site.requests.some((r) => r.path === '/211agendaonlinecomm/Meetings/Search' && r.query.get('mtids') === '131,114,117')).toBe(true);
    // Public comment lists and the closed session hold no legislation: never read.
    expect(paths.some((p) => /#690[048]$/.test(p))).toBe(false);
    expect(site.requests.find((r) => r.path.endsWith('/ViewMeetingAgenda'))!.headers['x-requested-with']).toBe('XMLHttpRequest');

    const meetings = await queryRows<{ external_id: string; date: string; time: string; body: string; name: string; items: number }>(
      ctx.handle.db,
      sql`SELECT m.external_id, m.date::text AS date, m.time, m.body, m.name, (SELECT count(*)::int FROM meeting_items mi WHERE mi.meeting_id = m.id) AS items
          FROM meetings m WHERE m.source = 'onbase:san_diego' ORDER BY m.date`,
    );
    expect(meetings).toEqual([
      { external_id: '211agendaonlinecouncil/6891', date: '2026-03-09', time: '10:00', body: 'City Council', name: 'Monday Agenda Revised Added S400-S401', items: 5 },
      { external_id: '211agendaonlinecouncil/6892', date: '2026-03-10', time: '10:00', body: 'City Council', name: 'Tuesday Agenda Revised Added S500-S505', items: 25 },
    ]);
  });

  test('matters on the agenda become records of the city with an "on the agenda" action; ceremonies and minutes do not', async () => {
    const [item] = await queryRows<{ bill_id: number | null; section: string; url: string }>(
      ctx.handle.db,
      sql`SELECT mi.bill_id, mi.section, mi.url FROM meeting_items mi WHERE mi.external_id = '256419'`,
    );
    expect(item.section).toBe('CONSENT, ORDINANCES TO BE INTRODUCED:');
    expect(item.url).toBe(`${site.baseUrl}/211agendaonlinecouncil/Meetings/ViewMeetingAgendaItem?meetingId=6892&itemId=256419&isSection=false&type=agenda`);
    const [bill] = await queryRows<{ identifier: string; classification: string; status: string; stage: string; enactment_number: string; session: string }>(
      ctx.handle.db,
      sql`SELECT identifier, classification, status, stage, enactment_number, session FROM bills WHERE id = ${item.bill_id}`,
    );
    // The clerk's list: O-22072 (drafted as O-2026-93) adopted 3/24/2026.
    expect(bill).toEqual({ identifier: 'O-22072', classification: 'ordinance', status: 'enacted', stage: 'enacted', enactment_number: 'O-22072', session: '2026' });
    const actions = await queryRows<{ date: string; description: string }>(ctx.handle.db, sql`SELECT date::text AS date, description FROM actions WHERE bill_id = ${item.bill_id} ORDER BY position`);
    expect(actions).toEqual([
      { date: '2026-03-10', description: 'On the agenda of City Council (CONSENT, ORDINANCES TO BE INTRODUCED:)' },
      { date: '2026-03-24', description: 'Enacted as Ordinance O-22072 (O-2026-93)' },
    ]);
    const linkedTitles = (await queryRows<{ title: string }>(ctx.handle.db, sql`SELECT mi.title FROM meeting_items mi WHERE mi.bill_id IS NOT NULL`)).map((r) => r.title);
    expect(linkedTitles).not.toContain('Women’s History Month.');
    expect(linkedTitles).not.toContain('Approval of Council Minutes.');
    expect(linkedTitles).toContain('Subject: Proposed Lease Agreement with On The Land, LLC [Agreement]');
  });

  test("an enactment no agenda of the window shows is a record of its own; the hearing shows on the bill's API", async () => {
    const [resolution] = await queryRows<{ id: number; identifier: string; status: string; classification: string }>(
      ctx.handle.db,
      sql`SELECT id, identifier, status, classification FROM bills WHERE jurisdiction_id = ${SAN_DIEGO} AND identifier = 'R-316678'`,
    );
    // A resolution the council passed is adopted, never a law (it stays off the map's counts).
    expect(resolution).toMatchObject({ status: 'adopted', classification: 'resolution' });
    const [matter] = await queryRows<{ id: number }>(ctx.handle.db, sql`SELECT bill_id AS id FROM meeting_items WHERE external_id = '37755'`);
    const res = await request(testApp(ctx.handle)).get(`/api/bills/${matter.id}`).expect(200);
    expect(res.body.hearings).toEqual([
      expect.objectContaining({ date: '2026-03-09', time: '10:00', body: 'City Council', status: 'scheduled', source: 'onbase:san_diego', item: expect.objectContaining({ number: '2', section: 'CONSENT CALENDAR' }) }),
    ]);
  });

  test('a second run writes nothing; an outline whose links changed fails the run loudly and keeps what was stored', async () => {
    const before = await counts(ctx.handle);
    const again = await run();
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(await counts(ctx.handle)).toEqual(before);
    breakOutline = true;
    try {
      const broken = await run();
      expect(broken.outcome).toBe('failed');
      expect(broken.errors[0].code).toBe('layout_changed');
      expect(broken.errors[0].message).toMatch(/loadAgenda.*ViewMeetingAgenda\?meetingId=6892/);
      expect(await counts(ctx.handle)).toEqual(before);
    } finally {
      breakOutline = false;
    }
  });
});
