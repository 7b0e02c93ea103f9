import { alignExemplar, exemplarWords, indexWords, MAX_WINDOW_WORDS } from '../../../core/adoption/copy-align.js';

const BAN = 'No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.';

describe('copy score (word-level local alignment)', () => {
  test('a verbatim copy inside a longer text scores 1 and points at the copied words', () => {
    const text = `A. Other matter about warrants. B. ${BAN} C. More matter.`;
    const r = alignExemplar(indexWords(text), text, exemplarWords(BAN));
    expect(r.score).toBe(1);
    expect(r.span?.excerpt).toBe('No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant');
  });

  test('a reworded ban scores in between; an unrelated text scores 0', () => {
    const reworded = 'No peace officer may seek or execute or participate in the execution of any no-knock warrant.';
    const mid = alignExemplar(indexWords(reworded), reworded, exemplarWords(BAN)).score;
    expect(mid).toBeGreaterThan(0.3);
    expect(mid).toBeLessThan(1);
    const wage = 'Every employer shall pay to each of its employees wages at a rate not less than the federal minimum wage.';
    expect(alignExemplar(indexWords(wage), wage, exemplarWords(BAN)).score).toBe(0);
  });

  test('cost is bounded on a long text (about 200,000 words): only windows around rare shared words are aligned', () => {
    const filler = 'the search warrant shall be executed by the officer in the execution of duty '.repeat(14000);
    const text = `${filler} ${BAN}`;
    const doc = indexWords(text);
    const exemplar = exemplarWords(BAN);
    const r = alignExemplar(doc, text, exemplar);
    expect(r.score).toBeGreaterThan(0.4);
    // The work done, not the time taken: at most the window budget, a tiny share of the full table.
    expect(r.cells).toBeLessThanOrEqual(MAX_WINDOW_WORDS * exemplar.length);
    expect(r.cells).toBeLessThan((doc.words.length * exemplar.length) / 20);
    expect(r.cells).toBeGreaterThan(0);
  });
});
