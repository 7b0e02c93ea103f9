import { LayoutChangedError } from '../../core/scrape-errors.js';

/**
 * California pubinfo `.dat` files (inside `pubinfo_<year>.zip` from
 * downloads.leginfo.legislature.ca.gov) are MySQL `LOAD DATA` dumps: fields end at a tab,
 * rows at a newline, strings are enclosed in backticks, a bare `NULL` (or `\N`) is SQL NULL,
 * and a backslash escapes the next character (`\n` is a newline inside a field). csv-parse
 * cannot decode the backslash escapes, hence this small reader.
 */
export type DatRow = (string | null)[];

const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/**
 * Splits a `.dat` file into rows of fields (strings, or null for NULL). Throws
 * LayoutChangedError when a backtick-enclosed field never closes: the file is truncated or
 * not a pubinfo dump.
 */
export function parsePubinfoDat(text: string, file: string, url: string | null): DatRow[] {
  const rows: DatRow[] = [];
  let fields: DatRow = [];
  let i = 0;
  const n = text.length;
  const endField = () => {
    if (i < n && text[i] === '\t') { i += 1; return; }
    // Newline (or end of text) ends the row; tolerate Windows line ends.
    if (i < n && text[i] === '\r') i += 1;
    if (i < n && text[i] === '\n') i += 1;
    rows.push(fields);
    fields = [];
  };
  while (i < n) {
    if (text[i] === '`') {
      const start = i;
      i += 1;
      let value = '';
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          value += ESCAPES[text[i + 1]] ?? text[i + 1];
          i += 2;
          continue;
        }
        // A backtick closes the field only when a terminator follows: titles may contain backticks.
        if (c === '`' && (i + 1 >= n || text[i + 1] === '\t' || text[i + 1] === '\n' || text[i + 1] === '\r')) {
          i += 1;
          closed = true;
          break;
        }
        value += c;
        i += 1;
      }
      if (!closed) throw new LayoutChangedError(`${file} field at offset ${start}`, url, `${file} has an unterminated backtick-quoted field`);
      fields.push(value);
    } else {
      let raw = '';
      while (i < n && text[i] !== '\t' && text[i] !== '\n' && text[i] !== '\r') {
        raw += text[i];
        i += 1;
      }
      fields.push(raw === 'NULL' || raw === '\\N' ? null : raw);
    }
    endField();
  }
  return rows.filter((row) => !(row.length === 1 && (row[0] === '' || row[0] === null)));
}
