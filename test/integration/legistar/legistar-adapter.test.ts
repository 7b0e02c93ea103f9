import { HttpClient } from '../../../scrapers/kit/http-client.js';
import { ScrapeError } from '../../../core/scrape-errors.js';
import { normalizedBillSchema, type NormalizedBill, type NormalizedBillInput } from '../../../core/bill/bill.schema.js';
import { LegistarApiClient } from '../../../scrapers/legistar/legistar-api-client.js';
import { fetchLegistarBills, isLegistarError, type LegistarSourceConfig } from '../../../scrapers/legistar/legistar.adapter.js';
import { startLegistarServer, type LegistarServer, type LegistarServerData } from '../../helpers/legistar-server.js';
import { readReference } from '../../helpers/reference.js';

const JURISDICTION = 'ocd-jurisdiction/country:us/state:il/place:chicago/government';

/** A matter row with the fields Legistar always sends; tests override what they care about. */
function matter(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MatterId: id,
    MatterGuid: `00000000-0000-0000-0000-${String(id).padStart(12, '0')}`,
    MatterLastModifiedUtc: '2019-01-01T00:00:00',
    MatterRowVersion: 'AAAAAAAA',
    MatterFile: `O2019-${id}`,
    MatterName: null,
    MatterTitle: `Ordinance number ${id}`,
    MatterTypeId: 1,
    MatterTypeName: 'Ordinance',
    MatterStatusId: 1,
    MatterStatusName: 'Introduced',
    MatterBodyId: 138,
    MatterBodyName: 'City Council',
    MatterIntroDate: '2019-01-01T00:00:00',
    MatterAgendaDate: null,
    MatterPassedDate: null,
    MatterEnactmentDate: null,
    MatterEnactmentNumber: null,
    MatterRequester: null,
    MatterNotes: null,
    MatterVersion: '1',
    MatterText1: null,
    MatterDate1: null,
    MatterRestrictViewViaWeb: false,
    ...overrides,
  };
}

const bodies = [
  { BodyId: 138, BodyName: 'City Council', BodyTypeId: 1, BodyTypeName: 'Primary Legislative Body', BodyActiveFlag: 1 },
  { BodyId: 232, BodyName: 'Committee on Zoning, Landmarks and Building Standards', BodyTypeId: 2, BodyTypeName: 'Standing Committee', BodyActiveFlag: 1 },
  { BodyId: 40, BodyName: 'Office of the Mayor', BodyTypeId: 3, BodyTypeName: 'Executive', BodyActiveFlag: 1 },
];

let server: LegistarServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function httpClient(): HttpClient {
  return new HttpClient({ minIntervalMs: 0, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 5000 });
}

function config(overrides: Partial<LegistarSourceConfig> = {}): LegistarSourceConfig {
  if (!server) throw new Error('start the server first');
  return { client: 'chicago', baseUrl: server.baseUrl, timezone: 'America/Chicago', jurisdictionId: JURISDICTION, insiteUrl: 'https://chicago.legistar.com', ...overrides };
}

async function collect(cfg: LegistarSourceConfig, http = httpClient()) {
  const stream = fetchLegistarBills(cfg, http);
  const bills: NormalizedBill[] = [];
  const errors: ScrapeError[] = [];
  for await (const item of stream) {
    if (isLegistarError(item)) errors.push(item.error);
    else bills.push(normalizedBillSchema.parse(item as NormalizedBillInput));
  }
  return { bills, errors, cursor: stream.cursor, http };
}

test('pages past 1000 matters with $top=1000 and $skip until a short page, each matter once', async () => {
  const matters = Array.from({ length: 2345 }, (_, i) => matter(i + 1));
  server = await startLegistarServer({ matters }, { client: 'chicago' });
  const api = new LegistarApiClient({ client: 'chicago', baseUrl: server.baseUrl }, httpClient());
  const ids: number[] = [];
  for await (const m of api.matters({ pageSize: 5000 })) {
    if (!(m instanceof Error)) ids.push(m.MatterId);
  }
  expect(ids).toHaveLength(2345);
  expect(new Set(ids).size).toBe(2345);
  const pages = server.requests.filter((r) => r.path === 'matters');
  expect(pages.map((r) => [r.query.get('$top'), r.query.get('$skip')])).toEqual([
    ['1000', '0'],
    ['1000', '1000'],
    ['1000', '2000'],
  ]);
  expect(pages.every((r) => r.accept === 'application/json')).toBe(true);
});

test('a matter that moved between pages (ordered by last-modified) is not yielded twice', async () => {
  // 1000 rows, then the page at $skip=1000 repeats the last one of page 1 (the row shifted).
  const matters = Array.from({ length: 1001 }, (_, i) => matter(i + 1));
  server = await startLegistarServer({ matters: [...matters.slice(0, 1000), matters[999], matters[1000]] }, { client: 'chicago' });
  const api = new LegistarApiClient({ client: 'chicago', baseUrl: server.baseUrl }, httpClient());
  const ids: number[] = [];
  for await (const m of api.matters()) if (!(m instanceof Error)) ids.push(m.MatterId);
  expect(ids).toHaveLength(1001);
});

test('a matter becomes a NormalizedBill with de-duplicated history, sponsors, documents and topics', async () => {
  const data: LegistarServerData = {
    bodies,
    matters: [
      matter(38768, {
        MatterFile: 'O2013-1234',
        MatterTitle: 'Zoning Reclassification Map No. 5-I at 2110 N Stave St',
        MatterTypeName: 'Ordinance',
        MatterStatusName: 'Passed',
        MatterIntroDate: '2013-03-13T00:00:00',
        MatterPassedDate: '2013-05-08T00:00:00',
        MatterEnactmentNumber: 'Ord. 2013-0987',
        MatterLastModifiedUtc: '2014-05-24T04:10:20.03',
      }),
    ],
    // The real recorded Chicago response, duplicate "Passed" row included.
    histories: { 38768: JSON.parse(readReference('legistar', 'chicago', 'dupe_event.json')) as Record<string, unknown>[] },
    sponsors: {
      38768: [
        { MatterSponsorId: 1, MatterSponsorMatterId: 38768, MatterSponsorMatterVersion: '1', MatterSponsorNameId: 10, MatterSponsorName: 'Old Sponsor', MatterSponsorSequence: 0 },
        { MatterSponsorId: 2, MatterSponsorMatterId: 38768, MatterSponsorMatterVersion: '2', MatterSponsorNameId: 61, MatterSponsorName: 'Moreno, Proco Joe', MatterSponsorSequence: 1 },
        { MatterSponsorId: 3, MatterSponsorMatterId: 38768, MatterSponsorMatterVersion: '2', MatterSponsorNameId: 60, MatterSponsorName: 'Moore, Joseph', MatterSponsorSequence: 0 },
      ],
    },
    attachments: {
      38768: [
        { MatterAttachmentId: 5, MatterAttachmentName: 'O2013-1234.pdf', MatterAttachmentHyperlink: 'https://chicago.legistar.com/View.ashx?M=F&ID=1&GUID=A', MatterAttachmentFileName: 'O2013-1234.pdf', MatterAttachmentShowOnInternetPage: true },
        { MatterAttachmentId: 6, MatterAttachmentName: 'O2013-1234.pdf', MatterAttachmentHyperlink: 'https://chicago.legistar.com/View.ashx?M=F&ID=1&GUID=A', MatterAttachmentFileName: 'O2013-1234.pdf', MatterAttachmentShowOnInternetPage: true },
      ],
    },
    indexes: { 38768: JSON.parse(readReference('legistar', 'metro', 'matter_index.json')) as Record<string, unknown>[] },
  };
  server = await startLegistarServer(data, { client: 'chicago' });
  const { bills, errors, cursor } = await collect(config());
  expect(errors).toEqual([]);
  expect(bills).toHaveLength(1);
  const bill = bills[0];
  expect(bill).toMatchObject({
    source: 'legistar:chicago',
    externalId: '38768',
    jurisdictionId: JURISDICTION,
    identifier: 'O2013-1234',
    session: '2013',
    title: 'Zoning Reclassification Map No. 5-I at 2110 N Stave St',
    classification: 'ordinance',
    chamber: 'council',
    enactmentNumber: 'Ord. 2013-0987',
    statusHints: ['Passed'],
    subjects: ['BUS CONGESTION'],
    sourceUrl: 'https://chicago.legistar.com/LegislationDetail.aspx?ID=38768&GUID=00000000-0000-0000-0000-000000038768',
    sourceUpdatedAt: '2014-05-24T04:10:20.030Z',
  });
  // Four recorded rows, the second "Passed" on 2013-05-08 dropped.
  expect(bill.actions).toEqual([
    { date: '2013-03-13', description: 'Referred', actor: 'City Council', actorClassification: 'council', sourceClassification: ['Referred'], passed: null },
    {
      date: '2013-04-30',
      description: 'Recommended to Pass BY VOICE VOTE',
      actor: 'Committee on Zoning, Landmarks and Building Standards',
      actorClassification: 'committee',
      sourceClassification: ['Recommended to Pass'],
      passed: true,
    },
    { date: '2013-05-08', description: 'Passed', actor: 'City Council', actorClassification: 'council', sourceClassification: ['Passed'], passed: true },
  ]);
  expect(bill.sponsors).toEqual([
    { name: 'Moore, Joseph', classification: 'primary', primary: true, personId: '60' },
    { name: 'Moreno, Proco Joe', classification: 'cosponsor', primary: false, personId: '61' },
  ]);
  expect(bill.documents).toEqual([
    { kind: 'document', note: 'O2013-1234.pdf', date: null, classification: null, url: 'https://chicago.legistar.com/View.ashx?M=F&ID=1&GUID=A', mediaType: 'application/pdf' },
  ]);
  expect(cursor).toBe('2014-05-24T04:10:20.030Z');
  const paths = server.requests.map((r) => r.path);
  // The two rows voted at a meeting (event, passed and roll-call flags set) are asked for their votes; both have none (404).
  expect(paths).toEqual(['bodies', 'matters', 'matters/38768/histories', 'matters/38768/sponsors', 'matters/38768/attachments', 'eventitems/198127/votes', 'eventitems/200020/votes', 'matters/38768/indexes']);
  expect(server.requests.every((r) => r.accept === 'application/json' && r.userAgent?.startsWith('policy-tracker/'))).toBe(true);
});

test('incremental sync finds matters changed, introduced, passed or on an agenda since the cursor, in the city time zone', async () => {
  // 03:00 UTC on June 1 is still May 31 in Chicago: a matter introduced May 31 (local) counts.
  const since = new Date('2024-06-01T03:00:00Z');
  const data: LegistarServerData = {
    bodies,
    matters: [
      matter(1, { MatterFile: 'O2024-1', MatterLastModifiedUtc: '2024-06-02T15:00:00.5' }),
      matter(2, { MatterFile: 'O2024-2', MatterLastModifiedUtc: '2024-01-01T00:00:00', MatterIntroDate: '2024-05-31T00:00:00' }),
      matter(3, { MatterFile: 'O2024-3', MatterLastModifiedUtc: '2024-01-01T00:00:00', MatterIntroDate: '2024-01-01T00:00:00', MatterPassedDate: '2024-06-05T00:00:00' }),
      matter(4, { MatterFile: 'O2024-4', MatterLastModifiedUtc: '2024-01-01T00:00:00', MatterIntroDate: '2024-01-01T00:00:00', MatterAgendaDate: '2024-07-10T00:00:00' }),
      matter(5, { MatterFile: 'O2024-5', MatterLastModifiedUtc: '2024-05-31T23:59:59', MatterIntroDate: '2024-05-30T00:00:00' }),
      matter(6, { MatterFile: 'O2024-6', MatterLastModifiedUtc: '2024-06-01T03:00:01', MatterIntroDate: '2024-01-01T00:00:00' }),
    ],
  };
  server = await startLegistarServer(data, { client: 'chicago' });
  const { bills, cursor } = await collect(config({ since }));
  // Ordered by MatterLastModifiedUtc, oldest first, so an interrupted run can resume.
  expect(bills.map((b) => b.identifier)).toEqual(['O2024-2', 'O2024-3', 'O2024-4', 'O2024-6', 'O2024-1']);
  expect(cursor).toBe('2024-06-02T15:00:00.500Z');
  const listing = server.requests.find((r) => r.path === 'matters');
  expect(listing?.query.get('$filter')).toBe(
    "MatterLastModifiedUtc ge datetime'2024-06-01T03:00:00' or MatterIntroDate ge datetime'2024-05-31T00:00:00' or MatterPassedDate ge datetime'2024-05-31T00:00:00' or MatterAgendaDate ge datetime'2024-05-31T00:00:00'",
  );
  expect(listing?.query.get('$orderby')).toBe('MatterLastModifiedUtc');
});

test('with nothing new the cursor stays where it was', async () => {
  server = await startLegistarServer({ bodies, matters: [matter(1, { MatterLastModifiedUtc: '2020-01-01T00:00:00', MatterIntroDate: '2020-01-01T00:00:00' })] }, { client: 'chicago' });
  const since = new Date('2024-06-01T00:00:00Z');
  const { bills, cursor } = await collect(config({ since }));
  expect(bills).toEqual([]);
  expect(cursor).toBe('2024-06-01T00:00:00.000Z');
});

test('a client that requires a token is reported as token_required, not as a generic failure', async () => {
  server = await startLegistarServer({ bodies, matters: [matter(1)] }, { client: 'phila', requiredToken: 's3cret-token' });
  const error = await collect(config({ client: 'phila' })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ScrapeError);
  expect((error as ScrapeError).code).toBe('token_required');
  expect((error as ScrapeError).message).toContain('Legistar client "phila" requires an API token (no token is configured)');
  expect((error as ScrapeError).message).toContain('Token is required');
  // Refusals are not retried.
  expect(server.requests).toHaveLength(1);
});

test('a wrong token is refused without the token appearing in the error', async () => {
  server = await startLegistarServer({ bodies, matters: [matter(1)] }, { client: 'phila', requiredToken: 's3cret-token' });
  const error = (await collect(config({ client: 'phila', token: 'wrong-token-value' })).catch((e: unknown) => e)) as ScrapeError;
  expect(error.code).toBe('token_required');
  expect(error.message).toContain('the configured token was refused');
  expect(error.message).not.toContain('wrong-token-value');
  expect(error.url).not.toContain('wrong-token-value');
});

test('with the token every request carries it and the bills come through', async () => {
  server = await startLegistarServer({ bodies, matters: [matter(1), matter(2)] }, { client: 'phila', requiredToken: 's3cret-token' });
  const { bills, errors } = await collect(config({ client: 'phila', token: 's3cret-token', insiteUrl: 'https://phila.legistar.com' }));
  expect(errors).toEqual([]);
  expect(bills.map((b) => b.source)).toEqual(['legistar:phila', 'legistar:phila']);
  expect(server.requests.every((r) => r.query.get('token') === 's3cret-token')).toBe(true);
});

test('one matter whose history fails is reported with its file number and URL; the others still arrive', async () => {
  const data: LegistarServerData = {
    bodies,
    matters: [matter(1, { MatterLastModifiedUtc: '2024-01-01T00:00:00' }), matter(2, { MatterFile: 'O2024-2', MatterLastModifiedUtc: '2024-01-02T00:00:00' }), matter(3, { MatterLastModifiedUtc: '2024-01-03T00:00:00' })],
  };
  server = await startLegistarServer(data, { client: 'chicago', failingPaths: ['matters/2/histories'] });
  const { bills, errors, cursor } = await collect(config());
  expect(bills.map((b) => b.externalId)).toEqual(['1', '3']);
  expect(errors).toHaveLength(1);
  expect(errors[0].message).toMatch(/^O2024-2 \(MatterId 2\): HTTP 500/);
  expect(errors[0].url).toBe(`${server.baseUrl}/v1/chicago/matters/2/histories?%24top=1000&%24skip=0`);
  // Retried once (maxAttempts 2) before giving up.
  expect(server.requests.filter((r) => r.path === 'matters/2/histories')).toHaveLength(2);
  // The next run starts no later than the failed matter, so it is fetched again.
  expect(cursor).toBe('2024-01-02T00:00:00.000Z');
});

test('matters hidden from the public web are skipped', async () => {
  server = await startLegistarServer({ bodies, matters: [matter(1), matter(2, { MatterRestrictViewViaWeb: true })] }, { client: 'chicago' });
  const { bills } = await collect(config());
  expect(bills.map((b) => b.externalId)).toEqual(['1']);
  expect(server.requests.some((r) => r.path.startsWith('matters/2/'))).toBe(false);
});

test('a matter row that does not fit the schema is reported and the run goes on', async () => {
  server = await startLegistarServer({ bodies, matters: [matter(1, { MatterIntroDate: 'yesterday' }), matter(2)] }, { client: 'chicago' });
  const { bills, errors } = await collect(config());
  expect(bills.map((b) => b.externalId)).toEqual(['2']);
  expect(errors[0].code).toBe('invalid_record');
  expect(errors[0].message).toContain('MatterIntroDate');
});

test('with includeText the latest version text is kept and linked to its public page', async () => {
  const data: LegistarServerData = {
    bodies,
    matters: [matter(7, { MatterFile: 'Int 0001-2024', MatterTypeName: 'Introduction', MatterName: 'No-knock warrants' })],
    versions: { 7: [{ Key: '100', Value: 'A' }, { Key: '101', Value: 'B' }] },
    texts: { '7/101': { MatterTextId: 101, MatterTextMatterId: 7, MatterTextVersion: 'B', MatterTextPlain: 'No police officer shall seek a no-knock warrant.', MatterTextRtf: '{\\rtf1}' } },
  };
  server = await startLegistarServer(data, { client: 'nyc' });
  const { bills } = await collect(config({ client: 'nyc', insiteUrl: 'https://legistar.council.nyc.gov', includeText: true, includeIndexes: false }));
  expect(bills[0].classification).toBe('ordinance');
  expect(bills[0].otherTitles).toEqual(['No-knock warrants']);
  expect(bills[0].extras.text).toBe('No police officer shall seek a no-knock warrant.');
  expect(bills[0].documents[0]).toMatchObject({ kind: 'version', note: 'Version B', url: 'https://legistar.council.nyc.gov/LegislationDetail.aspx?ID=7&GUID=00000000-0000-0000-0000-000000000007&FullText=1' });
  expect(server.requests.map((r) => r.path)).toContain('matters/7/texts/101');
});

test('the reference lists come back typed: bodies, matter types and statuses', async () => {
  server = await startLegistarServer(
    {
      matters: [],
      bodies,
      matterTypes: [{ MatterTypeId: 1, MatterTypeName: 'Ordinance-G', MatterTypeActiveFlag: 1, MatterTypeDescription: null }],
      matterStatuses: [{ MatterStatusId: 72, MatterStatusName: 'Passed', MatterStatusActiveFlag: 1, MatterStatusDescription: null }],
    },
    { client: 'phoenix' },
  );
  const api = new LegistarApiClient({ client: 'phoenix', baseUrl: server.baseUrl }, httpClient());
  expect((await api.bodies()).map((b) => b.BodyName)).toContain('City Council');
  expect(await api.matterTypes()).toEqual([{ MatterTypeId: 1, MatterTypeName: 'Ordinance-G', MatterTypeActiveFlag: 1, MatterTypeDescription: null }]);
  expect((await api.matterStatuses())[0].MatterStatusName).toBe('Passed');
});

test('a filter on a field the entity lacks is a 400 that is not retried', async () => {
  server = await startLegistarServer({ matters: [matter(1)] }, { client: 'chicago' });
  const api = new LegistarApiClient({ client: 'chicago', baseUrl: server.baseUrl }, httpClient());
  const iterate = async () => {
    for await (const m of api.matters({ filter: "MatterColour eq 'red'" })) void m;
  };
  await expect(iterate()).rejects.toThrow(/HTTP 400 .*Could not find a property named 'MatterColour'/);
  expect(server.requests).toHaveLength(1);
});

describe('roll-call votes (/eventitems/{id}/votes and /rollcalls)', () => {
  // Seattle's real answer for event item 123047: five council members "In Favor".
  const seattleVotes = JSON.parse(readReference('cities', 'legistar-api', 'seattle_eventitems_123047_votes.json')) as Record<string, unknown>[];
  /** A history row taken at meeting item `id` (test values; the field set is Legistar's). */
  const history = (id: number, overrides: Record<string, unknown> = {}) => ({
    MatterHistoryId: id, MatterHistoryEventId: 9001, MatterHistoryActionDate: '2026-05-12T14:00:00', MatterHistoryActionName: 'Passed', MatterHistoryActionText: null,
    MatterHistoryActionBodyId: 138, MatterHistoryActionBodyName: 'City Council', MatterHistoryPassedFlag: 1, MatterHistoryPassedFlagName: 'Pass', MatterHistoryRollCallFlag: 0,
    MatterHistoryTally: null, ...overrides,
  });

  test('each member’s vote is read where the row was voted at a meeting; a tally alone still gives the counts', async () => {
    const data: LegistarServerData = {
      bodies,
      matters: [matter(501)],
      histories: {
        501: [
          history(123040, { MatterHistoryActionName: 'Referred', MatterHistoryPassedFlag: null, MatterHistoryRollCallFlag: null, MatterHistoryActionDate: '2026-04-01T00:00:00' }),
          history(123041, { MatterHistoryActionName: 'Recommended to Pass', MatterHistoryActionBodyName: 'Committee on Zoning, Landmarks and Building Standards', MatterHistoryTally: '4:1', MatterHistoryActionDate: '2026-05-01T00:00:00' }),
          history(123047),
        ],
      },
      votes: { 123047: seattleVotes },
    };
    server = await startLegistarServer(data, { client: 'seattle' });
    const { bills, errors } = await collect(config({ client: 'seattle', insiteUrl: 'https://seattle.legistar.com' }));
    expect(errors).toEqual([]);
    expect(bills[0]!.votes).toEqual([
      { date: '2026-05-01', motion: 'Recommended to Pass', result: 'pass', organization: 'Committee on Zoning, Landmarks and Building Standards', chamber: 'committee', counts: { yes: 4, no: 1 }, voters: [], sourceId: '123041' },
      {
        date: '2026-05-12', motion: 'Passed', result: 'pass', organization: 'City Council', chamber: 'council', counts: { yes: 5 }, sourceId: '123047',
        voters: [
          { name: 'Alexis Mercedes Rinck', option: 'yes', personId: '810' },
          { name: 'Dionne Foster', option: 'yes', personId: '844' },
          { name: 'Joy Hollingsworth', option: 'yes', personId: '764' },
          { name: 'Debora Juarez', option: 'yes', personId: '523' },
          { name: 'Rob Saka', option: 'yes', personId: '763' },
        ],
      },
    ]);
    // Only the voted rows were asked for; the item without votes answered 404 (no votes, no error).
    expect(server.requests.filter((r) => r.path.startsWith('eventitems/')).map((r) => r.path)).toEqual(['eventitems/123041/votes', 'eventitems/123047/votes']);
  });

  test('a roll-call item without vote rows is read from its roll call', async () => {
    const rollCall = seattleVotes.map((v, i) => ({ RollCallPersonId: v.VotePersonId, RollCallPersonName: v.VotePersonName, RollCallValueName: i === 4 ? 'Absent' : 'Aye', RollCallSort: v.VoteSort, RollCallResult: 1, RollCallEventItemId: 123047 }));
    server = await startLegistarServer({ bodies, matters: [matter(502)], histories: { 502: [history(123047, { MatterHistoryRollCallFlag: 1 })] }, rollCalls: { 123047: rollCall } }, { client: 'seattle' });
    const { bills } = await collect(config({ client: 'seattle', insiteUrl: 'https://seattle.legistar.com' }));
    expect(bills[0]!.votes[0]).toMatchObject({ counts: { yes: 4, absent: 1 }, voters: expect.arrayContaining([{ name: 'Rob Saka', option: 'absent', personId: '763' }]) });
  });
});
