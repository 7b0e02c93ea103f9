import { parseCalendar } from '../../../../scrapers/legistar/html/calendar.parser.js';
import { LayoutChangedError } from '../../../../core/scrape-errors.js';
import { readReference } from '../../../helpers/reference.js';

/** The recorded Calendar.aspx pages (python-legistar-scraper fixtures, 2019-01-07). */
const chicago = readReference('legistar', 'chicago', 'events.html');
const metro = readReference('legistar', 'metro', 'events.html');
const nyc = readReference('legistar', 'nyc', 'events.html');

describe('Chicago calendar (Name, Meeting Date, Meeting Time, Meeting Location, Meeting Details, Notice, Agenda, Summary, Video, Captions)', () => {
  const meetings = parseCalendar(chicago, 'https://chicago.legistar.com/Calendar.aspx');

  test('reads all 8 meetings, newest first', () => {
    expect(meetings).toHaveLength(8);
    expect(meetings.map((m) => m.date)).toEqual(['2019-01-23', '2019-01-22', '2019-01-17', '2019-01-17', '2019-01-17', '2019-01-16', '2019-01-15', '2019-01-08']);
  });

  test('the City Council meets 1/23/2019 at 10:00 AM in Council Chambers', () => {
    expect(meetings[0]).toEqual({
      body: 'City Council',
      bodyUrl: 'https://chicago.legistar.com/DepartmentDetail.aspx?ID=12357&GUID=4B24D5A9-FED0-4015-9154-6BFFFB2A8CB4',
      date: '2019-01-23',
      time: '10:00 AM',
      location: 'Council Chambers -- City Hall -- Chicago, Illinois',
      topic: null,
      note: null,
      status: 'scheduled',
      detailUrl: 'https://chicago.legistar.com/MeetingDetail.aspx?ID=658900&GUID=A957AB4C-4D34-43F6-BF76-01A7B2DFB491&Options=info&Search=',
      agendaUrl: null,
      minutesUrl: null,
      otherLinks: [],
      meetingId: 658900,
      meetingGuid: 'A957AB4C-4D34-43F6-BF76-01A7B2DFB491',
    });
  });

  test('the Committee on Pedestrian and Traffic Safety meets 1/17/2019 at 12:30 PM in Room 201A, with a posted notice', () => {
    expect(meetings[2]).toMatchObject({
      body: 'Committee on Pedestrian and Traffic Safety',
      date: '2019-01-17',
      time: '12:30 PM',
      location: 'Room 201A -- City Hall -- Chicago, Illinois',
      agendaUrl: null,
      meetingId: 662068,
    });
    expect(meetings[2].otherLinks).toHaveLength(1);
    expect(meetings[2].otherLinks[0].label).toBe('Notice');
    expect(meetings[2].otherLinks[0].url).toMatch(/^http:\/\/media\.legistar\.com\/chic\/meetings\/D585AE9A-3159-4C9C-B1DD-A214C793BDCF\/Traffic%20/);
  });

  test('the cancelled 1/8/2019 Human Relations meeting: "CANCELLED" is a note, not part of the place', () => {
    expect(meetings[7]).toMatchObject({
      body: 'Committee on Human Relations',
      date: '2019-01-08',
      time: '10:00 AM',
      location: 'Council Chambers -- City Hall -- Chicago, Illinois',
      note: 'CANCELLED',
      status: 'cancelled',
      agendaUrl: 'http://media.legistar.com/chic/meetings/91489BEA-87E0-42E1-8D86-743C2F7138A6/agenda%20hum%20rel.jan8_20190104101632.pdf',
    });
    expect(meetings.filter((m) => m.status === 'cancelled')).toHaveLength(1);
  });
});

describe('LA Metro calendar (… Agenda, Recap/Minutes, Audio, eComment)', () => {
  const meetings = parseCalendar(metro, 'https://metro.legistar.com/Calendar.aspx');

  test('reads all 14 meetings; none has an agenda or minutes posted yet', () => {
    expect(meetings).toHaveLength(14);
    expect(meetings.every((m) => m.agendaUrl === null && m.minutesUrl === null && m.otherLinks.length === 0)).toBe(true);
  });

  test('the Board of Directors Regular Board Meeting on 1/24/2019 at 9:30 AM; the two-line address reads as one', () => {
    expect(meetings[0]).toMatchObject({
      body: 'Board of Directors - Regular Board Meeting',
      bodyUrl: 'https://metro.legistar.com/DepartmentDetail.aspx?ID=28529&GUID=44319A1A-B2B7-48CC-B857-ADCE9064573B',
      date: '2019-01-24',
      time: '9:30 AM',
      location: 'One Gateway Plaza, Los Angeles, CA 90012, 3rd Floor, Metro Board Room',
      status: 'scheduled',
    });
  });

  test('"Meeting details" marked "Not viewable by the public" has no link; the iCal link still identifies the meeting', () => {
    expect(meetings.every((m) => m.detailUrl === null)).toBe(true);
    expect(meetings[0]).toMatchObject({ meetingId: 642142, meetingGuid: '58D90217-A690-4CCA-8C6F-09F45D7A3016' });
  });

  test('the Operations, Safety, and Customer Experience Committee meets 1/17/2019 at 9:00 AM', () => {
    expect(meetings.find((m) => m.body === 'Operations, Safety, and Customer Experience Committee')).toMatchObject({ date: '2019-01-17', time: '9:00 AM', meetingId: 642109 });
  });
});

describe('NYC calendar (… Meeting Topic, Meeting Details, Agenda, Minutes, Multimedia)', () => {
  const url = 'https://legistar.council.nyc.gov/Calendar.aspx';
  const meetings = parseCalendar(nyc, url);

  test('reads all 40 meetings, every one with an agenda; the body names carry no link', () => {
    expect(meetings).toHaveLength(40);
    expect(meetings.filter((m) => m.agendaUrl !== null)).toHaveLength(40);
    expect(meetings.every((m) => m.bodyUrl === null)).toBe(true);
  });

  test('the Committee on Justice System hearing on right to counsel, 1/29/2019 at 1:00 PM', () => {
    expect(meetings.find((m) => m.body === 'Committee on Justice System')).toEqual({
      body: 'Committee on Justice System',
      bodyUrl: null,
      date: '2019-01-29',
      time: '1:00 PM',
      location: 'Committee Room - City Hall',
      topic: 'Oversight - Implementation of Right to Counsel in Housing Court.',
      note: null,
      status: 'scheduled',
      detailUrl: 'https://nyc.legistar.com/MeetingDetail.aspx?ID=670661&GUID=485C198D-470B-48C9-8302-A8398696CCCF&Options=info&Search=',
      agendaUrl: 'https://nyc.legistar.com/View.ashx?M=A&ID=670661&GUID=485C198D-470B-48C9-8302-A8398696CCCF',
      minutesUrl: null,
      otherLinks: [],
      meetingId: 670661,
      meetingGuid: '485C198D-470B-48C9-8302-A8398696CCCF',
    });
  });

  test('the 1/7/2019 Governmental Operations meeting has minutes and a video (opened from a popup)', () => {
    const last = meetings[39];
    expect(last).toMatchObject({
      body: 'Committee on Governmental Operations',
      date: '2019-01-07',
      time: '10:00 AM',
      topic: 'Online list of required reports.',
      minutesUrl: 'https://nyc.legistar.com/View.ashx?M=M&ID=669540&GUID=775AB6E6-9CDC-4B60-8040-C116BCFD8C02',
    });
    expect(last.otherLinks).toHaveLength(1);
    expect(last.otherLinks[0].label).toBe('Multimedia');
    expect(last.otherLinks[0].url).toMatch(/^https:\/\/legistar\.council\.nyc\.gov\/Video\.aspx\?Mode=Auto&URL=/);
    expect(meetings.filter((m) => m.minutesUrl !== null)).toHaveLength(1);
  });

  test('struck-out meetings show "Deferred" in place of a time', () => {
    const deferred = meetings.filter((m) => m.status === 'deferred');
    expect(deferred.map((m) => [m.body, m.date, m.time, m.note])).toEqual([
      ['Committee on Consumer Affairs and Business Licensing', '2019-01-10', null, 'Deferred'],
      ['Committee on Housing and Buildings', '2019-01-10', null, 'Deferred'],
    ]);
  });

  test('a joint hearing keeps "Jointly with…" as a note under the place', () => {
    expect(meetings.find((m) => m.body === 'Committee on Women')).toMatchObject({
      date: '2019-01-23',
      location: 'Council Chambers - City Hall',
      note: 'Jointly with the Committee on Aging',
      topic: 'Oversight - Women Aging into Poverty in New York City.',
      status: 'scheduled',
    });
    expect(meetings.find((m) => m.date === '2019-01-09' && m.body === 'City Council Stated Meeting')).toMatchObject({ time: '12:00 PM', note: 'CHARTER MEETING' });
  });
});

describe('when the page changes', () => {
  const url = 'https://chicago.legistar.com/Calendar.aspx';

  test('a renamed column header fails naming the column, the selector and the URL', () => {
    const renamed = chicago.replace('">Meeting Date</a>', '">Date of Meeting</a>');
    expect(renamed).not.toBe(chicago);
    let error: unknown;
    try {
      parseCalendar(renamed, url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayoutChangedError);
    const layout = error as LayoutChangedError;
    expect(layout.selector).toBe('table#ctl00_ContentPlaceHolder1_gridCalendar_ctl00 > thead > tr > th.rgHeader');
    expect(layout.url).toBe(url);
    expect(layout.message).toContain('missing column(s) date');
    expect(layout.message).toContain('"Date of Meeting"');
    expect(layout.message).toContain(url);
  });

  test('a grid with a new id fails naming the grid selector', () => {
    expect(() => parseCalendar(chicago.replaceAll('gridCalendar_ctl00', 'gridMeetings_ctl00'), url)).toThrow(/selector "table#ctl00_ContentPlaceHolder1_gridCalendar_ctl00" at https:\/\/chicago\.legistar\.com\/Calendar\.aspx/);
  });

  test('a grid that parses to zero rows is an error, not an empty calendar', () => {
    const empty = chicago.replace(/class="rg(Alt)?Row"/g, 'class="rgOther"');
    expect(() => parseCalendar(empty, url)).toThrow(LayoutChangedError);
    expect(() => parseCalendar(empty, url)).toThrow(/expected at least 1 element\(s\), found 0/);
    // Asked for leniency, it still throws unless the grid itself says it has no records.
    expect(() => parseCalendar(empty, url, { allowNoRecords: true })).toThrow(LayoutChangedError);
  });

  test('"No records to display" is an empty calendar only when the caller allows it', () => {
    const none = chicago
      .replace(/class="rg(Alt)?Row"/g, 'class="rgOther"')
      .replace(/(id="ctl00_ContentPlaceHolder1_gridCalendar_ctl00"[\s\S]*?<tbody>)/, '$1<tr class="rgNoRecords"><td colspan="11">No records to display.</td></tr>');
    expect(parseCalendar(none, url, { allowNoRecords: true })).toEqual([]);
    expect(() => parseCalendar(none, url)).toThrow(LayoutChangedError);
  });

  test('an unreadable meeting date fails naming the row', () => {
    const broken = chicago.replace('>1/23/2019<', '>TBD<');
    expect(broken).not.toBe(chicago);
    expect(() => parseCalendar(broken, url)).toThrow(/unreadable meeting date "TBD".*Calendar\.aspx \(row 1\)/);
  });
});
