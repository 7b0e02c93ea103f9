/**
 * How statute sentences say what they do with the thing they name: forbid it ("No officer
 * shall ...", "... may not issue ...", "... is prohibited"), allow it ("may issue ... only
 * if"), impose it as a duty ("shall", "is required to"), set it up ("There is hereby
 * established", "shall establish"), pay for it ("appropriated", "may award grants"), end
 * it ("terminates", "is repealed") or define it ("... means"). Pure string work on one
 * sentence; the scorer (`text-score.ts`) asks it about each sentence where a provision's
 * terms stand. Written from the wording of real codes and acts (Virginia § 19.2-56,
 * Texas CCP art. 15.251 drafts, Kentucky KRS 455.180, DC Council acts, NY LBDC bills).
 */

/** What governs a term in its sentence. */
export type Governance =
  | { kind: 'forbid'; cue: string; near?: boolean }
  | { kind: 'allow'; cue: string; conditional: boolean }
  | { kind: 'require'; cue: string }
  | { kind: 'may'; cue: string }
  | { kind: 'negated'; cue: string }
  | { kind: 'preempt'; cue: string }
  | { kind: 'none' };

/** List labels and section numbers at the start of a sentence: "(a)", "B.", "1.", "§ 2.", "Sec. 3.". */
const LEADING_LABELS = /^(?:\s*(?:\(\s*[\w.]{1,6}\s*\)|\[\s*[\w.]{1,6}\s*\]|[A-Za-z0-9]{1,4}[.)](?=\s)|§+\s*[\d.:A-Za-z-]+\.?|(?:Section|SECTION|Sec\.|SEC\.|Art\.|Article|ARTICLE)\s+[\w.-]+\.?|[—–-]+))+\s*/;

/** Returns the sentence without its leading labels. */
export function stripLabels(sentence: string): string {
  return sentence.replace(LEADING_LABELS, '');
}

type Token = { at: number; end: number; kind: 'neg' | 'pos' | 'may'; cue: string };

const MODALS: { re: RegExp; kind: Token['kind'] }[] = [
  { re: /\b(?:shall|may|must|will|should)\s+(?:not|never)\b|\bcan\s*not\b|\bcannot\b|\b(?:shall|may)\s+no\s+longer\b|\b(?:is|are|be)\s+(?:hereby\s+|strictly\s+|expressly\s+)?(?:prohibited|barred|forbidden|precluded|restricted)\s+from\b|\bshall\s+refrain\s+from\b|\bprohibit(?:s|ed)?\s+(?:any\s+|all\s+|each\s+)?(?:[\w-]+\s+){0,6}?from\b|\bit\s+(?:is|shall\s+be)\s+unlawful\s+(?:for|to)\b/gi, kind: 'neg' },
  { re: /\b(?:is|are)\s+(?:hereby\s+)?(?:required|directed|obligated|mandated|responsible)\s+(?:to|for)\b|\bha(?:s|ve)\s+(?:a|the)\s+duty\s+to\b|\bit\s+(?:is|shall\s+be)\s+the\s+duty\b|\b(?:shall|must)\b/gi, kind: 'pos' },
  { re: /\b(?:is|are)\s+(?:hereby\s+)?(?:authorized|permitted|allowed|empowered)\s+to\b|\bmay\b|\bcan\b/gi, kind: 'may' },
];

/** "No officer shall", "No warrant may", "Neither ... nor ... shall": the first modal after it forbids. */
const NO_SUBJECT = /^(?:no|neither)\s+(?!later\b|sooner\b|earlier\b|fewer\b|more\b|less\b|longer\b|further\b|greater\b|matter\b|one\s+of\b)/i;
/** "shall not be construed", "nothing in this section": the sentence says the law does NOT do it. */
const NEGATED = /\bnothing\s+(?:in|contained\s+in)\s+(?:this|these|the)\b|\b(?:shall|may|must|will|should)\s+not\s+be\s+(?:construed|interpreted|deemed|read)\b|\b(?:does|do|shall)\s+not\s+(?:prohibit|preclude|bar|limit|restrict|prevent|apply)\b|\b(?:is|are)\s+not\s+prohibited\b/i;
const DOUBLE_NEGATIVE_VERBS = /\b(?:prohibit|ban|restrict|limit|regulat|restrain|prevent|imped|preclud|bar)\w*/i;
const LOCAL_ACTOR = /\b(?:political\s+subdivisions?|local\s+(?:governments?|government\s+units?|authorit(?:y|ies)|governing\s+bod(?:y|ies)|law\s+enforcement\s+agenc(?:y|ies))|municipalit(?:y|ies)|count(?:y|ies)|cit(?:y|ies)|towns?|home\s+rule\s+units?|units?\s+of\s+local\s+government)\b/i;
/** After a term: "... are prohibited", "... shall not be issued", "... is void". */
const FORBIDDEN_AFTER = /^[^.;]{0,100}?\b(?:(?:is|are|shall\s+be|will\s+be|be|being|remain)\s+(?:hereby\s+|strictly\s+|expressly\s+|absolutely\s+)?(?:prohibited|banned|forbidden|barred|abolished|outlawed|unlawful|illegal|void|invalid|not\s+(?:permitted|allowed|authorized|lawful|valid))|(?:shall|may|must|will|can)\s*not\s+be\s+(?:\w+\s+){0,2}?(?:issued|used|sought|executed|served|requested|granted|approved|authorized|obtained|applied\s+for|employed|utilized|carried\s+out|administered|given|conducted))\b/i;
/** Right before a term: "prohibits the use of", "to ban", "bars any". */
const FORBIDDING_VERB_BEFORE = /\b(?:prohibits?|prohibited|prohibiting|bans?|banning|bars?|barring|forbids?|forbidding|outlaws?|outlawing)\s+(?:the\s+)?(?:(?:use|issuance|execution|practice|service|application|request|seeking)\s+(?:of|for)\s+)?(?:(?:any|all|a|an|the)\s+)?(?:["“'‘]\s*)?$/i;
/** After a term: "... may be issued only if", "... are permitted when". */
const ALLOWED_AFTER = /^[^.;]{0,100}?\b(?:(?:may|can|shall)\s+(?:only\s+)?be\s+(?:\w+\s+){0,2}?(?:issued|used|executed|served|authorized|granted|approved|sought|obtained|administered|requested)|(?:is|are)\s+(?:only\s+)?(?:permitted|allowed|authorized|lawful))\b/i;
/** Words that make an allowance conditional: a limit, not a licence. */
const CONDITIONS = /\b(?:if|only|when|whenever|where|upon|unless|provided|after|in\s+cases?|limited\s+to|following|subject\s+to|exigent|extreme|imminent|necessary|finds?|determines?)\b/i;
/** Between a modal and a term: "shall not enter without first", "may not enter unless" (a duty in the negative). */
const WITHOUT_BEFORE_TERM = /\b(?:without|unless|until|before|prior\s+to)\s+(?:(?:first|having|having\s+first|the\s+officer\s+first|officers?\s+first)\s+)?(?:[\w-]+\s+){0,3}?$/i;

const DESCRIBED_NEGATIVELY = /\b(?:does|do|did|need|needs)\s+not\s+(?:require|include|provide|need|call\s+for)\b|\bwithout\s+(?:the\s+)?(?:need|requirement)\b/i;

/** True when study-only wording ("shall study the feasibility of") stands before `start` in the sentence. */
export function studyOnlyBefore(sentence: string, start: number): string | null {
  return STUDY_ONLY.exec(sentence.slice(Math.max(0, start - 200), start))?.[0] ?? null;
}

function modalTokens(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const { re, kind } of MODALS) {
    re.lastIndex = 0;
    for (const m of sentence.matchAll(re)) tokens.push({ at: m.index, end: m.index + m[0].length, kind, cue: m[0] });
  }
  // A "shall not" is not also a "shall": drop tokens inside a longer one.
  tokens.sort((a, b) => a.at - b.at || b.end - a.end);
  const kept: Token[] = [];
  for (const t of tokens) if (!kept.some((k) => t.at >= k.at && t.end <= k.end)) kept.push(t);
  const body = stripLabels(sentence);
  const offset = sentence.length - body.length;
  if (NO_SUBJECT.test(body)) {
    const first = kept.find((t) => t.at > offset && (t.kind === 'pos' || t.kind === 'may'));
    if (first) {
      first.kind = 'neg';
      first.cue = `${body.split(/\s+/)[0]} … ${first.cue}`;
    }
  }
  return kept;
}

/**
 * Returns what governs the term at [`start`, `end`) of `sentence`: a ban on it, an
 * allowance (conditional or not), a duty, a mere "may", a negation ("nothing in this
 * section prohibits"), a preemption of local bans, or nothing. The nearest modal before
 * the term decides (within `reach` characters: a list item's lead-in reaches further); a passive after it ("... shall not be
 * issued", "... is prohibited") when there is none.
 */
export function governanceAt(sentence: string, start: number, end: number, reach = 300): Governance {
  const before = sentence.slice(0, start);
  const after = sentence.slice(end);
  if (NEGATED.test(before)) return { kind: 'negated', cue: NEGATED.exec(before)?.[0] ?? 'nothing in this section' };
  const tokens = modalTokens(sentence);
  const prior = tokens.filter((t) => t.end <= start && start - t.end <= reach).pop();
  const forbiddingVerb = FORBIDDING_VERB_BEFORE.exec(before.slice(-80));
  if (forbiddingVerb && prior?.kind !== 'neg') return { kind: 'forbid', cue: forbiddingVerb[0].trim() };
  if (prior) {
    const between = sentence.slice(prior.end, start);
    // "a warrant that does not require the officer to knock and announce": the term describes the thing, nothing governs it.
    if (DESCRIBED_NEGATIVELY.test(between)) return { kind: 'none' };
    if (prior.kind === 'neg') {
      if (DOUBLE_NEGATIVE_VERBS.test(between) && !/\bwithout\b/i.test(between)) {
        const actor = sentence.slice(Math.max(0, prior.at - 120), prior.at);
        return LOCAL_ACTOR.test(actor) || LOCAL_ACTOR.test(between) ? { kind: 'preempt', cue: `${prior.cue} … ${DOUBLE_NEGATIVE_VERBS.exec(between)?.[0] ?? ''}` } : { kind: 'negated', cue: prior.cue };
      }
      if (WITHOUT_BEFORE_TERM.test(between)) return { kind: 'require', cue: `${prior.cue} … ${WITHOUT_BEFORE_TERM.exec(between)?.[0].trim() ?? ''}` };
      return { kind: 'forbid', cue: prior.cue, near: between.length <= 60 };
    }
    if (FORBIDDEN_AFTER.test(after)) return { kind: 'forbid', cue: FORBIDDEN_AFTER.exec(after)?.[0].trim().split(/\s+/).slice(-3).join(' ') ?? '' };
    if (prior.kind === 'may') {
      const allowed = /\b(?:issue|seek|request|execute|obtain|use|authori[sz]e|approve|grant|serve|enter|apply|administer|conduct|employ|utilize|deploy|station|assign)\w*/i.test(between);
      if (allowed) return { kind: 'allow', cue: prior.cue, conditional: CONDITIONS.test(sentence) };
      return { kind: 'may', cue: prior.cue };
    }
    return { kind: 'require', cue: prior.cue };
  }
  if (FORBIDDEN_AFTER.test(after)) return { kind: 'forbid', cue: FORBIDDEN_AFTER.exec(after)?.[0].trim().split(/\s+/).slice(-3).join(' ') ?? '' };
  if (ALLOWED_AFTER.test(after)) return { kind: 'allow', cue: ALLOWED_AFTER.exec(after)?.[0].trim().split(/\s+/).slice(-3).join(' ') ?? '', conditional: CONDITIONS.test(sentence) };
  const next = tokens.find((t) => t.at >= end && t.at - end <= 120);
  if (next) {
    if (next.kind === 'neg') return { kind: 'forbid', cue: next.cue };
    return next.kind === 'pos' ? { kind: 'require', cue: next.cue } : { kind: 'may', cue: next.cue };
  }
  return { kind: 'none' };
}

/** Verbs that set a thing up. */
const ESTABLISH = /\b(?:establish|creat|implement|develop|operat|administer|maintain|launch|form|fund|expand|deploy|provid|offer|contract|designat|hir|employ|dispatch|send|award|make\s+available|set\s+up|stand\s+up|institut|staff|support|continu|us|identif|recruit|engag|serv|reach|target|ensur|conduct|run)\w*/i;
/**
 * A set-up verb whose object is the term: "establish a statewide network of mobile crisis
 * teams", "appropriated ... for mobile crisis services"; not "develop a public awareness
 * campaign on the 9-8-8 line" (the campaign is what is set up).
 */
const ATTACHED_ESTABLISH = new RegExp(`(?:${ESTABLISH.source}|\\bappropriat(?:ed|es|ion|ions|ing)\\b|\\brealloc\\w*|\\bredirect\\w*|\\breinvest\\w*)(?:[\\s,]+(?!(?:campaigns?|awareness|reports?|study|studies|plans?|education|information|outreach|materials|notices?|cards?|websites?|data|surveys?|lists?|signs?|posters?)\\b)[\\w'’$.,-]+){0,9}?[\\s,]+$`, 'i');
const ESTABLISHED_PASSIVE = /\b(?:is|are)\s+(?:hereby\s+)?(?:established|created|instituted|formed)\b|\bthere\s+(?:is|are|shall\s+be)\s+(?:hereby\s+)?(?:established|created)\b|\bhereby\s+(?:establish|create)s?\b/i;
/** Study-only wording between a modal and the term: a plan to consider it, not it. */
const STUDY_ONLY = /\b(?:stud(?:y|ies|ying)|feasibility|assess(?:es|ing|ment)?\s+(?:of\s+)?(?:the\s+)?(?:need|feasibility|whether|options?)|consider(?:s|ing)?\s+(?:whether|the\s+(?:creation|establishment|use))|explor(?:e|es|ing)|examin(?:e|es|ing)|evaluat(?:e|es|ing)\s+(?:the\s+)?(?:feasibility|whether|need|options?)|make\s+recommendations?|recommend(?:ations?)?\s+(?:on|regarding|for|to)|report\s+on\s+the\s+(?:feasibility|possibility)|develop\s+a\s+plan|task\s+force|working\s+group|work\s+group)\b/i;
const PILOT = /\bpilot\b/i;
const FUNDING = /\bappropriat(?:ed|es|ion|ions|ing)\b|\bgrants?\b|\bfund(?:s|ing|ed)?\b|\$\s?\d|\bdollars\b|\ballocat\w*|\bawards?\b|\bmoneys?\b|\bbudget\w*/i;
const SUBJECT_TO_FUNDS = /\bsubject\s+to\s+(?:the\s+)?(?:availability\s+of\s+)?(?:appropriations?|funds|funding)\b|\bto\s+the\s+extent\s+(?:that\s+)?(?:funds|funding|appropriations?)\s+(?:are|is)\s+(?:available|appropriated)|\bwithin\s+(?:existing|available)\s+(?:resources|appropriations|funds)\b/i;
const REMOVING = /\b(?:terminat|eliminat|abolish|disband|dissolv|repeal|discontinu|phas(?:e|es|ing)\s+out|remov|withdraw|cancel|ceas|end(?:s|ed|ing)?\b|not\s+renew|decline\s+to\s+renew|no\s+longer)\w*/i;
const REDUCING = /\b(?:reduc|decreas|scal(?:e|es|ing)\s+back|limit|review|re-?evaluat|reassess|re-?examin)\w*/i;
/** "is repealed", "hereby repeals", "by striking ...": the sentence takes law out. */
export const REPEALING = /\b(?:is|are)\s+(?:hereby\s+)?repealed\b|\bhereby\s+repeal|\brepeal(?:s|ing)?\s+(?:section|§|chapter|article|subsection|paragraph|part|title|the|ordinance|resolution)\b|\bamended\s+by\s+(?:striking|deleting|removing)\b|\bstrik(?:e|es|ing)\s+(?:out\s+)?(?:the\s+(?:words?|phrases?|sentences?|subsection|paragraph)|["“])/i;
const DEFINING = /^[^.;:]{0,160}?(?:["”’]\s*(?:,\s*)?(?:means|includes|shall\s+mean|has\s+the\s+meaning|refers\s+to|is\s+defined\s+as)|\b[A-Za-z-]+\s*(?:,\s*)?(?:means|shall\s+mean|has\s+the\s+meaning\s+(?:given|assigned|set\s+forth|provided)|is\s+defined\s+as))\b|^["“][^"”]{1,100}["”]\s*[:—-]|^[A-Z][\w\s'’-]{1,60}:\s+(?:A|An|Any|The)\b/;

/** True when the sentence defines a term ("'No-knock warrant' means ...", "Mobile crisis team: A team ..."). */
export function isDefinition(sentence: string): boolean {
  return DEFINING.test(stripLabels(sentence));
}

/** What a sentence does to a term, judged for one frame mode. */
export type FrameJudgement =
  | { outcome: 'adopted'; cue: string }
  | { outcome: 'weaker'; because: 'exception' | 'limit' | 'scope' | 'permissive'; cue: string }
  | { outcome: 'contradicted'; cue: string }
  | { outcome: 'repealed'; cue: string }
  | { outcome: 'mentioned'; cue: string };

/**
 * Returns how the sentence treats the term at [`start`, `end`) for a provision whose frame
 * wants `mode`: adopted (it does what the model asks), weaker (with the named reason),
 * contradicted (it does the opposite), repealed (it takes the term out of the law) or
 * mentioned (it names the term and does nothing with it).
 */
export function judgeSentence(mode: 'prohibit' | 'require' | 'empower' | 'establish' | 'fund' | 'remove' | 'define', sentence: string, start: number, end: number, reach = 300): FrameJudgement {
  const body = sentence;
  if (mode === 'define') return isDefinition(body) ? { outcome: 'adopted', cue: 'definition' } : { outcome: 'mentioned', cue: 'not a definition' };
  if (isDefinition(body)) return { outcome: 'mentioned', cue: 'a definition only' };
  if (REPEALING.test(body)) {
    return mode === 'remove' ? { outcome: 'adopted', cue: REPEALING.exec(body)?.[0] ?? 'repealed' } : { outcome: 'repealed', cue: REPEALING.exec(body)?.[0] ?? 'repealed' };
  }
  const g = governanceAt(body, start, end, reach);
  const before = body.slice(Math.max(0, start - 200), start);
  switch (mode) {
    case 'prohibit':
      if (g.kind === 'forbid') return { outcome: 'adopted', cue: g.cue };
      if (g.kind === 'allow') return g.conditional ? { outcome: 'weaker', because: 'exception', cue: `allowed with conditions ('${g.cue}')` } : { outcome: 'contradicted', cue: `allowed ('${g.cue}')` };
      if (g.kind === 'preempt') return { outcome: 'contradicted', cue: `local limits pre-empted ('${g.cue}')` };
      if (g.kind === 'negated') return { outcome: 'contradicted', cue: `'${g.cue}'` };
      return { outcome: 'mentioned', cue: g.kind === 'none' ? 'no ban in the sentence' : `'${g.cue}' is not a ban` };
    case 'require':
      if (g.kind === 'require') return STUDY_ONLY.test(before) ? { outcome: 'mentioned', cue: `only a study ('${STUDY_ONLY.exec(before)?.[0]}')` } : { outcome: 'adopted', cue: g.cue };
      // Only a "not" that governs the duty itself ("shall not be required to knock") goes against it.
      if ((g.kind === 'forbid' && g.near) || g.kind === 'preempt') return { outcome: 'contradicted', cue: `'${g.cue}'` };
      if (g.kind === 'forbid' || g.kind === 'negated') return { outcome: 'mentioned', cue: `'${g.cue}' is not about the duty itself` };
      if (g.kind === 'may' || g.kind === 'allow') return { outcome: 'weaker', because: 'permissive', cue: `'${g.cue}', not 'shall'` };
      return { outcome: 'mentioned', cue: 'no duty in the sentence' };
    case 'empower':
      if (g.kind === 'require' || g.kind === 'may' || g.kind === 'allow') return { outcome: 'adopted', cue: g.cue };
      if ((g.kind === 'forbid' && g.near) || g.kind === 'preempt' || g.kind === 'negated') return { outcome: 'contradicted', cue: `'${g.cue}'` };
      return { outcome: 'mentioned', cue: g.kind === 'none' ? 'no power given in the sentence' : `'${g.cue}' is not about the power itself` };
    case 'establish': {
      if (STUDY_ONLY.test(before)) return { outcome: 'mentioned', cue: `only a study ('${STUDY_ONLY.exec(before)?.[0]}')` };
      // The term may carry its own verb ("pair mental health clinicians with ...").
      // "... fund community-based programs, including hospital-based programs and street outreach": the list shares the verb.
      const listed = /\b(?:including|such\s+as)\b/i.test(before.slice(-120)) && ESTABLISH.test(before.slice(-200));
      const sets = ESTABLISHED_PASSIVE.test(body) || ATTACHED_ESTABLISH.test(before.slice(-90)) || listed || /^(?:pair|partner|embed|establish|creat|fund|deploy|dispatch|provid|operat)\w*\s/i.test(body.slice(start, end));
      if (!sets && !ESTABLISHED_PASSIVE.test(body.slice(end, end + 80))) return { outcome: 'mentioned', cue: 'nothing set up in the sentence' };
      if (g.kind === 'none' && /\bappropriat(?:ed|es|ion|ions|ing)\b|\bhereby\b/i.test(body)) return PILOT.test(body) ? { outcome: 'weaker', because: 'scope', cue: 'a pilot only' } : { outcome: 'adopted', cue: /\bappropriat(?:ed|es|ion|ions|ing)\b|\bhereby\b/i.exec(body)?.[0] ?? 'hereby' };
      if (g.kind === 'forbid' || g.kind === 'negated' || g.kind === 'preempt') return { outcome: 'contradicted', cue: `'${'cue' in g ? g.cue : ''}'` };
      if (g.kind === 'may' || g.kind === 'allow') return { outcome: 'weaker', because: 'permissive', cue: `'${g.cue}', not 'shall'` };
      if (g.kind === 'none' && !ESTABLISHED_PASSIVE.test(body)) return { outcome: 'mentioned', cue: 'no duty in the sentence' };
      if (PILOT.test(body)) return { outcome: 'weaker', because: 'scope', cue: 'a pilot only' };
      return { outcome: 'adopted', cue: 'cue' in g ? g.cue : (ESTABLISHED_PASSIVE.exec(body)?.[0] ?? 'established') };
    }
    case 'fund': {
      if (!FUNDING.test(body)) return { outcome: 'mentioned', cue: 'no money in the sentence' };
      if (STUDY_ONLY.test(before)) return { outcome: 'mentioned', cue: `only a study ('${STUDY_ONLY.exec(before)?.[0]}')` };
      if ((g.kind === 'forbid' && g.near) || g.kind === 'preempt') return { outcome: 'contradicted', cue: `'${g.cue}'` };
      if (g.kind === 'forbid' || g.kind === 'negated') return { outcome: 'mentioned', cue: `'${g.cue}' is not about the money` };
      const hereby = /\bappropriat(?:ed|es|ion|ions|ing)\b|\bhereby\b|\bthere\s+is\b|\ballocat\w*|\bawards?\b|\bgrants?\b/i.test(body);
      if (g.kind === 'none' && !hereby) return { outcome: 'mentioned', cue: 'no grant or appropriation in the sentence' };
      if (SUBJECT_TO_FUNDS.test(body)) return { outcome: 'weaker', because: 'limit', cue: `'${SUBJECT_TO_FUNDS.exec(body)?.[0]}'` };
      return { outcome: 'adopted', cue: 'cue' in g ? g.cue : (FUNDING.exec(body)?.[0] ?? 'funded') };
    }
    case 'remove': {
      const verb = REMOVING.exec(before.slice(-120));
      if (verb && (g.kind === 'require' || g.kind === 'none' || g.kind === 'forbid')) return { outcome: 'adopted', cue: verb[0] };
      if (g.kind === 'forbid') return { outcome: 'adopted', cue: g.cue };
      if (verb && g.kind === 'may') return { outcome: 'weaker', because: 'permissive', cue: `'${g.cue}', not 'shall'` };
      const reducing = REDUCING.exec(before.slice(-120));
      if (reducing) return { outcome: 'weaker', because: 'limit', cue: `'${reducing[0]}', not ended` };
      if (g.kind === 'require') return { outcome: 'contradicted', cue: `'${g.cue}' keeps it` };
      return { outcome: 'mentioned', cue: 'nothing ends it in the sentence' };
    }
  }
}
