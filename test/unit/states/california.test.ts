import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { parsePubinfoDat } from '../../../scrapers/california/pubinfo-dat.parser.js';
import {
  buildCaliforniaBills, californiaSession, parseCaliforniaAuthorTable, parseCaliforniaBillTable,
  parseCaliforniaHistoryTable, parseCaliforniaVersionTable, sortCaliforniaHistory, toCaliforniaAction,
} from '../../../scrapers/california/california-bills.parser.js';
import { readReference } from '../../helpers/reference.js';

const billTbl = readReference('pages', 'california', 'pubinfo-BILL_TBL-2025-26-slice.dat');
const historyTbl = readReference('pages', 'california', 'pubinfo-BILL_HISTORY_TBL-2025-26-slice.dat');
const history1999 = readReference('pages', 'california', 'pubinfo-BILL_HISTORY_TBL-1999-slice.dat');
const URL = 'https://downloads.leginfo.legislature.ca.gov/pubinfo_2025.zip';

// BILL_VERSION_TBL and BILL_VERSION_AUTHORS_TBL rows for the four bills' latest versions, copied
// verbatim (real pubinfo rows) from nomindnick/ca-leginfo-mcp @ ce73bcd
// tests/fixtures/mini/BILL_VERSION_TBL.dat and BILL_VERSION_AUTHORS_TBL.dat; the shared reference
// has no version table, and the title lives there.
const versionTbl = [
  '`20250SB27596ENR`\t`202520260SB275`\t96\t2025-09-12 00:00:00\t`Enrolled`\tNULL\t`Eligible training provider list.`\t`Majority`\t`No`\t`Yes`\t`No`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_8685.lob\t`Y`\t`LEG_ESI`\t2025-09-12 14:41:41',
  '`20250AB83194CHP`\t`202520260AB831`\t94\t2025-10-11 00:00:00\t`Chaptered`\tNULL\t`Gambling: operation of a contest or sweepstakes.`\t`Majority`\t`No`\t`Yes`\t`Yes`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_9506.lob\t`Y`\t`LEG_ESI`\t2025-10-13 16:11:05',
  '`20250AB165697AMD`\t`202520260AB1656`\t97\t2026-06-11 00:00:00\t`Amended Senate`\tNULL\t`Human trafficking case continuances.`\t`Majority`\t`No`\t`No`\t`No`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_14928.lob\t`Y`\t`LEG_ESI`\t2026-06-11 20:08:54',
  '`20250AB205297AMD`\t`202520260AB2052`\t97\t2026-06-11 00:00:00\t`Amended Senate`\tNULL\t`Criminal procedure: continuances.`\t`Majority`\t`No`\t`No`\t`No`\tNULL\t`No`\t`No`\tBILL_VERSION_TBL_14870.lob\t`Y`\t`LEG_ESI`\t2026-06-11 20:09:01',
].join('\n');
const authorsTbl = [
  '`20250SB27596ENR`\t`Legislator`\t`SENATE`\t`Smallwood-Cuevas`\t`LEAD_AUTHOR`\tNULL\t`Y`\t`LEG_ESI`\t2025-09-12 14:41:41\t`Y`',
  '`20250SB27596ENR`\t`Legislator`\t`SENATE`\t`Limón`\t`COAUTHOR`\tNULL\t`Y`\t`LEG_ESI`\t2025-09-12 14:41:41\t`N`',
  '`20250AB83194CHP`\t`Legislator`\t`ASSEMBLY`\t`Valencia`\t`LEAD_AUTHOR`\tNULL\t`Y`\t`LEG_ESI`\t2025-10-13 16:11:05\t`Y`',
].join('\n');

describe('pubinfo .dat reader', () => {
  it('reads backtick strings, bare numbers, NULL and backslash escapes', () => {
    expect(parsePubinfoDat('`a`\t12\tNULL\t`line\\none`\t`NULL`\n`b`\t\\N\t``\t`x`y`\t3\n', 'T', null))
      .toEqual([['a', '12', null, 'line\none', 'NULL'], ['b', null, '', 'x`y', '3']]);
  });
});

describe('California BILL_TBL + BILL_HISTORY_TBL (real 2025-26 slices)', () => {
  const bills = parseCaliforniaBillTable(billTbl, URL);
  const history = parseCaliforniaHistoryTable(historyTbl, URL);
  const versions = parseCaliforniaVersionTable(versionTbl, URL);
  const authors = parseCaliforniaAuthorTable(authorsTbl, URL);
  const built = buildCaliforniaBills({ bills: bills.records, history: history.records, versions: versions.records, authors: authors.records }, URL);
  const byIdentifier = new Map(built.records.map((b) => [b.identifier, normalizedBillSchema.parse(b)]));
  const get = (identifier: string) => {
    const found = byIdentifier.get(identifier);
    if (!found) throw new Error(`${identifier} not built`);
    return found;
  };

  it('reads all 4 bills and all 89 history rows', () => {
    expect(bills.rejected).toEqual([]);
    expect(history.rejected).toEqual([]);
    expect(bills.records).toHaveLength(4);
    expect(history.records).toHaveLength(89);
    expect(built.rejected).toEqual([]);
    expect([...byIdentifier.keys()]).toEqual(['SB 275', 'AB 831', 'AB 1656', 'AB 2052']);
  });

  it('AB 831: chaptered as chapter 623 of 2025, history joined and ordered', () => {
    const ab = get('AB 831');
    expect(ab).toMatchObject({
      externalId: '202520260AB831',
      session: '20252026',
      jurisdictionId: 'ocd-jurisdiction/country:us/state:ca/government',
      title: 'Gambling: operation of a contest or sweepstakes.',
      classification: 'bill',
      chamber: 'lower',
      enactmentNumber: '623',
      statusHints: ['Chaptered'],
      sourceUrl: 'https://leginfo.legislature.ca.gov/faces/billStatusClient.xhtml?bill_id=202520260AB831',
    });
    expect(ab.extras).toMatchObject({ chapterYear: '2025', chapterType: 'CHP', currentHouse: 'Secretary of State' });
    expect(ab.sponsors).toEqual([{ name: 'Valencia', classification: 'primary', primary: true, personId: null }]);
    // Every AB 831 row of the slice, counted straight from the file.
    expect(ab.actions).toHaveLength(historyTbl.split('\n').filter((l) => l.startsWith('`202520260AB831`')).length);
    expect(ab.actions[0]).toMatchObject({ date: '2025-02-19', description: 'Read first time. To print.', actor: 'Assembly', actorClassification: 'lower' });
    expect(ab.actions.at(-2)).toMatchObject({ date: '2025-10-11', description: 'Approved by the Governor.', actorClassification: 'executive' });
    expect(ab.actions.at(-1)).toMatchObject({ date: '2025-10-11', description: 'Chaptered by Secretary of State - Chapter 623, Statutes of 2025.', actor: 'Secretary of State' });
    const dates = ab.actions.map((a) => a.date ?? '');
    expect([...dates].sort()).toEqual(dates);
  });

  it('SB 275: vetoed, veto sustained as the last action', () => {
    const sb = get('SB 275');
    expect(sb).toMatchObject({ title: 'Eligible training provider list.', chamber: 'upper', enactmentNumber: null, statusHints: ['Vetoed', 'Enrolled'] });
    expect(sb.actions.at(-1)).toMatchObject({ date: '2026-03-02', description: 'Veto sustained.' });
    expect(sb.actions.find((a) => a.description === 'Vetoed by the Governor.')?.date).toBe('2025-10-01');
    expect(sb.sponsors.map((s) => [s.name, s.primary])).toEqual([['Smallwood-Cuevas', true], ['Limón', false]]);
  });

  it('AB 1656 and AB 2052: on the Senate floor, last action on 2026-06-11', () => {
    for (const [identifier, title] of [['AB 1656', 'Human trafficking case continuances.'], ['AB 2052', 'Criminal procedure: continuances.']]) {
      const ab = get(identifier);
      expect(ab.title).toBe(title);
      expect(ab.statusHints).toEqual(['In Floor Process', 'Amended Senate']);
      expect(ab.actions.at(-1)).toMatchObject({ date: '2026-06-11', description: 'Read second time and amended. Ordered to third reading.', actor: 'Senate' });
    }
  });

  it('reports a bill whose title is unknown instead of inventing one', () => {
    const result = buildCaliforniaBills({ bills: bills.records, history: history.records, versions: [] }, URL);
    expect(result.records).toEqual([]);
    expect(result.rejected.map((e) => e.message)).toContain(`202520260AB831: no BILL_VERSION_TBL subject, so no title (${URL})`);
  });

  it('throws LayoutChangedError when BILL_TBL loses a column', () => {
    // In memory from pubinfo-BILL_TBL-2025-26-slice.dat: the SB 275 row with session_year dropped
    // (every later column moves left by one), then with bill_id and session_year swapped.
    const firstRow = billTbl.split('\n')[0].split('\t');
    const shifted = [firstRow[0], ...firstRow.slice(2)].join('\t');
    expect(() => parseCaliforniaBillTable(shifted, URL)).toThrow(LayoutChangedError);
    const reordered = [firstRow[1], firstRow[0], ...firstRow.slice(2)].join('\t');
    try {
      parseCaliforniaBillTable(reordered, URL);
      throw new Error('expected a LayoutChangedError');
    } catch (error) {
      expect(error).toBeInstanceOf(LayoutChangedError);
      expect((error as LayoutChangedError).selector).toBe('BILL_TBL column bill_id');
      expect((error as LayoutChangedError).url).toBe(URL);
    }
  });

  it('throws LayoutChangedError when BILL_HISTORY_TBL gains an unknown column', () => {
    const widened = historyTbl.split('\n').slice(0, 2).map((l) => `${l}\t\`extra\``).join('\n');
    expect(() => parseCaliforniaHistoryTable(widened, URL)).toThrow(/BILL_HISTORY_TBL row 1 has 14 fields; expected 13.*pubinfo_2025\.zip/);
  });
});

describe('California BILL_HISTORY_TBL, 1999-2000 archive layout (real slice)', () => {
  const parsed = parseCaliforniaHistoryTable(history1999, URL);

  it('reads every row even though the newer status columns are NULL', () => {
    expect(parsed.rejected).toEqual([]);
    expect(parsed.records).toHaveLength(93);
    expect(parsed.records[0]).toMatchObject({ bill_id: '199920000AB1', action_sequence: null, primary_location: null, end_status: null });
  });

  it('orders AB 1 (1999) oldest first, same-day actions in the order they happened', () => {
    const ab1 = sortCaliforniaHistory(parsed.records.filter((r) => r.bill_id === '199920000AB1')).map(toCaliforniaAction);
    expect(ab1).toHaveLength(19);
    expect(ab1[0]).toMatchObject({ date: '1998-12-07', description: 'Read first time. To print.', actor: null, actorClassification: null });
    expect(ab1.at(-1)).toMatchObject({ date: '1999-07-28', description: 'Chaptered by Secretary of State - Chapter 191, Statutes of 1999.' });
    const july15 = ab1.filter((a) => a.date === '1999-07-15').map((a) => a.description);
    expect(july15).toEqual(['Read third time. Urgency clause adopted. Passed and to Assembly. (Ayes 40. Noes 0. Page 2308.)', 'In Assembly. To enrollment.']);
  });

  it('keeps the 1999-2000 First Extraordinary Session apart', () => {
    const sessions = new Set(parsed.records.map((r) => r.bill_id.slice(0, 9)));
    expect(sessions).toEqual(new Set(['199920000', '199920001']));
    expect(californiaSession('19992000', '1')).toBe('19992000 Special Session 1');
    expect(californiaSession('20252026', '0')).toBe('20252026');
  });
});
