import { backfillDailyBudget, backfillPlan, createBackfillJob, planBackfillQueries, searchText, withNewPhrases } from '../../../scrapers/openstates/topical-backfill.js';

const phrase = (text: string, policyId = 'bail-funds') => ({ phrase: text, policyId, ruleId: 'r' });

describe('searchText: never a q the API takes for a bill number', () => {
  test.each([
    ['988 crisis', 'crisis 988'],
    ['911 behavioral health', 'behavioral 911 health'],
    ['K9 units', 'units K9'],
    ['SB5 amendments', 'amendments SB5'],
    ['no-knock', 'no-knock'],
    ['988', null],
  ])('%s → %s', (input, expected) => {
    expect(searchText(input)).toBe(expected);
  });
});

describe('planning the searches', () => {
  test('one search per phrase; one whose words include all of another’s is left out; per jurisdiction when given', () => {
    const queries = planBackfillQueries([phrase('bail'), phrase('cash bail'), phrase('Bail fund'), phrase('pretrial release'), phrase('ketamine', 'chemical-restraint'), phrase('988')], []);
    expect(queries.map((q) => q.q)).toEqual(['bail', 'pretrial release', 'ketamine']);
    expect(queries[0]).toEqual({ q: 'bail', policies: ['bail-funds'], jurisdiction: null, since: null, page: 1, done: false, remaining: null, requests: 0 });
    const va = 'ocd-jurisdiction/country:us/state:va/government';
    const co = 'ocd-jurisdiction/country:us/state:co/government';
    expect(planBackfillQueries([phrase('ketamine')], [va, co]).map((q) => q.jurisdiction)).toEqual([va, co]);
  });

  test('the plan: at least one request per unsized search, ~19 bills a request once sized, days at the budget', () => {
    const job = createBackfillJob(2017, [], [phrase('bail'), phrase('ketamine', 'chemical-restraint'), phrase('expunge', 'second-chance')], '2026-01-01');
    expect(backfillPlan(job, 190)).toEqual({ searches: 3, done: 0, unsized: 3, requestsSpent: 0, requestsLeft: 3, perDay: 190, days: 1 });
    job.queries[0]!.remaining = 7_980; // "bail" since 2017: 420 requests
    job.queries[1]!.done = true;
    job.queries[2]!.remaining = 1_900;
    job.requests = 3;
    expect(backfillPlan(job, 190)).toEqual({ searches: 3, done: 1, unsized: 0, requestsSpent: 3, requestsLeft: 520, perDay: 190, days: 3 });
  });

  test('the daily budget leaves freshness its 60 requests (a quarter of a small quota)', () => {
    expect(backfillDailyBudget(250)).toBe(190);
    expect(backfillDailyBudget(1000)).toBe(940);
    expect(backfillDailyBudget(24)).toBe(18);
  });

  test('phrases added to the rules later join the job; known ones do not restart', () => {
    const job = createBackfillJob(2017, [], [phrase('bail')], '2026-01-01');
    job.queries[0]!.done = true;
    job.finishedOn = '2026-01-02';
    const grown = withNewPhrases(job, [phrase('bail'), phrase('recognizance')]);
    expect(grown.queries.map((q) => [q.q, q.done])).toEqual([['bail', true], ['recognizance', false]]);
    expect(grown.finishedOn).toBeNull();
    expect(withNewPhrases(job, [phrase('Bail')])).toBe(job);
  });
});
