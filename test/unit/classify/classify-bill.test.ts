import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { readReference, repoRoot } from '../../helpers/reference.js';
import { classifyBill, requiredLiterals, scorePolicy, type ClassifiableBill, type PolicyMatch } from '../../../core/classify/classify-bill.js';
import { parsePolicies, policyDefinitionSchema, regexFlags, type PolicyDefinition } from '../../../core/classify/policy.schema.js';

const policies = parsePolicies(JSON.parse(readFileSync(path.join(repoRoot, 'db', 'seed', 'policies.json'), 'utf8')));
const titleOnly = (title: string): ClassifiableBill => ({ title, otherTitles: [], abstract: null, subjects: [] });
const summary = (matches: PolicyMatch[]) => matches.map((m) => `${m.policyId}:${m.stance}`);

describe('db/seed/policies.json', () => {
  test('holds the eight policies of POLICIES.md, each with map colours and rules', () => {
    expect(policies.map((p) => p.id).sort()).toEqual(
      ['bail-funds', 'chemical-restraint', 'crisis-response', 'decertification', 'no-knock', 'police-free-schools', 'second-chance', 'violence-prevention']);
    for (const p of policies) expect(Object.keys(p.colors).sort()).toEqual(['enacted', 'failed', 'none', 'overturned', 'pending']);
  });
  test('a staff edit with a broken pattern is rejected with the reason, before it reaches the classifier', () => {
    const broken = structuredClone(policies[0]);
    broken.rules.topics[0].pattern = '(no-knock';
    const result = policyDefinitionSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/invalid regular expression/);
  });
  test('an exclusion that spares an unknown topic rule is rejected', () => {
    const bad = structuredClone(policies);
    bad[0].rules.exclusions.push({ id: 'x', pattern: 'x', weight: 0.5, spares: ['no-such-rule'] });
    expect(() => parsePolicies(bad)).toThrow(/unknown topic rule no-such-rule/);
  });
  test('rules are data: adding a topic phrase changes the result with no code change', () => {
    const title = titleOnly('Law-enforcement agencies; use of certain technologies and interrogation practices.');
    expect(classifyBill(title, policies)).toEqual([]);
    const edited: PolicyDefinition[] = structuredClone(policies);
    edited.find((p) => p.id === 'decertification')!.rules.topics.push({ id: 'interrogation', pattern: '\\binterrogation practices\\b', weight: 0.6 });
    expect(summary(classifyBill(title, edited))).toEqual(['decertification:unclear']);
  });
});

describe('Virginia 2025 session (recorded LIS BILLS.CSV, 3,512 bills), checked by hand', () => {
  const rows = parse(readReference('pages', 'virginia', 'lis-BILLS-2025-session.csv'), { columns: true }) as Record<string, string>[];
  const results = new Map(rows.map((r) => [r.Bill_id, classifyBill(titleOnly(r.Bill_description.trim()), policies)]));
  const get = (id: string) => summary(results.get(id)!);

  // Every bill the classifier flags, read one by one against POLICIES.md.
  const handChecked: Record<string, string[]> = {
    // police-free-schools: SROs and police on a K-12 campus (the School for the Deaf and the Blind is K-12)
    HB675: ['police-free-schools:opposes'], HB2507: ['police-free-schools:opposes'], SB797: ['police-free-schools:opposes'],
    // school protection officers are retired police officers employed by school boards (Va. Code § 22.1-280.2:3)
    SB440: ['police-free-schools:opposes'],
    HB676: ['police-free-schools:unclear'], HB2297: ['police-free-schools:opposes'], HB2474: ['police-free-schools:unclear'],
    // bail-funds: bail and pretrial release
    HB1847: ['bail-funds:opposes'], SB1068: ['bail-funds:opposes'], HB2169: ['bail-funds:opposes'],
    HB1873: ['bail-funds:unclear'], HB2328: ['bail-funds:unclear'], HB2652: ['bail-funds:unclear'], SB1431: ['bail-funds:unclear'],
    HB2217: ['bail-funds:unclear'], SB1227: ['bail-funds:unclear'],
    // second-chance: record sealing, resentencing, release, credits, parole; mandatory minimums oppose
    HB2723: ['second-chance:supports'], SB1466: ['second-chance:supports'], SB482: ['second-chance:supports'], SB1211: ['second-chance:supports'],
    SB427: ['second-chance:supports'], HB2176: ['second-chance:supports'], HB2555: ['second-chance:supports'], HB2576: ['second-chance:supports'],
    HB2227: ['second-chance:supports'], HB2393: ['second-chance:supports'], SB1460: ['second-chance:supports'],
    HB1773: ['second-chance:opposes'], HB2192: ['second-chance:opposes'], SB1071: ['second-chance:opposes'],
    HB2015: ['second-chance:opposes'], SB938: ['second-chance:opposes'], SB1027: ['second-chance:opposes'], SB914: ['second-chance:opposes'],
    HB1589: ['second-chance:unclear'], HB1692: ['second-chance:unclear'], HB2220: ['second-chance:unclear'], SB1155: ['second-chance:unclear'],
    SB1080: ['second-chance:unclear'],
    // decertification
    SB1479: ['decertification:unclear'],
    // violence-prevention
    HB602: ['violence-prevention:supports'], HB1736: ['violence-prevention:supports'], HB1316: ['violence-prevention:supports'],
    HB1720: ['violence-prevention:supports'],
  };

  test('flags exactly the hand-checked bills, with the hand-checked stance', () => {
    const flagged = Object.fromEntries([...results].filter(([, m]) => m.length > 0).map(([id, m]) => [id, summary(m)]));
    expect(flagged).toEqual(handChecked);
  });

  test.each([
    ['HB1657', 'voter registration records are not second-chance'],
    ['SB813', 'voter registration records are not second-chance'],
    ['HB2276', 'voter list "record matches" are not second-chance'],
    ['HB1627', 'dissemination of criminal history records is not record clearing'],
    ['HB1638', 'a landlord criminal-record screening policy is not record clearing'],
    ['HB1759', 'post-release job search help is not release policy'],
    ['HB847', 'appointment of counsel for mandatory-minimum felonies does not change sentences'],
    ['HB2272', 'FOIA for Parole Board meetings is not parole policy'],
    ['HB1717', 'the earned income tax credit is not an earned sentence credit'],
    ['SB647', 'competitive sealed bidding is not record sealing'],
    ['HB1393', 'police retirement is not decertification'],
    ['SB662', 'state police retirement income tax is not decertification'],
    ['HB1815', 'Line of Duty Act benefits for campus police are not police in schools'],
    ['SB1398', 'adding campus police to an assault statute is not police in schools'],
    ['HB2257', 'school security officers (not sworn police) alone stay below the threshold'],
    ['HB915', '"Highway Corporation Act of 1988" is not 988'],
    ['HB988', 'the bill number 988 is not the 988 crisis line'],
    ['HB2738', 'general mental-health insurance coverage is not crisis response'],
    ['HB2637', 'Mental Health First Aid training is not crisis response'],
    ['HB2534', 'crisis stabilization with no emergency-response tie stays below the threshold'],
    ['HR624', 'a commendation governs nothing'],
    ['HB2222', 'physical restraints on juveniles in court are not chemical restraint'],
    ['HB2049', 'child restraint devices are not chemical restraint'],
    ['HB2532', 'drone search warrants are not no-knock'],
    ['HB1711', 'the Mass Violence Care Fund (victim compensation) is not violence intervention'],
    ['HB1919', 'workplace violence policy is not community violence intervention'],
    ['HR523', '"Baila Fuzion" is not bail'],
    ['SJ331', '"Bailey\'s" is not bail'],
  ])('%s: %s', (id) => {
    expect(rows.some((r) => r.Bill_id === id)).toBe(true);
    expect(get(id)).toEqual([]);
  });

  test('evidence points at the words that matched, with offsets into the title', () => {
    const title = rows.find((r) => r.Bill_id === 'HB1847')!.Bill_description.trim();
    const [match] = results.get('HB1847')!;
    const topic = match.evidence.find((e) => e.rule.startsWith('topic:'))!;
    expect(topic).toMatchObject({ field: 'title', phrase: 'bail', rule: 'topic:bail' });
    expect(title.slice(topic.start, topic.end)).toBe('bail');
    const cue = match.evidence.find((e) => e.rule.startsWith('opposes:'))!;
    expect(cue.phrase).toBe('presumptions against bail');
    expect(cue.excerpt).toContain('creates rebuttable presumptions against bail');
  });
});

describe('real titles and texts from public records (test/fixtures/classify/real-titles.json)', () => {
  type Entry = { name: string; bill: ClassifiableBill; expect: Array<{ policyId: string; stance?: string }> };
  const { bills } = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'classify', 'real-titles.json'), 'utf8')) as { bills: Entry[] };
  test.each(bills.map((b) => [b.name, b] as const))('%s', (_name, entry) => {
    const got = classifyBill(entry.bill, policies);
    expect(got.map((m) => m.policyId)).toEqual(entry.expect.map((e) => e.policyId));
    entry.expect.forEach((e, i) => {
      if (e.stance) expect(got[i].stance).toBe(e.stance);
      expect(got[i].score).toBeGreaterThanOrEqual(0.5);
      expect(got[i].score).toBeLessThanOrEqual(1);
    });
  });
});

describe('classifier behaviour', () => {
  test('an omnibus title matches each policy its sections touch, each with its own stance', () => {
    // Two real Virginia 2025 titles (HB2723, HB1847) run together as one omnibus long title.
    const got = classifyBill(titleOnly('Criminal records; expungement and sealing of records, repeals Sealing Fee Fund; admission to bail; creates rebuttable presumptions against bail.'), policies);
    expect(summary(got).sort()).toEqual(['bail-funds:opposes', 'second-chance:supports']);
  });
  test('a stance cue far from the topic words does not leak across sections', () => {
    const filler = ' and to other matters of court procedure'.repeat(6);
    const got = classifyBill(titleOnly(`An act relating to school resource officers${filler}; requiring a parking permit in every school lot.`), policies);
    expect(summary(got)).toEqual(['police-free-schools:unclear']);
  });
  test('typographic apostrophes and hyphens match like ASCII ones', () => {
    expect(summary(classifyBill(titleOnly('Search warrants; no\u2011knock warrants prohibited'), policies))).toEqual(['no-knock:supports']);
  });
  test('abstract and subjects count, but less than the title', () => {
    const inTitle = scorePolicy(titleOnly('Mobile crisis teams; establishment.'), policies.find((p) => p.id === 'crisis-response')!);
    const inSubjects = scorePolicy({ title: 'Health; various changes.', otherTitles: [], abstract: null, subjects: ['Mobile crisis teams'] }, policies.find((p) => p.id === 'crisis-response')!);
    expect(inTitle.score).toBeGreaterThan(inSubjects.score);
    expect(inSubjects.score).toBeGreaterThan(0.5);
    expect(inSubjects.evidence[0]).toMatchObject({ field: 'subjects', phrase: 'Mobile crisis' });
  });
  test('an exclusion is shown as evidence, so staff can see why a near-miss was dropped', () => {
    const m = scorePolicy(titleOnly('Virginia Retirement System; return to work for law-enforcement officers, certification.'), policies.find((p) => p.id === 'decertification')!);
    expect(m.score).toBeLessThan(0.5);
    expect(m.evidence.map((e) => e.rule)).toContain('exclusion:retirement');
  });
  test('stance and strength come with the phrases that decided them', () => {
    const [m] = classifyBill(titleOnly('Search warrants; no-knock warrants prohibited, exceptions.'), policies);
    expect(m).toMatchObject({ policyId: 'no-knock', stance: 'supports', strength: 'partial' });
    expect(m.evidence.map((e) => [e.rule, e.phrase, e.strength ?? null])).toEqual([
      ['topic:no-knock', 'no-knock', null], ['supports:ban', 'prohibited', 'full'], ['limiter:except', 'exceptions', null],
    ]);
  });
  test('ASCII rules compile with plain i; a staff rule with non-ASCII letters gets Unicode mode and still matches', () => {
    expect(policies.flatMap((p) => [...p.rules.topics, ...p.rules.exclusions, ...p.rules.stance.supports, ...p.rules.stance.opposes]).map((r) => regexFlags(r.pattern)))
      .not.toContain('iu');
    expect(regexFlags('\\bfianza en efectivo\\b|\\bcárcel\\b')).toBe('iu');
    const edited: PolicyDefinition[] = structuredClone(policies);
    edited.find((p) => p.id === 'bail-funds')!.rules.topics.push({ id: 'fianza', pattern: '\\bfianza en efectivo\\b|\\bcárcel\\b', weight: 0.9 });
    expect(summary(classifyBill(titleOnly('Reforma de la FIANZA EN EFECTIVO y la CÁRCEL preventiva'), edited))).toEqual(['bail-funds:unclear']);
  });
  test('the prefilter words are ones every match must contain', () => {
    expect(requiredLiterals('\\bno[- ]knock\\b')).toEqual(['knock']);
    expect(requiredLiterals('\\b(geriatric|medical) (release|parole)\\b')).toEqual(['geriatric', 'medical']);
    expect(requiredLiterals('\\bP\\.O\\.S\\.T\\.|\\bPOST\\)? board\\b')).toEqual(['p.o.s.t.', ' board']);
    expect(requiredLiterals('ab(cdef)?gh')).toBeNull(); // no required word of 3 letters: no prefilter
    expect(requiredLiterals('(?<!not )\\bban\\b')).toEqual(['ban']);
  });
  test('the prefilter never hides a topic match: every real title a topic pattern matches passes it', () => {
    const rows = parse(readReference('pages', 'virginia', 'lis-BILLS-2025-session.csv'), { columns: true }) as Record<string, string>[];
    for (const p of policies) {
      const words = p.rules.topics.map((t) => requiredLiterals(t.pattern));
      if (words.some((w) => w === null)) continue;
      for (const r of rows) {
        const title = r.Bill_description.toLowerCase();
        p.rules.topics.forEach((t, i) => {
          if (new RegExp(t.pattern, 'i').test(r.Bill_description)) expect([p.id, t.id, r.Bill_id, words[i]!.some((w) => title.includes(w))]).toEqual([p.id, t.id, r.Bill_id, true]);
        });
      }
    }
  });
  test('a bill about nothing tracked gets no matches', () => {
    expect(classifyBill(titleOnly('Atlantic menhaden; VIMS, et al., to study ecology, fishery impacts, and economic importance.'), policies)).toEqual([]);
  });
});
