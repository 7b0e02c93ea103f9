import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAustinCouncilMeetings } from '../../../scrapers/austin/austin-council.parser.js';
import { parseAgendaText, parseAustinAgendaPage } from '../../../scrapers/austin/austin-agenda.parser.js';
import { parseBoardsDirectory, parseBoardsMeetings } from '../../../scrapers/austin/boards-meetings.parser.js';
import { austinEnactmentDate, austinEnactmentNumbers } from '../../../scrapers/austin/ordinance-number.js';
import { extractPdfText } from '../../../scrapers/texts/pdf-text-extract.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { readReference, readReferenceBuffer, repoRoot } from '../../helpers/reference.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/cities', name), 'utf8');
const BANDC = 'https://www.austintexas.gov/cityclerk/boards_commissions/meetings/';

describe('Austin boards and commissions year pages (recorded)', () => {
  test('Parks and Recreation Board 2014, page 1 of 5: meetings with their EDIMS documents and recommendation numbers', () => {
    const page = parseBoardsMeetings(readReference('cities', 'austin', 'austintexas-gov_cityclerk_bandc_meetings_2014_39_1_parks-board_page1.html'), `${BANDC}2014_39_1.htm`);
    expect(page).toMatchObject({ body: 'Parks and Recreation Board', year: 2014, page: 1, pageCount: 5, nextPageUrl: `${BANDC}2014_39_2.htm` });
    expect(page.meetings[0]).toMatchObject({ date: '2014-12-09', cancelled: false, meetingType: 'Regular Meeting of the Parks and Recreation Board' });
    expect(page.meetings[0].documents[0]).toEqual({ label: 'Agenda', url: 'https://services.austintexas.gov/edims/document.cfm?id=222396', size: '19KB', note: null, edimsId: 222396, enactmentNumbers: [] });
    expect(page.meetings[0].documents.find((d) => d.enactmentNumbers.includes('20141209-003'))).toMatchObject({ label: 'Recommendation', edimsId: 222763, note: '20141209-003: Renaming parkland at 200 Zilker Clubhouse Road' });
  });

  test('page 2: a cancelled joint meeting keeps its location note and its documents', () => {
    const page = parseBoardsMeetings(readReference('cities', 'austin', 'austintexas-gov_cityclerk_bandc_meetings_2014_39_2_parks-board_page2.html'), `${BANDC}2014_39_2.htm`);
    expect(page).toMatchObject({ page: 2, pageCount: 5, nextPageUrl: `${BANDC}2014_39_3.htm` });
    expect(page.meetings[0]).toMatchObject({
      date: '2014-09-30', cancelled: true, meetingType: 'Joint Committee of the Environmental Board and Parks Board Meeting',
      note: 'Meeting location: Zilker Botanical Garden - Auditorium, 2220 Barton Springs Road.',
      documents: [{ label: 'Cancellation Notice', edimsId: 218325 }, { label: 'Agenda', edimsId: 218166 }],
    });
  });

  test('Music Commission 2014 (one page) and the 2016 Flood Mitigation Task Force ("Canceled", <strong> links)', () => {
    const music = parseBoardsMeetings(readReference('cities', 'austin', 'austintexas-gov_cityclerk_bandc_meetings_2014_12_1_music-commission.html'), `${BANDC}2014_12_1.htm`);
    expect(music).toMatchObject({ body: 'Music Commission', page: 1, pageCount: 1, nextPageUrl: null });
    expect(music.meetings).toHaveLength(8);
    expect(music.meetings.filter((m) => m.cancelled).map((m) => m.date)).toEqual(['2014-10-06']);
    const flood = parseBoardsMeetings(readReference('cities', 'austin', 'austintexas-gov_cityclerk_bandc_meetings_2016_134_1.htm'), `${BANDC}2016_134_1.htm`);
    expect(flood.meetings[0]).toMatchObject({ date: '2016-05-19', meetingType: 'Announcement', documents: [{ label: 'Community Interest Announcement', edimsId: 254019 }] });
    expect(flood.meetings.filter((m) => m.cancelled).map((m) => m.date)).toEqual(['2016-05-17', '2016-05-10', '2016-05-03']);
  });

  test('a page without div#bcic fails naming the selector and URL', () => {
    expect(() => parseBoardsMeetings('<html><body><div id="content"></div></body></html>', `${BANDC}2014_39_1.htm`)).toThrow(LayoutChangedError);
    expect(() => parseBoardsMeetings('<html><body></body></html>', `${BANDC}2014_39_1.htm`)).toThrow(/div#bcic.*2014_39_1\.htm/);
  });

  test('the information center lists 67 bodies with their pages', () => {
    const boards = parseBoardsDirectory(readReference('cities', 'austin', 'austintexas-gov_boards-and-commissions-information-center_2016-01.html'), 'https://www.austintexas.gov/department/boards-and-commissions-information-center');
    expect(boards).toHaveLength(67);
    expect(boards[0]).toEqual({ name: 'African American Resource Advisory Commission', url: 'https://www.austintexas.gov/content/african-american-resource-advisory-commission' });
  });
});

describe('EDIMS agenda PDFs through the text extractor (recorded)', () => {
  test('document 333704: the Mueller commission agenda, numbered items and lettered sub-items', async () => {
    const items = parseAgendaText(await extractPdfText(readReferenceBuffer('cities', 'austin', 'edims_document_333704.pdf'), 'https://services.austintexas.gov/edims/document.cfm?id=333704'));
    expect(items.map((i) => i.number)).toEqual(['1', '2', '3', '3a', '3b', '3c', '4', '4a', '5', '6']);
    expect(items[3]).toMatchObject({ title: 'Northeast Austin Middle School Update (Catellus/AISD)', section: 'NEW BUSINESS' });
    expect(items[4].title).toBe('Mueller Planned Unit Development Zoning Amendment Status Update (Commissioners / Catellus / Staff)');
    expect(items[1].title).toBe('CITIZEN COMMUNICATION: GENERAL');
  });

  test('document 354309: "a)" sub-items of the Commission on Veteran Affairs', async () => {
    const items = parseAgendaText(await extractPdfText(readReferenceBuffer('cities', 'austin', 'edims_document_354309.pdf'), 'https://services.austintexas.gov/edims/document.cfm?id=354309'));
    expect(items.map((i) => i.number)).toEqual(['1', '2', '2a', '2b', '2c']);
    expect(items[2].title).toMatch(/^Presentation by Texas Folklife on their program Creative Forces/);
  });
});

describe('Austin City Council pages (written from the documented structure: test/fixtures/cities/README.md)', () => {
  test('the information center: coming and recent meetings, each with its page', () => {
    const meetings = parseAustinCouncilMeetings(fixture('austin-council-meeting-info-center.html'), 'https://www.austintexas.gov/department/city-council/council/council_meeting_info_center.htm');
    expect(meetings.map((m) => [m.meetingKey, m.list])).toEqual([['20141211-reg', 'upcoming'], ['20141216-wrk', 'upcoming'], ['20141204-reg', 'recent']]);
    expect(meetings[0]).toMatchObject({ date: '2014-12-11', kind: 'reg', description: 'Regular Meeting of the Austin City Council', url: 'https://www.austintexas.gov/department/city-council/2014/20141211-reg.htm' });
    expect(meetings[0].notes[0]).toMatch(/^Speaker registration/);
  });

  test('a meeting page: numbered items under their headings, backup links and the enactment number', () => {
    const items = parseAustinAgendaPage(fixture('austin-council-20141211-reg.htm'), 'https://www.austintexas.gov/department/city-council/2014/20141211-reg.htm');
    expect(items.map((i) => [i.number, i.section])).toEqual([['1', 'CONSENT AGENDA'], ['2', 'HEALTH AND HUMAN SERVICES'], ['3', 'PUBLIC SAFETY']]);
    expect(items[1]).toMatchObject({ enactmentNumbers: ['20141211-002'], documents: [{ url: 'https://services.austintexas.gov/edims/document.cfm?id=222500' }] });
  });

  test('enactment numbers: the meeting day and item, found once each', () => {
    expect(austinEnactmentNumbers('Ordinance No. 20230816-008 and 20230816-008; Resolution 20141209-003')).toEqual(['20230816-008', '20141209-003']);
    expect(austinEnactmentNumbers('phone 512-974-2210, id 20231345-001')).toEqual([]);
    expect(austinEnactmentDate('20230816-008')).toBe('2023-08-16');
  });
});
