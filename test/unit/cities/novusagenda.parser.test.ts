import { parseNovusSearchPage } from '../../../scrapers/novusagenda/novusagenda.parser.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { readReference } from '../../helpers/reference.js';

/** Two NovusAGENDA cities (no Houston page is recorded): the parser is written against the product. */
const bakersfield = readReference('cities', 'novusagenda', 'bakersfield_agendapublic_meeting-search_MeetingType6_2020.html');
const dinuba = readReference('cities', 'novusagenda', 'dinuba_agendapublic_meetingsgeneral_MeetingType1_6ms_2022-10.html');
const BAKERSFIELD = 'https://bakersfield.novusagenda.com/AgendaPublic/?MeetingType=6';
const DINUBA = 'https://dinuba.novusagenda.com/agendapublic/meetingsgeneral.aspx?MeetingType=1&Date=6ms';

describe('Bakersfield (master page: ctl00_ContentPlaceHolder1_ ids, an Item Video column)', () => {
  const page = parseNovusSearchPage(bakersfield, BAKERSFIELD);

  test('nine meetings with their MeetingView agenda (window.open, no href) and PDF', () => {
    expect(page.meetings).toHaveLength(9);
    expect(page.meetings[1]).toEqual({
      meetingId: 546, date: '2020-07-16', meetingType: 'Planning Commission Meeting', location: 'Council Chambers, City Hall South, 1501 ...', cancelled: false,
      agendaUrl: 'https://bakersfield.novusagenda.com/AgendaPublic/MeetingView.aspx?MeetingID=546&MinutesMeetingID=324&doctype=Agenda',
      agendaPdfUrl: 'https://bakersfield.novusagenda.com/AgendaPublic/DisplayAgendaPDF.ashx?MeetingID=546',
      minutesUrl: null,
    });
  });

  test('the first page of items: title, category, cover sheet; "Roll Call" has no cover sheet', () => {
    expect(page.items).toHaveLength(15);
    expect(page.items[0]).toEqual({
      itemId: 7499, meetingId: 546, date: '2020-07-16', title: 'ZC 20-0062', category: 'CONSENT CALENDAR PUBLIC HEARINGS', meetingType: 'Planning Commission Meeting',
      location: 'Council Chambers, City Hall South, 1501 ...', coverSheetUrl: 'https://bakersfield.novusagenda.com/AgendaPublic/Coversheet.aspx?ItemID=7499&MeetingID=546',
    });
    expect(page.items[4]).toMatchObject({ itemId: null, meetingId: null, title: 'Roll Call', category: 'ROLL CALL', coverSheetUrl: null });
  });

  test('"34 items in 3 pages", and the postback that shows page 2', () => {
    expect(page.itemsPager).toEqual({ page: 1, pageCount: 3, totalItems: 34 });
    expect(page.nextItemsPage).toEqual({ eventTarget: 'ctl00$ContentPlaceHolder1$SearchAgendasMeetings$radGridItems$ctl00$ctl03$ctl01$ctl12', eventArgument: '' });
  });
});

describe('Dinuba (meetingsgeneral.aspx: no prefix, minutes columns, no video column)', () => {
  const page = parseNovusSearchPage(dinuba, DINUBA);

  test('council meetings and 15 of 47 items; ordinances and resolutions by number in the title', () => {
    expect(page.meetings.map((m) => [m.meetingId, m.date])).toEqual([[365, '2022-09-27'], [354, '2022-09-13'], [353, '2022-08-09'], [352, '2022-07-12']]);
    expect(page.items.find((i) => i.itemId === 2541)).toMatchObject({ meetingId: 365, title: 'Ordinance No. 2022-10 Amendments to Floodplain Management Ordinance (DY)', category: 'PUBLIC HEARING' });
    expect(page.items[0]).toMatchObject({ itemId: 2537, category: 'DEPARTMENT REPORTS', title: expect.stringMatching(/^Resolution No\. 2022-50 /) });
    expect(page.itemsPager).toEqual({ page: 1, pageCount: 4, totalItems: 47 });
    expect(page.nextItemsPage).toEqual({ eventTarget: 'SearchAgendasMeetings$radGridItems$ctl00$ctl03$ctl01$ctl14', eventArgument: '' });
  });
});

describe('a page whose grids changed fails loudly, naming the selector and URL', () => {
  test('a renamed items grid', () => {
    const changed = dinuba.replaceAll('radGridItems_ctl00', 'radGridAgendaItems_ctl00');
    expect(() => parseNovusSearchPage(changed, DINUBA)).toThrow(LayoutChangedError);
    expect(() => parseNovusSearchPage(changed, DINUBA)).toThrow(/SearchAgendasMeetings_radGridItems_ctl00.*meetingsgeneral\.aspx/);
  });

  test('a missing Category column', () => {
    const changed = dinuba.replace(/(radGridItems_ctl00[\s\S]*?)>Category</, '$1>Section<');
    expect(() => parseNovusSearchPage(changed, DINUBA)).toThrow(/missing column\(s\) category/);
  });
});
