import type { Stance, Strength } from '../vocabulary.js';
import { BILL_FIELDS, regexFlags, type BillField, type PhraseRule, type PolicyDefinition } from './policy.schema.js';

/** The text of a bill the classifier reads (build it with `classifierInput`). */
export type ClassifiableBill = {
  title: string;
  otherTitles: string[];
  /** Every abstract the source gives, one per line. */
  abstract: string | null;
  subjects: string[];
  /** Names of attached documents (Legistar attachments). */
  documents?: string[];
  /** The latest version's text, when one is stored or the source gives it. */
  text?: string | null;
};

export type PolicyEvidence = {
  field: BillField;
  /** The words that matched. */
  phrase: string;
  /** The matched words with some context either side. */
  excerpt: string;
  /** Offsets of `phrase` in the field's text (list fields: their entries joined by "\n"). */
  start: number;
  end: number;
  /** `topic:<id>`, `exclusion:<id>`, `supports:<id>`, `opposes:<id>` or `limiter:<id>`. */
  rule: string;
  /** A supports cue's strength (a ban is `full`, a restriction `partial`). */
  strength?: Strength;
};

export type PolicyMatch = {
  policyId: string;
  score: number;
  stance: Stance;
  /** How far a supporting bill goes: `full` (an outright ban, with no exception nearby) or `partial`; null unless it supports. */
  strength: Strength | null;
  /** Topic phrases, exclusions, then the cues that decided stance and strength. */
  evidence: PolicyEvidence[];
};

/** How much a match counts by where it was found: a title is the bill's own summary of itself. */
const FIELD_FACTOR: Record<BillField, number> = { title: 1, otherTitles: 1, abstract: 0.9, subjects: 0.8, documents: 0.8, text: 0.6 };
const EXCERPT_CONTEXT = 60;
/** Enough matches of one rule in one field to place it; a long text repeating a word adds nothing more. */
const MAX_HITS_PER_FIELD = 40;

type CompiledRule = { rule: PhraseRule; all: RegExp; context: RegExp | null; fields: ReadonlySet<BillField> };
type CompiledPolicy = {
  policy: PolicyDefinition;
  /** One regex of every topic pattern: when it finds nothing, no topic rule can match (null when the patterns cannot be joined). */
  gate: RegExp | null;
  /** Words one of which every topic match contains (lower case), checked before the gate; null when a pattern has no such word. */
  prefilter: string[] | null;
  topics: CompiledRule[];
  exclusions: CompiledRule[];
  supports: CompiledRule[];
  opposes: CompiledRule[];
  limiters: CompiledRule[];
};

const compiledCache = new WeakMap<PolicyDefinition, CompiledPolicy>();

function compileRule(rule: PhraseRule): CompiledRule {
  return {
    rule,
    all: new RegExp(rule.pattern, `g${regexFlags(rule.pattern)}`),
    context: rule.context ? new RegExp(rule.context, regexFlags(rule.context)) : null,
    fields: new Set(rule.fields ?? BILL_FIELDS),
  };
}

/** Where the group opening at `open` closes (the index of its ")"), skipping escapes and classes. */
function closingParen(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return i;
  }
  return source.length;
}

/** True when a quantifier at `i` makes what precedes it optional (`?`, `*`, `{0,...}`). */
const optionalAt = (source: string, i: number) => source[i] === '?' || source[i] === '*' || (source[i] === '{' && source[i + 1] === '0');

/**
 * Words every match of a pattern contains one of, lower-cased, or null when the pattern
 * allows a match without any word of at least 3 literal characters. Each top-level
 * alternative gives its most telling requirement: a run of literal characters outside any
 * group (`\\bno[- ]knock\\b` → "knock") or a required group whose alternatives all have one
 * (`\\b(geriatric|medical) release\\b` → "release", or the group's words if longer).
 */
export function requiredLiterals(source: string): string[] | null {
  const out: string[] = [];
  let best: string[] | null = null;
  const better = (candidate: string[]) => {
    const weakest = (list: string[]) => Math.min(...list.map((w) => w.length));
    if (candidate.length && weakest(candidate) >= 3 && (!best || weakest(candidate) > weakest(best))) best = candidate;
  };
  let run = '';
  const endRun = () => {
    better([run.toLowerCase()]);
    run = '';
  };
  for (let i = 0; i <= source.length; i += 1) {
    const c = source[i];
    if (c === undefined || c === '|') {
      endRun();
      if (!best) return null;
      out.push(...(best as string[]));
      best = null;
      continue;
    }
    if (c === '\\') {
      // An escaped mark (`\\.`, `\\)`) is that character; a letter escape (`\\b`, `\\s`) is a class or an assertion.
      const next = source[i + 1] ?? '';
      if (/[A-Za-z0-9]/.test(next)) endRun();
      else run += next;
      i += 1;
      continue;
    }
    if (c === '[') {
      endRun();
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') {
      endRun();
      const close = closingParen(source, i);
      const inner = source.slice(i + 1, close);
      const lookaround = /^\?(=|!|<=|<!)/.test(inner);
      if (!lookaround && !optionalAt(source, close + 1)) {
        const group = requiredLiterals(inner.replace(/^\?:/, ''));
        if (group) better(group);
      }
      i = close;
      continue;
    }
    if (optionalAt(source, i) || c === '+') {
      // The character before an optional quantifier is not required; `{...}` is skipped whole.
      if (c !== '+') run = run.slice(0, -1);
      endRun();
      if (c === '{') while (i < source.length && source[i] !== '}') i += 1;
      continue;
    }
    if (c === '.' || c === '^' || c === '$') endRun();
    else run += c;
  }
  return out;
}

/** The union of the topic patterns, or null when a pattern uses back-references or named groups (they do not survive joining). */
function compileGate(topics: PhraseRule[]): RegExp | null {
  if (topics.some((t) => /\\[1-9]|\\k<|\(\?<[A-Za-z]/.test(t.pattern))) return null;
  const source = topics.map((t) => `(?:${t.pattern})`).join('|');
  try {
    return new RegExp(source, regexFlags(source));
  } catch {
    return null;
  }
}

/** The required words of every topic pattern, or null when one has none (or needs Unicode mode, where lower-casing may differ). */
function compilePrefilter(topics: PhraseRule[]): string[] | null {
  const words = new Set<string>();
  for (const t of topics) {
    const literals = regexFlags(t.pattern) === 'i' ? requiredLiterals(t.pattern) : null;
    if (!literals) return null;
    for (const w of literals) words.add(w);
  }
  return [...words];
}

function compilePolicy(policy: PolicyDefinition): CompiledPolicy {
  const cached = compiledCache.get(policy);
  if (cached) return cached;
  const { topics, exclusions, stance } = policy.rules;
  const compiled = {
    policy,
    gate: compileGate(topics),
    prefilter: compilePrefilter(topics),
    topics: topics.map(compileRule),
    exclusions: exclusions.map(compileRule),
    supports: stance.supports.map(compileRule),
    opposes: stance.opposes.map(compileRule),
    limiters: stance.limiters.map(compileRule),
  };
  compiledCache.set(policy, compiled);
  return compiled;
}

/**
 * Typographic variants become their ASCII twins one character for one, so "Breonna’s" and
 * "no‑knock" (non-breaking hyphen) match the same patterns and offsets stay valid.
 */
function normalizeText(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return text.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\u00a0/g, ' ');
}

type FieldText = { field: BillField; text: string; sentenceEnds?: number[] };
type BillText = { fields: FieldText[]; whole: string; lower: string };

function billText(bill: ClassifiableBill): BillText {
  const raw: [BillField, string][] = [
    ['title', bill.title],
    ['otherTitles', bill.otherTitles.join('\n')],
    ['abstract', bill.abstract ?? ''],
    ['subjects', bill.subjects.join('\n')],
    ['documents', (bill.documents ?? []).join('\n')],
    ['text', bill.text ?? ''],
  ];
  const fields: FieldText[] = [];
  for (const [field, text] of raw) if (text.length > 0) fields.push({ field, text: normalizeText(text) });
  const whole = fields.map((f) => f.text).join('\n');
  return { fields, whole, lower: whole.toLowerCase() };
}

function excerptOf(text: string, start: number, end: number): string {
  const from = Math.max(0, start - EXCERPT_CONTEXT);
  const to = Math.min(text.length, end + EXCERPT_CONTEXT);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ').trim()}${to < text.length ? '…' : ''}`;
}

type Span = { field: FieldText; start: number; end: number };

function evidenceOf(span: Span, rule: string, strength?: Strength): PolicyEvidence {
  const { field, start, end } = span;
  return { field: field.field, phrase: field.text.slice(start, end), excerpt: excerptOf(field.text, start, end), start, end, rule, ...(strength ? { strength } : {}) };
}

/** Stretches of a field to search: [start, end) offsets. */
type Region = readonly [number, number];

/**
 * Every non-empty match of a rule in the fields it may look at (at most MAX_HITS_PER_FIELD
 * per field). With `regions`, only matches starting within a field's regions are found, and
 * only those stretches are searched: cues only count near a topic match, so a 400,000-character
 * text is not searched end to end by every cue rule.
 */
function spansOf(rule: CompiledRule, fields: FieldText[], regions?: Map<FieldText, Region[]>): Span[] {
  const spans: Span[] = [];
  const re = rule.all;
  for (const f of fields) {
    if (!rule.fields.has(f.field)) continue;
    const stretches = regions ? regions.get(f) : [[0, f.text.length] as Region];
    if (!stretches) continue;
    let found = 0;
    let from = 0;
    for (const [start, end] of stretches) {
      re.lastIndex = Math.max(start, from);
      for (let m = re.exec(f.text); m !== null && m.index < end && found < MAX_HITS_PER_FIELD; m = re.exec(f.text)) {
        if (m[0].length === 0) {
          re.lastIndex += 1;
          continue;
        }
        spans.push({ field: f, start: m.index, end: m.index + m[0].length });
        found += 1;
      }
      from = re.lastIndex;
    }
  }
  return spans;
}

/** Longest cue phrase assumed when searching near topic matches: a cue may start this far before its window. */
const CUE_REACH = 200;

/** The stretches around `anchors` (merged, per field) where a phrase within `window` of one may start. */
function regionsAround(anchors: Span[], window: number): Map<FieldText, Region[]> {
  const byField = new Map<FieldText, Region[]>();
  for (const a of anchors) {
    const list = byField.get(a.field) ?? [];
    list.push([Math.max(0, a.start - window - CUE_REACH), Math.min(a.field.text.length, a.end + window)]);
    byField.set(a.field, list);
  }
  for (const [f, list] of byField) {
    list.sort((x, y) => x[0] - y[0]);
    const merged: Region[] = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) merged[merged.length - 1] = [last[0], Math.max(last[1], r[1])];
      else merged.push(r);
    }
    byField.set(f, merged);
  }
  return byField;
}

/** Words whose full stop is no sentence end: initials, "U.S", states, "No", "Sec", "etc", ... */
const ABBREVIATION = /(?:^|[\s(])(?:[A-Z]|[A-Z](?:\.[A-Z])+|Va|Md|Pa|Co|St|Mt|Ft|No|Nos|Sec|Secs|Art|Ch|Jr|Sr|Inc|Corp|Ltd|Dr|Mr|Mrs|Ms|Gov|Rep|Sen|Dept|Assn|Ave|etc|seq|al|v|vs)$/;

/**
 * Where sentences end in a field: a full stop, question or exclamation mark before a capital
 * letter, or a line break; abbreviations ("Va.", "U.S.", "No.") do not. Semicolons do not
 * either: a long title's clauses share its subject ("Admission to bail; creates ...").
 */
function sentenceEnds(f: FieldText): number[] {
  if (f.sentenceEnds) return f.sentenceEnds;
  const ends: number[] = [];
  const re = /[.!?](?=\s+["'(]?[A-Z])|\n/g;
  for (let m = re.exec(f.text); m !== null; m = re.exec(f.text)) {
    if (m[0] === '.' && ABBREVIATION.test(f.text.slice(Math.max(0, m.index - 8), m.index))) continue;
    ends.push(m.index);
  }
  f.sentenceEnds = ends;
  return ends;
}

/** Index of the sentence holding `pos` (binary search over the sentence ends). */
function sentenceOf(f: FieldText, pos: number): number {
  const ends = sentenceEnds(f);
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two matches bear on each other: same field, within `window` characters, and in the same sentence. */
const near = (a: Span, b: Span, window: number) =>
  a.field === b.field && a.start <= b.end + window && a.end >= b.start - window && sentenceOf(a.field, a.start) === sentenceOf(b.field, b.start);
const overlaps = (a: Span, b: Span) => a.field === b.field && a.start < b.end && b.start < a.end;

type Cue = Span & { side: 'supports' | 'opposes'; rule: CompiledRule; value: number };

/**
 * The stance cues that count: every cue match near a topic match (same sentence, within
 * `window`), the most specific first (the longest, then the heaviest); a match overlapping one
 * already taken is passed over. Each rule then counts once, at its best-trusted match.
 */
function countedCues(compiled: CompiledPolicy, fields: FieldText[], whole: string, topicSpans: Span[], window: number): Cue[] {
  const candidates: Cue[] = [];
  const regions = regionsAround(topicSpans, window);
  for (const [side, rules] of [['supports', compiled.supports], ['opposes', compiled.opposes]] as const) {
    for (const rule of rules) {
      if (rule.context && !rule.context.test(whole)) continue;
      for (const span of spansOf(rule, fields, regions)) {
        if (topicSpans.some((t) => near(span, t, window))) candidates.push({ ...span, side, rule, value: rule.rule.weight * FIELD_FACTOR[span.field.field] });
      }
    }
  }
  // The longer phrase is the more specific reading of the same words ("abolishes monetary bail"
  // over "abolishes"); at equal length the heavier rule wins.
  candidates.sort((a, b) => (b.end - b.start) - (a.end - a.start) || b.rule.rule.weight - a.rule.rule.weight || b.value - a.value);
  const taken: Cue[] = [];
  for (const cue of candidates) if (!taken.some((c) => overlaps(c, cue))) taken.push(cue);
  // Each rule counts once, where it is best trusted (a title beats a text).
  const best = new Map<CompiledRule, Cue>();
  for (const cue of taken) {
    const seen = best.get(cue.rule);
    if (!seen || cue.value > seen.value) best.set(cue.rule, cue);
  }
  return [...best.values()];
}

/** Score, stance and strength of a bill's text against one compiled policy. */
function scoreText(bill: BillText, compiled: CompiledPolicy): PolicyMatch {
  const { policy } = compiled;
  const none: PolicyMatch = { policyId: policy.id, score: 0, stance: 'unclear', strength: null, evidence: [] };
  const { fields, whole } = bill;
  if (compiled.prefilter && !compiled.prefilter.some((w) => bill.lower.includes(w))) return none;
  if (compiled.gate && !compiled.gate.test(whole)) return none;

  const topicHits: { rule: CompiledRule; spans: Span[] }[] = [];
  for (const rule of compiled.topics) {
    if (rule.context && !rule.context.test(whole)) continue;
    const spans = spansOf(rule, fields);
    if (spans.length) topicHits.push({ rule, spans });
  }
  if (topicHits.length === 0) return none;
  const matchedIds = new Set(topicHits.map((t) => t.rule.rule.id));
  const { window, margin } = policy.rules.stance;

  // An exclusion in the title speaks for the whole bill; elsewhere only for the words near it.
  const exclusionEvidence: PolicyEvidence[] = [];
  const exclusions: { weight: number; spans: Span[]; global: boolean }[] = [];
  for (const rule of compiled.exclusions) {
    if ((rule.rule.spares ?? []).some((id) => matchedIds.has(id))) continue;
    if (rule.context && !rule.context.test(whole)) continue;
    const spans = spansOf(rule, fields);
    if (spans.length === 0) continue;
    exclusions.push({ weight: rule.rule.weight, spans, global: spans.some((s) => s.field.field === 'title') });
    exclusionEvidence.push(evidenceOf(spans[0], `exclusion:${rule.rule.id}`));
  }
  const damping = (span: Span) => exclusions.reduce((d, ex) => (ex.global || ex.spans.some((s) => near(s, span, window)) ? d * (1 - ex.weight) : d), 1);

  let miss = 1;
  const evidence: PolicyEvidence[] = [];
  for (const { rule, spans } of topicHits) {
    let best: { span: Span; value: number } | null = null;
    for (const span of spans) {
      const value = rule.rule.weight * FIELD_FACTOR[span.field.field] * damping(span);
      if (!best || value > best.value) best = { span, value };
    }
    miss *= 1 - best!.value;
    evidence.push(evidenceOf(best!.span, `topic:${rule.rule.id}`));
  }
  evidence.push(...exclusionEvidence);
  const score = Math.round((1 - miss) * 1000) / 1000;

  const topicSpans = topicHits.flatMap((t) => t.spans);
  const cues = countedCues(compiled, fields, whole, topicSpans, window);
  const total = (side: Cue['side']) => cues.filter((c) => c.side === side).reduce((sum, c) => sum + c.value, 0);
  const supports = total('supports');
  const opposes = total('opposes');
  const stance: Stance = supports - opposes >= margin ? 'supports' : opposes - supports >= margin ? 'opposes' : 'unclear';
  for (const cue of cues) evidence.push(evidenceOf(cue, `${cue.side}:${cue.rule.rule.id}`, cue.side === 'supports' ? cue.rule.rule.strength : undefined));

  let strength: Strength | null = null;
  if (stance === 'supports') {
    // Full only for a ban with no exception or condition near any supporting cue.
    const supportCues = cues.filter((c) => c.side === 'supports');
    const around = regionsAround(supportCues, window);
    const limits = compiled.limiters.flatMap((rule) =>
      (rule.context && !rule.context.test(whole) ? [] : spansOf(rule, fields, around)).filter((s) => supportCues.some((c) => near(s, c, window))).map((s) => ({ rule, span: s })),
    );
    strength = supportCues.some((c) => c.rule.rule.strength === 'full') && limits.length === 0 ? 'full' : 'partial';
    const shown = new Set<CompiledRule>();
    for (const { rule, span } of limits) {
      if (shown.has(rule)) continue;
      shown.add(rule);
      evidence.push(evidenceOf(span, `limiter:${rule.rule.id}`));
    }
  }
  return { policyId: policy.id, score, stance, strength, evidence };
}

/** Score, stance and strength of one bill against one policy, whether or not it clears the threshold. */
export function scorePolicy(bill: ClassifiableBill, policy: PolicyDefinition): PolicyMatch {
  return scoreText(billText(bill), compilePolicy(policy));
}

/**
 * The policies a bill is about, best first. Each policy's topic phrases are scored over the
 * title, other titles, abstracts, subjects, document names and text (noisy-OR of rule weights,
 * discounted by field, damped by exclusions near them); stance cues near the topic words
 * decide supports / opposes / unclear, and for a supporting bill a ban with no exception near
 * it is `full`, anything else `partial`. Every policy is scored on its own, so an omnibus act
 * gets each policy it touches with its own stance. Only policies whose score reaches their
 * threshold are returned. Pure; throws only if a policy carries an invalid pattern (validate
 * policies with `policyDefinitionSchema` first).
 */
export function classifyBill(bill: ClassifiableBill, policies: PolicyDefinition[]): PolicyMatch[] {
  const text = billText(bill);
  const matches: PolicyMatch[] = [];
  for (const policy of policies) {
    const match = scoreText(text, compilePolicy(policy));
    if (match.score > 0 && match.score >= policy.rules.threshold) matches.push(match);
  }
  return matches.sort((a, b) => b.score - a.score);
}
