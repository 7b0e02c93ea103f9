import { readReference } from '../../helpers/reference.js';
import { LEGISTAR_ACTION_RULES, STATE_ACTION_RULES } from '../../../core/status/action-rules.table.js';
import { normalizeActionClassification } from '../../../core/status/normalize-action.js';

const squash = (s: string): string => s.replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** The recorded file a rule's example claims to come from, when it names one. */
function recordedText(source: string): string | null {
  if (source.startsWith('reference/pages/virginia')) return readReference('pages', 'virginia', 'lis-BILLS-2025-session.csv');
  if (source.startsWith('reference/pages/california')) {
    return readReference('pages', 'california', 'pubinfo-BILL_HISTORY_TBL-2025-26-slice.dat') + readReference('pages', 'california', 'pubinfo-BILL_HISTORY_TBL-1999-slice.dat');
  }
  if (source.startsWith('reference/pages/missouri')) {
    return ['senate-bill-actions-SB70-2011.html', 'senate-bill-actions-SB1-2011.html', 'house-bill-actions-HB45-2011.html']
      .map((f) => readReference('pages', 'missouri', f)).join('\n');
  }
  if (source.startsWith('reference/pages/south-carolina')) return readReference('pages', 'south-carolina', 'bill-status-S0494-2011.html');
  if (source.startsWith('reference/legistar/chicago')) return readReference('legistar', 'chicago', 'dupe_event.json');
  if (source.startsWith('reference/pages/oakland')) return readReference('pages', 'oakland', 'legistar-api-eventitems-public-safety-2019-04-23.json');
  return null;
}

describe('state action text table: every row on its real example', () => {
  test.each(STATE_ACTION_RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    expect(rule.pattern.test(rule.example)).toBe(true);
    const got = normalizeActionClassification({ description: rule.example }, 'openstates');
    for (const c of rule.classifications) expect(got).toContain(c);
    const recorded = recordedText(rule.exampleSource);
    if (recorded !== null) expect(squash(recorded)).toContain(squash(rule.example));
  });
});

describe('Legistar action-name table: every row on its example', () => {
  test.each(LEGISTAR_ACTION_RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    expect(rule.pattern.test(rule.example)).toBe(true);
    const got = normalizeActionClassification({ description: rule.example, actorClassification: 'council' }, 'legistar');
    for (const c of rule.classifications) expect(got).toContain(c);
    const recorded = recordedText(rule.exampleSource);
    if (recorded !== null) expect(recorded).toContain(rule.example);
  });
});

describe('real action strings get exactly the classifications an analyst expects', () => {
  const cases: Array<[string, string[]]> = [
    // Virginia LIS (recorded BILLS.CSV)
    ['Passed by indefinitely in Courts of Justice (14-Y 1-N)', ['committee-failure']],
    ['Passed by for the day', ['deferral']],
    ['Signed by President', []],
    ['Signed by Speaker', []],
    ["House sustained Governor's veto", ['veto-override-failure']],
    ['Vetoed by Governor', ['executive-veto']],
    ['Acts of Assembly Chapter text (CHAP0366)', ['became-law']],
    ['Enacted, Chapter 606 (Effective 07/01/2025)', ['became-law']],
    ['Assigned Chapter 600 (Effective 07/01/25)', ['became-law']],
    ['Enrolled Bill Communicated to Governor on March 5, 2025', ['enrolled', 'executive-receipt']],
    ['Left in Courts of Justice', ['committee-failure']],
    ['Subcommittee failed to recommend reporting (2-Y 4-N)', ['committee-failure']],
    ['Incorporated by Courts of Justice (HB1912-Reaser) (Voice Vote)', ['committee-failure']],
    ['Stricken from docket by Courts of Justice (22-Y 0-N)', ['withdrawal']],
    ['Stricken from House calendar', ['withdrawal']],
    ['Failed to pass', ['failure']],
    ['Defeated by Senate (21-Y 19-N)', ['failure']],
    ['Failed to Pass from conference', ['failure']],
    ['Read third time and passed House (52-Y 47-N)', ['passage', 'reading-3']],
    ['Passed Senate with amendments (30-Y 1-N)', ['passage']],
    ['Agreed to by House by voice vote', ['passage']],
    ['Referred to Committee for Courts of Justice', ['referral-committee']],
    ['VOTE: Passage (51-Y 49-N)', []],
    ["Requires 64 affirmative votes to override Governor's veto", []],
    ['Impact statement from DPB (HB158H1)', []],
    // California pubinfo BILL_HISTORY_TBL
    ['Withdrawn from committee.', []],
    ['Read second time. Ordered to third reading.', ['reading-2']],
    ['Read third time. Passed. Ordered to the Senate. (Ayes 77. Noes  0. Page 1420.)', ['passage', 'reading-3']],
    ['Read third time.  Urgency clause adopted.  Passed and to Senate.  (Ayes 79. Noes  0. Page  2339.)', ['passage', 'reading-3']],
    ['From committee: Do pass and re-refer to Com. on  APPR. with recommendation: To Consent Calendar. (Ayes 21. Noes  0.) (April  2). Re-referred to Com. on  APPR.', ['committee-passage', 'committee-passage-favorable', 'referral-committee']],
    ['In Senate.  Read first time.  To Com. on RLS. for assignment.', ['reading-1', 'referral-committee']],
    ['Enrolled and presented to the Governor at  3 p.m.', ['enrolled', 'executive-receipt']],
    ['Approved by the Governor.', ['executive-signature']],
    ['Approved by Governor.', ['executive-signature']],
    ['Chaptered by Secretary of State.  Chapter     4, Statutes of 1999-2000 First Extraordinary Session.', ['became-law']],
    ['Vetoed by the Governor.', ['executive-veto']],
    ["In Senate. Consideration of Governor's veto pending.", []],
    ['Veto sustained.', ['veto-override-failure']],
    ['Stricken from file.', []],
    ['Senate amendments concurred in. To Engrossing and Enrolling. (Ayes 79. Noes  0. Page 3366.).', ['concurrence', 'enrolled']],
    // Missouri Senate and House
    ['Prefiled', ['filing']],
    ['S First Read--SB 70-Schaefer', ['reading-1']],
    ['Second Read and Referred S Judiciary and Civil and Criminal Jurisprudence Committee', ['reading-2', 'referral-committee']],
    ['S Third Read and Passed', ['passage', 'reading-3']],
    ['H Third Read and Passed, as amended', ['passage', 'reading-3']],
    ['SS for SCS S offered & adopted (Schaefer)--(0089S.06F)', ['amendment-passage']],
    ['Motion to adopt HA 1 withdrawn', ['amendment-withdrawal']],
    ['Truly Agreed To and Finally Passed', ['enrolled']],
    ['Signed by House Speaker', []],
    ['Delivered to Governor', ['executive-receipt']],
    ['Signed by Governor', ['executive-signature']],
    ['Referred: Higher Education (H)', ['referral-committee']],
    // South Carolina
    ['Introduced and read first time', ['introduction', 'reading-1']],
    ['Committee report: Favorable Medical Affairs', ['committee-passage', 'committee-passage-favorable']],
    ['Read third time and sent to House', ['passage', 'reading-3']],
  ];
  test.each(cases)('%s', (text, expected) => {
    expect([...normalizeActionClassification({ description: text }, 'openstates')].sort()).toEqual([...expected].sort());
  });

  test('the strings above are real: each occurs in a recorded file', () => {
    const all = squash([
      recordedText('reference/pages/virginia')!, recordedText('reference/pages/california')!,
      recordedText('reference/pages/missouri')!, recordedText('reference/pages/south-carolina')!,
    ].join('\n'));
    const missing = cases.map(([text]) => text).filter((text) => !all.includes(squash(text)));
    expect(missing).toEqual([]);
  });
});

describe('source classifications and the text fallback', () => {
  test('Open States classifications are trusted as given', () => {
    expect(normalizeActionClassification({ description: 'Third Reading', sourceClassification: ['reading-3', 'passage'] }, 'openstates')).toEqual(['reading-3', 'passage']);
  });
  test('an unclassified "Died in committee" falls back to the text table', () => {
    expect(normalizeActionClassification({ description: 'Died in committee', sourceClassification: [] }, 'openstates')).toEqual(['committee-failure']);
  });
  test('unknown source strings are ignored, not passed through', () => {
    expect(normalizeActionClassification({ description: 'Left in Education', sourceClassification: ['dead'] }, 'openstates')).toEqual(['committee-failure']);
  });
  test('unrecognised wording yields no classification rather than a guess', () => {
    expect(normalizeActionClassification({ description: 'Fiscal Impact Statement from Department of Planning and Budget (HB1)' }, 'virginia-lis')).toEqual([]);
  });
  test('no California history line in the recorded slices is read as a withdrawal of the bill', () => {
    const lines = [...recordedText('reference/pages/california')!.matchAll(/\t\d{4}-\d\d-\d\d [\d:]+\t`([^`]*)`/g)].map((m) => m[1]);
    expect(lines.length).toBeGreaterThan(100);
    const withdrawn = lines.filter((l) => normalizeActionClassification({ description: l }, 'california-pubinfo').includes('withdrawal'));
    expect(withdrawn).toEqual([]);
  });
});

describe('Legistar histories (recorded Chicago matter 38768 and Oakland committee items)', () => {
  type History = { MatterHistoryActionName: string; MatterHistoryActionText: string | null; MatterHistoryActionBodyName: string; MatterHistoryPassedFlag: number | null };
  const rows = JSON.parse(readReference('legistar', 'chicago', 'dupe_event.json')) as History[];
  const classify = (h: History) => normalizeActionClassification({
    description: h.MatterHistoryActionText ?? h.MatterHistoryActionName,
    sourceClassification: [h.MatterHistoryActionName],
    passed: h.MatterHistoryPassedFlag === null ? null : h.MatterHistoryPassedFlag === 1,
    actorClassification: /^committee\b/i.test(h.MatterHistoryActionBodyName) ? 'committee' : 'council',
  }, 'legistar');

  test('Referred, Recommended to Pass, Passed map to referral, committee passage, council passage', () => {
    expect(rows.map(classify)).toEqual([
      ['referral-committee'],
      ['committee-passage', 'committee-passage-favorable'],
      ['passage'],
      ['passage'],
    ]);
  });
  test('a passed flag of 0 turns "Passed" into a failure', () => {
    expect(normalizeActionClassification({ description: 'Passed', sourceClassification: ['Passed'], passed: false, actorClassification: 'council' }, 'legistar')).toEqual(['failure']);
  });
  test('"Approved" by a committee is a committee step, not adoption', () => {
    type Item = { EventItemActionName: string | null; EventItemPassedFlag: number | null; EventItemMatterFile: string | null };
    const items = JSON.parse(readReference('pages', 'oakland', 'legistar-api-eventitems-public-safety-2019-04-23.json')) as Item[];
    const forward = items.find((i) => i.EventItemMatterFile === '18-1628')!;
    expect(forward.EventItemActionName).toBe('Approved the Recommendation of Staff, and Forward');
    expect(normalizeActionClassification({ description: forward.EventItemActionName!, passed: forward.EventItemPassedFlag === 1, actorClassification: 'committee' }, 'legistar'))
      .toEqual(['committee-passage', 'committee-passage-favorable']);
    expect(normalizeActionClassification({ description: 'Approved', passed: true, actorClassification: 'committee' }, 'legistar')).toEqual(['committee-passage']);
  });
  test('"Filed" closes a Legistar matter (a failure), unlike Open States "filing"', () => {
    expect(normalizeActionClassification({ description: 'Filed', actorClassification: 'council' }, 'legistar')).toEqual(['failure']);
    expect(normalizeActionClassification({ description: 'Prefiled' }, 'openstates')).toEqual(['filing']);
  });
  test('"Signed by the Mayor" is the executive signature', () => {
    expect(normalizeActionClassification({ description: 'Signed by the Mayor', actorClassification: 'mayor' }, 'legistar')).toEqual(['executive-signature']);
  });
});
