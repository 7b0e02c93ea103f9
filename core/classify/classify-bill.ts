import type { Stance } from '../vocabulary.js';
import type { BillField, PhraseRule, PolicyDefinition } from './policy.schema.js';

/** The text of a bill the classifier reads. */
export type ClassifiableBill = {
  title: string;
  otherTitles: string[];
  abstract: string | null;
  subjects: string[];
  text?: string | null;
};

export type PolicyEvidence = {
  field: BillField;
  /** The words that matched. */
  phrase: string;
  /** The matched words with some context either side. */
  excerpt: string;
  /** Offsets of `phrase` in the field's text (otherTitles and subjects: their entries joined by "\n"). */
  start: number;
  end: number;
  /** `topic:<id>`, `supports:<id>`, `opposes:<id>` or `exclusion:<id>`. */
  rule: string;
};

export type PolicyMatch = {
  policyId: string;
  score: number;
  stance: Stance;
  evidence: PolicyEvidence[];
};

/** How much a match counts by where it was found: a title is the bill's own summary of itself. */
const FIELD_FACTOR: Record<BillField, number> = { title: 1, otherTitles: 1, abstract: 0.9, subjects: 0.8, text: 0.6 };
const FIELD_ORDER: readonly BillField[] = ['title', 'otherTitles', 'abstract', 'subjects', 'text'];
const EXCERPT_CONTEXT = 60;

type CompiledRule = { rule: PhraseRule; once: RegExp; all: RegExp; context: RegExp | null; fields: ReadonlySet<BillField> };
type CompiledPolicy = {
  policy: PolicyDefinition;
  topics: CompiledRule[];
  exclusions: CompiledRule[];
  supports: CompiledRule[];
  opposes: CompiledRule[];
};

const compiledCache = new WeakMap<PolicyDefinition, CompiledPolicy>();

function compileRule(rule: PhraseRule): CompiledRule {
  return {
    rule,
    once: new RegExp(rule.pattern, 'iu'),
    all: new RegExp(rule.pattern, 'giu'),
    context: rule.context ? new RegExp(rule.context, 'iu') : null,
    fields: new Set(rule.fields ?? FIELD_ORDER),
  };
}

function compilePolicy(policy: PolicyDefinition): CompiledPolicy {
  const cached = compiledCache.get(policy);
  if (cached) return cached;
  const compiled = {
    policy,
    topics: policy.rules.topics.map(compileRule),
    exclusions: policy.rules.exclusions.map(compileRule),
    supports: policy.rules.stance.supports.map(compileRule),
    opposes: policy.rules.stance.opposes.map(compileRule),
  };
  compiledCache.set(policy, compiled);
  return compiled;
}

/**
 * Typographic variants become their ASCII twins one character for one, so "Breonna’s" and
 * "no‑knock" (non-breaking hyphen) match the same patterns and offsets stay valid.
 */
function normalizeText(text: string): string {
  return text.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

type FieldText = { field: BillField; text: string };

function billFields(bill: ClassifiableBill): FieldText[] {
  const fields: FieldText[] = [
    { field: 'title', text: bill.title },
    { field: 'otherTitles', text: bill.otherTitles.join('\n') },
    { field: 'abstract', text: bill.abstract ?? '' },
    { field: 'subjects', text: bill.subjects.join('\n') },
    { field: 'text', text: bill.text ?? '' },
  ];
  return fields.filter((f) => f.text.length > 0).map((f) => ({ field: f.field, text: normalizeText(f.text) }));
}

function excerptOf(text: string, start: number, end: number): string {
  const from = Math.max(0, start - EXCERPT_CONTEXT);
  const to = Math.min(text.length, end + EXCERPT_CONTEXT);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ').trim()}${to < text.length ? '…' : ''}`;
}

function evidence(f: FieldText, m: RegExpExecArray | RegExpMatchArray, rule: string): PolicyEvidence {
  const start = m.index ?? 0;
  const end = start + m[0].length;
  return { field: f.field, phrase: m[0], excerpt: excerptOf(f.text, start, end), start, end, rule };
}

/** First match of a rule in the most trusted field it may look at, if its context holds. */
function firstMatch(rule: CompiledRule, fields: FieldText[], whole: string): { f: FieldText; m: RegExpExecArray } | null {
  if (rule.context && !rule.context.test(whole)) return null;
  for (const f of fields) {
    if (!rule.fields.has(f.field)) continue;
    const m = rule.once.exec(f.text);
    if (m && m[0].length > 0) return { f, m };
  }
  return null;
}

type TopicHit = { field: BillField; start: number; end: number };

/** Strongest in-window match of each cue rule; cues count once each. */
function stanceScore(rules: CompiledRule[], fields: FieldText[], whole: string, hits: TopicHit[], window: number, side: 'supports' | 'opposes'):
  { score: number; evidence: PolicyEvidence[] } {
  let score = 0;
  const found: PolicyEvidence[] = [];
  for (const rule of rules) {
    if (rule.context && !rule.context.test(whole)) continue;
    let best: { ev: PolicyEvidence; factor: number } | null = null;
    for (const f of fields) {
      if (!rule.fields.has(f.field)) continue;
      const near = hits.filter((h) => h.field === f.field);
      if (near.length === 0) continue;
      for (const m of f.text.matchAll(rule.all)) {
        const start = m.index ?? 0;
        const end = start + m[0].length;
        if (!near.some((h) => start <= h.end + window && end >= h.start - window)) continue;
        const factor = FIELD_FACTOR[f.field];
        if (!best || factor > best.factor) best = { ev: evidence(f, m, `${side}:${rule.rule.id}`), factor };
        break;
      }
    }
    if (best) {
      score += rule.rule.weight * best.factor;
      found.push(best.ev);
    }
  }
  return { score, evidence: found };
}

/** Every match of the policy's topic rules, to anchor stance cues (first match per field and rule). */
function topicHits(topics: CompiledRule[], fields: FieldText[], matched: Set<string>): TopicHit[] {
  const hits: TopicHit[] = [];
  for (const rule of topics) {
    if (!matched.has(rule.rule.id)) continue;
    for (const f of fields) {
      if (!rule.fields.has(f.field)) continue;
      for (const m of f.text.matchAll(rule.all)) {
        const start = m.index ?? 0;
        hits.push({ field: f.field, start, end: start + m[0].length });
      }
    }
  }
  return hits;
}

/** Score and stance of one bill against one policy, whether or not it clears the threshold. */
export function scorePolicy(bill: ClassifiableBill, policy: PolicyDefinition): PolicyMatch {
  return scoreFields(billFields(bill), policy);
}

function scoreFields(fields: FieldText[], policy: PolicyDefinition): PolicyMatch {
  const compiled = compilePolicy(policy);
  const whole = fields.map((f) => f.text).join('\n');
  const evidenceList: PolicyEvidence[] = [];
  const matchedTopics = new Set<string>();
  let miss = 1;
  for (const rule of compiled.topics) {
    const hit = firstMatch(rule, fields, whole);
    if (!hit) continue;
    matchedTopics.add(rule.rule.id);
    miss *= 1 - rule.rule.weight * FIELD_FACTOR[hit.f.field];
    evidenceList.push(evidence(hit.f, hit.m, `topic:${rule.rule.id}`));
  }
  if (matchedTopics.size === 0) return { policyId: policy.id, score: 0, stance: 'unclear', evidence: [] };
  let score = 1 - miss;
  for (const rule of compiled.exclusions) {
    if ((rule.rule.spares ?? []).some((id) => matchedTopics.has(id))) continue;
    const hit = firstMatch(rule, fields, whole);
    if (!hit) continue;
    score *= 1 - rule.rule.weight;
    evidenceList.push(evidence(hit.f, hit.m, `exclusion:${rule.rule.id}`));
  }

  const { window, margin } = policy.rules.stance;
  const hits = topicHits(compiled.topics, fields, matchedTopics);
  const supports = stanceScore(compiled.supports, fields, whole, hits, window, 'supports');
  const opposes = stanceScore(compiled.opposes, fields, whole, hits, window, 'opposes');
  const stance: Stance = supports.score - opposes.score >= margin ? 'supports'
    : opposes.score - supports.score >= margin ? 'opposes' : 'unclear';
  evidenceList.push(...supports.evidence, ...opposes.evidence);
  return { policyId: policy.id, score: Math.round(score * 1000) / 1000, stance, evidence: evidenceList };
}

/**
 * The policies a bill is about, best first: each policy's topic phrases are scored over the
 * title, other titles, abstract, subjects and text (noisy-OR of rule weights, discounted by
 * field), exclusions damp mere mentions, and stance cues near the topic words decide
 * supports / opposes / unclear. Only policies whose score reaches their threshold are
 * returned. Pure; throws only if a policy carries an invalid pattern (validate policies
 * with `policyDefinitionSchema` first).
 */
export function classifyBill(bill: ClassifiableBill, policies: PolicyDefinition[]): PolicyMatch[] {
  const fields = billFields(bill);
  const matches: PolicyMatch[] = [];
  for (const policy of policies) {
    const match = scoreFields(fields, policy);
    if (match.score > 0 && match.score >= policy.rules.threshold) matches.push(match);
  }
  return matches.sort((a, b) => b.score - a.score);
}
