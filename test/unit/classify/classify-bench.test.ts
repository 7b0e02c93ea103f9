import { classifyBench } from '../../../cli/bench/classify.bench.js';

describe('classify benchmark', () => {
  test('reports bills/second on the whole Virginia corpus beside a same-run baseline', async () => {
    const result = await classifyBench.run();
    const [rate] = result.figures;
    expect(result.title).toContain('3512 bills, 8 policies');
    expect(rate).toMatchObject({ name: 'classify Virginia 2025 corpus', unit: 'bills/s' });
    expect(rate.value).toBeGreaterThan(0);
    expect(rate.baseline!.value).toBeGreaterThan(0);
    // The benchmark classifies the same bills the hand-checked corpus test does: 44 matches.
    expect(rate.note).toMatch(/^44 policy matches/);
  });
});
