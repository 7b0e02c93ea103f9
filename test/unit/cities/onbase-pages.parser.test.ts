import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOnBaseMeetingList } from '../../../scrapers/onbase/onbase-meetings.parser.js';
import { parseOnBaseMeetingPage } from '../../../scrapers/onbase/onbase-meeting.parser.js';
import { parseClerkEnactments } from '../../../scrapers/san-diego/clerk-enactments.parser.js';
import { parseSanDiegoMeetingsCalendar } from '../../../scrapers/san-diego/meetings-calendar.parser.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { readReference, repoRoot } from '../../helpers/reference.js';

const COUNCIL = 'https://sandiego.hylandcloud.com/211agendaonlinecouncil/';

describe('OnBase home and search pages (San Diego council and committee sites)', () => {
  test('2026 home: upcoming and recent meetings, agenda and summary documents merged by meeting id', () => {
    const meetings = parseOnBaseMeetingList(readReference('cities', 'san-diego', 'onbase_211agendaonlinecouncil_home_2026-03.html'), COUNCIL);
    const tuesday = meetings.find((m) => m.meetingId === 6892);
    expect(tuesday).toEqual({
      meetingId: 6892,
      name: 'Tuesday Agenda Revised Added S500-S505',
      body: 'City Council',
      date: '2026-03-10',
      time: '10:00',
      list: 'upcoming',
      documents: [
        { doctype: 1, label: 'Agenda', url: `${COUNCIL}Meetings/ViewMeeting?id=6892&doctype=1&site=council` },
        { doctype: 3, label: 'Summary', url: `${COUNCIL}Meetings/ViewMeeting?id=6892&doctype=3&site=council` },
      ],
    });
    expect(meetings.find((m) => m.meetingId === 6908)).toMatchObject({ name: 'Public Comments for Tuesday Meeting', documents: [{ doctype: 1, label: 'Public Comment' }] });
    expect(meetings.find((m) => m.meetingId === 6880)).toMatchObject({ name: 'Tuesday Agenda and Results Summary', date: '2026-03-03', list: 'recent' });
    // The PDF links sit in HTML comments: they are not meetings of their own.
    expect(new Set(meetings.map((m) => m.meetingId)).size).toBe(meetings.length);
  });

  test('2022 home: the "meeting-list-recent" pane (sic) is read like the upcoming one', () => {
    const meetings = parseOnBaseMeetingList(readReference('cities', 'san-diego', 'onbase_211agendaonlinecouncil_home_2022-09.html'), COUNCIL);
    expect(meetings[0]).toMatchObject({ meetingId: 5262, name: 'Adjourned Agenda', body: 'City Council', date: '2022-09-27', time: '10:00', list: 'upcoming' });
    expect(meetings.find((m) => m.meetingId === 5241)).toMatchObject({ name: 'Tuesday Agenda and Results Summary', list: 'recent', documents: [{ doctype: 1 }, { doctype: 3 }] });
  });

  test('committee search results: one pane per year, the body from the link titles, minutes as doctype 2', () => {
    const meetings = parseOnBaseMeetingList(readReference('cities', 'san-diego', 'onbase_211agendaonlinecomm_meetings-search_2022-09.html'), 'https://sandiego.hylandcloud.com/211agendaonlinecomm/Meetings/Search?dropid=4');
    expect(meetings[0]).toMatchObject({ meetingId: 5257, name: 'Revised - Land Use and Housing Committee Meeting - Updated 09/21/22', body: 'Land Use and Housing Committee', date: '2022-09-22', time: '13:00', list: '2022' });
    expect(meetings.find((m) => m.meetingId === 5247)).toMatchObject({ body: 'Rules Committee', date: '2022-09-21', documents: [{ doctype: 1 }, { doctype: 2, label: 'Actions' }] });
  });

  test('a page with neither a meeting list nor meeting links fails naming the selector and URL', () => {
    expect(() => parseOnBaseMeetingList('<html><body><p>Maintenance</p></body></html>', COUNCIL)).toThrow(LayoutChangedError);
    expect(() => parseOnBaseMeetingList('<html><body><p>Maintenance</p></body></html>', COUNCIL)).toThrow(/#meetings-list.*211agendaonlinecouncil/);
  });
});

describe('OnBase meeting pages (ViewMeeting shells)', () => {
  test.each([
    ['concord_view_meeting.html', { meetingId: 1413, name: 'Regular Meeting', date: '2026-02-10', time: '18:30', outlineUrl: null }],
    ['santabarbara_view_meeting.html', { meetingId: 1184, name: 'Regular City Council Meeting', date: '2026-08-11', time: '14:00', outlineUrl: null }],
    ['anchorage_view_meeting_youtube.html', { meetingId: 6500, name: 'Platting Board - July 1, 2026', date: '2026-07-01', time: '18:30', outlineUrl: null }],
    ['maricopa_view_meeting.html', { meetingId: 4694, name: null, date: null, outlineUrl: 'https://host.example/AgendaOnline/Meetings/ViewMeetingAgenda?meetingId=4694&type=agenda' }],
    ['tucson_view_meeting.html', { meetingId: 1956, name: null, outlineUrl: 'https://host.example/221agendaonline/Meetings/ViewMeetingAgenda?meetingId=1956&type=agenda' }],
    ['sacramento_view_meeting.html', { meetingId: 10231, outlineUrl: 'https://host.example/BoardofSupervisors/Meetings/ViewMeetingAgenda?meetingId=10231&type=agenda' }],
  ])('%s: name, time and the agenda addresses its script builds', (file, expected) => {
    const page = parseOnBaseMeetingPage(readReference('cities', 'onbase-agenda-online', file), 'https://host.example/x/Meetings/ViewMeeting?id=1&doctype=1');
    expect(page).toMatchObject(expected);
    expect(page.documentUrl).toMatch(new RegExp(`/Documents/ViewAgenda\\?meetingId=${page.meetingId}&type=agenda&doctype=1$`));
  });

  test('the packet PDF where the site offers one', () => {
    const page = parseOnBaseMeetingPage(readReference('cities', 'onbase-agenda-online', 'sacramento_view_meeting.html'), 'https://agendanet.saccounty.gov/BoardofSupervisors/Meetings/ViewMeeting?id=10231&doctype=1');
    expect(page.packetUrl).toBe('https://agendanet.saccounty.gov/BoardofSupervisors/Documents/Downloadfile/BOARD_OF_SUPERVISORS_10231_Agenda_Packet_8_11_2026_9_30_00_AM.pdf?documentType=5&meetingId=10231&isAttachment=True');
  });
});

describe('San Diego City Clerk pages (sandiego.gov)', () => {
  test('the meetings calendar: 27 entries of February 2024 with times, recess days marked', () => {
    const entries = parseSanDiegoMeetingsCalendar(
      readReference('cities', 'san-diego', 'sandiego-gov_city-clerk_meetings-calendar_2024-02.html'),
      'https://www.sandiego.gov/city-clerk/officialdocs/meetings-calendar?calendar_timestamp=1706778000',
    );
    expect(entries).toHaveLength(27);
    expect(entries[0]).toEqual({ date: '2024-02-01', time: '13:00', title: 'Land Use & Housing Committee', url: 'https://sandiego.hylandcloud.com/211agendaonlinecomm/Meetings/Search?dropid=4&mtids=132', recess: false });
    expect(entries.filter((e) => e.recess).map((e) => e.date)).toEqual(['2024-02-19', '2024-02-20']);
  });

  test("the clerk's list of final resolutions and ordinances: enacted number, drafting number, title, PDF", () => {
    const url = 'https://www.sandiego.gov/city-clerk/officialdocs/council-resolutions-ordinances?page=0';
    const html = readFileSync(path.join(repoRoot, 'test/fixtures/cities/sandiego-council-resolutions-ordinances.html'), 'utf8');
    const page = parseClerkEnactments(html, url);
    expect(page.enactments[0]).toEqual({
      date: '2026-03-24', kind: 'ordinance', number: 'O-22072', draftNumber: 'O-2026-93',
      title: 'Actions Related to the East Village Green Phase 1 Project: Third Amendment to the Compensation Agreement with Civic San Diego and Second Amendment to the Consulting Agreement with Reigelman LLC.',
      url: 'https://docs.sandiego.gov/council_reso_ordinance/rao2026/O-22072.pdf',
    });
    expect(page.enactments[1]).toMatchObject({ kind: 'resolution', number: 'R-316678', draftNumber: 'R-2026-341' });
    expect(page.nextPageUrl).toBe('https://www.sandiego.gov/city-clerk/officialdocs/council-resolutions-ordinances?page=1');
    expect(() => parseClerkEnactments(html.replace('views-table', 'views-grid'), url)).toThrow(/table\.views-table, \.view-empty.*page=0/);
  });
});
