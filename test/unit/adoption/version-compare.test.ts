import { type ModelPolicy } from '../../../core/adoption/model-policy.schema.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { scoreText } from '../../../core/adoption/text-score.js';
import { compareVersions } from '../../../core/adoption/version-compare.js';
import { normalizeBillText } from '../../../core/texts/bill-text-normalize.js';
import { referenceText } from './reference-texts.js';

const models = loadModelPolicies();
const noKnock = models.find((m) => m.policyId === 'no-knock') as ModelPolicy;

describe('compareVersions', () => {
  test('California SB 275 introduced vs enrolled: told apart by hash and wording, with no provision change', async () => {
    const intro = await referenceText('ca-2025-SB275-introduced.xml');
    const enrolled = await referenceText('ca-2025-SB275-enrolled.xml');
    expect(intro.hash).not.toBe(enrolled.hash);
    for (const m of models) {
      const c = compareVersions(scoreText(intro, m), scoreText(enrolled, m), { a: intro, b: enrolled });
      expect(c.textChanged).toBe(true);
      expect(c.textSimilarity).toBeGreaterThan(0.8);
      expect(c.textSimilarity).toBeLessThan(1);
      expect(c.provisions.every((p) => p.change === 'unchanged' && p.to === 'absent')).toBe(true);
      expect(c.summary).toMatch(/^enacted text changed \(hash differs; \d+% of words shared\); no provision changed/);
    }
  });

  test('Virginia § 19.2-56, 2016 → 2026: the no-knock ban and its companions were strengthened', async () => {
    const before = scoreText(await referenceText('va-code-19.2-56-lexis-2016.xml'), noKnock);
    const after = scoreText(await referenceText('va-code-19.2-56-statedecoded-2026.xml'), noKnock);
    const c = compareVersions(before, after);
    const nk1 = c.provisions.find((p) => p.provisionId === 'NK-1');
    expect(nk1).toMatchObject({ from: 'absent', to: 'adopted', change: 'strengthened' });
    expect(nk1?.reason).toMatch(/^absent → adopted: found 'No law-enforcement officer/);
    expect(c.scoreDelta).toBeGreaterThan(0);
    expect(c.provisions.some((p) => p.change === 'weakened')).toBe(false);
    expect(c.summary).toContain('NK-1 strengthened (absent → adopted)');
  });

  test('a wait raised from 10 to 15 seconds strengthens NK-4; going back weakens it', () => {
    const ten = scoreText(normalizeBillText('Officers shall wait at least 10 seconds after announcing.'), noKnock);
    const twenty = scoreText(normalizeBillText('Officers shall wait at least 20 seconds after announcing.'), noKnock);
    const fifteen = scoreText(normalizeBillText('Officers shall wait at least 15 seconds after announcing.'), noKnock);
    const up = compareVersions(ten, fifteen).provisions.find((p) => p.provisionId === 'NK-4');
    expect(up).toMatchObject({ from: 'weaker', to: 'adopted', change: 'strengthened' });
    const down = compareVersions(twenty, fifteen).provisions.find((p) => p.provisionId === 'NK-4');
    expect(down).toMatchObject({ from: 'adopted', to: 'adopted', change: 'weakened' });
    expect(down?.reason).toContain('numbers changed: wait 20 seconds → wait 15 seconds');
  });

  test('adding a threat provision weakens the bill for its policy', async () => {
    const bail = models.find((m) => m.policyId === 'bail-funds') as ModelPolicy;
    const clean = scoreText(normalizeBillText('Section 1. A charitable bail organization shall not charge a premium.'), bail);
    const threat = scoreText(normalizeBillText('Section 1. A charitable bail organization shall only deposit money as bail on behalf of a person who has provided proof to such organization that he or she is indigent.'), bail);
    const t5 = compareVersions(clean, threat).provisions.find((p) => p.provisionId === 'BAIL-T5');
    expect(t5).toMatchObject({ from: 'absent', to: 'adopted', change: 'weakened' });
    expect(() => compareVersions(clean, scoreText(normalizeBillText('x'), noKnock))).toThrow(/cannot compare/);
  });
});
