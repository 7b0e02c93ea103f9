import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/reference.js';
import { parsePolicies } from '../../../core/classify/policy.schema.js';
import { completeLabels, diffJudgements, evaluateJudgements, judgeBill } from '../../../core/classify/evaluate-classifier.js';

const policies = parsePolicies(JSON.parse(readFileSync(path.join(repoRoot, 'db', 'seed', 'policies.json'), 'utf8')));
const bill = (title: string) => ({ title, otherTitles: [], abstract: null, subjects: [] });

describe('evaluateJudgements', () => {
  // Real Virginia 2025 titles (LIS BILLS.CSV) with what a reviewer would decide.
  const judgements = [
    ...judgeBill('HB1847', bill('Admission to bail; creates rebuttable presumptions against bail.'), [{ policyId: 'bail-funds', applies: true, stance: 'opposes' }], policies),
    ...judgeBill('HB2723', bill('Criminal records; expungement and sealing of records, repeals Sealing Fee Fund.'), [{ policyId: 'second-chance', applies: true, stance: 'supports', strength: 'full' }], policies),
    ...judgeBill('HB1873', bill('Release of accused on secured or unsecured bond.'), [{ policyId: 'bail-funds', applies: true, stance: 'supports' }], policies),
    ...judgeBill('HB1393', bill('Virginia Retirement System; return to work for law-enforcement officers, certification.'), [{ policyId: 'decertification', applies: true }], policies),
    ...judgeBill('HB2474', bill('School resource officers and school security officers; crisis intervention training.'), [{ policyId: 'police-free-schools', applies: false }], policies),
  ];
  const e = evaluateJudgements(judgements);

  test('counts policy alone and policy + stance, per policy and per stance', () => {
    // policy: HB1847, HB2723, HB1873 found (tp 3); HB1393 missed (fn); HB2474 tagged against a reject (fp).
    expect(e.policy).toMatchObject({ tp: 3, fp: 1, fn: 1, precision: 0.75, recall: 0.75 });
    // stance: HB1847 and HB2723 right; HB1873 unclear for supports (fp unclear + fn supports); HB2474 fp unclear.
    expect(e.policyStance).toMatchObject({ tp: 2, fp: 2, fn: 1 });
    expect(e.byStance.unclear).toMatchObject({ tp: 0, fp: 2, fn: 0, precision: 0, recall: null });
    expect(e.byStance.supports).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(e.byPolicy['bail-funds']).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(e.strength).toEqual({ judged: 1, correct: 0 });
  });

  test('every miss names the rules behind the answer', () => {
    expect(e.misses.map((m) => [m.caseId, m.kind])).toEqual([
      ['HB2723', 'wrong-strength'], ['HB1873', 'wrong-stance'], ['HB1393', 'false-negative'], ['HB2474', 'false-positive'],
    ]);
    expect(e.misses.find((m) => m.caseId === 'HB1873')!.rules).toContain('supports:release "unsecured bond" (title)');
    const missed = e.misses.find((m) => m.caseId === 'HB1393')!;
    expect(missed.rules[0]).toMatch(/^score 0\.\d+ below the threshold 0\.50$/);
    expect(missed.rules).toContain('exclusion:retirement "Retirement" (title)');
  });

  test('completeLabels marks every unlisted policy as not applying', () => {
    const labels = completeLabels([{ policyId: 'no-knock', stance: 'supports' }], policies);
    expect(labels).toHaveLength(8);
    expect(labels.filter((l) => l.applies)).toEqual([{ policyId: 'no-knock', stance: 'supports', applies: true }]);
  });

  test('diffJudgements shows what a rule edit fixes and breaks against the same labels', () => {
    const edited = structuredClone(policies);
    edited.find((p) => p.id === 'bail-funds')!.rules.stance.supports.push({ id: 'unsecured', pattern: '\\bsecured or unsecured bond\\b', weight: 0.9 });
    const labels = [{ policyId: 'bail-funds', applies: true, stance: 'supports' as const }];
    const before = judgeBill('HB1873', bill('Release of accused on secured or unsecured bond.'), labels, policies);
    const after = judgeBill('HB1873', bill('Release of accused on secured or unsecured bond.'), labels, edited);
    expect(diffJudgements(before, after)).toEqual([expect.objectContaining({ caseId: 'HB1873', before: 'unclear', after: 'supports (partial)', fixed: true })]);
    expect(diffJudgements(before, before)).toEqual([]);
  });
});
