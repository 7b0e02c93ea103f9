import * as cheerio from 'cheerio';
import { parseMeetingDetail } from '../../../scrapers/legistar/html/meeting-detail.parser.js';
import { parseCalendar } from '../../../scrapers/legistar/html/calendar.parser.js';
import { parseLegislationSearch, SEARCH_GRID } from '../../../scrapers/legistar/html/legislation-search.parser.js';
import { nextPagePostback, parseDoPostBack, postbackFields, readAspNetForm, readPagerInfo, searchButton } from '../../../scrapers/kit/aspnet-form.js';
import { eventToMeeting, legistarEventSchema } from '../../../scrapers/legistar/legistar-events.js';
import { parseEventItems } from '../../../scrapers/legistar/event-items.js';
import { normalizedMeetingSchema } from '../../../core/meetings/meeting.schema.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { readReference } from '../../helpers/reference.js';

const web = (file: string) => readReference('cities', 'legistar-web', file);
const CHARLOTTE = 'https://charlottenc.legistar.com/MeetingDetail.aspx?ID=1365278&GUID=E6E474AC-A2A9-4CE4-BCF0-5B118522E3BE&Options=info|&Search=';

describe('MeetingDetail.aspx (Charlotte, recorded): the meeting and its 65-line agenda', () => {
  const detail = parseMeetingDetail(web('charlottenc_legistar_MeetingDetail.aspx_ID1365278.html'), CHARLOTTE);

  test('the header: body, day, time, place, agenda status and links', () => {
    expect(detail).toMatchObject({
      meetingId: 1365278, body: 'City Council Business Meeting', date: '2026-06-22', time: '5:30 PM', location: 'Council Chamber',
      agendaStatus: 'Final-revised', minutesStatus: 'Final', agendaUrl: 'https://charlottenc.legistar.com/View.ashx?M=A&ID=1365278&GUID=E6E474AC-A2A9-4CE4-BCF0-5B118522E3BE', minutesUrl: null,
    });
  });

  test('every agenda line with its file number, MatterId, agenda number, action and result', () => {
    expect(detail.items).toHaveLength(65);
    expect(detail.items[1]).toEqual({
      file: '15-25799', matterUrl: 'https://charlottenc.legistar.com/LegislationDetail.aspx?ID=8086391&GUID=1CD4539A-4B12-4ED5-A020-DC596C29D414&Options=&Search=', matterId: 8086391,
      version: '1', agendaNumber: '2', name: null, type: 'Consent Item',
      title: 'Consent agenda items 25 through 59 may be considered in one motion except for those items removed by a Council member. Items are removed by notifying the City Clerk.',
      action: 'Approve', result: 'Pass', actionDetailsUrl: 'https://charlottenc.legistar.com/HistoryDetail.aspx?ID=36908010&GUID=A343E32C-E304-48F2-8392-F7B739FAC1CB',
    });
    expect(detail.items.at(-1)).toMatchObject({ file: '15-25957', agendaNumber: '59', type: 'Consent - Property Transaction', result: 'Pass' });
    expect(detail.items.filter((i) => i.result === 'Pass')).toHaveLength(55);
  });

  test('a renamed agenda grid fails naming the selector and URL', () => {
    const changed = web('charlottenc_legistar_MeetingDetail.aspx_ID1365278.html').replaceAll('gridMain_ctl00', 'gridAgenda_ctl00');
    expect(() => parseMeetingDetail(changed, CHARLOTTE)).toThrow(LayoutChangedError);
    expect(() => parseMeetingDetail(changed, CHARLOTTE)).toThrow(/gridMain_ctl00.*MeetingDetail\.aspx\?ID=1365278/);
  });
});

describe('Calendar.aspx of Philadelphia, Maricopa and NYC (recorded)', () => {
  test('Philadelphia, April 2025: 20 meetings; meetings "not viewable by the public" keep their id from the iCal link', () => {
    const meetings = parseCalendar(readReference('cities', 'philadelphia', 'phila-legistar_Calendar.aspx_2025-04.html'), 'https://phila.legistar.com/Calendar.aspx');
    expect(meetings).toHaveLength(20);
    expect(meetings[0]).toMatchObject({ body: 'Committee of the Whole', date: '2025-04-30', time: '10:00 AM', location: 'Room 400, City Hall', detailUrl: null, meetingId: 1290914 });
    expect(meetings.at(-1)).toMatchObject({ date: '2025-04-01', detailUrl: 'https://phila.legistar.com/MeetingDetail.aspx?ID=1290744&GUID=A5A65340-0DEF-452E-BCBA-93FA709B3BF3&Options=info|&Search=' });
  });

  test('Maricopa 2026 (47 meetings, an Accessible Agenda column) and NYC 2026 (100 meetings, "Deferred")', () => {
    const maricopa = parseCalendar(web('maricopa_legistar_Calendar.aspx_2026.html'), 'https://maricopa.legistar.com/Calendar.aspx');
    expect(maricopa).toHaveLength(47);
    expect(maricopa[0]).toMatchObject({ body: 'City Council Regular Meeting', date: '2026-08-04', time: '6:00 PM', otherLinks: [{ label: 'Accessible Agenda' }] });
    const nyc = parseCalendar(web('nyc_legistar_Calendar.aspx_2026.html'), 'https://legistar.council.nyc.gov/Calendar.aspx');
    expect(nyc).toHaveLength(100);
    expect(nyc[0]).toMatchObject({ body: 'City Council Stated Meeting', date: '2026-12-17', time: '1:30 PM' });
    expect(nyc.at(-1)).toMatchObject({ body: 'Committee on Land Use', status: 'deferred', note: 'Deferred', time: null });
  });
});

describe('Legislation.aspx search and its postbacks (Albuquerque 2013, recorded browser session)', () => {
  const form = web('cabq_legistar_Legislation.aspx_GET_search-form_2013-09-17.html');
  const results = web('cabq_legistar_Legislation.aspx_POST_advanced-search-results_2013-09-17.html');
  const URL = 'https://cabq.legistar.com/Legislation.aspx';

  test('the results page: 100 of 406 rows, the Enactment # column, page 1 of 5', () => {
    const page = parseLegislationSearch(results, URL);
    expect(page.pager).toEqual({ page: 1, pageCount: 5, totalItems: 406 });
    expect(page.rows).toHaveLength(100);
    expect(page.rows[0]).toMatchObject({ file: 'R-13-246', type: 'Resolution', status: "For President's Introduction", introDate: '2013-09-16', matterId: 1480188 });
    expect(page.rows[99]).toMatchObject({ file: 'EC-13-463', status: 'Confirmed', finalActionDate: '2013-08-05' });
  });

  test('the form posts back exactly the fields the browser posted (names in order), with the 2013 __VSTATE', () => {
    const $ = cheerio.load(results);
    const fields = postbackFields(readAspNetForm($, URL), { eventTarget: 'ctl00$ContentPlaceHolder1$menuMain', eventArgument: '3:0' });
    const recorded = [...new URLSearchParams(web('cabq_legistar_Legislation.aspx_POST_Export.xls_2013-09-17.xls.request-body.txt'))];
    expect(fields.map(([name]) => name)).toEqual(recorded.map(([name]) => name));
    const values = new Map(fields);
    expect(values.get('ctl00$ContentPlaceHolder1$lstYearsAdvanced')).toBe('This Year');
    expect(values.get('__EVENTTARGET')).toBe('ctl00$ContentPlaceHolder1$menuMain');
    expect(values.get('__VSTATE')!.length).toBeGreaterThan(30_000);
  });

  test('the simple search form: its search button, and the pager link to page 2 of the results', () => {
    expect(searchButton(cheerio.load(form), URL, ['btnSearch', 'btnSearch2'])).toEqual({ button: 'ctl00$ContentPlaceHolder1$btnSearch', value: 'Search Legislation' });
    expect(readAspNetForm(cheerio.load(form), URL).fields.find(([n]) => n === 'ctl00$ContentPlaceHolder1$lstYears')).toEqual(['ctl00$ContentPlaceHolder1$lstYears', 'This Year']);
    expect(nextPagePostback(cheerio.load(results), SEARCH_GRID)).toEqual({ eventTarget: 'ctl00$ContentPlaceHolder1$gridMain$ctl00$ctl02$ctl00$ctl04', eventArgument: '' });
  });

  test('re-serialized pages write control names with %24; pagers say where they are', () => {
    expect(parseDoPostBack("javascript:__doPostBack('ctl00%24ContentPlaceHolder1%24gridMain%24ctl00%24ctl02%24ctl00%24ctl04','')")).toEqual({ eventTarget: 'ctl00$ContentPlaceHolder1$gridMain$ctl00$ctl02$ctl00$ctl04', eventArgument: '' });
    const nyc = cheerio.load(web('nyc_legistar_Legislation.aspx_search-bus_lxml-reserialized_2019.html'));
    expect(nextPagePostback(nyc, SEARCH_GRID)).toEqual({ eventTarget: 'ctl00$ContentPlaceHolder1$gridMain$ctl00$ctl02$ctl00$ctl04', eventArgument: '' });
    expect(readPagerInfo('Page 5 of 5, items 401 to 406 of 406.')).toEqual({ page: 5, pageCount: 5, totalItems: 406 });
    expect(readPagerInfo('34 items in 3 pages')).toEqual({ pageCount: 3, totalItems: 34 });
  });

  test('a page without a view state is no ASP.NET form: named as such', () => {
    expect(() => readAspNetForm(cheerio.load('<form action="x"><input name="a" value="1"></form>'), URL)).toThrow(/__VIEWSTATE.*Legislation\.aspx/);
  });
});

describe('Legistar Web API events (Philadelphia, recorded)', () => {
  const events = (JSON.parse(readReference('cities', 'philadelphia', 'legistar-api_phila_events.json')) as unknown[]).map((e) => legistarEventSchema.parse(e));
  const items = parseEventItems(JSON.parse(readReference('cities', 'philadelphia', 'legistar-api_phila_event_6376_items.json')), 'https://webapi.legistar.com/v1/phila/events/6376/eventitems');

  test('the Committee on Rules of 6/3/2026 at 2 PM: 19 bills in agenda order by MatterId and file; the 2 blank lines are dropped', () => {
    const meeting = normalizedMeetingSchema.parse(eventToMeeting(events[0], items, { source: 'legistar:phila', jurisdictionId: 'ocd-jurisdiction/country:us/state:pa/place:philadelphia/government' }));
    expect(meeting).toMatchObject({
      source: 'legistar:phila', externalId: 'event:6376', body: 'Committee on Rules', date: '2026-06-03', time: '14:00', location: 'Room 400, City Hall', status: 'scheduled',
      agendaUrl: 'https://philadelphia.legistar1.com/philadelphia/meetings/2026/6/6376_A_Committee_on_Rules_26-06-03_Meeting_Agenda.pdf',
    });
    expect(items).toHaveLength(21);
    expect(meeting.items).toHaveLength(19);
    expect(meeting.items[0]).toMatchObject({ externalId: '862598', matterFile: '251030', matterExternalId: '26662', title: expect.stringMatching(/^Amending Chapter 14-1000 of The Philadelphia Code/) });
    expect(meeting.items.filter((i) => i.matterExternalId !== null)).toHaveLength(19);
  });
});
