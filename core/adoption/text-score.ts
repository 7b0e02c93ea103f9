import type { NormalizedText } from '../texts/bill-text-normalize.js';
import type { EvidenceSpan, NumberFound, Outcome, ProvisionResult, Stance, VersionScore } from './adoption-types.js';
import { alignExemplar, exemplarWords, indexWords } from './copy-align.js';
import type { FrameMode, ModelPolicy, NumericRule, Provision, WeakerReason } from './model-policy.schema.js';
import { parseNumber } from './number-words.js';
import { judgeSentence, REPEALING, studyOnlyBefore } from './clause-grammar.js';

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
  frame?: { mode: FrameMode; terms: RegExp[]; with: RegExp[][] };
  scopeLimiters: RegExp[];
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
      frame: p.frame && { mode: p.frame.mode, terms: p.frame.terms.map(re), with: p.frame.with.map((group) => group.map(re)) },
      scopeLimiters: p.scopeLimiters.map(re),
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

/** Sentences that state findings, intent, purpose or a short title: they mention, never adopt. */
const NON_OPERATIVE_SENTENCE = /^(?:\s*(?:\(?[\w.]{1,6}\)|[A-Za-z0-9]{1,4}\.)\s*)*(?:WHEREAS\b|(?:the\s+)?(?:general\s+assembly|legislature|congress|council|board|people|city|county|state)\b[^.;]{0,80}?\b(?:hereby\s+)?(?:further\s+)?(?:finds?|declares?|recogni[sz]es?|acknowledges?)\b|(?:it\s+is\s+)?the\s+(?:intent|purpose|policy)\s+of\s+(?:the|this)\b|it\s+is\s+(?:the\s+)?(?:intent|purpose|policy)\b|this\s+(?:act|ordinance|chapter|article|section|resolution)\s+(?:may|shall)\s+be\s+(?:cited|known)\b)/i;
/** Section catch lines that make the whole section non-operative: "Sec. 2. Findings.", "§ 1. Legislative declaration." */
const NON_OPERATIVE_SECTION = /^\s*(?:\(?\w{1,3}[.)]\s*)?(?:legislative\s+|council\s+)?(?:findings?|declarations?|intent|purpose|statement\s+of\s+(?:purpose|intent)|short\s+title)(?:\s+and\s+(?:findings|declarations?|intent|purpose))?\s*[.:—-]/i;
const nonOperativeSections = new WeakMap<NormalizedText, { start: number; end: number }[]>();

function findingsSections(norm: NormalizedText): { start: number; end: number }[] {
  const hit = nonOperativeSections.get(norm);
  if (hit) return hit;
  const out = norm.sections
    .filter((sec) => sec.heading !== '' && NON_OPERATIVE_SECTION.test(norm.text.slice(sec.start + sec.heading.length, sec.start + sec.heading.length + 80)))
    .map((sec) => ({ start: sec.start, end: sec.end }));
  nonOperativeSections.set(norm, out);
  return out;
}

/** Titles, findings, intent, short titles and WHEREAS clauses only mention a provision; they never adopt it. */
function isOperative(norm: NormalizedText, offset: number, sentence: { start: number; end: number }): boolean {
  if (offset < norm.operativeStart) return false;
  if (NON_OPERATIVE_SENTENCE.test(norm.text.slice(sentence.start, Math.min(sentence.end, sentence.start + 240)))) return false;
  return !findingsSections(norm).some((sec) => offset >= sec.start && offset < sec.end);
}

/** Raw matches of one pattern in one text, shared by every provision that uses the same pattern (terms recur across a model). */
const matchCache = new WeakMap<NormalizedText, Map<string, { index: number; length: number }[]>>();

function matchesOf(r: RegExp, norm: NormalizedText): { index: number; length: number }[] {
  let byPattern = matchCache.get(norm);
  if (!byPattern) { byPattern = new Map(); matchCache.set(norm, byPattern); }
  let found = byPattern.get(r.source);
  if (!found) {
    r.lastIndex = 0;
    found = [...norm.text.matchAll(r)].map((m) => ({ index: m.index, length: m[0].length }));
    byPattern.set(r.source, found);
  }
  return found;
}

function findHits(res: RegExp[], norm: NormalizedText, context: RegExp[], operativeOnly = true): Hit[] {
  const hits: Hit[] = [];
  for (const r of res) {
    for (const m of matchesOf(r, norm)) {
      if (m.length === 0) continue;
      const sentence = sentenceAt(norm, m.index);
      if (operativeOnly && !isOperative(norm, m.index, sentence)) continue;
      if (context.length > 0) {
        const s = norm.text.slice(sentence.start, sentence.end);
        const fits = (t: string): boolean => context.some((c) => { c.lastIndex = 0; return c.test(t); });
        // A list item's context is its lead-in too ("revoked ... for any of the following: (E) excessive force"),
        // and a sentence's is the paragraphs around it ("(d) The board shall require grant recipients to report ...").
        if (!fits(s) && !fits(leadInOf(norm, sentence) ?? '') && !fits(norm.text.slice(Math.max(0, m.index - 600), m.index + 600))) continue;
      }
      hits.push({ start: m.index, end: m.index + m.length, sentence });
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
    // The number nearest the provision: its own list item or clause ("(b) in the case of a felony, eight years"), then the sentence, then the text.
    const whole = hit ? norm.text.slice(hit.sentence.start, hit.sentence.end) : '';
    const scopes = hit ? [clauseOf(whole, hit.start - hit.sentence.start), whole, norm.text] : [norm.text];
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

type Verdict = { outcome: Outcome; reason: string; evidence: EvidenceSpan[]; numbers: NumberFound[]; scopeLevel?: string; because?: WeakerReason };
const RANK: Record<Outcome, number> = { adopted: 5, weaker: 4, contradicted: 3, repealed: 2, mentioned: 1, absent: 0 };

function scopeLimiterIn(c: CompiledProvision, sentence: string): string | null {
  for (const r of c.scopeLimiters) {
    r.lastIndex = 0;
    const m = r.exec(sentence);
    if (m) return m[0];
  }
  return null;
}

/** Judges one full-strength hit: limiters and negations in its sentence, numbers against the model. */
/** List items joined into one sentence: "(1) ... and (2) ...", "...; (b) ...". */
const ITEM_BREAK = /(?:^|[,:;]\s*|\s(?:and|or)\s+)\(\s*(?:\d{1,2}|[ivx]{1,4}|[a-z])\s*\)\s|;\s/g;

/** The part of the sentence that holds the hit: list items and ";"-clauses apart, so an exception in item (1) does not limit item (2). */
function clauseOf(sentence: string, at: number): string {
  let from = 0;
  let to = sentence.length;
  for (const m of sentence.matchAll(ITEM_BREAK)) {
    if (m.index <= at) from = m.index;
    else { to = m.index; break; }
  }
  return sentence.slice(from, to);
}

function judgeHit(c: CompiledProvision, norm: NormalizedText, hit: Hit, cue?: string): Verdict {
  const whole = norm.text.slice(hit.sentence.start, hit.sentence.end);
  const found = quote(norm.text.slice(hit.start, hit.end));
  const evidence = [span(norm, hit.sentence.start, hit.sentence.end)];
  const study = cue === undefined ? studyOnlyBefore(whole, hit.start - hit.sentence.start) : null;
  if (study) return { outcome: 'mentioned', reason: `mentions '${found}' but only as something to study ('${study}')`, evidence, numbers: [] };
  const sentence = clauseOf(whole, hit.start - hit.sentence.start);
  const negation = c.negations.find((n) => n.re.test(sentence));
  if (negation) return { outcome: 'contradicted', reason: `found '${found}' but '${negation.phrase}' in the same sentence turns it around`, evidence, numbers: [] };
  const limiting = c.limiters.filter((l) => l.re.test(sentence));
  const limiter = limiting.length > 0 ? { phrase: limiting.map((l) => l.phrase).join("' / '") } : undefined;
  const numbers = readNumbers(c, norm, hit);
  const missing = c.numeric.filter((n) => n.rule.required && !numbers.some((f) => f.label === n.rule.label));
  const unmet = numbers.filter((n) => !n.meets);
  if (limiter) return { outcome: 'weaker', because: 'exception', reason: `exception: found '${found}' but '${limiter.phrase}' in the same sentence limits it`, evidence, numbers };
  const narrower = scopeLimiterIn(c, sentence);
  if (narrower) return { outcome: 'weaker', because: 'scope', reason: `narrower scope: found '${found}' but only for '${narrower}'`, evidence, numbers };
  if (unmet.length > 0) return { outcome: 'weaker', because: 'limit', reason: `limit: found '${found}'; ${unmet.map(numberReason).join('; ')}`, evidence, numbers };
  if (missing.length > 0) {
    return { outcome: 'weaker', because: 'limit', reason: `limit: found '${found}' but no ${missing.map((n) => `${n.rule.label} (model ${n.rule.comparator === 'at-least' ? '>=' : '<='} ${n.rule.model} ${n.rule.unit})`).join(', ')} is stated`, evidence, numbers };
  }
  const cues = c.limiters.length > 0 ? `; no ${c.limiters.slice(0, 3).map((l) => `'${l.phrase}'`).join(' / ')} in the clause` : '';
  const nums = numbers.length > 0 ? `; ${numbers.map(numberReason).join('; ')}` : '';
  const how = cue ? ` under '${quote(cue, 40)}'` : '';
  return { outcome: 'adopted', reason: `found '${found}'${how}${cues}${nums}`, evidence, numbers };
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
      const listed = `found ${firstHits.length} of ${c.patterns.length} listed items (model: at least ${min}): ${names}`;
      candidates.push(ok ? { outcome: 'adopted', reason: listed, evidence, numbers: [] } : { outcome: 'weaker', because: 'scope', reason: `narrower scope: ${listed}`, evidence, numbers: [] });
    }
  }
  for (const hit of min === undefined ? findHits(c.patterns, norm, c.context) : []) {
    const v = judgeHit(c, norm, hit);
    candidates.push(v);
    if (v.outcome === 'adopted') break;
  }
  candidates.push(...frameVerdicts(c, norm));
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
    const found = quote(norm.text.slice(hit.start, hit.end));
    candidates.push(ok
      ? { outcome: 'adopted', reason: `restriction '${found}' is within the model: ${numbers.map(numberReason).join('; ')}`, evidence: [span(norm, hit.sentence.start, hit.sentence.end)], numbers }
      : { outcome: 'weaker', because: 'limit', reason: `limit: restriction still in force: '${found}'${numbers.length ? `; ${numbers.map(numberReason).join('; ')}` : ''}`, evidence: [span(norm, hit.sentence.start, hit.sentence.end)], numbers });
    break;
  }
  const weakerHit = findHits(c.weaker, norm, c.context)[0];
  if (weakerHit) {
    const sentence = norm.text.slice(weakerHit.sentence.start, weakerHit.sentence.end);
    const cues = c.limiters.filter((l) => l.re.test(sentence)).map((l) => `'${l.phrase}'`);
    const because: WeakerReason = cues.length > 0 ? 'exception' : c.p.weakerBecause;
    candidates.push({ outcome: 'weaker', because, reason: `${WEAKER_WORDS[because]}: found restricted wording '${quote(norm.text.slice(weakerHit.start, weakerHit.end))}'${cues.length ? ` (${cues.join(', ')})` : ''}, not the model's full provision`, evidence: [span(norm, weakerHit.sentence.start, weakerHit.sentence.end)], numbers: readNumbers(c, norm, weakerHit) });
  }
  const contra = findHits(c.contradict, norm, c.context)[0];
  if (contra) {
    candidates.push({ outcome: 'contradicted', reason: `found '${quote(norm.text.slice(contra.start, contra.end))}', which goes against the model`, evidence: [span(norm, contra.sentence.start, contra.sentence.end)], numbers: [] });
  }
  if (!candidates.some((v) => v.outcome === 'adopted' || v.outcome === 'weaker')) {
    const gone = findDeleted([...c.patterns, ...c.weaker, ...(c.frame?.terms ?? [])], norm, c.context);
    if (gone.length > 0) {
      const removes = c.frame?.mode === 'remove';
      candidates.push({ outcome: removes ? 'adopted' : 'repealed', reason: removes ? `struck '${quote(gone[0].match)}': the text takes it out of the law` : `'${quote(gone[0].match)}' appears only in deleted (struck or bracketed) matter`, evidence: gone.map((d) => deletedEvidence(norm, d)), numbers: [] });
    }
  }
  // Full-strength or restricted wording that stands only in the title or findings is a mention.
  const mention = findHits([...c.mention, ...c.patterns, ...c.weaker], norm, c.context, false)[0];
  if (mention) {
    candidates.push({ outcome: 'mentioned', reason: `mentions '${quote(norm.text.slice(mention.start, mention.end))}' without adopting the provision`, evidence: [span(norm, mention.sentence.start, mention.sentence.end)], numbers: [] });
  }
  return combine(c, candidates);
}

const WEAKER_WORDS: Record<WeakerReason, string> = { exception: 'exception', limit: 'limit', scope: 'narrower scope', permissive: 'permissive' };

/**
 * The best candidate wins (adopted > weaker > contradicted > repealed > mentioned), except
 * for bans: a ban stated in one sentence is weaker when another operative sentence carves
 * an exception out of it ("may issue ... only if") or allows what it bans, and the reader
 * sees both passages.
 */
function combine(c: CompiledProvision, candidates: Verdict[]): Verdict {
  if (candidates.length === 0) return { outcome: 'absent', reason: 'no wording for this provision', evidence: [], numbers: [] };
  const best = candidates.reduce((top, v) => (RANK[v.outcome] > RANK[top.outcome] ? v : top));
  const isBan = c.frame?.mode === 'prohibit' || c.p.kind === 'ban';
  if (!isBan || best.outcome !== 'adopted') return best;
  const carveOut = candidates.find((v) => (v.outcome === 'weaker' && v.because !== 'permissive') || (v.outcome === 'contradicted' && v.evidence.length > 0 && v.evidence[0].start !== best.evidence[0]?.start));
  if (!carveOut) return best;
  const because: WeakerReason = carveOut.because ?? 'exception';
  return {
    outcome: 'weaker', because, numbers: best.numbers,
    reason: `${WEAKER_WORDS[because]}: the ban is stated (${best.reason}), but elsewhere: ${carveOut.reason.replace(/^(?:exception|limit|narrower scope|permissive): /, '')}`,
    evidence: [...best.evidence, ...carveOut.evidence.filter((e) => !best.evidence.some((b) => b.start === e.start))],
  };
}

const LIST_ITEM = /^\s*(?:\(\s*(?:\d{1,3}|[a-z]{1,2}|[ivxl]{1,6}|[A-Z])\s*\)|(?:\d{1,3}|[a-z]|[A-Z])[.)])\s/;

/**
 * The lead-in of a list item: walking back over earlier items, the sentence ending in ":"
 * or "—" that introduces the list ("The duties of the Executive Director shall include:");
 * null when the sentence is not a list item or no lead-in is near.
 */
const leadInCache = new WeakMap<NormalizedText, Map<number, string | null>>();

function leadInOf(norm: NormalizedText, sentence: { start: number; end: number }): string | null {
  const text = norm.text;
  if (!LIST_ITEM.test(text.slice(sentence.start, sentence.start + 12))) return null;
  let cache = leadInCache.get(norm);
  if (!cache) { cache = new Map(); leadInCache.set(norm, cache); }
  const hit = cache.get(sentence.start);
  if (hit !== undefined) return hit;
  const found = findLeadIn(norm, sentence);
  cache.set(sentence.start, found);
  return found;
}

function findLeadIn(norm: NormalizedText, sentence: { start: number; end: number }): string | null {
  const text = norm.text;
  let lo = 0;
  let hi = norm.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (norm.sentences[mid].start <= sentence.start) lo = mid; else hi = mid - 1;
  }
  // Nested lists: "(a) ... revoked ... any of the following: (2) ... for any of the following reasons: (E) ...".
  const leadIns: string[] = [];
  for (let i = lo - 1, steps = 0; i >= 0 && steps < 40 && leadIns.length < 2; i--, steps++) {
    const prev = norm.sentences[i];
    const t = text.slice(prev.start, prev.end);
    // "... any of the following:" ends the sentence, or runs straight into the first item ("following:(1) The person ...").
    const colon = /[:—]\s*$/.test(t) ? t.length : (/^[\s\S]*[:—](?=\s*\(?\w{1,4}[.)])/.exec(t)?.[0].length ?? -1);
    if (colon > 0) {
      const lead = t.slice(0, colon);
      leadIns.unshift(lead.length > 400 ? lead.slice(-400) : lead);
      if (!LIST_ITEM.test(t.slice(0, 12))) break;
      continue;
    }
    if (!LIST_ITEM.test(t.slice(0, 12))) break;
  }
  return leadIns.length > 0 ? leadIns.join(' ') : null;
}

const repealingCache = new WeakMap<NormalizedText, { start: number; end: number }[]>();

/** Operative sentences that take law out ("is repealed", "amended by striking"), found once per text. */
function repealingSentences(norm: NormalizedText): { start: number; end: number }[] {
  let found = repealingCache.get(norm);
  if (!found) {
    found = norm.sentences.filter((rs) => rs.start >= norm.operativeStart && REPEALING.test(norm.text.slice(rs.start, rs.end)));
    repealingCache.set(norm, found);
  }
  return found;
}

/** Section ids a repealing sentence names: "Section 39.12", "§ 19.2-56.3", "Article 15.251", "section 3 of this act". */
function citedSections(sentence: string): string[] {
  return [...sentence.matchAll(/(?:§+\s*|\b(?:section|sec\.|article|art\.)\s+)(\d[\w.:-]*\w)/gi)].map((m) => m[1].toLowerCase());
}

function sectionId(heading: string): string {
  return heading.replace(/^(?:§+|section|sec\.|article|art\.)\s*/i, '').replace(/\.$/, '').toLowerCase();
}

/**
 * Frame hits: each sentence where a term of the provision stands, judged by what the
 * sentence does with it (clause-grammar), with the provision's exceptions, scope limiters
 * and numbers; plus sections of the text that a repealing sentence names and that hold a
 * term ("Section 39.12 is repealed").
 */
function frameVerdicts(c: CompiledProvision, norm: NormalizedText): Verdict[] {
  const f = c.frame;
  if (!f) return [];
  const out: Verdict[] = [];
  const hits = findHits(f.terms, norm, c.context, false);
  for (const hit of hits) {
    const sentence = norm.text.slice(hit.sentence.start, hit.sentence.end);
    const found = quote(norm.text.slice(hit.start, hit.end));
    const evidence = [span(norm, hit.sentence.start, hit.sentence.end)];
    // A list item ("(3) Developing a stipend program;") takes its verb from the lead-in ("The duties ... shall include:").
    const leadIn = leadInOf(norm, hit.sentence);
    const judged = leadIn ? `${leadIn} ${sentence}` : sentence;
    // Without the rest of the frame the term alone is not this provision (a "train" that is not about ketamine).
    const within = (t: string): boolean => f.with.every((group) => group.some((r) => { r.lastIndex = 0; return r.test(t); }));
    if (!within(sentence) && (leadIn === null || !within(judged))) continue;
    if (!isOperative(norm, hit.start, hit.sentence)) {
      out.push({ outcome: 'mentioned', reason: `mentions '${found}' in a title, findings or a preamble, which do not adopt it`, evidence, numbers: [] });
      continue;
    }
    const shift = leadIn ? leadIn.length + 1 : 0;
    const j = judgeSentence(f.mode, judged, hit.start - hit.sentence.start + shift, hit.end - hit.sentence.start + shift, leadIn ? 300 + shift : 300);
    if (j.outcome === 'adopted') out.push(judgeHit(c, norm, hit, j.cue));
    else if (j.outcome === 'weaker') out.push({ outcome: 'weaker', because: j.because, reason: `${WEAKER_WORDS[j.because]}: found '${found}' but ${j.cue}`, evidence, numbers: readNumbers(c, norm, hit) });
    else if (j.outcome === 'contradicted') out.push({ outcome: 'contradicted', reason: `found '${found}' but ${j.cue}: against the model`, evidence, numbers: [] });
    else if (j.outcome === 'repealed') out.push({ outcome: 'repealed', reason: `'${j.cue}': the sentence takes '${found}' out of the law`, evidence, numbers: [] });
    else out.push({ outcome: 'mentioned', reason: `mentions '${found}' (${j.cue})`, evidence, numbers: [] });
  }
  for (const rs of repealingSentences(norm)) {
    const sentence = norm.text.slice(rs.start, rs.end);
    const removes = f.mode === 'remove';
    for (const id of citedSections(sentence)) {
      const sec = norm.sections.find((x) => x.heading !== '' && sectionId(x.heading) === id && !(rs.start >= x.start && rs.start < x.end));
      const inSection = sec && hits.find((h) => h.start >= sec.start && h.start < sec.end);
      // Or a sentence elsewhere (the title, a cross-reference) that names the same section beside a term:
      // "in relation to the automatic sealing of certain convictions; and to repeal section 160.57".
      const sameId = new RegExp(`(?:§+\\s*|\\bsection\\s+|\\bsec\\.\\s*|\\barticle\\s+)${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-]*\\d)`, 'i');
      const named = inSection ? undefined : hits.find((h) => h.sentence.start !== rs.start && sameId.test(norm.text.slice(h.sentence.start, h.sentence.end)));
      const held = inSection ?? named;
      if (!held) continue;
      out.push({
        outcome: removes ? 'adopted' : 'repealed',
        reason: `'${quote(sentence, 60)}' repeals ${sec && inSection ? sec.heading : `section ${id}`}, which ${inSection ? 'holds' : 'the text ties to'} '${quote(norm.text.slice(held.start, held.end))}'`,
        evidence: [span(norm, rs.start, rs.end), span(norm, held.sentence.start, held.sentence.end)], numbers: [],
      });
      break;
    }
  }
  return out;
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
    reason: ok ? `${scope.anchor} binds ${narrowest.level} (model: ${scope.model})` : `narrower scope: ${scope.anchor} binds only ${narrowest.level} < model ${scope.model}`,
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
  let index: ReturnType<typeof indexWords> | undefined;
  const doc = (): ReturnType<typeof indexWords> => (index ??= indexWords(normalized.text, normalized));
  // Scope provisions read their anchor's result, so they go last.
  const order = [...compiled].sort((a, b) => Number(Boolean(a.scope)) - Number(Boolean(b.scope)));
  for (const c of order) {
    let v = evaluate(c, normalized, done);
    // A threat is there or it is not: a text that names the subject without the threat, or goes the other way, has no threat.
    if (c.p.kind === 'threat' && (v.outcome === 'contradicted' || v.outcome === 'mentioned')) v = { outcome: 'absent', reason: `no threat: ${v.reason}`, evidence: [], numbers: [] };
    let copyScore = 0;
    let copyEvidence: EvidenceSpan | undefined;
    // A text with no wording for the provision copies none of its exemplars: skip the alignment (the costly part).
    for (const ex of v.outcome === 'absent' ? [] : c.exemplars) {
      const a = alignExemplar(doc(), normalized.text, ex);
      if (a.score > copyScore) { copyScore = a.score; copyEvidence = a.span; }
    }
    const result: ProvisionResult = {
      provisionId: c.p.id, statement: c.p.statement, kind: c.p.kind, weight: c.p.weight, required: c.p.required,
      verified: c.p.verified, outcome: v.outcome, reason: v.reason, evidence: v.evidence, numbers: v.numbers, copyScore,
    };
    if (v.scopeLevel) result.scopeLevel = v.scopeLevel;
    if (v.outcome === 'weaker') result.weakerBecause = v.because ?? (v.scopeLevel ? 'scope' : 'limit');
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
