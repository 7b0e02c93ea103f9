import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseModelPolicy } from '../../../core/adoption/model-policy.schema.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';

describe('model policies as data', () => {
  test('the shipped models load and validate: no-knock, chemical-restraint, decertification, crisis-response, bail-funds', () => {
    const models = loadModelPolicies();
    expect(models.map((m) => m.policyId)).toEqual(['bail-funds', 'chemical-restraint', 'crisis-response', 'decertification', 'no-knock']);
    const nk = models.find((m) => m.policyId === 'no-knock');
    expect(nk?.provisions).toHaveLength(15);
    expect(nk?.provisions[0]).toMatchObject({ id: 'NK-1', kind: 'ban', required: true, verified: true });
    expect(nk?.provisions[0].limiterCues).toEqual(expect.arrayContaining(['unless', 'except', 'extreme circumstances']));
    // n/v in the facts sheet → hidden until staff confirm.
    const dc10 = models.find((m) => m.policyId === 'decertification')?.provisions.find((p) => p.id === 'DC-10');
    expect(dc10?.verified).toBe(false);
    for (const m of models) expect(m.version).toBeGreaterThanOrEqual(1);
  });

  test('a model with a broken pattern or a numeric rule without (?<n>) is rejected with the path', () => {
    const base = loadModelPolicies().find((m) => m.policyId === 'no-knock');
    const broken = structuredClone(base) as Record<string, unknown> & { provisions: Record<string, unknown>[] };
    broken.provisions[0].patterns = ['(unclosed'];
    expect(() => parseModelPolicy(broken, 'edited.json')).toThrow(/invalid model policy edited\.json: provisions\.0\.patterns\.0: not a valid regular expression/);
    const noGroup = structuredClone(base) as Record<string, unknown> & { provisions: Record<string, unknown>[] };
    noGroup.provisions[3].numeric = [{ label: 'wait', pattern: '\\d+ seconds', unit: 'seconds', comparator: 'at-least', model: 15 }];
    expect(() => parseModelPolicy(noGroup)).toThrow(/named group/);
  });

  test('two files for one policy are refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
    const nk = loadModelPolicies().find((m) => m.policyId === 'no-knock');
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(nk));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(nk));
    expect(() => loadModelPolicies(dir)).toThrow(/two model files for policy no-knock/);
  });
});
