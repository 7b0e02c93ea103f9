import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseModelPolicy } from '../../../core/adoption/model-policy.schema.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';

describe('model policies as data', () => {
  test('every one of the eight policies has a model, and each loads and validates', () => {
    const models = loadModelPolicies();
    expect(models.map((m) => m.policyId)).toEqual([
      'bail-funds', 'chemical-restraint', 'crisis-response', 'decertification', 'no-knock', 'police-free-schools', 'second-chance', 'violence-prevention',
    ]);
    for (const m of models) {
      // Each has a required supporting provision, and every provision says where it comes from.
      expect({ policy: m.policyId, required: m.provisions.some((p) => p.required && p.kind !== 'threat') }).toEqual({ policy: m.policyId, required: true });
      expect(m.sources.length).toBeGreaterThan(0);
    }
    // The school and clean-slate provisions of the facts sheet, and violence prevention's own.
    const ids = (id: string): string[] => models.find((m) => m.policyId === id)?.provisions.map((p) => p.id) ?? [];
    expect(ids('police-free-schools')).toEqual(expect.arrayContaining(['SCH-1', 'SCH-2', 'SCH-3', 'SCH-4', 'SCH-5', 'SCH-6', 'SCH-7', 'SCH-8']));
    expect(ids('second-chance')).toEqual(expect.arrayContaining(['CS-1', 'CS-2', 'CS-3', 'CS-4', 'CS-5', 'CS-6', 'CS-7', 'CS-8', 'CS-9']));
    expect(ids('violence-prevention')).toEqual(expect.arrayContaining(['VP-1', 'VP-2', 'VP-3', 'VP-4', 'VP-5']));
    const ban = models.find((m) => m.policyId === 'no-knock')?.provisions[0];
    expect(ban?.frame?.mode).toBe('prohibit');
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
    expect(() => parseModelPolicy(broken, 'edited.json')).toThrow(/invalid model policy edited\.json: provisions\[0\] \(NK-1\)\.patterns\.0: not a valid regular expression/);
    const noGroup = structuredClone(base) as Record<string, unknown> & { provisions: Record<string, unknown>[] };
    noGroup.provisions[3].numeric = [{ label: 'wait', pattern: '\\d+ seconds', unit: 'seconds', comparator: 'at-least', model: 15 }];
    expect(() => parseModelPolicy(noGroup)).toThrow(/named group/);
    const badFrame = structuredClone(base) as Record<string, unknown> & { provisions: Record<string, unknown>[] };
    badFrame.provisions[2].frame = { mode: 'forbid', terms: [] };
    expect(() => parseModelPolicy(badFrame, 'no-knock.model.json')).toThrow(/no-knock\.model\.json: provisions\[2\] \(NK-3\)\.frame\.mode: .*prohibit.*; provisions\[2\] \(NK-3\)\.frame\.terms: /);
  });

  test('two files for one policy are refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
    const nk = loadModelPolicies().find((m) => m.policyId === 'no-knock');
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(nk));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(nk));
    expect(() => loadModelPolicies(dir)).toThrow(/two model files for policy no-knock/);
  });
});
