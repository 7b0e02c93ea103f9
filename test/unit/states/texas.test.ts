import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { parseTexasSearchResults, toTexasNormalizedBill } from '../../../scrapers/texas/texas-search-results.parser.js';
import { parseTexasBillHistory } from '../../../scrapers/texas/texas-bill-history.parser.js';
import { parseTexasLegSess } from '../../../scrapers/texas/texas-session.js';
import { readReference, repoRoot } from '../../helpers/reference.js';

const resultsHtml = readReference('pages', 'texas', 'tlo-bill-search-results-86R-2019.html');
const noMatchesHtml = readReference('pages', 'texas', 'tlo-bill-search-results-no-matches-2019.html');
const SEARCH_URL = 'https://capitol.texas.gov/Search/BillSearchResults.aspx?NSP=1&Leg=86&Sess=R';
// Hand-made (see test/fixtures/states/texas/README.md): no real History.aspx page is recorded.
const historyHtml = readFileSync(path.join(repoRoot, 'test/fixtures/states/texas/History-hand-made.html'), 'utf8');

describe('Texas session codes', () => {
  it('reads regular and called sessions of the 87th Legislature and later', () => {
    expect(parseTexasLegSess('87R')).toEqual({ legSess: '87R', legislature: 87, calledSession: null, openStatesSession: '87' });
    expect(['871', '872', '873'].map((s) => parseTexasLegSess(s).openStatesSession)).toEqual(['871', '872', '873']);
    expect(parseTexasLegSess('89r').legSess).toBe('89R');
    expect(() => parseTexasLegSess('87')).toThrow(RangeError);
  });
});

describe('TLO bill search results (real 86R page)', () => {
  const page = parseTexasSearchResults(resultsHtml, SEARCH_URL);
  if (page.kind !== 'matches') throw new Error('expected matches');

  it('reads the match count and all 25 results on the page', () => {
    expect(page).toMatchObject({ legislature: '86(R) - 2019', from: 1, to: 25, total: 1140 });
    expect(page.results.map((r) => r.identifier)).toEqual(Array.from({ length: 25 }, (_, i) => `HB ${21 + i}`));
  });

  it('reads HB 21 as a person sees it', () => {
    expect(page.results[0]).toEqual({
      legSess: '86R',
      identifier: 'HB 21',
      author: 'Canales',
      lastAction: { date: '2018-11-12', chamber: 'H', description: 'Filed' },
      captionVersion: 'Introduced',
      caption: 'Relating to exempting textbooks purchased, used, or consumed by university and college students from the sales and use tax for limited periods.',
      historyUrl: 'https://capitol.texas.gov/BillLookup/History.aspx?LegSess=86R&Bill=HB21',
    });
    expect(page.results[24]).toMatchObject({ identifier: 'HB 45', author: 'Minjarez', caption: 'Relating to creating a mentor program for foster youth.' });
  });

  it('normalizes results with the session in their identity', () => {
    const bill = normalizedBillSchema.parse(toTexasNormalizedBill(page.results[0]));
    expect(bill).toMatchObject({
      source: 'texas-tlo', externalId: '86R-HB 21', session: '86', identifier: 'HB 21', classification: 'bill', chamber: 'lower',
      jurisdictionId: 'ocd-jurisdiction/country:us/state:tx/government',
    });
    expect(bill.actions).toEqual([{ date: '2018-11-12', description: 'Filed', actor: 'House', actorClassification: 'lower', sourceClassification: [], passed: null }]);
    expect(bill.sponsors[0]).toMatchObject({ name: 'Canales', primary: true });
  });

  it('throws LayoutChangedError when a result loses its caption label', () => {
    // In memory from tlo-bill-search-results-86R-2019.html: the first "Caption:" label renamed.
    const renamed = resultsHtml.replace('<strong>Caption</strong>:', '<strong>Description</strong>:');
    expect(() => parseTexasSearchResults(renamed, SEARCH_URL)).toThrow(LayoutChangedError);
    expect(() => parseTexasSearchResults(renamed, SEARCH_URL)).toThrow(/result HB 21 has no "Caption" field.*BillSearchResults\.aspx/);
  });

  it('throws when results are missing from the page', () => {
    // Same page with the HB 45 result link removed: the count says 25, the page shows 24.
    const truncated = resultsHtml.replace('../BillLookup/History.aspx?LegSess=86R&Bill=HB45', '../BillLookup/Other.aspx');
    expect(() => parseTexasSearchResults(truncated, SEARCH_URL)).toThrow(/says results 1 to 25 but has 24/);
  });
});

describe('TLO no-matches page (real)', () => {
  it('is an explicit "no matches" answer, not an error', () => {
    expect(parseTexasSearchResults(noMatchesHtml, SEARCH_URL)).toEqual({ kind: 'no-matches', legislature: '86(R) - 2019' });
  });

  it('a broken page (no sentence, no results) throws instead of reading as "no matches"', () => {
    const broken = noMatchesHtml.replace('No bills were found matching the entered search criteria.', '');
    expect(() => parseTexasSearchResults(broken, SEARCH_URL)).toThrow(LayoutChangedError);
    const noCount = noMatchesHtml.replace('id="lblMatches"', 'id="lblFound"');
    try {
      parseTexasSearchResults(noCount, SEARCH_URL);
      throw new Error('expected a LayoutChangedError');
    } catch (error) {
      expect(error).toBeInstanceOf(LayoutChangedError);
      expect((error as LayoutChangedError).selector).toBe('#lblMatches');
      expect((error as LayoutChangedError).url).toBe(SEARCH_URL);
    }
  });
});

describe('TLO History.aspx (hand-made page with the documented field ids)', () => {
  const url871 = 'https://capitol.texas.gov/BillLookup/History.aspx?LegSess=871&Bill=SB6';
  const url872 = 'https://capitol.texas.gov/BillLookup/History.aspx?LegSess=872&Bill=SB6';

  it('reads caption, last action, subjects and authors', () => {
    const bill = normalizedBillSchema.parse(parseTexasBillHistory(historyHtml, url871));
    expect(bill).toMatchObject({
      identifier: 'SB 6', session: '871', externalId: '871-SB 6', chamber: 'upper',
      title: 'Relating to an example subject invented for a parser test.',
      subjects: ['Crime & Criminals--Bail (I0074)', 'Law Enforcement--General (I0085)'],
      extras: { legSess: '871', captionVersion: 'Introduced' },
    });
    expect(bill.actions[0]).toMatchObject({ date: '2021-07-13', description: 'Referred to State Affairs', actorClassification: 'upper' });
    expect(bill.sponsors.map((s) => [s.name, s.primary])).toEqual([['Example', true], ['Sample', false]]);
  });

  it('keeps SB 6 of two called sessions apart', () => {
    const first = parseTexasBillHistory(historyHtml, url871);
    const second = parseTexasBillHistory(historyHtml, url872);
    expect(first.identifier).toBe(second.identifier);
    expect([first.session, second.session]).toEqual(['871', '872']);
    expect(first.externalId).not.toBe(second.externalId);
  });

  it('throws LayoutChangedError when a documented field disappears', () => {
    const renamed = historyHtml.replace('id="cellLastAction"', 'id="cellLastActionText"');
    expect(() => parseTexasBillHistory(renamed, url871)).toThrow(/#cellLastAction.*History\.aspx\?LegSess=871&Bill=SB6/);
    expect(() => parseTexasBillHistory(historyHtml.replace('id="cellSubjects"', 'id="cellTopics"'), url871)).toThrow(LayoutChangedError);
  });
});
