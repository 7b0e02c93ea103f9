import type { NormalizedText } from '../texts/bill-text-normalize.js';
import type { EvidenceSpan, NumberFound, Outcome, ProvisionResult, Stance, VersionScore } from './adoption-types.js';
import { alignExemplar, exemplarWords, indexWords } from './copy-align.js';
import type { ModelPolicy, NumericRule, Provision } from './model-policy.schema.js';
import { parseNumber } from './number-words.js';

type Cue = { phrase: string; re: RegExp };
type CompiledProvision = {
  p: Provision;
  patterns: RegExp[];
  weaker: RegExp[];
  mention: RegExp[];
  contradict: RegExp[];
  removal: RegExp[];
  context: RegExp[];
  limiters: Cue[];
  negations: Cue[];
  numeric: { rule: NumericRule; re: RegExp }[];
  scope?: { anchor: string; model: string; modelRank: number; levels: { level: string; rank: number; res: RegExp[] }[] };
  exemplars: string[][];
};
type Hit = { start: number; end: number; sentence: { start: number; end: number } };

const compiledCache = new WeakMap<ModelPolicy, CompiledProvision[]>();
const re = (src: string): RegExp => new RegExp(src, 'gi');
const phrase = (p: string): Cue => ({
  phrase: p,
  re: new RegExp(`(?<![A-Za-z])${p.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?![A-Za-z])`, 'i'),
});

/** Compiles a model's patterns once per model object (an edited model is a new object). */
function compile(model: ModelPolicy): CompiledProvision[] {
  const hit = compiledCache.get(model);
  if (hit) return hit;
  const out = model.provisions.map((p): CompiledProvision => {
    const scope = p.scope;
    return {
      p,
      patterns: p.patterns.map(re),
      weaker: p.weakerPatterns.map(re),
      mention: p.mentionPatterns.map(re),
      contradict: p.contradictPatterns.map(re),
      removal: p.removalPatterns.map(re),
      context: p.contextCues.map(re),
      limiters: p.limiterCues.map(phrase),
      negations: p.negationCues.map(phrase),
      numeric: p.numeric.map((rule) => ({ rule, re: re(rule.pattern) })),
      scope: scope && {
        anchor: scope.anchor,
        model: scope.model,
        modelRank: scope.levels.find((l) => l.level === scope.model)?.rank ?? 0,
        levels: scope.levels.map((l) => ({ level: l.level, rank: l.rank, res: l.patterns.map(re) })),
      },
      exemplars: p.exemplars.map((e) => exemplarWords(e.text)),
    };
  });
  compiledCache.set(model, out);
  return out;
}

/** Index of the sentence holding `offset` (binary search; the nearest one before it otherwise). */
function sentenceAt(norm: NormalizedText, offset: number): { start: number; end: number } {
  const s = norm.sentences;
  if (s.length === 0) return { start: 0, end: norm.text.length };
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid].start <= offset) lo = mid; else hi = mid - 1;
  }
  return s[lo];
}

function span(norm: NormalizedText, start: number, end: number, deleted?: string): EvidenceSpan {
  const ev: EvidenceSpan = { start, end, excerpt: norm.text.slice(start, end) };
  if (deleted !== undefined) ev.deleted = deleted;
  return ev;
}

function quote(s: string, max = 90): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Titles, findings and WHEREAS clauses only mention a provision; they never adopt it. */
function isOperative(norm: NormalizedText, offset: number, sentence: { start: number; end: number }): boolean {
  return offset >= norm.operativeStart && !/^WHEREAS\b/i.test(norm.text.slice(sentence.start, sentence.start + 8));
}

function findHits(res: RegExp[], norm: NormalizedText, context: RegExp[], operativeOnly = true): Hit[] {
  const hits: Hit[] = [];
  for (const r of res) {
    r.lastIndex = 0;
    for (const m of norm.text.matchAll(r)) {
      if (m[0].length === 0) continue;
      const sentence = sentenceAt(norm, m.index);
      if (operativeOnly && !isOperative(norm, m.index, sentence)) continue;
      if (context.length > 0) {
        const s = norm.text.slice(sentence.start, sentence.end);
        if (!context.some((c) => { c.lastIndex = 0; return c.test(s); })) continue;
      }
      hits.push({ start: m.index, end: m.index + m[0].length, sentence });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Deleted fragments matching any pattern: [fragment index, matched words]. */
function findDeleted(res: RegExp[], norm: NormalizedText, context: RegExp[]): { at: number; text: string; match: string }[] {
  const out: { at: number; text: string; match: string }[] = [];
  for (const d of norm.deleted) {
    if (context.length > 0) {
      const around = `${d.text} ${norm.text.slice(sentenceAt(norm, d.at).start, sentenceAt(norm, d.at).end)}`;
      if (!context.some((c) => { c.lastIndex = 0; return c.test(around); })) continue;
    }
    for (const r of res) {
      r.lastIndex = 0;
      const m = r.exec(d.text);
      if (m) { out.push({ at: d.at, text: d.text, match: m[0] }); break; }
    }
  }
  return out;
}

function deletedEvidence(norm: NormalizedText, d: { at: number; text: string }): EvidenceSpan {
  const s = sentenceAt(norm, Math.max(0, d.at - 1));
  return span(norm, s.start, s.end, d.text);
}

function readNumbers(c: CompiledProvision, norm: NormalizedText, hit: Hit | null): NumberFound[] {
  const found: NumberFound[] = [];
  for (const { rule, re: r } of c.numeric) {
    const scopes = hit ? [norm.text.slice(hit.sentence.start, hit.sentence.end), norm.text] : [norm.text];
    let value: number | null = null;
    for (const s of scopes) {
      r.lastIndex = 0;
      for (const m of s.matchAll(r)) {
        const n = m.groups?.n;
        value = n === undefined ? null : parseNumber(n);
        if (value !== null) break;
      }
      if (value !== null) break;
    }
    if (value === null) continue;
    const meets = rule.comparator === 'at-least' ? value >= rule.model : value <= rule.model;
    found.push({ label: rule.label, value, unit: rule.unit, model: rule.model, comparator: rule.comparator, meets });
  }
  return found;
}

function numberReason(n: NumberFound): string {
  const rel = n.meets ? (n.value === n.model ? '=' : n.comparator === 'at-least' ? '>' : '<') : n.comparator === 'at-least' ? '<' : '>';
  return `${n.label} ${n.value} ${n.unit} ${rel} model ${n.model} ${n.unit}`;
}

type Verdict = { outcome: Outcome; reason: string; evidence: EvidenceSpan[]; numbers: NumberFound[]; scopeLevel?: string };
const RANK: Record<Outcome, number> = { adopted: 5, weaker: 4, contradicted: 3, repealed: 2, mentioned: 1, absent: 0 };

/** Judges one full-strength hit: limiters and negations in its sentence, numbers against the model. */
function judgeHit(c: CompiledProvision, norm: NormalizedText, hit: Hit): Verdict {
  const sentence = norm.text.slice(hit.sentence.start, hit.sentence.end);
  const found = quote(norm.text.slice(hit.start, hit.end));
  const evidence = [span(norm, hit.sentence.start, hit.sentence.end)];
  const negation = c.negations.find((n) => n.re.test(sentence));
  if (negation) return { outcome: 'contradicted', reason: `found '${found}' but '${negation.phrase}' in the same sentence turns it around`, evidence, numbers: [] };
  const limiting = c.limiters.filter((l) => l.re.test(sentence));
  const limiter = limiting.length > 0 ? { phrase: limiting.map((l) => l.phrase).join("' / '") } : undefined;
  const numbers = readNumbers(c, norm, hit);
  const missing = c.numeric.filter((n) => !numbers.some((f) => f.label === n.rule.label));
  const unmet = numbers.filter((n) => !n.meets);
  if (limiter) return { outcome: 'weaker', reason: `found '${found}' but '${limiter.phrase}' in the same sentence limits it`, evidence, numbers };
  if (unmet.length > 0) return { outcome: 'weaker', reason: `found '${found}'; ${unmet.map(numberReason).join('; ')}`, evidence, numbers };
  if (missing.length > 0) {
    return { outcome: 'weaker', reason: `found '${found}' but no ${missing.map((n) => `${n.rule.label} (model ${n.rule.comparator === 'at-least' ? '>=' : '<='} ${n.rule.model} ${n.rule.unit})`).join(', ')} is stated`, evidence, numbers };
  }
  const cues = c.limiters.length > 0 ? `; no ${c.limiters.slice(0, 3).map((l) => `'${l.phrase}'`).join(' / ')} in the clause` : '';
  const nums = numbers.length > 0 ? `; ${numbers.map(numberReason).join('; ')}` : '';
  return { outcome: 'adopted', reason: `found '${found}'${cues}${nums}`, evidence, numbers };
}

function evaluate(c: CompiledProvision, norm: NormalizedText, done: Map<string, ProvisionResult>): Verdict {
  if (c.scope) return evaluateScope(c, norm, done);
  const candidates: Verdict[] = [];
  const min = c.p.minDistinctPatterns;
  if (min !== undefined) {
    const firstHits = c.patterns.map((r) => findHits([r], norm, c.context)[0]).filter((h): h is Hit => h !== undefined);
    if (firstHits.length > 0) {
      const evidence = firstHits.slice(0, 5).map((h) => span(norm, h.sentence.start, h.sentence.end));
      const names = firstHits.slice(0, 5).map((h) => `'${quote(norm.text.slice(h.start, h.end), 40)}'`).join(', ');
      const ok = firstHits.length >= min;
      candidates.push({ outcome: ok ? 'adopted' : 'weaker', reason: `found ${firstHits.length} of ${c.patterns.length} listed items (model: at least ${min}): ${names}`, evidence, numbers: [] });
    }
  }
  for (const hit of min === undefined ? findHits(c.patterns, norm, c.context) : []) {
    const v = judgeHit(c, norm, hit);
    candidates.push(v);
    if (v.outcome === 'adopted') break;
  }
  const struckRestrictions = findDeleted(c.removal, norm, c.context);
  if (struckRestrictions.length > 0) {
    const liveRestrictions = findHits(c.removal, norm, c.context);
    if (liveRestrictions.length === 0) {
      candidates.push({ outcome: 'adopted', reason: `struck the restriction '${quote(struckRestrictions[0].match)}'`, evidence: struckRestrictions.map((d) => deletedEvidence(norm, d)), numbers: [] });
    }
  }
  for (const hit of findHits(c.removal, norm, c.context)) {
    const numbers = readNumbers(c, norm, hit);
    const ok = numbers.length > 0 && numbers.every((n) => n.meets);
    candidates.push({
      outcome: ok ? 'adopted' : 'weaker',
      reason: ok ? `restriction '${quote(norm.text.slice(hit.start, hit.end))}' is within the model: ${numbers.map(numberReason).join('; ')}`
        : `restriction still in force: '${quote(norm.text.slice(hit.start, hit.end))}'${numbers.length ? `; ${numbers.map(numberReason).join('; ')}` : ''}`,
      evidence: [span(norm, hit.sentence.start, hit.sentence.end)],
      numbers,
    });
    break;
  }
  const weakerHit = findHits(c.weaker, norm, c.context)[0];
  if (weakerHit) {
    const sentence = norm.text.slice(weakerHit.sentence.start, weakerHit.sentence.end);
    const cues = c.limiters.filter((l) => l.re.test(sentence)).map((l) => `'${l.phrase}'`);
    candidates.push({ outcome: 'weaker', reason: `found restricted wording '${quote(norm.text.slice(weakerHit.start, weakerHit.end))}'${cues.length ? ` (${cues.join(', ')})` : ''}, not the model's full provision`, evidence: [span(norm, weakerHit.sentence.start, weakerHit.sentence.end)], numbers: readNumbers(c, norm, weakerHit) });
  }
  const contra = findHits(c.contradict, norm, c.context)[0];
  if (contra) {
    candidates.push({ outcome: 'contradicted', reason: `found '${quote(norm.text.slice(contra.start, contra.end))}', which goes against the model`, evidence: [span(norm, contra.sentence.start, contra.sentence.end)], numbers: [] });
  }
  if (candidates.length === 0) {
    const gone = findDeleted([...c.patterns, ...c.weaker], norm, c.context);
    if (gone.length > 0) {
      candidates.push({ outcome: 'repealed', reason: `'${quote(gone[0].match)}' appears only in deleted (struck or bracketed) matter`, evidence: gone.map((d) => deletedEvidence(norm, d)), numbers: [] });
    }
  }
  // Full-strength or restricted wording that stands only in the title or findings is a mention.
  const mention = findHits([...c.mention, ...c.patterns, ...c.weaker], norm, c.context, false)[0];
  if (mention) {
    candidates.push({ outcome: 'mentioned', reason: `mentions '${quote(norm.text.slice(mention.start, mention.end))}' without adopting the provision`, evidence: [span(norm, mention.sentence.start, mention.sentence.end)], numbers: [] });
  }
  if (candidates.length === 0) return { outcome: 'absent', reason: 'no wording for this provision', evidence: [], numbers: [] };
  return candidates.reduce((best, v) => (RANK[v.outcome] > RANK[best.outcome] ? v : best));
}

/** Scope: the narrowest level named in the anchor provision's evidence, against the model's level. */
function evaluateScope(c: CompiledProvision, norm: NormalizedText, done: Map<string, ProvisionResult>): Verdict {
  const scope = c.scope;
  const anchor = scope ? done.get(scope.anchor) : undefined;
  if (!scope || !anchor || (anchor.outcome !== 'adopted' && anchor.outcome !== 'weaker')) {
    return { outcome: 'absent', reason: `no ${scope?.anchor ?? 'anchor'} provision to take the scope from`, evidence: [], numbers: [] };
  }
  const ev = anchor.evidence[0];
  let narrowest: { level: string; rank: number } | null = null;
  for (const l of scope.levels) {
    if (l.res.some((r) => { r.lastIndex = 0; return r.test(ev.excerpt); }) && (!narrowest || l.rank < narrowest.rank)) narrowest = l;
  }
  if (!narrowest) return { outcome: 'mentioned', reason: `${scope.anchor} does not say whom it binds`, evidence: [ev], numbers: [] };
  const ok = narrowest.rank >= scope.modelRank;
  return {
    outcome: ok ? 'adopted' : 'weaker',
    reason: ok ? `${scope.anchor} binds ${narrowest.level} (model: ${scope.model})` : `${scope.anchor} binds only ${narrowest.level} < model ${scope.model}`,
    evidence: [ev], numbers: [], scopeLevel: narrowest.level,
  };
}

const CREDIT: Record<Outcome, number> = { adopted: 1, weaker: 0.5, mentioned: 0, absent: 0, repealed: 0, contradicted: 0 };

/**
 * Returns how far one normalized bill version adopts `model`: per provision an outcome
 * with evidence spans (offsets into `normalized.text`) and the reason in words, a weighted
 * score and threat score over verified provisions, the stance, and a copy score from a
 * word-level local alignment against the model's exemplars. Pure and synchronous; never
 * throws for well-formed input (models come validated from `loadModelPolicies`).
 */
export function scoreText(normalized: NormalizedText, model: ModelPolicy): VersionScore {
  const compiled = compile(model);
  const done = new Map<string, ProvisionResult>();
  const doc = indexWords(normalized.text, normalized);
  // Scope provisions read their anchor's result, so they go last.
  const order = [...compiled].sort((a, b) => Number(Boolean(a.scope)) - Number(Boolean(b.scope)));
  for (const c of order) {
    const v = evaluate(c, normalized, done);
    let copyScore = 0;
    let copyEvidence: EvidenceSpan | undefined;
    for (const ex of c.exemplars) {
      const a = alignExemplar(doc, normalized.text, ex);
      if (a.score > copyScore) { copyScore = a.score; copyEvidence = a.span; }
    }
    const result: ProvisionResult = {
      provisionId: c.p.id, statement: c.p.statement, kind: c.p.kind, weight: c.p.weight, required: c.p.required,
      verified: c.p.verified, outcome: v.outcome, reason: v.reason, evidence: v.evidence, numbers: v.numbers, copyScore,
    };
    if (v.scopeLevel) result.scopeLevel = v.scopeLevel;
    if (copyEvidence) result.copyEvidence = copyEvidence;
    done.set(c.p.id, result);
  }
  const provisions = compiled.map((c) => done.get(c.p.id) as ProvisionResult);
  return summarizeProvisions(provisions, { policyId: model.policyId, modelVersion: model.version, textHash: normalized.hash });
}

/**
 * Returns the version score of a list of provision results: weighted score and threat
 * score over the verified (or, with `counted`, the chosen) provisions, adoption level and
 * stance. `scoreText` uses it; so does applying staff overrides to a stored score.
 */
export function summarizeProvisions(
  provisions: ProvisionResult[],
  meta: { policyId: string; modelVersion: number; textHash: string },
  counted: (p: ProvisionResult) => boolean = (p) => p.verified,
): VersionScore {
  const weighted = (list: ProvisionResult[]): number => {
    const total = list.reduce((s, p) => s + p.weight, 0);
    return total === 0 ? 0 : list.reduce((s, p) => s + p.weight * CREDIT[p.outcome], 0) / total;
  };
  const visible = provisions.filter(counted);
  const supporting = visible.filter((p) => p.kind !== 'threat');
  const threats = visible.filter((p) => p.kind === 'threat');
  const score = weighted(supporting);
  const threatScore = weighted(threats);
  const required = supporting.filter((p) => p.required);
  const adoption = score === 0 ? 'none' : required.length > 0 && required.every((p) => p.outcome === 'adopted') ? 'full' : 'partial';
  let stance: Stance | null = null;
  if (score > 0 && threatScore === 0) stance = 'supports';
  else if (threatScore > 0 && score === 0) stance = 'opposes';
  else if (score > 0 || threatScore > 0 || visible.some((p) => p.outcome === 'contradicted')) stance = 'unclear';
  return {
    policyId: meta.policyId, modelVersion: meta.modelVersion, textHash: meta.textHash,
    score, threatScore, adoption, stance, copyScore: Math.max(0, ...provisions.map((p) => p.copyScore)), provisions,
  };
}
