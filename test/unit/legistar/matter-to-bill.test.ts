import { z } from 'zod';
import { legistarHistorySchema, legistarIndexSchema, legistarMatterIndexSchema } from '../../../scrapers/legistar/legistar-api.schema.js';
import { classifyBody, classifyMatterType, historyToAction, latestSponsors, normalizeHistories, sessionFor } from '../../../scrapers/legistar/matter-to-bill.js';
import { legistarLocalDate, legistarUtcInstant, usDateToIso, utcWallTime, wallTimeIn } from '../../../core/dates.js';
import { sinceFilter } from '../../../scrapers/legistar/legistar.adapter.js';
import { readReference } from '../../helpers/reference.js';

const histories = (file: string) => z.array(legistarHistorySchema).parse(JSON.parse(readReference('legistar', 'chicago', file)));

describe('Chicago matter histories (recorded API responses)', () => {
  test('dupe_event.json: the second "Passed" by City Council on 2013-05-08 is dropped', () => {
    const rows = histories('dupe_event.json');
    expect(rows).toHaveLength(4);
    const actions = normalizeHistories(rows).map((r) => historyToAction(r));
    expect(actions.map((a) => [a.date, a.description, a.actor, a.passed])).toEqual([
      ['2013-03-13', 'Referred', 'City Council', null],
      ['2013-04-30', 'Recommended to Pass BY VOICE VOTE', 'Committee on Zoning, Landmarks and Building Standards', true],
      ['2013-05-08', 'Passed', 'City Council', true],
    ]);
  });

  test('no_dupe_event.json: all three actions are kept', () => {
    const actions = normalizeHistories(histories('no_dupe_event.json')).map((r) => historyToAction(r));
    expect(actions.map((a) => a.description)).toEqual(['Referred', 'Recommended to Pass BY VOICE VOTE', 'Passed']);
    expect(actions.map((a) => a.actorClassification)).toEqual(['council', 'committee', 'council']);
  });

  test('the same action on different days is not a duplicate', () => {
    const [referred] = histories('no_dupe_event.json');
    const again = { ...referred, MatterHistoryId: 9, MatterHistoryActionDate: '2013-06-01T00:00:00' };
    expect(normalizeHistories([referred, again])).toHaveLength(2);
  });

  test('rows out of order are sorted by date; a row without an action name is dropped', () => {
    const rows = histories('no_dupe_event.json');
    const blank = { ...rows[0], MatterHistoryId: 10, MatterHistoryActionName: ' ' };
    expect(normalizeHistories([rows[2], blank, rows[0], rows[1]]).map((r) => r.MatterHistoryId)).toEqual([192729, 198142, 200042]);
  });

  test('a failed vote reads passed: false and text unlike the action name is kept after it', () => {
    const [row] = histories('dupe_event.json');
    const failed = historyToAction({ ...row, MatterHistoryActionName: 'Failed to Pass', MatterHistoryActionText: 'Roll call 20-29', MatterHistoryPassedFlag: 0 });
    expect(failed).toMatchObject({ description: 'Failed to Pass: Roll call 20-29', passed: false });
  });
});

describe('LA Metro topic indexes (recorded API responses)', () => {
  test('matter_index.json: matter 5036 is tagged BUS CONGESTION', () => {
    const rows = z.array(legistarMatterIndexSchema).parse(JSON.parse(readReference('legistar', 'metro', 'matter_index.json')));
    expect(rows).toEqual([{ MatterIndexId: 1597, MatterIndexMatterId: 5036, MatterIndexIndexId: 2041, MatterIndexName: 'BUS CONGESTION' }]);
  });

  test('all_indexes.json: the 532-term vocabulary parses, Zero Emissions first', () => {
    const rows = z.array(legistarIndexSchema).parse(JSON.parse(readReference('legistar', 'metro', 'all_indexes.json')));
    expect(rows).toHaveLength(532);
    expect(rows[0]).toEqual({ IndexId: 207, IndexName: 'Zero Emissions', IndexActiveFlag: 1, IndexUsedFlag: 0 });
    expect(rows.find((r) => r.IndexId === 2041)?.IndexName).toBe('BUS CONGESTION');
  });
});

describe('classification', () => {
  test('matter types', () => {
    expect(classifyMatterType('Ordinance')).toBe('ordinance');
    expect(classifyMatterType('Ordinance-G')).toBe('ordinance');
    expect(classifyMatterType('Introduction')).toBe('ordinance');
    expect(classifyMatterType('Resolution')).toBe('resolution');
    expect(classifyMatterType('Formal Action')).toBe('other');
    expect(classifyMatterType(null)).toBe('other');
  });

  test('bodies: council, mayor, committee', () => {
    expect(classifyBody('City Council')).toBe('council');
    expect(classifyBody('Metro Council')).toBe('council');
    expect(classifyBody('City Council Formal Meeting', 'Primary Legislative Body')).toBe('council');
    expect(classifyBody('Office of the Mayor')).toBe('mayor');
    expect(classifyBody('Committee on Public Safety')).toBe('committee');
    expect(classifyBody('Public Safety and Justice Subcommittee')).toBe('committee');
    expect(classifyBody('City Council Committee on Finance')).toBe('committee');
  });

  test('session is the council term holding the intro date, else its year', () => {
    const terms = [{ identifier: '2022-2025', startDate: '2022-01-03', endDate: '2025-12-31' }];
    expect(sessionFor('2023-05-01', terms)).toBe('2022-2025');
    expect(sessionFor('2021-12-31', terms)).toBe('2021');
    expect(sessionFor(null)).toBe('unknown');
  });

  test('sponsors of the latest version, primary first', () => {
    const row = (id: number, version: string, seq: number, name: string) => ({ MatterSponsorId: id, MatterSponsorMatterId: 1, MatterSponsorMatterVersion: version, MatterSponsorNameId: id, MatterSponsorBodyId: null, MatterSponsorName: name, MatterSponsorSequence: seq });
    expect(latestSponsors([row(1, '1', 0, 'Old'), row(2, '10', 1, 'Second'), row(3, '10', 0, 'First'), row(4, '9', 0, 'Nine')]).map((s) => s.MatterSponsorName)).toEqual(['First', 'Second']);
  });
});

describe('dates', () => {
  test('local Legistar datetimes keep their calendar date; UTC fields become instants', () => {
    expect(legistarLocalDate('2013-04-30T10:00:00')).toBe('2013-04-30');
    // An evening meeting stays on its day (a UTC conversion would move it to the next).
    expect(legistarLocalDate('2024-03-05T21:30:00')).toBe('2024-03-05');
    expect(legistarUtcInstant('2014-05-24T04:10:20.03')).toBe('2014-05-24T04:10:20.030Z');
    expect(legistarUtcInstant('2014-05-24T04:10:20')).toBe('2014-05-24T04:10:20.000Z');
    expect(legistarLocalDate('12/12/2012')).toBeNull();
    expect(usDateToIso('6/28/2017')).toBe('2017-06-28');
  });

  test('an instant in the city zone, across daylight saving', () => {
    expect(wallTimeIn(new Date('2024-01-15T12:00:00Z'), 'America/Phoenix')).toBe('2024-01-15T05:00:00');
    expect(wallTimeIn(new Date('2024-07-15T12:00:00Z'), 'America/New_York')).toBe('2024-07-15T08:00:00');
    expect(wallTimeIn(new Date('2024-01-15T12:00:00Z'), 'America/New_York')).toBe('2024-01-15T07:00:00');
    expect(utcWallTime(new Date('2024-01-15T12:00:00.123Z'))).toBe('2024-01-15T12:00:00');
  });

  test('the incremental filter compares last-modified in UTC and local dates from the local day', () => {
    expect(sinceFilter(new Date('2024-11-03T05:30:00Z'), 'America/Los_Angeles')).toBe(
      "MatterLastModifiedUtc ge datetime'2024-11-03T05:30:00' or MatterIntroDate ge datetime'2024-11-02T00:00:00' or MatterPassedDate ge datetime'2024-11-02T00:00:00' or MatterAgendaDate ge datetime'2024-11-02T00:00:00'",
    );
  });
});
