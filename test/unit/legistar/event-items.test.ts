import { eventItemsToAgenda, legistarEventItemSchema, parseEventItems } from '../../../scrapers/legistar/event-items.js';
import { InvalidRecordError } from '../../../core/scrape-errors.js';
import { readReference } from '../../helpers/reference.js';

/**
 * Recorded Web API answer: Oakland's Public Safety Committee meeting of 2019-04-23
 * (GET /v1/oakland/events/8172/eventitems; rbelew/legistar4OO data/pubSafety_190423-eventItems.json).
 */
const body: unknown = JSON.parse(readReference('pages', 'oakland', 'legistar-api-eventitems-public-safety-2019-04-23.json'));
const url = 'https://webapi.legistar.com/v1/oakland/events/8172/eventitems';

describe('Oakland Public Safety Committee, 2019-04-23', () => {
  const items = parseEventItems(body, url);
  const agenda = eventItemsToAgenda(items);
  const byFile = (file: string) => agenda.find((e) => e.matterFile === file);

  test('all 15 items pass the schema and all belong to event 8172', () => {
    expect(items).toHaveLength(15);
    expect(agenda).toHaveLength(15);
    expect(new Set(agenda.map((e) => e.eventId))).toEqual(new Set([8172]));
  });

  test('the agenda reads in agenda order, although the API lists item 10 last', () => {
    expect(items[14].EventItemAgendaSequence).toBe(10);
    expect(agenda.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(agenda[1].title).toBe('Roll Call / Call To Order');
    expect(agenda[14].title).toMatch(/^MATERIALS RELATED TO ITEMS ON THIS AGENDA/);
  });

  test('seven items carry a matter, numbered 1 to 7 on the printed agenda', () => {
    const matters = agenda.filter((e) => e.matterId !== null);
    expect(matters.map((e) => [e.agendaNumber, e.matterFile])).toEqual([
      ['1', '18-1646'],
      ['2', '18-1647'],
      ['3', '18-1371'],
      ['4', '18-1628'],
      ['5', '18-1630'],
      ['6', '18-1634'],
      ['7', '18-1661'],
    ]);
  });

  test('18-1628, the OPD–Veterans Affairs agreement: approved and forwarded to Council, passed', () => {
    expect(byFile('18-1628')).toEqual({
      eventItemId: 191223,
      eventId: 8172,
      sequence: 7,
      minutesSequence: 7,
      agendaNumber: '4',
      matterId: 30052,
      matterFile: '18-1628',
      matterType: 'City Resolution',
      matterStatus: 'In Council',
      title:
        'Subject: OPD-U.S. Department Of Veterans Affairs Agreement\nFrom: Oakland Police Department\nRecommendation: Adopt A Resolution Authorizing The City Administrator Or Designee To Enter Into An Agreement Between The\nOakland Police Department (OPD) And The United States Department Of Veterans Affairs (VA) To Define Law Enforcement Responsibilities On VA Properties',
      actionName: 'Approved the Recommendation of Staff, and Forward',
      actionText:
        'A motion was made by Loren Taylor, seconded by Nikki Bas, that this matter be Approved the Recommendation of Staff, and Forward to go before the * Concurrent Meeting of the Oakland Redevelopment Successor Agency and the City Council, to be heard 5/7/2019. The motion carried by the following vote:',
      passed: true,
      tally: null,
      mover: 'Loren Taylor',
      seconder: 'Nikki Bas',
      consent: false,
    });
  });

  test('18-1630, the Justice Assistance Grant from OPD, and 18-1634, the COPS grant buying a Bearcat armored vehicle', () => {
    expect(byFile('18-1630')).toMatchObject({ agendaNumber: '5', matterId: 30054, actionName: 'Approved the Recommendation of Staff, and Forward', passed: true });
    expect(byFile('18-1630')?.title).toMatch(/^Subject: FY 2017\/2018 Justice Assistance Grant\nFrom: Oakland Police Department\n/);
    expect(byFile('18-1634')).toMatchObject({ matterId: 30058, mover: 'Noel Gallo', passed: true });
    expect(byFile('18-1634')?.title).toContain('A Bearcat Armored Vehicle');
  });

  test('18-1371, the gun-tracing report, was continued to 7/9/2019 and stays in committee', () => {
    expect(byFile('18-1371')).toMatchObject({ agendaNumber: '3', matterId: 29797, matterType: 'Informational Report', matterStatus: 'In Committee', actionName: 'Continued', passed: true });
    expect(byFile('18-1371')?.actionText).toContain('to be heard 7/9/2019');
  });

  test('an action without a recorded vote reads passed: null (18-1647, schedule of committee items)', () => {
    expect(byFile('18-1647')).toMatchObject({ actionName: 'Approved', actionText: 'This Report and Recommendation be Approved.', passed: null });
  });

  test('procedural lines have no matter and no action; "COMMITTEE MEMBERSHIP:" is on the agenda only', () => {
    expect(agenda[2]).toMatchObject({ sequence: 3, minutesSequence: null, title: 'COMMITTEE MEMBERSHIP:', matterId: null, matterFile: null, actionName: null, passed: null });
    expect(agenda[12]).toMatchObject({ agendaNumber: '*', matterId: null });
    expect(agenda[11].title).toBe('Adjournment');
  });
});

describe('invalid and empty answers', () => {
  test('an empty array is a meeting without a published agenda, not an error', () => {
    expect(parseEventItems([], url)).toEqual([]);
    expect(eventItemsToAgenda([])).toEqual([]);
  });

  test('a body that is not an array fails naming the URL', () => {
    expect(() => parseEventItems({ Message: 'An error has occurred.' }, url)).toThrow(InvalidRecordError);
    expect(() => parseEventItems({ Message: 'An error has occurred.' }, url)).toThrow(/expected a JSON array, got object \(https:\/\/webapi\.legistar\.com\/v1\/oakland\/events\/8172\/eventitems\)/);
  });

  test('a row whose field changed type fails naming the row and field', () => {
    const rows = (body as Record<string, unknown>[]).map((r) => ({ ...r }));
    rows[3].EventItemPassedFlag = 'Pass';
    expect(() => parseEventItems(rows, url)).toThrow(/event item 3 does not fit the schema: EventItemPassedFlag/);
  });

  test('a row without EventItemId fails', () => {
    expect(legistarEventItemSchema.safeParse({ EventItemTitle: 'Roll Call' }).success).toBe(false);
  });
});
