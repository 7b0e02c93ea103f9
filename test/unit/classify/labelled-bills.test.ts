import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { readReference, repoRoot } from '../../helpers/reference.js';
import { classifyBill } from '../../../core/classify/classify-bill.js';
import { classifierInput } from '../../../core/classify/classifier-input.js';
import { completeLabels, evaluateJudgements, judgeBill, type Evaluation, type Judgement, type Label } from '../../../core/classify/evaluate-classifier.js';
import { parsePolicies } from '../../../core/classify/policy.schema.js';
import { parseLegislationSearch } from '../../../scrapers/legistar/html/legislation-search.parser.js';

/*
 * Precision and recall of policy + stance on real bills labelled by hand against
 * /work/shared/POLICIES.md (test/fixtures/classify/labelled-bills.json: restrictions, hostile
 * bills, omnibus acts, statute and crisis wording, distractors, with provenance), on the
 * real New Hampshire 2020 and 2024 sessions (Open States bulk CSV, every bill), and on real
 * city and Texas titles that are about none of the policies. The bar is the issue's: policy +
 * stance precision >= 0.95 and recall >= 0.90, and no distractor tagged.
 */
const policies = parsePolicies(JSON.parse(readFileSync(path.join(repoRoot, 'db', 'seed', 'policies.json'), 'utf8')));
const fixture = (name: string) => JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'classify', name), 'utf8'));

type Expect = Omit<Label, 'applies'>;
type Entry = {
  id: string; kind: 'state' | 'city'; classes: string[]; sources: string[]; basis?: string;
  bill: { title: string; otherTitles?: string[]; abstract?: string | null; subjects?: string[]; documents?: string[]; text?: string };
  expect: Expect[];
};
const entries = fixture('labelled-bills.json').bills as Entry[];

/** The entry as the classifier sees it: attachments' names are documents, the text is the latest version's. */
function inputOf(entry: Entry) {
  const { documents, text, ...rest } = entry.bill;
  return classifierInput({ ...rest, documents: (documents ?? []).map((note) => ({ kind: 'document', note })), latestText: text ?? null });
}

function judge(entry: Entry): Judgement[] {
  return judgeBill(entry.id, inputOf(entry), completeLabels(entry.expect, policies), policies);
}

/** The misses, one per line, so a failing bar says which bills and rules. */
const report = (e: Evaluation) => e.misses.map((m) => `${m.kind} ${m.caseId} ${m.policyId}: want ${m.expected}, got ${m.got} [${m.rules.slice(0, 4).join('; ')}]`).join('\n');

describe('labelled real bills (test/fixtures/classify/labelled-bills.json)', () => {
  test('every entry says where its words come from', () => {
    for (const e of entries) {
      expect(e.sources.length).toBeGreaterThan(0);
      for (const url of e.sources) expect(URL.canParse(url)).toBe(true);
      expect(e.basis ?? '').not.toBe('');
    }
    const classes = new Set(entries.flatMap((e) => e.classes));
    for (const c of ['restriction', 'ban', 'hostile', 'omnibus', 'statute-wording', 'crisis-wording', 'distractor']) expect(classes).toContain(c);
  });

  test.each(['state', 'city'] as const)('%s bills: policy + stance precision >= 0.95 and recall >= 0.90', (kind) => {
    const evaluation = evaluateJudgements(entries.filter((e) => e.kind === kind).flatMap(judge));
    expect({ precision: evaluation.policyStance.precision! >= 0.95, recall: evaluation.policyStance.recall! >= 0.9, misses: report(evaluation) })
      .toEqual({ precision: true, recall: true, misses: expect.any(String) });
    expect(evaluation.policyStance.tp).toBeGreaterThanOrEqual(kind === 'state' ? 35 : 8);
  });

  test('strength: a ban is full, a restriction partial, on every labelled strength', () => {
    const evaluation = evaluateJudgements(entries.flatMap(judge));
    expect(evaluation.strength.judged).toBeGreaterThanOrEqual(12);
    expect(evaluation.misses.filter((m) => m.kind === 'wrong-strength')).toEqual([]);
  });

  test('no distractor is tagged', () => {
    for (const e of entries.filter((x) => x.expect.length === 0)) expect([e.id, classifyBill(inputOf(e), policies)]).toEqual([e.id, []]);
  });

  test('each failure class on its own stays above the bar', () => {
    for (const cls of ['restriction', 'hostile', 'omnibus', 'statute-wording', 'crisis-wording']) {
      const evaluation = evaluateJudgements(entries.filter((e) => e.classes.includes(cls)).flatMap(judge));
      expect([cls, evaluation.policyStance.precision! >= 0.95, evaluation.policyStance.recall! >= 0.85]).toEqual([cls, true, true]);
    }
  });
});

describe('New Hampshire 2020 and 2024 sessions (recorded Open States bulk CSV, every bill)', () => {
  const { sessions } = fixture('nh-bulk-labels.json') as { sessions: Record<string, { file: string; labels: Record<string, Expect[] | 'ambiguous'> }> };
  const judgements: Judgement[] = [];
  const tagged: string[] = [];
  let bills = 0;
  for (const [dir, session] of Object.entries(sessions)) {
    const rows = parse(readReference('openstates-bulk', dir, session.file), { columns: true }) as Record<string, string>[];
    for (const row of rows) {
      bills += 1;
      const label = session.labels[row.identifier];
      if (label === 'ambiguous') continue;
      const subjects = JSON.parse(row.subject.replace(/'/g, '"')) as string[];
      const input = classifierInput({ title: row.title, subjects });
      judgements.push(...judgeBill(`${dir} ${row.identifier}`, input, completeLabels(label ?? [], policies), policies));
      if (!label && classifyBill(input, policies).length) tagged.push(`${dir} ${row.identifier}: ${row.title}`);
    }
  }

  test('reads both sessions', () => {
    expect(bills).toBeGreaterThan(1500);
  });
  test('policy + stance precision >= 0.95 and recall >= 0.90 on the labelled bills', () => {
    const evaluation = evaluateJudgements(judgements);
    expect(evaluation.policyStance.tp).toBeGreaterThanOrEqual(14);
    expect([evaluation.policyStance.precision! >= 0.95, evaluation.policyStance.recall! >= 0.9, report(evaluation)]).toEqual([true, true, expect.any(String)]);
  });
  test('none of the other bills (voter records, sealed meeting minutes, license plate readers, ...) is tagged', () => {
    expect(tagged).toEqual([]);
  });
});

describe('real city and Texas titles about none of the policies', () => {
  test('the recorded Legistar search pages (Chicago, LA Metro, NYC) and Texas captions tag nothing', () => {
    const titles: string[] = [];
    for (const city of ['chicago', 'metro', 'nyc']) {
      titles.push(...parseLegislationSearch(readReference('legistar', city, 'bills.html'), `https://${city}.legistar.com/Legislation.aspx`).rows.map((r) => r.title));
    }
    titles.push(...(readReference('pages', 'texas', 'tlo-bill-search-results-86R-2019.html').match(/Relating to[^<]*/g) ?? []));
    expect(titles.length).toBeGreaterThan(300);
    expect(titles.filter((t) => classifyBill(classifierInput({ title: t }), policies).length > 0)).toEqual([]);
  });
});
