import { readFileSync, writeFileSync } from 'node:fs';
import { normalizedBillSchema, type NormalizedBill } from '../../../core/bill/bill.schema.js';
import { deriveStatus } from '../../../core/status/index.js';
import { billKind, isLawKind } from '../../../core/bill/bill-kind.js';
import { loadBulkExport, locateBulkExports, parseBulkReadme, type LoadedBulkExport } from '../../../scrapers/openstates-bulk/bulk-export.parser.js';
import { parsePythonRepr, parsePythonStringList, PythonReprError } from '../../../scrapers/openstates-bulk/python-repr.js';
import { bulkExportFolder, copyBulkExport, readRecordedCsv, zipBulkExport } from '../../helpers/openstates-bulk.js';

const jurisdictionFor = (abbr: string) => {
  if (abbr !== 'NH') throw new Error(`unknown state ${abbr}`);
  return 'ocd-jurisdiction/country:us/state:nh/government';
};

async function load(file: string): Promise<LoadedBulkExport> {
  const [location, ...more] = await locateBulkExports(file);
  expect(more).toHaveLength(0);
  return loadBulkExport(location!, { jurisdictionFor });
}

function billsOf(loaded: LoadedBulkExport): NormalizedBill[] {
  return [...loaded.bills()].map((b) => normalizedBillSchema.parse(b));
}

/** The recorded bill ids whose actions carry any of the classifications (read straight from the CSV). */
function recordedBillsWith(folder: string, file: string, classifications: string[]): Set<string> {
  return new Set(readRecordedCsv(folder, file).filter((a) => classifications.some((c) => a.classification!.includes(`'${c}'`))).map((a) => a.bill_id!));
}

/**
 * Checks the derived outcomes against the recorded actions: every law-kind bill whose actions
 * record a signature or becoming law is enacted, a signed resolution (NH SJR 2, 2020) is
 * adopted (resolutions never become law), and the only other enacted bills are those whose
 * veto was overridden (NH HB 1293, 2024: "Veto Overridden", then "Enacted ... without the
 * signature of the governor").
 */
function expectEnactedAsRecorded(bills: NormalizedBill[], signed: Set<string>): void {
  const statusOf = (b: NormalizedBill) =>
    deriveStatus({ actions: b.actions, classification: b.classification, identifier: b.identifier, chamber: b.chamber, legislature: 'bicameral', statusHints: [], today: '2026-11-24', sourceKind: 'openstates' }).status;
  for (const bill of bills.filter((b) => signed.has(b.externalId))) {
    expect([bill.identifier, statusOf(bill)]).toEqual([bill.identifier, isLawKind(billKind(bill.classification, bill.identifier)) ? 'enacted' : 'adopted']);
  }
  for (const bill of bills.filter((b) => !signed.has(b.externalId) && statusOf(b) === 'enacted')) {
    expect([bill.identifier, bill.actions.some((a) => /veto overridden/i.test(a.description))]).toEqual([bill.identifier, true]);
  }
}

describe('Python reprs as the exporter writes them', () => {
  test('lists, dicts, quotes, escapes, True/False/None', () => {
    expect(parsePythonStringList("['introduction', 'referral-committee']")).toEqual(['introduction', 'referral-committee']);
    expect(parsePythonStringList('[]')).toEqual([]);
    expect(parsePythonRepr(`[{'url': 'https://x/?a=1', 'note': "Senator O'Brien"}, True, None, 3, -1.5]`)).toEqual([{ url: 'https://x/?a=1', note: "Senator O'Brien" }, true, null, 3, -1.5]);
    expect(parsePythonRepr("'caf\\xe9 \\u2014 line\\nnext \\\\ \\''")).toBe("café — line\nnext \\ '");
  });

  test('anything else is refused with where it stopped', () => {
    expect(() => parsePythonStringList("['bill'")).toThrow(PythonReprError);
    expect(() => parsePythonStringList('["bill"] extra')).toThrow(/unexpected text after the value/);
    expect(() => parsePythonStringList('{"a": 1}')).toThrow(/expected a list/);
    expect(() => parsePythonStringList("['a', 2]")).toThrow(/item 2 of the list is not a string/);
  });
});

describe('New Hampshire 2024 (CSV format 2.1)', () => {
  const folder = bulkExportFolder('nh-2024');
  let loaded: LoadedBulkExport;
  let bills: NormalizedBill[];

  beforeAll(async () => {
    loaded = await load(zipBulkExport(folder, 'NH', '2024'));
    bills = billsOf(loaded);
  });

  test('the README and every table are read: 1,324 bills, 16,527 actions, 412 votes', () => {
    expect(loaded).toMatchObject({ abbr: 'NH', session: '2024', format: '2.1', generatedAt: '2024-12-19T23:05:43.538572Z', sessions: ['2024'] });
    expect(loaded.counts).toEqual({ bills: 1324, actions: 16527, votes: 412, voters: 0 });
    expect(bills).toHaveLength(1324);
    expect(bills.reduce((n, b) => n + b.actions.length, 0)).toBe(16527);
    expect(bills.reduce((n, b) => n + b.votes.length, 0)).toBe(412);
    expect(bills.reduce((n, b) => n + b.sponsors.length, 0)).toBe(6991);
  });

  test('HB 1237 as Open States exported it: actions in order with their chambers, sponsors, versions, votes', () => {
    const bill = bills.find((b) => b.identifier === 'HB 1237')!;
    expect(bill).toMatchObject({
      source: 'openstates-bulk',
      externalId: 'ocd-bill/5cb44b43-1beb-4f12-ac29-053db7f95ee8',
      jurisdictionId: 'ocd-jurisdiction/country:us/state:nh/government',
      session: '2024',
      title: 'relative to the use of unmarked or stealth police vehicles for traffic enforcement.',
      classification: 'bill',
      chamber: 'lower',
      sourceUpdatedAt: '2024-12-19T23:05:43.538572Z',
    });
    const recordedActions = readRecordedCsv(folder, 'NH_2024_bill_actions.csv')
      .filter((a) => a.bill_id === bill.externalId)
      .sort((a, b) => Number(a.order) - Number(b.order));
    expect(bill.actions.map((a) => a.description)).toEqual(recordedActions.map((a) => a.description));
    expect(bill.actions[0]).toMatchObject({ date: '2023-12-01', actor: 'House', actorClassification: 'lower', sourceClassification: ['introduction', 'referral-committee'] });
    expect(bill.actions.find((a) => a.description.startsWith('Introduced 02/21/2024'))).toMatchObject({ actor: 'Senate', actorClassification: 'upper' });
    expect(bill.sponsors.length).toBe(readRecordedCsv(folder, 'NH_2024_bill_sponsorships.csv').filter((s) => s.bill_id === bill.externalId).length);
    expect(bill.sponsors[0]!.primary).toBe(true);
    expect(bill.sourceUrl).toMatch(/^https:\/\/www\.gencourt\.state\.nh\.us\//);
    for (const vote of bill.votes) {
      expect(vote.sourceId).toMatch(/^ocd-vote\//);
      expect(['House', 'Senate']).toContain(vote.organization);
    }
  });

  test('a version with a PDF and an HTML link keeps one document, the PDF', () => {
    const versionLinks = readRecordedCsv(folder, 'NH_2024_bill_version_links.csv').filter((l) => l.version_id === '4d3ead79-b5f0-4c5b-b626-1502fff85fdf');
    expect(versionLinks.map((l) => l.media_type).sort()).toEqual(['application/pdf', 'text/html']);
    const bill = bills.find((b) => b.externalId === 'ocd-bill/7f88641e-defb-459a-99bc-468a945c0968')!;
    expect(bill.documents.filter((d) => d.kind === 'version')).toEqual([
      expect.objectContaining({ note: 'latest version', mediaType: 'application/pdf', url: versionLinks.find((l) => l.media_type === 'application/pdf')!.url }),
    ]);
  });

  test('every bill whose actions record a signature or becoming law derives as enacted (a resolution as adopted); else only overridden vetoes', () => {
    const signed = recordedBillsWith(folder, 'NH_2024_bill_actions.csv', ['executive-signature', 'became-law']);
    expect(signed.size).toBeGreaterThan(100);
    expectEnactedAsRecorded(bills, signed);
  });

  test('reading the same export twice gives identical records (a second import writes nothing)', async () => {
    const again = billsOf(await load(folder));
    expect(again).toEqual(bills);
  });
});

describe('New Hampshire 2020 (CSV format 2.0: no organizations table)', () => {
  const folder = bulkExportFolder('nh-2020');
  let bills: NormalizedBill[];

  beforeAll(async () => {
    const loaded = await load(folder);
    expect(loaded).toMatchObject({ format: '2.0', counts: { bills: 1215, actions: 10871, votes: 294, voters: 0 } });
    bills = billsOf(loaded);
  });

  test('chambers are inferred from who introduced which bills: the House’s votes are lower, the Senate’s upper', () => {
    const recorded = readRecordedCsv(folder, 'NH_2020_votes.csv');
    const house = new Set(recorded.filter((v) => v.organization_id === 'ocd-organization/3b857974-4029-4508-94d4-ce3b86c64602').map((v) => v.id));
    const votes = bills.flatMap((b) => b.votes);
    expect(votes).toHaveLength(294);
    for (const vote of votes) expect(vote.chamber).toBe(house.has(vote.sourceId!) ? 'lower' : 'upper');
    const sb470 = bills.find((b) => b.identifier === 'SB 470')!;
    expect(sb470.actions[0]).toMatchObject({ actor: null, actorClassification: 'upper' });
  });

  test('signed bills derive as enacted, a signed joint resolution as adopted', () => {
    expectEnactedAsRecorded(bills, recordedBillsWith(folder, 'NH_2020_bill_actions.csv', ['executive-signature', 'became-law']));
  });
});

describe('a malformed export is refused, naming the member and line', () => {
  const folder = bulkExportFolder('nh-2024');
  const broken = (file: string, edit: (text: string) => string) => copyBulkExport(folder, (name, bytes) => (name === file ? Buffer.from(edit(bytes.toString('utf8'))) : bytes));

  test.each([
    ['a missing column', 'NH_2024_votes.csv', (t: string) => t.replace('motion_text,', ''), 'NH_2024_votes.csv line 1: missing column motion_text'],
    ['a bad list repr', 'NH_2024_bill_actions.csv', (t: string) => t.replace("2023-11-28,\"['introduction', 'referral-committee']\"", "2023-11-28,\"['introduction', 'referral-committee'\""), 'NH_2024_bill_actions.csv line 2: column classification is not a Python list'],
    ['a primary flag that is not True/False', 'NH_2024_bill_sponsorships.csv', (t: string) => t.replace(',True,primary', ',yes,primary'), 'NH_2024_bill_sponsorships.csv line 2: column primary is "yes"'],
    ['a row with a cell missing', 'NH_2024_vote_counts.csv', (t: string) => t.replace('ocd-vote/8341f6f8-7e0b-4753-95f0-58f4810d47fa,other,28', 'ocd-vote/8341f6f8-7e0b-4753-95f0-58f4810d47fa,other'), 'NH_2024_vote_counts.csv line 2: 3 cells where the header has 4'],
    ['a file cut at a row end without its last line break', 'NH_2024_bill_sources.csv', (t: string) => t.slice(0, t.lastIndexOf('\r\n')), 'NH_2024_bill_sources.csv line 1325: the file does not end with a line break'],
    ['a file cut inside a quoted cell', 'NH_2024_bill_actions.csv', (t: string) => t.slice(0, t.indexOf("['introduction'") + 5), 'NH_2024_bill_actions.csv'],
    ['a child row naming a bill the export lacks', 'NH_2024_bill_sources.csv', (t: string) => t.replace('ocd-bill/12bd05ac-05c3-4baa-b315-10d7c3b20815', 'ocd-bill/00000000-0000-0000-0000-000000000000'), 'NH_2024_bill_sources.csv line 2: names bill "ocd-bill/00000000-0000-0000-0000-000000000000"'],
    ['a header and no rows', 'NH_2024_votes.csv', (t: string) => t.slice(0, t.indexOf('\r\n') + 2), 'NH_2024_votes.csv line 2: a header and no rows'],
  ])('%s', async (_what, file, edit, message) => {
    await expect(load(broken(file, edit))).rejects.toThrow(message);
  });

  test('a zip cut short, or with a damaged member, is refused', async () => {
    const zip = zipBulkExport(folder, 'NH', '2024');
    const bytes = readFileSync(zip);
    writeFileSync(zip, bytes.subarray(0, bytes.length - 200));
    await expect(locateBulkExports(zip)).rejects.toThrow(/NH_2024_csv_test\.zip.*(cut short|not a zip)/);

    const damaged = zipBulkExport(folder, 'NH', '2024');
    const again = readFileSync(damaged);
    // Flip bytes in the middle of the largest member's compressed data (bill_actions).
    const at = again.indexOf(Buffer.from('NH/2024/NH_2024_bill_actions.csv')) + 200_000;
    for (let i = at; i < at + 64; i++) again[i] = again[i]! ^ 0xff;
    writeFileSync(damaged, again);
    await expect(load(damaged)).rejects.toThrow(/NH\/2024\/NH_2024_bill_actions\.csv.*(damaged|not readable CSV)/);
  });

  test('an export of a state the tracker does not know is refused', async () => {
    await expect(loadBulkExport((await locateBulkExports(folder))[0]!, { jurisdictionFor: () => { throw new Error('unknown jurisdiction "NH"'); } })).rejects.toThrow(/NH_2024_bills\.csv: unknown jurisdiction "NH"/);
  });
});

test('the README fields are read as the exporter prints them', () => {
  expect(parseBulkReadme(readFileSync(`${bulkExportFolder('nh-2020')}/README.txt`, 'utf8'))).toEqual({ state: 'NH', session: '2020', generatedAt: '2021-02-01T01:09:01.749542Z', format: '2.0' });
});
