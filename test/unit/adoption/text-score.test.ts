import { type ModelPolicy } from '../../../core/adoption/model-policy.schema.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { scoreText } from '../../../core/adoption/text-score.js';
import type { ProvisionResult, VersionScore } from '../../../core/adoption/adoption-types.js';
import { normalizeBillText } from '../../../core/texts/bill-text-normalize.js';
import { extractText } from '../../../scrapers/texts/text-extract.js';
import { adoptionFixture, expectEvidenceInText, referenceText, UNRELATED_TEXTS } from './reference-texts.js';

const models = loadModelPolicies();
const model = (id: string): ModelPolicy => {
  const m = models.find((x) => x.policyId === id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const provision = (s: VersionScore, id: string): ProvisionResult => {
  const p = s.provisions.find((x) => x.provisionId === id);
  if (!p) throw new Error(`no provision ${id}`);
  return p;
};

describe('scoreText on real texts', () => {
  test('Virginia § 19.2-56 as it reads now (State Decoded 2026) adopts the no-knock ban, statewide', async () => {
    const norm = await referenceText('va-code-19.2-56-statedecoded-2026.xml');
    const s = scoreText(norm, model('no-knock'));
    const ban = provision(s, 'NK-1');
    expect(ban.outcome).toBe('adopted');
    expect(ban.evidence[0].excerpt).toContain('No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant');
    expect(ban.reason).toMatch(/found 'No law-enforcement officer shall seek, execute, or participate/);
    expect(ban.reason).toMatch(/no 'unless'/);
    expect(provision(s, 'NK-10')).toMatchObject({ outcome: 'adopted', scopeLevel: 'statewide' });
    expect(provision(s, 'NK-9').outcome).toBe('adopted'); // "shall not be admitted into evidence"
    expect(provision(s, 'NK-6').reason).toContain('latest execution hour 5 p.m.');
    expect(s.stance).toBe('supports');
    expect(s.adoption).toBe('full');
    expect(s.copyScore).toBe(1); // the exemplar is this very sentence
    expectEvidenceInText(norm, s);
  });

  test('the same section in 2016 (LexisNexis, before HB 5099) has no ban: NK-1 absent and a lower score', async () => {
    const before = await referenceText('va-code-19.2-56-lexis-2016.xml');
    const after = await referenceText('va-code-19.2-56-statedecoded-2026.xml');
    const s = scoreText(before, model('no-knock'));
    expect(provision(s, 'NK-1').outcome).toBe('absent');
    expect(provision(s, 'NK-1').evidence).toEqual([]);
    expect(s.score).toBeLessThan(scoreText(after, model('no-knock')).score);
    expect(s.stance).toBeNull();
    expectEvidenceInText(before, s);
  });

  test('NY S 4820 allows entry without notice only in "extreme circumstances": weaker, not adopted', async () => {
    const norm = await referenceText('ny-2023-S4820-introduced.md');
    const s = scoreText(norm, model('no-knock'));
    const ban = provision(s, 'NK-1');
    expect(ban.outcome).toBe('weaker');
    expect(ban.evidence[0].excerpt).toMatch(/EXTREME CIRCUMSTANCES/);
    expect(ban.reason).toContain('extreme circumstances');
    // Its 30-second wait beats the model's 15.
    expect(provision(s, 'NK-4')).toMatchObject({ outcome: 'adopted', numbers: [expect.objectContaining({ value: 30, meets: true })] });
    // The title names the reporting system; only the operative section counts as adoption.
    expect(provision(s, 'NK-12').evidence[0].start).toBeGreaterThan(norm.operativeStart);
    expect(s.adoption).toBe('partial');
    expectEvidenceInText(norm, s);
  });

  test('charitable bail: S 1573-A (widens § 6805(b)) supports bail-funds; S 4109 (means test) is a threat', async () => {
    const widen = await referenceText('ny-2023-S1573A-amended.md');
    const narrow = await referenceText('ny-2023-S4109-introduced.md');
    const w = scoreText(widen, model('bail-funds'));
    const n = scoreText(narrow, model('bail-funds'));
    expect(w.stance).toBe('supports');
    expect(w.threatScore).toBe(0);
    expect(provision(w, 'BAIL-2')).toMatchObject({ outcome: 'adopted' });
    expect(provision(w, 'BAIL-2').reason).toContain("struck the restriction 'in the amount of two thousand dollars or less'");
    expect(provision(w, 'BAIL-2').evidence[0].deleted).toBe('in the amount of two thousand dollars or less');
    expect(provision(w, 'BAIL-3').outcome).toBe('adopted');
    expect(provision(w, 'BAIL-4').outcome).toBe('adopted');
    expect(n.stance).toBe('opposes');
    expect(n.score).toBe(0);
    expect(provision(n, 'BAIL-T5').outcome).toBe('adopted');
    expect(provision(n, 'BAIL-T5').evidence[0].excerpt).toMatch(/PROVIDED PROOF TO SUCH ORGANIZATION THAT HE OR SHE is INDIGENT/);
    expectEvidenceInText(widen, w);
    expectEvidenceInText(narrow, n);
  });

  test.each(UNRELATED_TEXTS)('%s (unrelated) scores nothing under any model', async (name) => {
    const norm = await referenceText(name);
    for (const m of models) {
      const s = scoreText(norm, m);
      expect({ policy: m.policyId, found: s.provisions.filter((p) => p.outcome !== 'absent').map((p) => p.provisionId) })
        .toEqual({ policy: m.policyId, found: [] });
      expect(s.score).toBe(0);
      expect(s.stance).toBeNull();
    }
  });

  test('the 9-8-8 awareness campaign (S 1865-B) only mentions the crisis line', async () => {
    const norm = await referenceText('ny-2023-S1865B-amended.md');
    const s = scoreText(norm, model('crisis-response'));
    expect(provision(s, 'CRI-1').outcome).toBe('mentioned');
    expect(s.score).toBe(0);
    expectEvidenceInText(norm, s);
  });
});

describe('scoreText on passages quoted in the facts sheet', () => {
  const nk = (text: string): { norm: ReturnType<typeof normalizeBillText>; s: VersionScore } => {
    const norm = normalizeBillText(text);
    return { norm, s: scoreText(norm, model('no-knock')) };
  };

  test('Killeen: a ban that binds only the city\'s officers adopts NK-1 but scores one department on scope', () => {
    const { norm, s } = nk('No peace officer employed by the City of Killeen, including the Chief of Police … may request, execute or participate in the execution of any search warrant that does not require the officer to knock and announce.');
    expect(provision(s, 'NK-1').outcome).toBe('adopted');
    expect(provision(s, 'NK-10')).toMatchObject({ outcome: 'weaker', scopeLevel: 'one department' });
    expect(provision(s, 'NK-10').reason).toContain('one department < model statewide');
    expectEvidenceInText(norm, s);
  });

  test('Kentucky SB 4 limits ("... shall be issued authorizing entry without notice unless") are weaker, not a ban', () => {
    const { norm, s } = nk('No arrest warrant or search warrant shall be issued authorizing entry without notice unless the judge finds by clear and convincing evidence that the crime alleged is a violent offense.');
    const ban = provision(s, 'NK-1');
    expect(ban.outcome).toBe('weaker');
    expect(ban.reason).toContain("'unless' in the same sentence limits it");
    expectEvidenceInText(norm, s);
  });

  test('an "unless" in the next sentence does not weaken the ban (Virginia: daytime rule has its own exception)', () => {
    const { s } = nk('No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant. Search warrants for any place of abode shall be executed only in the daytime hours between 8:00 a.m. and 5:00 p.m. unless a judge authorizes another time for good cause shown.');
    expect(provision(s, 'NK-1').outcome).toBe('adopted');
    expect(provision(s, 'NK-6').outcome).toBe('adopted');
  });

  test('numeric waits: 10 seconds is weaker than the model\'s 15, fifteen (15) seconds adopts it', () => {
    const ten = nk('After announcing, officers shall wait at least 10 seconds before entering.').s;
    const fifteen = nk('After announcing, officers shall wait a minimum of fifteen (15) seconds or a reasonable amount of time, whichever is longer.').s;
    expect(provision(ten, 'NK-4')).toMatchObject({ outcome: 'weaker', reason: expect.stringContaining('wait 10 seconds < model 15 seconds') });
    expect(provision(fifteen, 'NK-4')).toMatchObject({ outcome: 'adopted', reason: expect.stringContaining('wait 15 seconds = model 15 seconds') });
  });

  test('body cameras "the entirety" without the 5-minute buffers are weaker; 5 before and 5 after adopt NK-7', () => {
    const entirety = nk('Officers shall activate their body cameras prior to entry and record the entirety of the execution of the warrant.').s;
    const buffered = nk('Each officer shall activate their body worn camera no later than five (5) minutes prior to entry and may not deactivate it sooner than five (5) minutes following the execution of the warrant.').s;
    expect(provision(entirety, 'NK-7').outcome).toBe('weaker');
    expect(provision(buffered, 'NK-7')).toMatchObject({ outcome: 'adopted' });
    expect(provision(buffered, 'NK-7').numbers.map((n) => n.value)).toEqual([5, 5]);
  });

  test('suppression only on bad faith (VA SB 1475 draft) is weaker than plain suppression', () => {
    const { s } = nk('Evidence obtained from a search warrant executed in violation of this section shall not be admitted into evidence unless the warrant was executed in bad faith.');
    expect(provision(s, 'NK-9').outcome).toBe('weaker');
  });

  test('struck text never counts: a ban that appears only in <strike> / deletion marks is "repealed"', async () => {
    const { raw } = await extractText({ body: adoptionFixture('struck-ban.caml.xml'), mediaType: null, url: null });
    const norm = normalizeBillText(raw);
    const s = scoreText(norm, model('no-knock'));
    const ban = provision(s, 'NK-1');
    expect(ban.outcome).toBe('repealed');
    expect(ban.evidence[0].deleted).toContain('no-knock search warrant');
    expect(ban.reason).toContain('only in deleted');
    expect(provision(s, 'NK-4').outcome).toBe('weaker'); // "a reasonable time" only
    expectEvidenceInText(norm, s);
  });

  test('NY brackets: a ban inside [old law to be omitted] is repealed, not adopted', () => {
    const norm = normalizeBillText('Be it enacted as follows: 1. [No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.] Warrants may be executed at any time.', { bracketDeletions: true });
    expect(scoreText(norm, model('no-knock')).provisions[0].outcome).toBe('repealed');
  });

  test('a ban named only in the title or a WHEREAS clause is a mention', () => {
    const norm = normalizeBillText('WHEREAS, no law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant in other cities; NOW, THEREFORE, BE IT ORDAINED BY THE COUNCIL: Section 1. The chief shall study warrant practices.');
    expect(provision(scoreText(norm, model('no-knock')), 'NK-1').outcome).toBe('mentioned');
  });

  test('crisis response: the "unless" clause is the model for CRI-3, not a weakening', () => {
    const norm = normalizeBillText('Law enforcement shall not be dispatched to a behavioral health crisis call unless the call involves a threat of physical violence or a crime.');
    expect(provision(scoreText(norm, model('crisis-response')), 'CRI-3').outcome).toBe('adopted');
  });

  test('unverified provisions are scored but left out of the score', () => {
    const norm = normalizeBillText('Be it enacted: Section 1. Every emergency medical service provider has a duty to intervene when a chemical restraint is used at the request of police.');
    const s = scoreText(norm, model('chemical-restraint'));
    const cr10 = provision(s, 'CR-10');
    expect(cr10).toMatchObject({ outcome: 'adopted', verified: false });
    expect(s.score).toBe(0);
  });
});
