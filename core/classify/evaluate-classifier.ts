import { STANCES, type Stance, type Strength } from '../vocabulary.js';
import { scorePolicy, type ClassifiableBill, type PolicyMatch } from './classify-bill.js';
import type { PolicyDefinition } from './policy.schema.js';

/**
 * What a person (a staff decision, a hand-labelled fixture) says about one bill and one
 * policy: it applies or not, and when it does, the stance and strength if they were given.
 */
export type Label = { policyId: string; applies: boolean; stance?: Stance | null; strength?: Strength | null };

/** A label beside the machine's answer for the same bill and policy. */
export type Judgement = Label & {
  /** Which bill, for people: `va HB 1847 (bill 12)`. */
  caseId: string;
  /** The machine's match when it reaches the policy's threshold, else null. */
  predicted: PolicyMatch | null;
  /** The machine's score and evidence whatever the threshold, to explain a miss. */
  scored: PolicyMatch;
  threshold: number;
};

export type Rate = { tp: number; fp: number; fn: number; precision: number | null; recall: number | null };

export type MissKind = 'false-positive' | 'false-negative' | 'wrong-stance' | 'wrong-strength';

export type Miss = {
  caseId: string;
  policyId: string;
  kind: MissKind;
  /** `supports (full)`, `not about it`, ... */
  expected: string;
  got: string;
  /** The rules behind the machine's answer, each with the words that matched: `supports:ban "prohibits" (title)`. */
  rules: string[];
};

export type Evaluation = {
  judgements: number;
  /** The policy alone: is the bill about it? */
  policy: Rate;
  /** Policy and stance together (only labels that give a stance count for stance). */
  policyStance: Rate;
  byPolicy: Record<string, Rate>;
  byStance: Record<Stance, Rate>;
  /** Among right stances with a labelled strength, how many strengths the machine got right. */
  strength: { judged: number; correct: number };
  misses: Miss[];
};

/**
 * Scores one bill against the labelled policies. Labels for policies missing from
 * `policies` are skipped (the policy was deleted since).
 */
export function judgeBill(caseId: string, bill: ClassifiableBill, labels: Label[], policies: PolicyDefinition[]): Judgement[] {
  const byId = new Map(policies.map((p) => [p.id, p]));
  return labels.flatMap((label) => {
    const policy = byId.get(label.policyId);
    if (!policy) return [];
    const scored = scorePolicy(bill, policy);
    const threshold = policy.rules.threshold;
    const predicted = scored.score > 0 && scored.score >= threshold ? scored : null;
    return [{ ...label, caseId, predicted, scored, threshold }];
  });
}

/** Labels for every policy of a completely labelled bill: those listed apply, the rest do not. */
export function completeLabels(expected: Omit<Label, 'applies'>[], policies: PolicyDefinition[]): Label[] {
  const listed = new Map(expected.map((e) => [e.policyId, e]));
  return policies.map((p) => {
    const e = listed.get(p.id);
    return e ? { ...e, applies: true } : { policyId: p.id, applies: false };
  });
}

const emptyCounts = () => ({ tp: 0, fp: 0, fn: 0 });
type Counts = ReturnType<typeof emptyCounts>;

function rate(c: Counts): Rate {
  return { ...c, precision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : null, recall: c.tp + c.fn ? c.tp / (c.tp + c.fn) : null };
}

function describe(stance: Stance | null | undefined, strength: Strength | null | undefined): string {
  if (!stance) return 'about it (stance not given)';
  return strength ? `${stance} (${strength})` : stance;
}

/** The rules behind an answer, most telling first: stance and strength cues, then topics and exclusions. */
export function rulesOf(match: PolicyMatch, threshold: number): string[] {
  const order = (rule: string) => (/^(supports|opposes|limiter):/.test(rule) ? 0 : rule.startsWith('exclusion:') ? 1 : 2);
  const lines = [...match.evidence]
    .sort((a, b) => order(a.rule) - order(b.rule))
    .map((e) => `${e.rule} "${e.phrase}" (${e.field})`);
  if (match.score < threshold) lines.unshift(`score ${match.score.toFixed(2)} below the threshold ${threshold.toFixed(2)}`);
  return lines;
}

/**
 * Precision and recall of the machine against labels: for the policy alone, for policy and
 * stance together, per policy and per stance, plus how often the strength is right, and
 * every miss with the rules that produced it. A label that a policy does not apply counts
 * against a machine match (false positive); an applying label the machine did not reach is a
 * false negative; a wrong stance is both.
 */
export function evaluateJudgements(judgements: Judgement[]): Evaluation {
  const policy = emptyCounts();
  const pair = emptyCounts();
  const byPolicy = new Map<string, Counts>();
  const byStance = new Map<Stance, Counts>(STANCES.map((s) => [s, emptyCounts()]));
  const strength = { judged: 0, correct: 0 };
  const misses: Miss[] = [];
  const count = (policyId: string, stance: Stance, key: keyof Counts) => {
    pair[key] += 1;
    const p = byPolicy.get(policyId) ?? emptyCounts();
    p[key] += 1;
    byPolicy.set(policyId, p);
    byStance.get(stance)![key] += 1;
  };

  for (const j of judgements) {
    const got = j.predicted;
    const expected = j.applies ? describe(j.stance, j.strength) : 'not about it';
    const gotText = got ? describe(got.stance, got.strength) : 'no match';
    const miss = (kind: MissKind) => misses.push({ caseId: j.caseId, policyId: j.policyId, kind, expected, got: gotText, rules: rulesOf(j.scored, j.threshold) });
    if (!j.applies) {
      if (got) {
        policy.fp += 1;
        count(j.policyId, got.stance, 'fp');
        miss('false-positive');
      }
      continue;
    }
    if (!got) {
      policy.fn += 1;
      if (j.stance) count(j.policyId, j.stance, 'fn');
      miss('false-negative');
      continue;
    }
    policy.tp += 1;
    if (!j.stance) continue;
    if (got.stance !== j.stance) {
      count(j.policyId, got.stance, 'fp');
      count(j.policyId, j.stance, 'fn');
      miss('wrong-stance');
      continue;
    }
    count(j.policyId, j.stance, 'tp');
    if (j.strength) {
      strength.judged += 1;
      if (got.strength === j.strength) strength.correct += 1;
      else miss('wrong-strength');
    }
  }
  return {
    judgements: judgements.length,
    policy: rate(policy),
    policyStance: rate(pair),
    byPolicy: Object.fromEntries([...byPolicy].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => [id, rate(c)])),
    byStance: Object.fromEntries([...byStance].map(([s, c]) => [s, rate(c)])) as Record<Stance, Rate>,
    strength,
    misses,
  };
}

/** True when the machine's answer agrees with the label (policy, and stance and strength where labelled). */
export function judgedRight(j: Judgement): boolean {
  if (!j.applies) return j.predicted === null;
  if (!j.predicted) return false;
  if (j.stance && j.predicted.stance !== j.stance) return false;
  return !(j.stance && j.strength && j.predicted.strength !== j.strength);
}

export type JudgementChange = { caseId: string; policyId: string; expected: string; before: string; after: string; fixed: boolean; rules: string[] };

/**
 * What a rule edit changes against the same labels: each judgement whose machine answer
 * changed, marked fixed (now right) or broken (now wrong) or neither, with the rules behind
 * the new answer. `before` and `after` must judge the same labels in the same order.
 */
export function diffJudgements(before: Judgement[], after: Judgement[]): JudgementChange[] {
  const answer = (m: PolicyMatch | null) => (m ? describe(m.stance, m.strength) : 'no match');
  const changes: JudgementChange[] = [];
  after.forEach((a, i) => {
    const b = before[i];
    if (!b || b.caseId !== a.caseId || b.policyId !== a.policyId) throw new Error('diffJudgements: the two runs judged different labels');
    if (answer(a.predicted) === answer(b.predicted)) return;
    changes.push({
      caseId: a.caseId, policyId: a.policyId,
      expected: a.applies ? describe(a.stance, a.strength) : 'not about it',
      before: answer(b.predicted), after: answer(a.predicted),
      fixed: judgedRight(a) && !judgedRight(b),
      rules: rulesOf(a.scored, a.threshold),
    });
  });
  return changes;
}
