/** A span of the normalized text: `text.slice(start, end)`. */
export type TextSection = { heading: string; start: number; end: number };
export type TextSentence = { start: number; end: number };

/**
 * Section headings: "§ 2.", "Section 1.", "SEC. 3.", "SECTION 1." at the start of a
 * paragraph or right after a sentence. A citation inside a sentence ("as provided in
 * § 19.2-57") is not a heading, hence the look-behind.
 */
const HEADING = /(?<=^|\n|[.:;]\s)(?:§{1,2}\s*\d[\w.:-]*\.?(?=\s)|(?:Section|SECTION|Sec\.|SEC\.)\s+\d+[\w-]*\.)/g;

/** Returns the sections of a normalized text; one untitled section when it has no headings. */
export function splitSections(text: string): TextSection[] {
  const starts: { at: number; heading: string }[] = [];
  for (const m of text.matchAll(HEADING)) starts.push({ at: m.index, heading: m[0].trim() });
  if (starts.length === 0 || starts[0].at > 0) starts.unshift({ at: 0, heading: '' });
  return starts.map((s, i) => ({ heading: s.heading, start: s.at, end: i + 1 < starts.length ? starts[i + 1].at : text.length }))
    .filter((s) => s.end > s.start);
}

/** Words that end with a period without ending the sentence. */
const ABBREVIATIONS = new Set([
  'no', 'nos', 'sec', 'secs', 'seq', 'stat', 'stats', 'art', 'ch', 'cc', 'c', 'subd', 'par', 'para', 'e.g', 'i.e', 'vs', 'v',
  'inc', 'co', 'corp', 'jr', 'sr', 'dr', 'mr', 'mrs', 'ms', 'st', 'ann', 'gen', 'rev', 'hon', 'sen', 'sens', 'rep', 'reps',
  'div', 'dept', 'approx', 'ltd', 'assn', 'ave', 'cal', 'pa', 'fla', 'va', 'ky', 'tex',
]);
/** A list label standing alone: "A.", "1.", "(b)", "§ 2.", "Section 1.". */
const LABEL = /^(?:§+\s*)?[\w().-]{1,8}\.$|^(?:Section|SECTION|Sec\.|SEC\.)\s+\d+\w*\.$/;

/**
 * Returns sentence spans. Splits at paragraph breaks and at . ? ! followed by a space and
 * a capital, digit, "(" or "§", except after abbreviations, initials ("A.M.", "U.S.") and
 * lone list labels ("A. 1. Prior to ..."), which stay attached to what follows.
 */
export function splitSentences(text: string): TextSentence[] {
  const out: TextSentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') { push(i); continue; }
    if (ch !== '.' && ch !== '?' && ch !== '!') continue;
    const next = text[i + 1];
    if (next !== ' ') continue;
    const after = text[i + 2] ?? '';
    if (!/[A-Z0-9(§"“']/.test(after)) continue;
    if (ch === '.') {
      const before = /([A-Za-z.]+)$/.exec(text.slice(Math.max(start, i - 12), i))?.[1] ?? '';
      const word = before.toLowerCase();
      if (ABBREVIATIONS.has(word) || /^(?:[a-z]\.)*[a-z]$/i.test(before)) continue;
      if (LABEL.test(text.slice(start, i + 1).trim())) continue;
    }
    push(i + 1);
  }
  push(text.length);
  return out;
}
