import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluateLabels, labelledSetSchema, labelsByPolicy } from '../../../core/adoption/labelled-set.schema.js';
import { scoreText } from '../../../core/adoption/text-score.js';
import { normalizeBillText } from '../../../core/texts/bill-text-normalize.js';
import { loadModelPolicies, MODELS_DIR } from '../../../db/seed/model-policies.js';
import { runCli } from '../../helpers/run-cli.js';
import { repoRoot } from '../../helpers/reference.js';

const LABELS = path.join(repoRoot, 'test', 'fixtures', 'adoption', 'labelled', 'labels.json');
const noKnock = () => loadModelPolicies().find((m) => m.policyId === 'no-knock')!;

describe('labelled sets: the held-out habit', () => {
  test('labels may be flat (one policy) or per policy, with hand spellings; "unclear" is left out', () => {
    const [flat, nested] = labelledSetSchema.parse([
      { text: 'x', policy: 'no-knock', labels: { 'NK-1': 'Adopted', 'NK-4': 'weak', 'NK-9': 'unclear', 'NK-10': null } },
      { file: 'a.xml', labels: { 'no-knock': { 'NK-1': 'none' }, 'bail-funds': { 'BAIL-T1': 'adopt' } } },
    ]);
    expect([...labelsByPolicy(flat, 'flat').get('no-knock')!]).toEqual([['NK-1', 'adopted'], ['NK-4', 'weaker']]);
    expect([...labelsByPolicy(nested, 'nested').keys()]).toEqual(['no-knock', 'bail-funds']);
    const problems = (v: unknown): string[] => {
      const r = labelledSetSchema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems([{ text: 'x', policy: 'no-knock', labels: { 'NK-1': 'yes please' } }])).toEqual([
      '0.labels.NK-1: "yes please" is not an outcome (adopted, weaker, mentioned, absent, repealed, contradicted, or "unclear" to leave it out)',
    ]);
    expect(problems({ texts: [{ file: 'a', text: 'b', labels: {} }] })).toEqual(['0: give either "file" or "text"']);
  });

  test('agreement per model and per labelled outcome, with each disagreement and its reason', () => {
    const ban = scoreText(normalizeBillText('No officer shall execute a no-knock warrant.'), noKnock());
    const limits = scoreText(normalizeBillText('A judge may issue a no-knock warrant only if lives are at risk.'), noKnock());
    const ev = evaluateLabels([
      { text: 'ban', score: ban, labels: new Map([['NK-1', 'adopted'], ['NK-7', 'absent']]) },
      { text: 'limits', score: limits, labels: new Map([['NK-1', 'adopted'], ['NK-99', 'absent']]) },
    ]);
    expect(ev.overall).toEqual({ agree: 2, total: 4 });
    expect(ev.perModel['no-knock']).toEqual({ agree: 2, total: 4 });
    expect(ev.perOutcome).toEqual({ adopted: { agree: 1, total: 2 }, absent: { agree: 1, total: 2 } });
    expect(ev.confusion.adopted).toEqual({ adopted: 1, weaker: 1 });
    expect(ev.disagreements).toEqual([
      expect.objectContaining({ text: 'limits', provisionId: 'NK-1', label: 'adopted', scored: 'weaker', reason: expect.stringMatching(/^exception: /) }),
      expect.objectContaining({ text: 'limits', provisionId: 'NK-99', scored: 'unknown', reason: 'the model has no provision NK-99' }),
    ]);
  });

  test('`tracker texts --evaluate` prints agreement on the repo\'s labelled set (real texts, all formats) and needs no database', async () => {
    const r = await runCli(['texts', '--evaluate', LABELS, '--min', '0.9'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const labelled = JSON.parse(readFileSync(LABELS, 'utf8')) as { texts: unknown[] };
    expect(r.stdout).toMatch(new RegExp(`^agreement on \\d+ clear label\\(s\\) in ${labelled.texts.length} text\\(s\\): (\\d+) / \\d+`));
    const [, agree, total] = /: (\d+) \/ (\d+)/.exec(r.stdout)!;
    expect(Number(agree) / Number(total)).toBeGreaterThanOrEqual(0.9);
    for (const model of ['no-knock', 'bail-funds', 'crisis-response', 'second-chance', 'violence-prevention', 'police-free-schools']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${model} +\\d+ / \\d+`, 'm'));
    }
    expect(r.stdout).toMatch(/^per labelled outcome:\n(?:  \w+ +\d+ \/ \d+ .*\n)+/m);
  });

  test('an edited model is judged before it is saved (--models file), and --min fails a worse one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edited-model-'));
    const edited = JSON.parse(readFileSync(path.join(MODELS_DIR, 'no-knock.model.json'), 'utf8')) as { provisions: Record<string, unknown>[] };
    // A careless edit: the ban loses its frame and patterns, keeping only topic words.
    Object.assign(edited.provisions[0], { frame: undefined, patterns: [], weakerPatterns: [] });
    const file = path.join(dir, 'no-knock.model.json');
    writeFileSync(file, JSON.stringify(edited));
    const r = await runCli(['texts', '--evaluate', LABELS, '--models', file, '--min', '0.99'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NK-1 {2}labelled adopted, scored mentioned/);
    const bad = await runCli(['texts', '--evaluate', LABELS, '--models', path.join(dir, 'missing.json')], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--models: no such file or folder');
  });
});
