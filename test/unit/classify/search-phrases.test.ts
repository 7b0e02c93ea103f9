import { phrasesFromPattern, searchPhrasesOf } from '../../../core/classify/search-phrases.js';
import { loadPolicySeed } from '../../../db/seed/run-seed.js';

describe('search phrases from the policies’ rules', () => {
  test('every shipped topic rule says what to search for; the phrases come with their policy', () => {
    const policies = loadPolicySeed();
    for (const policy of policies) for (const topic of policy.rules.topics) expect(Array.isArray(topic.search)).toBe(true);
    const phrases = searchPhrasesOf(policies);
    expect(phrases).toContainEqual({ phrase: 'no-knock', policyId: 'no-knock', ruleId: 'no-knock' });
    expect(phrases).toContainEqual({ phrase: 'ketamine', policyId: 'chemical-restraint', ruleId: 'ketamine' });
    // `[]`: a rule too vague to search by itself (SRO needs "school" nearby).
    expect(phrases.filter((p) => p.ruleId === 'sro')).toEqual([]);
  });

  test('a rule staff wrote without a search list is searched by phrases read off its pattern', () => {
    expect(phrasesFromPattern('\\bno[- ]knock\\b')).toEqual(['no knock']);
    expect(phrasesFromPattern("\\bBreonna'?s Law\\b")).toEqual(["Breonna's Law"]);
    expect(phrasesFromPattern('\\bchemical(ly)? (restrain\\w*|incapacitat\\w*)\\b')).toEqual(['chemical restrain']);
    expect(phrasesFromPattern('\\b(unannounced entry|entry without (prior )?notice|without (first )?knocking)\\b')).toEqual(['unannounced entry']);
    expect(phrasesFromPattern('\\bcrisis (call|line|hotline|center|call center)s?\\b|\\bsuicide (and crisis |prevention )?(life)?line\\b|\\bMiles Hall\\b')).toEqual(['crisis calls', 'suicide line', 'Miles Hall']);
    // Wildcards and lookarounds say too little to search for.
    expect(phrasesFromPattern('\\b911\\b.{0,80}\\b(divert\\w*|diversion)\\b')).toEqual([]);
    expect(phrasesFromPattern('(?<!punishable by (a )?)\\bmandatory minimum (sentences?|terms?)\\b')).toEqual([]);
  });
});
