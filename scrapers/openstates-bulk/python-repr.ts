/**
 * Open States' CSV exporter writes list and dict cells with Python's `str()` (the exporter's
 * `csv.DictWriter` over Django `.values()`): `['introduction', 'referral-committee']`,
 * `{}`, `[{'url': 'https://…', 'note': ''}]`, never JSON. This reads exactly the subset
 * `str()` of those values produces: lists, tuples, dicts, strings in single or double quotes
 * with Python escapes, integers, floats, True, False and None.
 */

export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

/** A cell that is not a Python literal; `offset` is where reading stopped. */
export class PythonReprError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'PythonReprError';
    this.offset = offset;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Parses one Python literal. @throws PythonReprError naming what was expected and where. */
export function parsePythonRepr(text: string): PythonValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new PythonReprError(`${what} at character ${at + 1} of ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`, at);
  };
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };

  const readString = (): string => {
    const quote = text[at]!;
    at++;
    let out = '';
    for (;;) {
      if (at >= text.length) fail(`unterminated string (missing ${quote})`);
      const ch = text[at]!;
      if (ch === quote) {
        at++;
        return out;
      }
      if (ch !== '\\') {
        out += ch;
        at++;
        continue;
      }
      const next = text[at + 1];
      if (next === undefined) fail('unterminated escape');
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hex) {
        const digits = text.slice(at + 2, at + 2 + hex);
        if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) fail(`bad \\${next} escape`);
        out += String.fromCodePoint(parseInt(digits, 16));
        at += 2 + hex;
      } else if (next! in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[next!];
        at += 2;
      } else {
        // Python keeps unknown escapes as written (backslash included).
        out += `\\${next}`;
        at += 2;
      }
    }
  };

  const readValue = (): PythonValue => {
    skipSpace();
    const ch = text[at];
    if (ch === undefined) return fail('expected a value, found the end');
    if (ch === "'" || ch === '"') return readString();
    if (ch === '[' || ch === '(') return readSequence(ch === '[' ? ']' : ')');
    if (ch === '{') return readDict();
    const word = /^(True|False|None)\b/.exec(text.slice(at));
    if (word) {
      at += word[1]!.length;
      return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
    }
    const number = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(at));
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    return fail(`unexpected ${JSON.stringify(ch)}`);
  };

  const readSequence = (close: string): PythonValue[] => {
    at++;
    const items: PythonValue[] = [];
    for (;;) {
      skipSpace();
      if (text[at] === close) {
        at++;
        return items;
      }
      items.push(readValue());
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] !== close) fail(`expected , or ${close}`);
    }
  };

  const readDict = (): { [key: string]: PythonValue } => {
    at++;
    const out: { [key: string]: PythonValue } = {};
    for (;;) {
      skipSpace();
      if (text[at] === '}') {
        at++;
        return out;
      }
      const key = readValue();
      if (typeof key !== 'string' && typeof key !== 'number') fail('expected a string key');
      skipSpace();
      if (text[at] !== ':') fail('expected :');
      at++;
      out[String(key)] = readValue();
      skipSpace();
      if (text[at] === ',') at++;
      else if (text[at] !== '}') fail('expected , or }');
    }
  };

  const value = readValue();
  skipSpace();
  if (at !== text.length) fail('unexpected text after the value');
  return value;
}

/** A list-of-strings cell (`['bill']`, `[]`); empty text reads as `[]`. @throws PythonReprError. */
export function parsePythonStringList(text: string): string[] {
  if (text.trim() === '') return [];
  const value = parsePythonRepr(text);
  if (!Array.isArray(value)) throw new PythonReprError(`expected a list, got ${JSON.stringify(text.slice(0, 80))}`, 0);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw new PythonReprError(`item ${i + 1} of the list is not a string in ${JSON.stringify(text.slice(0, 80))}`, 0);
    return item;
  });
}
