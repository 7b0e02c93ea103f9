import { createHash } from 'node:crypto';
import { DELETION_CLOSE, DELETION_OPEN } from './deletion-marks.js';
import { splitSections, splitSentences, type TextSection, type TextSentence } from './text-segment.js';

/** Deleted matter removed from the text, kept aside; `at` is where it stood in `text`. */
export type DeletedFragment = { at: number; text: string };

export type NormalizedText = {
  text: string;
  sections: TextSection[];
  sentences: TextSentence[];
  /** sha256 (hex) of `text`: equal hashes mean the enacted wording did not change. */
  hash: string;
  deleted: DeletedFragment[];
  /**
   * Where operative text begins: just after the enacting clause ("do enact as follows",
   * "Be it enacted ...", "Be it ordained ..."). Titles, findings and WHEREAS clauses
   * before it are not adoption. 0 when there is no enacting clause (codified statutes).
   */
  operativeStart: number;
};

const ENACTING_CLAUSE = /\b(?:do|does)\s+enact\s+as\s+follows\s*:?|\bbe\s+it\s+(?:enacted|ordained|resolved)\b[^:\n]{0,160}:?/i;

function findOperativeStart(text: string): number {
  const m = ENACTING_CLAUSE.exec(text);
  return m ? m.index + m[0].length : 0;
}

export type NormalizeOptions = {
  /**
   * Treat `[...]` as deleted matter (New York LBDC, Kentucky). Default: on when the text
   * carries LBDC's own footer "matter in brackets [ ] is old law to be omitted".
   */
  bracketDeletions?: boolean;
};

const BRACKET_CONVENTION = /matter in brackets\s*\[\s*(?:\S+\s*)?\]\s*is old law to be omitted/i;

/** Lines that are page furniture, not law. */
const NOISE_LINES: RegExp[] = [
  /^\s*--\s*\d+\s+of\s+\d+\s*--\s*$/, // pdf-parse page marker
  /^[\s+\d]*$/, // line-number column, LIS "+" margin marks
  /^\s*[SA]\.\s*\d+(?:--[A-Z])?\s+\d+\s*$/, // NY page header "S. 4820  2"
  /^\s*EXPLANATION--Matter in .*$/i,
  /^\s*\[[^\]]*\]\s*is old law to be omitted\.?\s*$/i,
  /^\s*LBD\d{5}-\d{2}-\d\s*$/,
  /^\s*[_\-—–=]{3,}\s*$/,
  /^\s*(?:[A-Z] {1,2}){3,}[A-Z]\s*$/, // letter-spaced banner "S T A T E  O F ..."
];
const LINE_NUMBER = /^\s{0,10}\d{1,2}(?:\s{2,}|\s(?=\S)|$)/;

function stripLineNoise(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').replace(/\f/g, '\n\n').replace(/\t\+/g, ' ').split('\n');
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  // Strip leading line numbers only in line-numbered documents, so that "2. Beginning
  // May 1" in an unnumbered text keeps its subdivision number.
  const numbered = nonEmpty.filter((l) => /^\s{0,10}\d{1,2}\s{2,}\S/.test(l)).length >= Math.max(5, nonEmpty.length * 0.3);
  const kept: string[] = [];
  for (const line of lines) {
    if (line.trim() !== '' && NOISE_LINES.some((re) => re.test(line))) continue;
    kept.push(numbered ? line.replace(LINE_NUMBER, ' ') : line);
  }
  return kept.join('\n');
}

function markBrackets(text: string): string {
  // Non-nested [ ... ] up to a few pages long; a stray "[" with no partner stays as is.
  return text.replace(/\[([^[\]]{0,6000})\]/g, (_m, inner: string) => {
    const clean = inner.split(DELETION_OPEN).join('').split(DELETION_CLOSE).join('');
    return clean.trim() === '' ? ' ' : `${DELETION_OPEN}${clean}${DELETION_CLOSE}`;
  });
}

/**
 * Final pass: drops deletion-marked matter (recording it), turns blank lines into
 * paragraph breaks and every other run of whitespace into one space, in one walk so the
 * recorded offsets are offsets into the returned text.
 */
function collapse(text: string): { text: string; deleted: DeletedFragment[] } {
  const out: string[] = [];
  let len = 0;
  let last = '\n';
  const deleted: DeletedFragment[] = [];
  let depth = 0;
  let buf = '';
  let justDeleted = false;
  const emit = (c: string): void => { out.push(c); len += c.length; last = c; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === DELETION_OPEN) { depth++; continue; }
    if (c === DELETION_CLOSE) {
      if (depth > 0) depth--;
      if (depth === 0) {
        const t = buf.replace(/\s+/g, ' ').trim();
        if (t) deleted.push({ at: len, text: t });
        buf = '';
        justDeleted = true;
      }
      continue;
    }
    if (depth > 0) { buf += c; continue; }
    if (c === '\n' && text[i + 1] !== undefined && /^[ \t]*\n/.test(text.slice(i + 1, i + 40))) {
      if (last === ' ') { out.pop(); len--; last = out[out.length - 1] ?? '\n'; }
      if (last !== '\n') emit('\n');
      continue;
    }
    if (/\s/.test(c)) {
      if (last !== ' ' && last !== '\n') emit(' ');
      continue;
    }
    if (justDeleted && /[,.;:)]/.test(c) && last === ' ') { out.pop(); len--; last = out[out.length - 1] ?? '\n'; }
    justDeleted = false;
    emit(c);
  }
  while (out.length > 0 && /\s/.test(out[out.length - 1])) { out.pop(); len--; }
  return { text: out.join(''), deleted: deleted.map((d) => ({ at: Math.min(d.at, len), text: d.text })) };
}

/**
 * Returns the normalized text of one bill version with its sections, sentences (character
 * offsets into `text`), sha256 hash, and the deleted matter it dropped. Removes line
 * numbers, page headers and footers, struck or bracketed deletions, joins words hyphenated
 * across lines, and collapses whitespace (paragraph breaks stay as "\n"). Never throws.
 */
export function normalizeBillText(raw: string, options: NormalizeOptions = {}): NormalizedText {
  const brackets = options.bracketDeletions ?? BRACKET_CONVENTION.test(raw);
  let text = stripLineNoise(raw.replace(/[\u00a0\u2002\u2003\u2009\u200b]/g, ' '));
  // "educa-\n tional" → "educational"; LBDC and PDFs hyphenate at line ends.
  text = text.replace(/([A-Za-z])-[ \t]*\n[ \t]*(?=[A-Za-z])/g, '$1');
  // A page break inside a sentence ("privately and\n\n independently") is not a paragraph.
  text = text.replace(/([a-z,;])[ \t]*\n(?:[ \t]*\n)+[ \t]*(?=[a-z])/g, '$1 ');
  if (brackets) text = markBrackets(text);
  const { text: clean, deleted } = collapse(text);
  return {
    text: clean,
    sections: splitSections(clean),
    sentences: splitSentences(clean),
    hash: createHash('sha256').update(clean, 'utf8').digest('hex'),
    deleted,
    operativeStart: findOperativeStart(clean),
  };
}

/**
 * Rebuilds the NormalizedText of a stored text. Sentences and sections are recomputed from
 * the stored text (pure, fast, and the same functions the normalizer used), so the
 * offsets of stored evidence still point at the same words.
 */
export function toNormalizedText(row: { text: string; hash: string; deleted: DeletedFragment[]; operativeStart: number }): NormalizedText {
  return {
    text: row.text,
    sections: splitSections(row.text),
    sentences: splitSentences(row.text),
    hash: row.hash,
    deleted: row.deleted,
    operativeStart: row.operativeStart,
  };
}
