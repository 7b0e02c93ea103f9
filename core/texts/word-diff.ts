/**
 * A word-level diff of two passages for a redline: what was struck and what was inserted,
 * by the longest common subsequence of words. Whitespace is kept with the word before it,
 * so joining the pieces gives back each passage exactly.
 */

export type DiffPiece = { op: 'same' | 'del' | 'ins'; text: string };

/** Passages longer than this many words are compared in full only at their changed middle. */
const MAX_WORDS = 600;

function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** The pieces turning `before` into `after`; equal neighbours merged. */
export function diffWords(before: string, after: string): DiffPiece[] {
  const a = words(before);
  const b = words(after);
  // The common head and tail need no table; only the middle is compared.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const pieces: DiffPiece[] = [];
  const push = (op: DiffPiece['op'], text: string) => {
    const last = pieces[pieces.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) pieces.push({ op, text });
  };
  push('same', a.slice(0, head).join(''));
  if (am.length > MAX_WORDS || bm.length > MAX_WORDS) {
    push('del', am.join(''));
    push('ins', bm.join(''));
  } else {
    const norm = (w: string) => w.trim().toLowerCase();
    const n = am.length;
    const m = bm.length;
    const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) table[i][j] = norm(am[i]) === norm(bm[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (norm(am[i]) === norm(bm[j])) { push('same', bm[j]); i++; j++; }
      else if (table[i + 1][j] >= table[i][j + 1]) { push('del', am[i]); i++; }
      else { push('ins', bm[j]); j++; }
    }
    while (i < n) push('del', am[i++]);
    while (j < m) push('ins', bm[j++]);
  }
  push('same', a.slice(a.length - tail).join(''));
  return pieces;
}
