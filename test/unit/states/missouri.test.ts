import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { parseMissouriSenateActions, parseMissouriSenateBillDetail, toMissouriSenateBill } from '../../../scrapers/missouri/missouri-senate.parser.js';
import { parseMissouriHouseActivity, parseMissouriHouseBillSummary, toMissouriHouseBill } from '../../../scrapers/missouri/missouri-house.parser.js';
import { readReference } from '../../helpers/reference.js';

const page = (name: string) => readReference('pages', 'missouri', name);
const SB70_URL = 'http://www.senate.mo.gov/11info/BTS_Web/Bill.aspx?SessionType=R&BillID=4068821';
const SB70_ACTIONS_URL = 'http://www.senate.mo.gov/11info/BTS_Web/Actions.aspx?SessionType=R&BillID=4068821';
const SB1_ACTIONS_URL = 'http://www.senate.mo.gov/11info/BTS_Web/Actions.aspx?SessionType=R&BillID=4065289';
const HB45_URL = 'http://house.mo.gov/BillSummaryPrn.aspx?bill=HB45&year=2011&code=R';
const HB45_ACTIONS_URL = 'http://house.mo.gov/BillActionsPrn.aspx?bill=HB45&year=2011&code=R';

describe('Missouri Senate bill detail (real SB 70, 2011)', () => {
  const detail = parseMissouriSenateBillDetail(page('senate-bill-detail-SB70-2011.html'), SB70_URL);

  it('reads what the page shows', () => {
    expect(detail).toMatchObject({
      identifier: 'SB 70',
      title: 'Modifies provisions relating to the Missouri Family Trust',
      sponsor: 'Schaefer',
      lrNumber: '0089S.07T',
      lastAction: { date: '2011-07-05', description: 'Signed by Governor' },
      billString: 'CCS SS SCS SB 70',
      effectiveDate: 'August 28, 2011',
      houseHandler: 'Franz',
    });
    expect(detail.summary).toMatch(/^CCS\/SS\/SCS\/SB 70 - This act revises the provisions establishing the Missouri Family Trust/);
  });

  it('joins the actions page into one bill whose last action is the signature', () => {
    const actions = parseMissouriSenateActions(page('senate-bill-actions-SB70-2011.html'), SB70_ACTIONS_URL);
    expect(actions.identifier).toBe('SB 70');
    expect(actions.actions[0]).toMatchObject({ date: '2011-01-04', description: 'Prefiled' });
    expect(actions.actions.find((a) => a.description === 'Truly Agreed To and Finally Passed')?.date).toBe('2011-05-13');
    expect(actions.actions.at(-1)).toMatchObject({ date: '2011-07-05', description: 'Signed by Governor', actorClassification: 'executive' });
    const bill = normalizedBillSchema.parse(toMissouriSenateBill(detail, actions, '2011', SB70_URL));
    expect(bill).toMatchObject({ identifier: 'SB 70', session: '2011', chamber: 'upper', jurisdictionId: 'ocd-jurisdiction/country:us/state:mo/government' });
    expect(bill.sponsors.map((s) => s.name)).toEqual(['Schaefer', 'Franz']);
    expect(bill.actions).toHaveLength(actions.actions.length);
  });

  it('throws LayoutChangedError when the last-action span is renamed', () => {
    const renamed = page('senate-bill-detail-SB70-2011.html').replace('id="lblLastAction"', 'id="lblLatestAction"');
    expect(() => parseMissouriSenateBillDetail(renamed, SB70_URL)).toThrow(LayoutChangedError);
    expect(() => parseMissouriSenateBillDetail(renamed, SB70_URL)).toThrow(/#lblLastAction.*Bill\.aspx\?SessionType=R&BillID=4068821/);
  });
});

describe('Missouri Senate actions (real SB 1, 2011)', () => {
  it('reads every action row, oldest first', () => {
    const sb1 = parseMissouriSenateActions(page('senate-bill-actions-SB1-2011.html'), SB1_ACTIONS_URL);
    expect(sb1).toMatchObject({ identifier: 'SB 1', title: 'Bars employers from requiring employees to engage in or cease engaging in certain labor practices' });
    expect(sb1.actions).toHaveLength(11);
    expect(sb1.actions[1]).toMatchObject({ date: '2011-01-05', description: 'S First Read--SB 1-Ridgeway', actorClassification: 'upper' });
    expect(sb1.actions.at(-1)).toMatchObject({ date: '2011-05-13', description: 'S Informal Calendar S Bills for Perfection--SBs 1 & 206-Ridgeway, with SCS & SA 1 (pending)' });
  });

  it('throws LayoutChangedError when the action table is missing', () => {
    // In memory from senate-bill-actions-SB1-2011.html: the action table's wrapping <DIV> removed.
    const noTable = page('senate-bill-actions-SB1-2011.html').replace('<DIV>', '<SPAN>').replace('</DIV>', '</SPAN>');
    try {
      parseMissouriSenateActions(noTable, SB1_ACTIONS_URL);
      throw new Error('expected a LayoutChangedError');
    } catch (error) {
      expect(error).toBeInstanceOf(LayoutChangedError);
      expect((error as LayoutChangedError).selector).toBe('#Table5 div > table');
      expect((error as LayoutChangedError).url).toBe(SB1_ACTIONS_URL);
    }
  });
});

describe('Missouri House bill summary (real HB 45, 2011)', () => {
  const summary = parseMissouriHouseBillSummary(page('house-bill-summary-HB45-2011.html'), HB45_URL);

  it('reads what the page shows', () => {
    expect(summary).toEqual({
      identifier: 'HB 45',
      title: 'Changes the laws regarding the Big Government Get Off My Back Act which provides an income tax deduction for certain small businesses that create new full-time jobs',
      sponsor: 'Hoskins, Denny (121)',
      coSponsors: ['Allen, Sue (092)'],
      lrNumber: '145S.06T',
      lastAction: { date: '2011-07-08', description: 'Delivered to Secretary of State (G)' },
      governorAction: { date: '2011-07-08', description: 'Approved by Governor (G)' },
      billString: 'SS SCS HCS HB 45',
      proposedEffectiveDate: '8/28/2011',
    });
    const bill = normalizedBillSchema.parse(toMissouriHouseBill(summary, null, '2011', HB45_URL));
    expect(bill.actions).toEqual([{ date: '2011-07-08', description: 'Delivered to Secretary of State (G)', actor: 'Governor', actorClassification: 'executive', sourceClassification: [], passed: null }]);
    expect(bill.statusHints).toEqual(['Approved by Governor (G)']);
  });

  it('throws LayoutChangedError when the Last Action row is renamed', () => {
    const renamed = page('house-bill-summary-HB45-2011.html').replace('<th>Last Action:</th>', '<th>Latest Action:</th>');
    expect(() => parseMissouriHouseBillSummary(renamed, HB45_URL)).toThrow(/no "Last Action" row.*BillSummaryPrn\.aspx\?bill=HB45/);
  });
});

describe('Missouri House activity history (real page)', () => {
  // The recorded file is named for HB 45 (2011) but its content is the activity history of
  // "GRP1", 95th General Assembly, 2009: the assertions follow what the page says.
  const activity = parseMissouriHouseActivity(page('house-bill-actions-HB45-2011.html'), HB45_ACTIONS_URL);

  it('reads the dated activities, joining the continued note', () => {
    expect(activity.heading).toBe('Activity History for GRP1');
    expect(activity.session).toBe('95th General Assembly, 1st Regular Session');
    expect(activity.actions).toEqual([
      { date: '2009-02-04', description: "Received from Governor's office (G)", actor: 'Governor', actorClassification: 'executive', sourceClassification: [], passed: null },
      { date: '2009-03-23', description: 'SEE COMMENTS SEE HOUSE RESOLUTION NUMBER 552', actor: null, actorClassification: null, sourceClassification: [], passed: null },
      { date: '2009-05-15', description: 'Referred: Higher Education (H)', actor: 'House', actorClassification: 'lower', sourceClassification: [], passed: null },
    ]);
  });

  it('throws LayoutChangedError naming the missing column when a header is renamed', () => {
    const renamed = page('house-bill-actions-HB45-2011.html').replace('<b>Activity Description</b>', '<b>Description</b>');
    expect(() => parseMissouriHouseActivity(renamed, HB45_ACTIONS_URL)).toThrow(/missing column\(s\) description.*BillActionsPrn\.aspx/);
  });
});
