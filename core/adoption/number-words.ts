const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

/**
 * Returns the number written in `text`: digits ("15", "$2,000", "0.30") or English words
 * as statutes spell them ("fifteen", "twenty-four", "two thousand"); null when it is not
 * a number.
 */
export function parseNumber(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/^\$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  const words = t.split(/[\s-]+/).filter((w) => w !== 'and' && w !== '');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  for (const w of words) {
    if (w in UNITS) current += UNITS[w];
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w in SCALES) { total += (current || 1) * SCALES[w]; current = 0; }
    else return null;
  }
  return total + current;
}
