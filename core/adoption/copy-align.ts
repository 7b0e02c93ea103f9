import type { EvidenceSpan } from './adoption-types.js';

/** Words of a text with their character offsets. */
export type WordIndex = { words: string[]; starts: number[]; ends: number[]; positions: Map<string, number[]> };

const MATCH = 2;
const MISMATCH = -1;
const GAP = -1;
/** Longest exemplar aligned, in words; longer ones are cut (bounded cost). */
export const MAX_EXEMPLAR_WORDS = 120;
/** Most document words aligned per exemplar (sum of windows), so one call stays under ~1M cells. */
export const MAX_WINDOW_WORDS = 8000;

/** Anchor positions used at most; beyond that only the rarest shared words anchor windows. */
const MAX_SEEDS = 200;

const indexCache = new WeakMap<object, WordIndex>();

/** Returns the lower-cased words of `text` with offsets; cached per `key` object. */
export function indexWords(text: string, key?: object): WordIndex {
  if (key) {
    const hit = indexCache.get(key);
    if (hit) return hit;
  }
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const positions = new Map<string, number[]>();
  for (const m of text.matchAll(/[A-Za-z0-9]+/g)) {
    const w = m[0].toLowerCase();
    const list = positions.get(w);
    if (list) list.push(words.length); else positions.set(w, [words.length]);
    words.push(w);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  const index = { words, starts, ends, positions };
  if (key) indexCache.set(key, index);
  return index;
}

/** Returns the exemplar's words (cut to MAX_EXEMPLAR_WORDS). */
export function exemplarWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).slice(0, MAX_EXEMPLAR_WORDS);
}

/**
 * Returns how much of `exemplar` the document reproduces word for word: the best local
 * alignment (Smith-Waterman over words: match +2, mismatch and gap -1) divided by a perfect
 * match of the whole exemplar, with the document span it covers. Cost is bounded: only
 * windows around the rarest words the two share are aligned (at most MAX_WINDOW_WORDS), and a
 * document sharing fewer than 3 distinct content words scores 0 without aligning. `cells` is
 * the number of alignment cells computed (the work done).
 */
export function alignExemplar(doc: WordIndex, text: string, exemplar: string[]): { score: number; span?: EvidenceSpan; cells: number } {
  const m = exemplar.length;
  if (m === 0 || doc.words.length === 0) return { score: 0, cells: 0 };
  const shared = new Set(exemplar.filter((w) => w.length >= 4 && doc.positions.has(w)));
  if (shared.size < Math.min(3, new Set(exemplar.filter((w) => w.length >= 4)).size)) return { score: 0, cells: 0 };
  // Anchor on the rarest shared words (a copy must contain them; common words like
  // "warrant" would seed the whole text), then align ±m words around each anchor.
  const byRarity = [...shared].sort((a, b) => (doc.positions.get(a)?.length ?? 0) - (doc.positions.get(b)?.length ?? 0));
  const seeds: number[] = [];
  for (const w of byRarity) {
    const list = doc.positions.get(w) ?? [];
    if (seeds.length > 0 && seeds.length + list.length > MAX_SEEDS) break;
    for (const p of list.slice(0, MAX_SEEDS)) seeds.push(p);
  }
  seeds.sort((a, b) => a - b);
  const windows: { from: number; to: number; seeds: number }[] = [];
  for (const p of seeds) {
    const from = Math.max(0, p - m);
    const to = Math.min(doc.words.length, p + m);
    const last = windows[windows.length - 1];
    if (last && from <= last.to) { last.to = Math.max(last.to, to); last.seeds++; } else windows.push({ from, to, seeds: 1 });
  }
  windows.sort((a, b) => b.seeds - a.seeds);
  let budget = MAX_WINDOW_WORDS;
  // Alignment cells computed: the work this call did, bounded by MAX_WINDOW_WORDS × MAX_EXEMPLAR_WORDS.
  let cells = 0;
  let best = 0;
  let bestStart = 0;
  let bestEnd = 0;
  const prev = new Int32Array(m + 1);
  const cur = new Int32Array(m + 1);
  const prevStart = new Int32Array(m + 1);
  const curStart = new Int32Array(m + 1);
  for (const win of windows) {
    if (budget <= 0) break;
    const to = Math.min(win.to, win.from + budget);
    budget -= to - win.from;
    cells += (to - win.from) * m;
    prev.fill(0);
    prevStart.fill(0);
    for (let i = win.from; i < to; i++) {
      const w = doc.words[i];
      cur[0] = 0;
      curStart[0] = i + 1;
      for (let j = 1; j <= m; j++) {
        const diag = prev[j - 1] + (exemplar[j - 1] === w ? MATCH : MISMATCH);
        const up = prev[j] + GAP;
        const left = cur[j - 1] + GAP;
        let v = 0;
        let s = i + 1;
        if (diag > v) { v = diag; s = prev[j - 1] === 0 ? i : prevStart[j - 1]; }
        if (up > v) { v = up; s = prevStart[j]; }
        if (left > v) { v = left; s = curStart[j - 1]; }
        cur[j] = v;
        curStart[j] = s;
        if (v > best) { best = v; bestStart = s; bestEnd = i; }
      }
      prev.set(cur);
      prevStart.set(curStart);
    }
  }
  if (best === 0) return { score: 0, cells };
  const start = doc.starts[bestStart];
  const end = doc.ends[bestEnd];
  return { score: Math.min(1, best / (MATCH * m)), span: { start, end, excerpt: text.slice(start, end) }, cells };
}
