import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { compareTimestamps, dayOfFuzzyDate, openStatesBillSchema } from '../../../scrapers/openstates/openstates-bill.schema.js';
import { normalizeOpenStatesBill, parseOpenStatesBill, readOpenStatesFile } from '../../../scrapers/openstates/normalize-openstates-bill.js';
import { loadOpenStatesFixtures } from '../../helpers/openstates-server.js';

const fixtures = loadOpenStatesFixtures();
const fixture = (name: string) => structuredClone(fixtures[name]!);

describe('normalizeOpenStatesBill', () => {
  test('Colorado HB21-1251 keeps identity, chamber, abstract, sponsors and the signed action', () => {
    const bill = normalizedBillSchema.parse(parseOpenStatesBill(fixture('co-2021A-HB21-1251.json')));
    expect(bill).toMatchObject({
      source: 'openstates',
      externalId: 'ocd-bill/00000000-0000-4000-8000-000000000001',
      jurisdictionId: 'ocd-jurisdiction/country:us/state:co/government',
      session: '2021A',
      identifier: 'HB21-1251',
      title: 'Appropriate Use Of Chemical Restraints On A Person',
      classification: 'bill',
      subjects: ['Crimes, Corrections, & Enforcement'],
      chamber: 'lower',
      sourceUrl: 'https://openstates.org/co/bills/2021A/HB21-1251/',
      sourceUpdatedAt: '2021-07-07T03:10:00.123456+00:00',
    });
    expect(bill.abstract).toMatch(/^Concerning the appropriate use of ketamine/);
    expect(bill.sponsors.map((s) => s.name)).toEqual(['L. Herod', 'Y. Caraveo', 'R. Fields', 'J. Gonzales']);
    expect(bill.actions.at(-1)).toEqual({
      date: '2021-07-06',
      description: 'Governor Signed',
      actor: 'Executive',
      actorClassification: 'executive',
      sourceClassification: ['executive-signature'],
      passed: null,
    });
    expect(bill.actions[1]).toMatchObject({ actor: 'House Judiciary', actorClassification: 'committee' });
  });

  test('partial dates become null days and are listed, never padded to an invented day', () => {
    const bill = normalizeOpenStatesBill(openStatesBillSchema.parse(fixture('co-2021A-HB21-1251.json')));
    expect(bill.actions!.map((a) => a.date)).toEqual(['2021-03-30', null, null, null, '2021-07-06']);
    expect(bill.extras!.partialDates).toEqual(['action 1: 2021-04', 'action 2: 2021', 'action 3: 2021']);
    // A version dated "" has no date rather than an empty string.
    expect(bill.documents!.map((d) => [d.note, d.date])).toEqual([['Introduced', '2021-03-30'], ['Signed Act', null]]);
  });

  test('timestamped action dates are cut to their day', () => {
    const raw = fixture('va-2020S1-HB5099.json');
    (raw.actions as { date: string }[])[5]!.date = '2020-10-28T14:05:00-04:00';
    const bill = parseOpenStatesBill(raw);
    expect(bill.actions!.at(-1)!.date).toBe('2020-10-28');
  });

  test('a sparse bill (fields omitted, not null) still normalizes with empty defaults', () => {
    const bill = normalizedBillSchema.parse(parseOpenStatesBill(fixture('ky-2021RS-SB4.json')));
    expect(bill.abstract).toBeNull();
    expect(bill.otherTitles).toEqual([]);
    expect(bill.documents).toEqual([]);
    expect(bill.chamber).toBe('upper');
    expect(bill.sponsors).toEqual([{ name: 'Robert Stivers', classification: 'primary', primary: true, personId: null }]);
    expect(bill.extras).not.toHaveProperty('latestPassageDate');
  });

  test('latest_passage_date "" (never passed) is not stored as a date', () => {
    const bill = parseOpenStatesBill(fixture('tx-87R-HB88.json'));
    expect(bill.extras).not.toHaveProperty('latestPassageDate');
    expect(bill.extras!.firstActionDate).toBe('2021');
    expect(bill.actions!.map((a) => a.sourceClassification)).toEqual([['referral-committee'], ['hearing-held']]);
  });

  test('a version without links is dropped (there is nothing to open)', () => {
    const bill = parseOpenStatesBill(fixture('ca-20212022-SB2.json'));
    expect(bill.documents).toEqual([]);
    expect(bill.actions!.at(-1)!.sourceClassification).toEqual(['executive-signature']);
  });

  test('actions are ordered by `order`, not by position or date', () => {
    const raw = fixture('nc-2021-HB805.json');
    (raw.actions as unknown[]).reverse();
    const bill = parseOpenStatesBill(raw);
    expect(bill.actions!.map((a) => a.description)).toEqual(['Filed', 'Passed 3rd Reading (25-19)', 'Concurred in Senate changes (88-25)', 'Ratified', 'Vetoed']);
  });

  test('re-imported child rows with new ids give an identical record (no spurious update)', () => {
    const first = parseOpenStatesBill(fixture('va-2020S1-HB5099.json'));
    const raw = fixture('va-2020S1-HB5099.json');
    for (const row of [...(raw.actions as { id: string }[]), ...(raw.sponsorships as { id: string }[])]) row.id = crypto.randomUUID();
    expect(parseOpenStatesBill(raw)).toEqual(first);
  });

  test('roll-call votes (include=votes) come with motion, date, body, result and tally', () => {
    const bill = normalizedBillSchema.parse(parseOpenStatesBill(fixture('va-2020S1-HB5099.json')));
    expect(bill.votes).toEqual([
      { date: '2020-08-26', motion: 'Reported from Courts of Justice with amendment', result: 'pass', organization: 'Courts of Justice', chamber: 'committee', counts: { yes: 14, no: 7 }, voters: [], sourceId: 'ocd-vote/00000000-0000-4000-8000-000000005001' },
      { date: '2020-09-04', motion: 'Read third time and passed House', result: 'pass', organization: 'House', chamber: 'lower', counts: { yes: 56, no: 41 }, voters: [], sourceId: 'ocd-vote/00000000-0000-4000-8000-000000005002' },
      { date: '2020-10-02', motion: 'Passed Senate with amendment', result: 'pass', organization: 'Senate', chamber: 'upper', counts: { yes: 22, no: 17 }, voters: [], sourceId: 'ocd-vote/00000000-0000-4000-8000-000000005003' },
    ]);
  });

  test('members’ votes keep their person ids; options count as Open States counts them, unknown ones as other', () => {
    const raw = fixture('va-2020S1-HB5099.json');
    const [vote] = raw.votes as Record<string, unknown>[];
    // Test values: option strings as Open States writes them, members as the VA journal prints them.
    vote!.votes = [
      { id: 'pv-1', option: 'yes', voter_name: 'Aird', voter: { id: 'ocd-person/00000000-0000-4000-8000-00000000b001', name: 'Lashrecse Aird' } },
      { id: 'pv-2', option: 'paired', voter_name: 'Bagby' },
      { id: 'pv-3', option: 'not voting', voter_name: 'Lindsey' },
      { id: 'pv-4', option: 'present', voter_name: 'Mullin' },
    ];
    vote!.counts = [{ option: 'yes', value: 14 }, { option: 'no', value: 7 }, { option: 'paired', value: 1 }, { option: 'not voting', value: 1 }, { option: 'present', value: 1 }];
    const [normalized] = normalizedBillSchema.parse(parseOpenStatesBill(raw)).votes;
    expect(normalized!.counts).toEqual({ yes: 14, no: 7, paired: 1, 'not voting': 1, other: 1 });
    expect(normalized!.voters).toEqual([
      { name: 'Aird', option: 'yes', personId: 'ocd-person/00000000-0000-4000-8000-00000000b001' },
      { name: 'Bagby', option: 'paired', personId: null },
      { name: 'Lindsey', option: 'not voting', personId: null },
      { name: 'Mullin', option: 'other', personId: null },
    ]);
  });

  test('falls back to sources[0] when openstates_url is missing', () => {
    const raw = fixture('va-2020S1-HB5099.json');
    delete raw.openstates_url;
    expect(parseOpenStatesBill(raw).sourceUrl).toBe('https://www.richmondsunlight.com/bill/2020/hb5099/');
  });
});

describe('readOpenStatesFile', () => {
  test('a list page with a malformed record reports it by position and URL and keeps the others', () => {
    const bad = { ...fixture('ky-2021RS-SB4.json'), title: '' };
    const page = { results: [fixture('co-2021A-HB21-1251.json'), bad, { id: 'ocd-bill/x' }], pagination: { per_page: 20, page: 1, max_page: 1, total_items: 3 } };
    const result = readOpenStatesFile(JSON.stringify(page));
    expect(result.bills.map((b) => b.identifier)).toEqual(['HB21-1251']);
    expect(result.problems).toEqual([
      { position: 'results[1]', url: 'https://openstates.org/ky/bills/2021RS/SB4/', message: expect.stringMatching(/title/) },
      { position: 'results[2]', url: 'ocd-bill/x', message: expect.stringMatching(/not an Open States bill/) },
    ]);
  });

  test('accepts an array of bills and a single saved bill', () => {
    expect(readOpenStatesFile([fixture('tx-87R-HB88.json'), fixture('nc-2021-HB805.json')]).bills.map((b) => b.identifier)).toEqual(['HB 88', 'HB 805']);
    expect(readOpenStatesFile(fixture('ca-20212022-SB2.json')).bills).toHaveLength(1);
  });

  test('a file that is not JSON or not a bill payload is one problem, not a crash', () => {
    expect(readOpenStatesFile('{oops').problems[0]).toMatchObject({ position: 'file', message: expect.stringMatching(/not JSON/) });
    expect(readOpenStatesFile({ hello: 1 }).problems[0]).toMatchObject({ position: 'file' });
  });
});

describe('fuzzy dates and timestamps', () => {
  test('dayOfFuzzyDate keeps full days only', () => {
    expect(['2021', '2021-06', '2021-06-28', '2025-02-25T00:55:14+00:00', ''].map(dayOfFuzzyDate)).toEqual([null, null, '2021-06-28', '2025-02-25', null]);
  });

  test('compareTimestamps orders to the microsecond, with or without a fraction', () => {
    expect(compareTimestamps('2021-10-25T12:03:49.755735+00:00', '2021-10-25T12:03:49.755736+00:00')).toBe(-1);
    expect(compareTimestamps('2021-10-25T12:03:49+00:00', '2021-10-25T12:03:49.000001+00:00')).toBe(-1);
    expect(compareTimestamps('2021-10-25T14:03:49+02:00', '2021-10-25T12:03:49+00:00')).toBe(0);
  });
});
