import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, readReference } from '../../helpers/reference.js';
import { deriveStatus, type DeriveStatusInput } from '../../../core/status/derive-status.js';
import { readVirginiaBills, virginiaStatusInput } from './va-lis-rows.js';

type Fixture = {
  name: string;
  input: DeriveStatusInput;
  expected: { stage: string; status: string; decisiveAction: number | null };
  expectedAfterIndex?: { index: number; stage: string; status: string };
  expectedDuringSession?: { today: string; stage: string; status: string };
};

const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'status');
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(path.join(fixtureDir, f), 'utf8')) as Fixture] as const);

describe('real bill histories (test/fixtures/status)', () => {
  test.each(fixtures)('%s', (_file, fx) => {
    const got = deriveStatus(fx.input);
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual(fx.expected);
    expect(got.classifications).toHaveLength(fx.input.actions.length);
  });

  test('fixtures cover every outcome the map shows', () => {
    const statuses = new Set(fixtures.map(([, fx]) => fx.expected.status));
    expect([...statuses].sort()).toEqual(['enacted', 'failed']);
  });

  test.each(fixtures.filter(([, fx]) => fx.expectedAfterIndex))('%s, part-way through its history', (_file, fx) => {
    const { index, stage, status } = fx.expectedAfterIndex!;
    const got = deriveStatus({ ...fx.input, actions: fx.input.actions.slice(0, index + 1) });
    expect({ stage: got.stage, status: got.status }).toEqual({ stage, status });
  });

  test('Kentucky HB 21 (2021) was pending in committee while the session ran', () => {
    const fx = fixtures.find(([f]) => f === 'ky-hb21-2021-died.json')![1];
    const got = deriveStatus({ ...fx.input, today: fx.expectedDuringSession!.today });
    expect({ stage: got.stage, status: got.status }).toEqual({ stage: 'committee', status: 'pending' });
    // Inside the 45-day grace period after sine die the bill is not yet called dead either.
    expect(deriveStatus({ ...fx.input, today: '2021-04-20' }).status).toBe('pending');
  });

  test('Nebraska LB 51: passage on Final Reading by the unicameral Legislature is passed_legislature', () => {
    const fx = fixtures.find(([f]) => f === 'ne-lb51-2021.json')![1];
    // While the session runs (it ended 2021-05-27): once it and the grace period are over, a bill
    // the Governor never acted on has failed.
    const got = deriveStatus({ ...fx.input, actions: fx.input.actions.slice(0, 5), today: '2021-05-20' });
    expect(got.stage).toBe('passed_legislature');
    expect(got.decisiveAction).toBe(4);
  });
});

/** The recorded California pubinfo history of one bill, in date order, as an adapter would give it. */
function californiaHistory(billId: string): DeriveStatusInput['actions'] {
  const dat = readReference('pages', 'california', 'pubinfo-BILL_HISTORY_TBL-2025-26-slice.dat');
  return dat.split('\n').map((line) => line.split('\t')).filter((cols) => cols[0] === `\`${billId}\``)
    .map((cols) => ({ seq: Number(cols[6]), date: cols[2].slice(0, 10), description: cols[3].replace(/`/g, ''), house: cols[9]?.replace(/`/g, '') }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.seq - b.seq)
    .map((a) => ({ date: a.date, description: a.description, actorClassification: a.house === 'Senate' ? 'upper' as const : a.house === 'Assembly' ? 'lower' as const : null }));
}

describe('recorded California histories (pubinfo 2025-26 slice)', () => {
  const base = { classification: 'bill', legislature: 'bicameral' as const, statusHints: [], session: { endDate: '2026-08-31' }, sourceKind: 'california-pubinfo' };
  test('AB 831 (2025): approved by the Governor and chaptered (623) → enacted', () => {
    const actions = californiaHistory('202520260AB831');
    const got = deriveStatus({ ...base, actions, chamber: 'lower', today: '2026-06-15' });
    expect(got.status).toBe('enacted');
    expect(got.stage).toBe('enacted');
    expect(actions[got.decisiveAction!].description).toBe('Approved by the Governor.');
  });
  test('SB 275 (2025): vetoed, veto sustained → vetoed', () => {
    const actions = californiaHistory('202520260SB275');
    const got = deriveStatus({ ...base, actions, chamber: 'upper', today: '2026-06-15' });
    expect({ stage: got.stage, status: got.status }).toEqual({ stage: 'passed_legislature', status: 'vetoed' });
    expect(actions[got.decisiveAction!].description).toBe('Veto sustained.');
  });
  test('AB 2052 (2026): passed the Assembly, amended in the Senate → still pending, one chamber', () => {
    const got = deriveStatus({ ...base, actions: californiaHistory('202520260AB2052'), chamber: 'lower', today: '2026-06-15' });
    expect({ stage: got.stage, status: got.status }).toEqual({ stage: 'passed_one_chamber', status: 'pending' });
  });
  test('the same AB 2052 is dead once the 2025-26 session and the grace period are over', () => {
    const got = deriveStatus({ ...base, actions: californiaHistory('202520260AB2052'), chamber: 'lower', today: '2026-11-01' });
    expect(got.status).toBe('failed');
    expect(got.reason).toMatch(/session ended/);
  });
});

describe('Legistar council histories', () => {
  type History = { MatterHistoryActionDate: string; MatterHistoryActionName: string; MatterHistoryActionText: string | null; MatterHistoryActionBodyName: string; MatterHistoryPassedFlag: number | null };
  const toActions = (file: string) => (JSON.parse(readReference('legistar', 'chicago', file)) as History[]).map((h) => ({
    date: h.MatterHistoryActionDate.slice(0, 10),
    description: h.MatterHistoryActionText ?? h.MatterHistoryActionName,
    actor: h.MatterHistoryActionBodyName,
    actorClassification: /^committee\b/i.test(h.MatterHistoryActionBodyName) ? 'committee' as const : 'council' as const,
    sourceClassification: [h.MatterHistoryActionName],
    passed: h.MatterHistoryPassedFlag === null ? null : h.MatterHistoryPassedFlag === 1,
  }));
  const chicago = (today: string, file = 'no_dupe_event.json') => deriveStatus({
    actions: toActions(file), classification: 'ordinance', chamber: 'council', legislature: 'council',
    statusHints: ['Passed'], today, sourceKind: 'legistar',
  });

  test('Chicago matter 38769: passed by the City Council on 2013-05-08, no mayoral step recorded → enacted after the veto window', () => {
    const got = chicago('2013-07-01');
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'enacted', status: 'enacted', decisiveAction: 2 });
  });
  test('the same ordinance a week after passage is adopted (passed_legislature) and pending', () => {
    const got = chicago('2013-05-15');
    expect({ stage: got.stage, status: got.status }).toEqual({ stage: 'passed_legislature', status: 'pending' });
  });
  test('the duplicated "Passed" row of matter 38768 changes nothing', () => {
    const got = chicago('2013-07-01', 'dupe_event.json');
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'enacted', status: 'enacted', decisiveAction: 2 });
  });
  test('a mayoral veto after adoption stops the ordinance; an override enacts it', () => {
    const actions = [...toActions('no_dupe_event.json'), { date: '2013-05-20', description: 'Vetoed', actorClassification: 'mayor' as const }];
    const vetoed = deriveStatus({ actions, classification: 'ordinance', chamber: 'council', legislature: 'council', statusHints: [], today: '2014-01-01' });
    expect(vetoed.status).toBe('vetoed');
    const overridden = deriveStatus({ actions: [...actions, { date: '2013-06-05', description: 'Veto Overridden', actorClassification: 'council' as const }], classification: 'ordinance', chamber: 'council', legislature: 'council', statusHints: [], today: '2014-01-01' });
    expect({ stage: overridden.stage, status: overridden.status }).toEqual({ stage: 'enacted', status: 'enacted' });
  });
  test('Chicago R2012-1118 (a resolution, status Adopted on 2012-12-12) is adopted, not a law', () => {
    const page = readReference('pages', 'chicago', 'legistar-LegislationDetail-R2012-1118.html');
    expect(page).toContain('R2012-1118');
    const got = deriveStatus({
      actions: [{ date: '2012-12-12', description: 'Adopted', actorClassification: 'council', sourceClassification: ['Adopted'], passed: true }],
      classification: 'resolution', chamber: 'council', legislature: 'council', statusHints: ['Adopted'], today: '2012-12-13',
    });
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'passed_legislature', status: 'adopted', decisiveAction: 0 });
  });
  test('a Legistar matter with no usable history is placed by its MatterStatusName', () => {
    const base = { actions: [], classification: 'ordinance', chamber: 'council', legislature: 'council' as const, today: '2020-01-01' };
    expect(deriveStatus({ ...base, statusHints: ['In Committee'] })).toMatchObject({ stage: 'committee', status: 'pending', decisiveAction: null });
    expect(deriveStatus({ ...base, statusHints: ['Filed'] })).toMatchObject({ status: 'failed' });
    expect(deriveStatus({ ...base, statusHints: ['Withdrawn'] })).toMatchObject({ status: 'withdrawn' });
    expect(deriveStatus({ ...base, statusHints: ['Vetoed'] })).toMatchObject({ status: 'vetoed', stage: 'passed_legislature' });
    expect(deriveStatus({ ...base, statusHints: ['Approved'] })).toMatchObject({ status: 'enacted', stage: 'enacted' });
  });
});

describe('recorded Virginia 2025 bills (LIS BILLS.CSV)', () => {
  const bills = readVirginiaBills();
  const byId = new Map(bills.map((b) => [b.Bill_id, b]));
  const derive = (id: string, hints = false) => deriveStatus(virginiaStatusInput(byId.get(id)!, { hints }));

  test('HB2723 (expungement and sealing): Acts of Assembly chapter → enacted', () => {
    expect(derive('HB2723')).toMatchObject({ stage: 'enacted', status: 'enacted' });
  });
  test('HB1608: vetoed, House sustained the veto → vetoed', () => {
    const got = derive('HB1608');
    expect(got.status).toBe('vetoed');
    expect(got.reason).toMatch(/veto sustained/);
  });
  test('HB1607: vetoed, override not yet voted → vetoed', () => {
    expect(derive('HB1607').status).toBe('vetoed');
  });
  test('HB1847 (presumptions against bail): left in Rules → died in committee', () => {
    expect(derive('HB1847')).toMatchObject({ stage: 'committee', status: 'failed' });
  });
  test('HB158: passed the House in 2024, left in Senate Courts of Justice → failed after one chamber', () => {
    // Without hints the CSV's last actions do not show the House passage; the Passed_house flag does.
    expect(derive('HB158', true)).toMatchObject({ stage: 'passed_one_chamber', status: 'failed' });
  });
  test('SB809: stricken at request of the patron → withdrawn', () => {
    expect(derive('SB809')).toMatchObject({ status: 'withdrawn' });
  });
  test('HR807 (a House resolution): passed the House → adopted, never a law', () => {
    expect(derive('HR807', true)).toMatchObject({ stage: 'passed_legislature', status: 'adopted' });
  });
  test('HJ and SJ rows the file marks Passed are adopted joint resolutions; none is enacted', () => {
    const joint = bills.filter((row) => /^(HJ|SJ)/.test(row.Bill_id) && row.Passed === 'Y');
    expect(joint.length).toBe(497);
    const got = new Set(joint.map((row) => deriveStatus(virginiaStatusInput(row, { hints: true })).status));
    expect([...got]).toEqual(['adopted']);
  });

  test('across all 3,512 bills, the actions alone agree with LIS\'s Approved / Vetoed / Failed flags', () => {
    const disagreements: string[] = [];
    let checked = 0;
    for (const row of bills) {
      const expected = row.Approved === 'Y' ? 'enacted' : row.Vetoed === 'Y' ? 'vetoed' : row.Failed === 'Y' ? 'failed-or-withdrawn' : null;
      if (!expected) continue;
      checked += 1;
      const got = deriveStatus(virginiaStatusInput(row, { hints: false })).status;
      const ok = expected === 'failed-or-withdrawn' ? got === 'failed' || got === 'withdrawn' : got === expected;
      if (!ok) disagreements.push(`${row.Bill_id}: ${expected} vs ${got}`);
    }
    expect(checked).toBeGreaterThan(2000);
    // Measured: 4 of 2,345 disagree (HB1609, HB1918, HB1923, HB2446): approved, but the CSV's last
    // actions stop at "Governor's Action Deadline"; only the Approved flag (a hint) knows.
    expect(disagreements.length / checked).toBeLessThan(0.02);
  });

  test('with the flags as hints every flagged bill agrees', () => {
    const off = bills.filter((row) => {
      const got = deriveStatus(virginiaStatusInput(row, { hints: true })).status;
      if (row.Approved === 'Y') return got !== 'enacted';
      if (row.Vetoed === 'Y') return got !== 'vetoed';
      if (row.Failed === 'Y') return got !== 'failed' && got !== 'withdrawn';
      return false;
    }).map((r) => r.Bill_id);
    expect(off).toEqual([]);
  });
});

describe('reducer rules', () => {
  const bill = (actions: DeriveStatusInput['actions'], extra: Partial<DeriveStatusInput> = {}): DeriveStatusInput => ({
    actions, classification: 'bill', chamber: 'lower', legislature: 'bicameral', statusHints: [], today: '2025-03-01', ...extra,
  });

  test('a failed vote that is reconsidered and passed leaves the bill alive (the LAST terminal action counts)', () => {
    const got = deriveStatus(bill([
      { description: 'Referred to Committee for Courts of Justice', actorClassification: 'lower' },
      { description: 'Failed to pass', actorClassification: 'lower' },
      { description: 'Read third time and passed House (52-Y 47-N)', actorClassification: 'lower' },
    ]));
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'passed_one_chamber', status: 'pending', decisiveAction: 2 });
  });
  test('passage in the second chamber followed by a failed concurrence vote is a failure', () => {
    const got = deriveStatus(bill([
      { description: 'Passed House', actorClassification: 'lower' },
      { description: 'Passed Senate with amendments (30-Y 1-N)', actorClassification: 'upper' },
      { description: 'Failed to Pass from conference', actorClassification: 'lower' },
    ]));
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'passed_legislature', status: 'failed', decisiveAction: 2 });
  });
  test('a carried-over bill stays pending after its session ends', () => {
    const got = deriveStatus(bill([
      { description: 'Referred to Committee for Courts of Justice', actorClassification: 'lower' },
      { description: 'Continued to 2026 in Courts of Justice (14-Y 0-N)', actorClassification: 'lower' },
    ], { session: { endDate: '2025-02-22' }, today: '2025-12-01' }));
    expect({ status: got.status, carriedOver: got.carriedOver }).toEqual({ status: 'pending', carriedOver: true });
  });
  test('a bill that passed both chambers but was never signed has failed once the session and the grace period are over', () => {
    const actions = [
      { date: '2025-02-10', description: 'Passed House', actorClassification: 'lower' as const },
      { date: '2025-02-20', description: 'Passed Senate', actorClassification: 'upper' as const },
    ];
    const during = deriveStatus(bill(actions, { session: { endDate: '2025-02-22' }, today: '2025-03-30' }));
    expect({ stage: during.stage, status: during.status }).toEqual({ stage: 'passed_legislature', status: 'pending' });
    const after = deriveStatus(bill(actions, { session: { endDate: '2025-02-22' }, today: '2025-12-01' }));
    expect({ stage: after.stage, status: after.status, decisiveAction: after.decisiveAction }).toEqual({ stage: 'passed_legislature', status: 'failed', decisiveAction: null });
    expect(after.cause).toEqual({ date: '2025-02-22', description: 'session ended 2025-02-22' });
  });
  test("a governor's action deadline recorded in the actions (Virginia) keeps the bill pending until it passes", () => {
    const actions = [
      { date: '2025-02-10', description: 'Passed House', actorClassification: 'lower' as const },
      { date: '2025-02-20', description: 'Passed Senate', actorClassification: 'upper' as const },
      { date: '2025-04-02', description: "Governor's Action Deadline 11:59 p.m., May 2, 2025", actorClassification: 'executive' as const },
    ];
    const session = { endDate: '2025-02-22' };
    expect(deriveStatus(bill(actions, { session, today: '2025-04-20' })).status).toBe('pending');
    expect(deriveStatus(bill(actions, { session, today: '2025-05-03' })).status).toBe('failed');
  });
  test('signed after the legislature accepts the governor\'s amendments → enacted', () => {
    const got = deriveStatus(bill([
      { description: 'Passed House', actorClassification: 'lower' },
      { description: 'Passed Senate', actorClassification: 'upper' },
      { description: "Senate concurred in Governor's recommendation (40-Y 0-N)", actorClassification: 'upper' },
      { description: 'Approved by Governor-Chapter 253 (effective 7/1/25)', actorClassification: 'executive' },
    ]));
    expect(got.classifications[3]).toEqual(['executive-signature', 'became-law']);
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'enacted', status: 'enacted', decisiveAction: 3 });
  });
  test('a line-item veto is still a law', () => {
    const got = deriveStatus(bill([{ description: 'Passed House' }, { description: 'Passed Senate' }, { description: 'Approved by the Governor with item veto' }]));
    expect({ stage: got.stage, status: got.status }).toEqual({ stage: 'enacted', status: 'enacted' });
  });
  test('an override in one chamber only leaves the veto standing', () => {
    const got = deriveStatus(bill([
      { description: 'Passed House', actorClassification: 'lower' }, { description: 'Passed Senate', actorClassification: 'upper' },
      { description: 'Vetoed by Governor', actorClassification: 'executive' },
      { description: 'Passed over veto', actorClassification: 'lower', sourceClassification: ['veto-override-passage'] },
    ]));
    expect(got.status).toBe('vetoed');
  });
  test('a veto overridden by the legislature as a whole (actor legislature, one vote) is enacted', () => {
    const vetoed = [
      { date: '2024-03-01', description: 'Passed House', actorClassification: 'lower' as const },
      { date: '2024-03-10', description: 'Passed Senate', actorClassification: 'upper' as const },
      { date: '2024-03-20', description: 'Vetoed by Governor', actorClassification: 'executive' as const, sourceClassification: ['executive-veto'] },
    ];
    const override = { date: '2024-04', description: 'Veto overridden in joint session', actorClassification: 'legislature' as const, sourceClassification: ['veto-override-passage'] };
    const got = deriveStatus(bill([...vetoed, { ...override, date: null }]));
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'enacted', status: 'enacted', decisiveAction: 3 });
    // Per chamber, both are needed: one leaves the veto standing, the second enacts.
    const house = { date: '2024-04-02', description: 'Veto override passed House', actorClassification: 'lower' as const, sourceClassification: ['veto-override-passage'] };
    const senate = { date: '2024-04-03', description: 'Veto override passed Senate', actorClassification: 'upper' as const, sourceClassification: ['veto-override-passage'] };
    expect(deriveStatus(bill([...vetoed, house])).status).toBe('vetoed');
    expect(deriveStatus(bill([...vetoed, house, senate])).status).toBe('enacted');
    // A unicameral legislature overrides in its one vote.
    expect(deriveStatus(bill([...vetoed.slice(2), { ...house, actorClassification: 'legislature' }], { legislature: 'unicameral', chamber: 'legislature' })).status).toBe('enacted');
  });
  test('concurrent and joint resolutions passed by both chambers are adopted (not laws); one chamber is not enough', () => {
    const actions = [{ description: 'Agreed to by House by voice vote' }, { description: 'Agreed to by Senate by voice vote' }];
    expect(deriveStatus(bill(actions, { classification: 'concurrent resolution' }))).toMatchObject({ stage: 'passed_legislature', status: 'adopted' });
    expect(deriveStatus(bill(actions, { classification: 'joint resolution' }))).toMatchObject({ stage: 'passed_legislature', status: 'adopted' });
    expect(deriveStatus(bill(actions.slice(0, 1), { classification: 'joint resolution' }))).toMatchObject({ stage: 'passed_one_chamber', status: 'pending' });
  });
  test('a simple resolution adopted by its chamber is final, and adopted, not enacted', () => {
    const got = deriveStatus(bill([{ description: 'Agreed to by House by voice vote', actorClassification: 'lower' }], { classification: 'resolution' }));
    expect({ stage: got.stage, status: got.status, decisiveAction: got.decisiveAction }).toEqual({ stage: 'passed_legislature', status: 'adopted', decisiveAction: 0 });
  });
  test('a resolution a source files as `bill` is told by its identifier (HR 807)', () => {
    const got = deriveStatus(bill([{ description: 'Agreed to by House by voice vote', actorClassification: 'lower' }], { identifier: 'HR 807' }));
    expect(got.status).toBe('adopted');
  });
  test('the stage never moves back: a committee referral in the second chamber keeps passed_one_chamber', () => {
    const got = deriveStatus(bill([{ description: 'Passed House', actorClassification: 'lower' }, { description: 'Referred to Committee for Courts of Justice', actorClassification: 'upper' }]));
    expect(got.stage).toBe('passed_one_chamber');
  });
  test('no actions and no hints: introduced, pending, nothing decisive', () => {
    expect(deriveStatus(bill([]))).toMatchObject({ stage: 'introduced', status: 'pending', decisiveAction: null, classifications: [] });
  });
});
