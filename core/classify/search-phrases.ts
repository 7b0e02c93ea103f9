import type { PolicyDefinition } from './policy.schema.js';

/**
 * The phrases that find a policy's bills through a full-text search: each topic rule's own
 * `search` list, or, for a rule staff wrote without one, phrases read off its pattern.
 */

/** A phrase to search for, with the policy and topic rule it comes from. */
export type SearchPhrase = { phrase: string; policyId: string; ruleId: string };

/** The search phrases of every topic rule of these policies, in policy and rule order. */
export function searchPhrasesOf(policies: readonly PolicyDefinition[]): SearchPhrase[] {
  return policies.flatMap((policy) =>
    policy.rules.topics.flatMap((rule) => (rule.search ?? phrasesFromPattern(rule.pattern)).map((phrase) => ({ phrase, policyId: policy.id, ruleId: rule.id }))),
  );
}

/**
 * Plain phrases read off a topic pattern: one per top-level alternative that is literal
 * enough (`\bno[- ]knock\b` → `no knock`; `\bchemical(ly)? (restrain\w*|…)\b` → `chemical restrain`).
 * Word boundaries go, `[- ]` becomes a space, optional groups and `\w*` endings are dropped
 * (a shorter phrase finds more), an optional character is kept (`Breonna'?s` → `Breonna's`),
 * a group takes its first alternative. Alternatives with wildcards, anchors, lookarounds or
 * character classes say too little to search for and are left out.
 */
export function phrasesFromPattern(pattern: string): string[] {
  const out: string[] = [];
  for (const alternative of splitTopLevel(pattern)) {
    if (/\.[*+?{]|\(\?|[\^$]|\\[dsDSW]|\[\^/.test(alternative)) continue;
    let text = alternative.replace(/\\b/g, '').replace(/\[(?:- |-\\s| -|\\s-|-)\]\??/g, ' ').replace(/\\w[*+]/g, '');
    // Optional groups go; a remaining group keeps its first alternative.
    for (let before = ''; before !== text; ) {
      before = text;
      text = text.replace(/\([^()]*\)\?/g, '').replace(/\(([^()|]*)(?:\|[^()]*)?\)/g, '$1');
    }
    text = text.replace(/(\\?.)\?/g, '$1').replace(/\\(.)/g, '$1');
    if (/[^\p{L}\p{N}' -]/u.test(text)) continue;
    const phrase = text.replace(/\s+/g, ' ').trim();
    if (phrase.length >= 3 && !out.includes(phrase)) out.push(phrase);
  }
  return out;
}

/** Splits a regex source on `|` outside groups and classes. */
function splitTopLevel(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      current += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}
