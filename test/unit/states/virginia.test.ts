import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import {
  parseVirginiaBillsCsv, toVirginiaNormalizedBill, virginiaStatusHints, VIRGINIA_JURISDICTION_ID,
} from '../../../scrapers/virginia/virginia-bills.parser.js';
import type { VirginiaBillRecord } from '../../../scrapers/virginia/virginia-bills.parser.js';
import { groupVirginiaHistory, parseVirginiaHistoryCsv } from '../../../scrapers/virginia/virginia-history.parser.js';
import { parseVirginiaSessionCode, virginiaFileUrl, virginiaSessionCode } from '../../../scrapers/virginia/virginia-session.js';
import { scrapeVirginiaSession } from '../../../scrapers/virginia/virginia-session.scraper.js';
import { readReference, repoRoot } from '../../helpers/reference.js';

const BILLS_FILE = ['pages', 'virginia', 'lis-BILLS-2025-session.csv'] as const;
const billsCsv = readReference(...BILLS_FILE);
const BILLS_URL = 'https://lis.blob.core.windows.net/lisfiles/20251/BILLS.CSV';
const session = parseVirginiaSessionCode('20251');
// Hand-made (see test/fixtures/states/virginia/README.md): no real HISTORY.CSV is recorded.
const historyCsv = readFileSync(path.join(repoRoot, 'test/fixtures/states/virginia/HISTORY-hand-made.csv'), 'utf8');

const parsed = parseVirginiaBillsCsv(billsCsv, BILLS_URL);
const byId = new Map(parsed.records.map((r) => [r.billId, r]));
function bill(id: string): VirginiaBillRecord {
  const found = byId.get(id);
  if (!found) throw new Error(`${id} not parsed`);
  return found;
}

describe('Virginia LIS session codes', () => {
  it('maps the file-share folder to the Open States session', () => {
    expect(parseVirginiaSessionCode('20251')).toEqual({ code: '20251', year: 2025, specialSession: 0, openStatesSession: '2025' });
    expect(parseVirginiaSessionCode('20252').openStatesSession).toBe('2025S1');
    expect(parseVirginiaSessionCode('20213').openStatesSession).toBe('2021S2');
    expect(parseVirginiaSessionCode('251').code).toBe('20251');
    expect(virginiaSessionCode('2025')).toBe('20251');
    expect(virginiaSessionCode('2024S1')).toBe('20242');
    expect(virginiaFileUrl('20251', 'BILLS.CSV')).toBe(BILLS_URL);
  });

  it('refuses codes it cannot place', () => {
    expect(() => parseVirginiaSessionCode('2025')).toThrow(RangeError);
    expect(() => parseVirginiaSessionCode('20250')).toThrow(RangeError);
    expect(() => virginiaSessionCode('2019specialI')).toThrow(RangeError);
  });
});

describe('Virginia BILLS.CSV (real 2025 file)', () => {
  const raw = parse(billsCsv, { columns: true, bom: true }) as Record<string, string>[];
  const countY = (column: string) => raw.filter((row) => row[column] === 'Y').length;

  it('parses every one of the 3,512 rows', () => {
    expect(raw).toHaveLength(3512);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.records).toHaveLength(3512);
    expect(new Set(parsed.records.map((r) => r.identifier)).size).toBe(3512);
  });

  it('counts passed / failed / approved / vetoed bills exactly as the file flags them', () => {
    const count = (key: keyof VirginiaBillRecord['flags']) => parsed.records.filter((r) => r.flags[key]).length;
    expect(count('passed')).toBe(countY('Passed'));
    expect(count('failed')).toBe(countY('Failed'));
    expect(count('approved')).toBe(countY('Approved'));
    expect(count('vetoed')).toBe(countY('Vetoed'));
    expect(count('carriedOver')).toBe(countY('Carried_over'));
    // The same numbers, written down, so a change in the parser or the file is noticed.
    expect([count('passed'), count('failed'), count('approved'), count('vetoed'), count('carriedOver')]).toEqual([1989, 1517, 671, 157, 0]);
  });

  it('reads HB2725 (surveillance technology reporting): approved, chapter 420', () => {
    const hb = bill('HB2725');
    expect(hb.identifier).toBe('HB 2725');
    expect(hb.title).toBe("Surveillance technology; reporting by state/local law-enforcement agencies & sheriff's departments.");
    expect(hb.patronName).toBe('Rasoul');
    expect(hb.lastAction).toMatchObject({ chamber: 'governor', description: 'Acts of Assembly Chapter text (CHAP0420)', date: '2025-03-24' });
    expect(hb.flags).toEqual({ emergency: false, passedHouse: true, passedSenate: true, passed: true, failed: false, carriedOver: false, approved: true, vetoed: false });
    expect(hb.chapterId).toBe('CHAP0420');
    expect(hb.chapterNumber).toBe('420');
    expect(hb.textVersions.map((v) => v.document)).toEqual(['HB2725', 'HB2725ER', 'CHAP0420']);
  });

  it('reads HB2433 (interrogation practices): left in committee, failed', () => {
    const hb = bill('HB2433');
    expect(hb.title).toBe('Law-enforcement agencies; use of certain technologies and interrogation practices.');
    expect(hb.patronName).toBe('Glass');
    expect(hb.lastAction).toMatchObject({ chamber: 'house', description: 'Left in Public Safety', date: '2025-02-05', committeeId: 'H15' });
    expect(hb.flags.failed).toBe(true);
    expect(hb.flags.passed).toBe(false);
    expect(hb.chapterNumber).toBeNull();
    expect(virginiaStatusHints(hb.flags)).toEqual(['failed']);
  });

  it('reads a vetoed bill, HB1607, whose last action is the House override vote', () => {
    const hb = bill('HB1607');
    expect(hb.lastAction).toMatchObject({ description: "Requires 64 affirmative votes to override Governor's veto", date: '2025-04-02' });
    expect(virginiaStatusHints(hb.flags)).toEqual(['passed_house', 'passed_senate', 'passed', 'vetoed']);
    expect(hb.chamberActions.map((a) => a.description)).toEqual(['Signed by President', 'Vetoed by Governor', "Requires 64 affirmative votes to override Governor's veto"]);
  });

  it('trusts LIS Last_actid over a later-dated fiscal impact statement (HB1946)', () => {
    const hb = bill('HB1946');
    expect(hb.lastAction).toMatchObject({ description: 'Acts of Assembly Chapter text (CHAP0595)', date: '2025-03-24' });
    expect(hb.chamberActions.at(-1)?.description).toBe('Fiscal Impact Statement from Department of Planning and Budget (HB1946)');
  });

  it('falls back to the newest action when Last_actid names none of the row\'s actions (HB1925)', () => {
    expect(bill('HB1925').lastAction).toMatchObject({ description: 'Fiscal Impact Statement from Department of Planning and Budget (HB1925)', date: '2025-01-24' });
  });

  it('keeps 2024 carry-overs that died in committee (HB9) and trims padded descriptions (HJ1)', () => {
    expect(bill('HB9')).toMatchObject({ title: 'Animal control officers; additional training.', introductionDate: '2023-12-04' });
    expect(bill('HB9').lastAction).toMatchObject({ description: 'Left in Agriculture, Chesapeake and Natural Resources', date: '2024-11-18' });
    expect(bill('HJ1').title).toBe('Constitutional amendment; fundamental right to reproductive freedom (first reference).');
  });

  it('normalizes every row into a valid bill', () => {
    for (const record of parsed.records) {
      const result = normalizedBillSchema.safeParse(toVirginiaNormalizedBill(record, session));
      if (!result.success) throw new Error(`${record.billId}: ${result.error.message}`);
    }
    const hb = normalizedBillSchema.parse(toVirginiaNormalizedBill(bill('HB2725'), session));
    expect(hb).toMatchObject({
      source: 'virginia-lis',
      externalId: '20251/HB2725',
      jurisdictionId: VIRGINIA_JURISDICTION_ID,
      session: '2025',
      identifier: 'HB 2725',
      classification: 'bill',
      chamber: 'lower',
      enactmentNumber: '420',
      statusHints: ['passed_house', 'passed_senate', 'passed', 'approved'],
      sourceUrl: 'https://lis.virginia.gov/bill-details/20251/HB2725',
    });
    expect(hb.sponsors).toEqual([{ name: 'Rasoul', classification: 'primary', primary: true, personId: null }]);
    expect(hb.actions.at(-1)).toMatchObject({ date: '2025-03-24', description: 'Acts of Assembly Chapter text (CHAP0420)', actorClassification: 'executive' });
    expect(hb.documents[2]).toMatchObject({ note: 'CHAP0420', date: '2025-03-24', url: 'https://lis.virginia.gov/bill-details/20251/HB2725/text/CHAP0420' });
    expect(normalizedBillSchema.parse(toVirginiaNormalizedBill(bill('SJ10'), session))).toMatchObject({ identifier: 'SJ 10', classification: 'joint resolution', chamber: 'upper' });
  });

  it('reports a row with a bad flag and still parses the others', () => {
    const lines = billsCsv.split(/\r?\n/);
    const hb9 = lines.findIndex((l) => l.startsWith('"HB9",'));
    // Trimmed in memory from lis-BILLS-2025-session.csv: header, HB9 with its Failed flag set to "X", HB19.
    const broken = [lines[0], lines[hb9].replace('"N","N","N","N","Y","N","N","N"', '"N","N","N","N","X","N","N","N"'), lines[hb9 + 1]].join('\n');
    const result = parseVirginiaBillsCsv(broken, BILLS_URL);
    expect(result.records.map((r) => r.billId)).toEqual(['HB19']);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0].message).toContain('HB9');
    expect(result.rejected[0].message).toContain('Failed');
    expect(result.rejected[0].url).toBe(BILLS_URL);
  });

  it('throws LayoutChangedError naming the column and URL when a column is renamed', () => {
    const renamed = billsCsv.replace('"Last_actid"', '"Last_action_id"');
    expect(() => parseVirginiaBillsCsv(renamed, BILLS_URL)).toThrow(LayoutChangedError);
    try {
      parseVirginiaBillsCsv(renamed, BILLS_URL);
    } catch (error) {
      expect(error).toBeInstanceOf(LayoutChangedError);
      expect((error as LayoutChangedError).selector).toBe('BILLS.CSV column "Last_actid"');
      expect((error as LayoutChangedError).message).toContain(BILLS_URL);
    }
  });
});

describe('Virginia HISTORY.CSV (hand-made fixture in the documented layout)', () => {
  const HISTORY_URL = 'https://lis.blob.core.windows.net/lisfiles/20251/HISTORY.CSV';
  const history = parseVirginiaHistoryCsv(historyCsv, HISTORY_URL);
  const grouped = groupVirginiaHistory(history.records);

  it('reads the ordered history with chamber prefixes stripped', () => {
    expect(history.rejected).toEqual([]);
    const actions = grouped.get('HB2725') ?? [];
    expect(actions).toHaveLength(10);
    expect(actions[0]).toMatchObject({ date: '2025-01-17', description: 'Presented and ordered printed 25104567D', actorClassification: 'lower' });
    expect(actions[5]).toMatchObject({ date: '2025-02-17', description: 'Passed Senate (21-Y 19-N)', actorClassification: 'upper' });
    expect(actions[8]).toMatchObject({ description: 'Approved by Governor-Chapter 420 (effective 7/1/25)', actorClassification: 'executive', actor: 'Governor' });
    expect(actions[9]).toMatchObject({ description: 'Acts of Assembly Chapter text (CHAP0420)', actorClassification: 'legislature' });
    expect(history.records[3].refId).toBe('HV2500002');
  });

  it('gives the bill its full history instead of the per-chamber last actions', () => {
    const hb = normalizedBillSchema.parse(toVirginiaNormalizedBill(bill('HB2725'), session, grouped.get('HB2725')));
    expect(hb.actions).toHaveLength(10);
    expect(hb.actions.at(-1)?.description).toBe('Acts of Assembly Chapter text (CHAP0420)');
    expect(normalizedBillSchema.parse(toVirginiaNormalizedBill(bill('HB2433'), session, grouped.get('HB2433'))).actions.map((a) => a.description))
      .toEqual(['Prefiled and ordered printed; Offered 01-08-2025 25101234D', 'Referred to Committee on Public Safety', 'Left in Public Safety']);
  });

  it('throws LayoutChangedError when the description column is renamed', () => {
    const renamed = historyCsv.replace('"History_description"', '"Description"');
    expect(() => parseVirginiaHistoryCsv(renamed, HISTORY_URL)).toThrow(/History_description.*lisfiles\/20251\/HISTORY\.CSV/);
  });
});

describe('scrapeVirginiaSession', () => {
  it('fetches BILLS.CSV and HISTORY.CSV for the session and joins them', async () => {
    const requested: string[] = [];
    const client = {
      async getText(url: string) {
        requested.push(url);
        return url.endsWith('/BILLS.CSV') ? billsCsv : historyCsv;
      },
    };
    const result = await scrapeVirginiaSession(client, '20251');
    expect(requested).toEqual([BILLS_URL, 'https://lis.blob.core.windows.net/lisfiles/20251/HISTORY.CSV']);
    expect(result.bills).toHaveLength(3512);
    expect(result.rejected).toEqual([]);
    const hb = result.bills.find((b) => b.identifier === 'HB 2725');
    expect(hb?.actions).toHaveLength(10);
    // Bills the history file does not mention keep the chamber last actions of BILLS.CSV.
    expect(result.bills.find((b) => b.identifier === 'HB 1607')?.actions?.at(-1)?.description).toBe("Requires 64 affirmative votes to override Governor's veto");
  });
});
