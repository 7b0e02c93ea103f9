import { parseOnBaseAgenda } from '../../../scrapers/onbase/onbase-agenda.parser.js';
import { OnBasePageUnavailableError } from '../../../scrapers/onbase/onbase-error-page.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { readReference } from '../../helpers/reference.js';

/** Recorded OnBase Agenda Online agendas: ../shared/reference/cities/{san-diego,onbase-agenda-online}/. */
const SD_URL = 'https://sandiego.hylandcloud.com/211agendaonlinecouncil/Meetings/ViewMeetingAgenda?meetingId=6892&type=agenda';
const sanDiego = readReference('cities', 'san-diego', 'onbase_211agendaonlinecouncil_ViewMeetingAgenda_meetingId6892_2026-03-10.html');
const maricopa = readReference('cities', 'onbase-agenda-online', 'maricopa_view_meeting_agenda.html');
const santaBarbara = readReference('cities', 'onbase-agenda-online', 'santabarbara_view_agenda_document.html');
const concord = readReference('cities', 'onbase-agenda-online', 'concord_view_agenda_document.html');
const anchorage = readReference('cities', 'onbase-agenda-online', 'anchorage_view_agenda_document.html');

describe('San Diego outline (ViewMeetingAgenda, meeting 6892, no agenda numbers)', () => {
  const agenda = parseOnBaseAgenda(sanDiego, SD_URL);

  test('the header names the City Council meeting of 3/10/2026 10:00 AM', () => {
    expect(agenda).toMatchObject({ layout: 'outline', meetingName: 'City Council', meetingDate: '2026-03-10', meetingTime: '10:00' });
  });

  test('all 25 items with their OnBase item ids and titles, in agenda order', () => {
    expect(agenda.items).toHaveLength(25);
    expect(agenda.items[0]).toEqual({ itemId: 256421, number: null, title: '2026 City of San Diego Women of Distinction.', section: 'PROCLAMATIONS/CEREMONIAL ITEMS', sectionPath: ['PROCLAMATIONS/CEREMONIAL ITEMS'] });
    expect(agenda.items.at(-1)).toMatchObject({ itemId: 256423, title: 'Hearing for Public Input on the Development of the Fiscal Year 2027 Budget' });
  });

  test('each item knows the headings above it, innermost last', () => {
    expect(agenda.items.find((i) => i.itemId === 256419)).toMatchObject({
      title: 'Actions Related to the East Village Green Phase 1 Project: Third Amendment to the Compensation Agreement with Civic San Diego and Second Amendment to the Consulting Agreement with Reigelman LLC.',
      section: 'CONSENT, ORDINANCES TO BE INTRODUCED:',
      sectionPath: ['CONSENT ITEMS', 'ADOPTION AGENDA', 'CONSENT, ORDINANCES TO BE INTRODUCED:'],
    });
    expect(agenda.items.find((i) => i.itemId === 256441)!.title).toBe('Request for an Extension of the Construction Contract #K-21-1968-DBB-3 with TC Construction, Inc. for the Construction of Sewer & AC Water Group 763 Project.');
  });

  test('no section header is counted as an item', () => {
    const sectionIds = new Set(agenda.sections.map((s) => s.sectionId));
    expect(agenda.sections.map((s) => s.title)).toEqual(expect.arrayContaining(['ROLL CALL', 'CONSENT ITEMS', 'APPROVAL OF COUNCIL MINUTES']));
    expect(sectionIds.has(86289)).toBe(true);
    expect(agenda.items.filter((i) => sectionIds.has(i.itemId))).toEqual([]);
    expect(agenda.items.map((i) => i.title)).not.toContain('ROLL CALL');
  });
});

describe('Maricopa outline (numbers before the spans, numbered section headers)', () => {
  const agenda = parseOnBaseAgenda(maricopa, 'https://mccobagenda.databankcloud.com/AgendaOnline/Meetings/ViewMeetingAgenda?meetingId=4694&type=agenda');

  test('120 items, each with the number printed before it', () => {
    expect(agenda).toMatchObject({ layout: 'outline', meetingName: 'Formal', meetingDate: '2026-07-15', meetingTime: '09:30' });
    expect(agenda.items).toHaveLength(120);
    expect(agenda.items[0]).toMatchObject({ itemId: 270234, number: '5', title: 'CHILD SUPPORT AWARENESS PROCLAMATION', section: 'PRESENTATIONS - PRESENTACIÓNES' });
    expect(agenda.items.find((i) => i.itemId === 270981)).toMatchObject({ number: '9', title: 'AZ01-224 RAMBLER / PHO CITRUS POINT' });
  });

  test('"1. ROLL CALL - LISTA" is a numbered section, not an item; unnamed headers are left out of the path', () => {
    expect(agenda.sections).toContainEqual({ sectionId: 65069, number: '1', title: 'ROLL CALL - LISTA' });
    expect(agenda.items.some((i) => i.itemId === 65069 || i.title === 'ROLL CALL - LISTA')).toBe(false);
    expect(agenda.items[0].sectionPath).toEqual(['PRESENTATIONS - PRESENTACIÓNES']);
  });
});

describe('converted agenda documents (Documents/ViewAgenda, loadAgendaItem(id, true|false))', () => {
  test('Santa Barbara: 5 items numbered 1 to 5 in their paragraph; the 13 section links are not items', () => {
    const agenda = parseOnBaseAgenda(santaBarbara, 'https://docs.santabarbaraca.gov/OnBaseAgendaOnline/Documents/ViewAgenda?meetingId=1184&type=agenda&doctype=1');
    expect(agenda.layout).toBe('document');
    expect(agenda.sections).toHaveLength(13);
    expect(agenda.items.map((i) => [i.itemId, i.number])).toEqual([[37881, '1'], [37755, '2'], [37757, '3'], [37802, '4'], [37803, '5']]);
    expect(agenda.items[0]).toMatchObject({ title: 'Subject: Waiver of Reading in Full of Ordinances and Resolutions', section: 'CONSENT CALENDAR' });
    expect(agenda.items[4].section).toBe('CITY COUNCIL ADMINISTRATIVE AND ATTORNEY REPORTS');
  });

  test('Concord: titles split over several spans read whole, numbers from the cell before', () => {
    const agenda = parseOnBaseAgenda(concord, 'https://stream2.ci.concord.ca.us/OnBaseAgendaOnline/Documents/ViewAgenda?meetingId=1413&type=agenda&doctype=1');
    expect(agenda.items).toHaveLength(10);
    const ordinance = agenda.items.find((i) => i.itemId === 25064)!;
    expect(ordinance).toMatchObject({ number: 'b', section: 'CITY COUNCIL CONSENT CALENDAR' });
    expect(ordinance.title).toMatch(/^Considering – adoption of Ordinance No\. 26-1 entitled, "An Ordinance Amending Title 18 \(Development Code\)/);
    expect(agenda.items.find((i) => i.itemId === 25109)!.title).toBe(
      'Presentation – to Karen Sakata, Diablo Japanese American Club, proclaiming February 19, 2026, as "Japanese American Incarceration During World War II Day" in the City of Concord. Presentation by Mayor Nakamura.',
    );
  });

  test('Anchorage: resolutions and cases under their sections, lettered', () => {
    const agenda = parseOnBaseAgenda(anchorage, 'https://meetings.muni.org/AgendaOnline/Documents/ViewAgenda?meetingId=6500&type=agenda&doctype=1');
    expect(agenda.items.map((i) => i.itemId)).toEqual([94566, 94568, 94569, 94570, 94572, 94178, 95991, 94567]);
    expect(agenda.items[1]).toMatchObject({ number: 'a', title: 'Resolution: 2026-006 Related Case: S12880', section: 'Resolutions for Approval' });
    expect(agenda.items[5]).toMatchObject({ number: 'a', title: 'CASE: S12879 (SO)', section: 'Public Hearings' });
    expect(agenda.sections.map((s) => s.title)).toContain('ROLL CALL');
  });
});

describe('what the product serves when it will not serve an agenda, and layouts that changed', () => {
  test.each(['anchorage', 'concord', 'santabarbara'])('%s: the real error page is reported as such, not as an empty agenda', (city) => {
    const page = readReference('cities', 'onbase-agenda-online', `${city}_view_meeting_agenda_notfound.html`);
    const url = `https://${city}.example/AgendaOnline/Meetings/ViewMeetingAgenda?meetingId=1&type=agenda`;
    expect(() => parseOnBaseAgenda(page, url)).toThrow(OnBasePageUnavailableError);
    expect(() => parseOnBaseAgenda(page, url)).toThrow(/would not serve .*ViewMeetingAgenda.*"The web page that you have requested is not available"/);
  });

  test('an outline whose links no longer call loadAgendaItem fails, naming the selector and URL', () => {
    const changed = sanDiego.replaceAll('loadAgendaItem(', 'openItem(').replaceAll('loadAgendaSection(', 'openSection(');
    expect(() => parseOnBaseAgenda(changed, SD_URL)).toThrow(LayoutChangedError);
    expect(() => parseOnBaseAgenda(changed, SD_URL)).toThrow(/loadAgenda.*ViewMeetingAgenda\?meetingId=6892/);
  });

  test('items without the text span, or with raw line breaks in it (Sacramento), keep their titles', () => {
    const noSpan = sanDiego.replaceAll('<span class="accessible-item-text">', '<span>');
    expect(parseOnBaseAgenda(noSpan, SD_URL).items[8]).toMatchObject({ itemId: 256419, title: expect.stringMatching(/^Actions Related to the East Village Green/) });
    const crlf = sanDiego.replace('Lowrider Stamp Day.', 'Lowrider\r\n\t\tStamp Day.');
    expect(parseOnBaseAgenda(crlf, SD_URL).items.find((i) => i.itemId === 256767)!.title).toBe('Lowrider Stamp Day.');
  });
});
