import { CsvError, parse } from 'csv-parse/sync';
import { LayoutChangedError } from '../../core/scrape-errors.js';

/**
 * Reads an LIS data file (BILLS.CSV, HISTORY.CSV) into header-keyed rows, after checking that
 * every column the parser relies on is present. LIS files are plain RFC 4180 CSV with a header
 * line. Throws LayoutChangedError naming the missing columns, or the line csv-parse rejected.
 */
export function readLisCsv(text: string, file: string, required: readonly string[], url: string | null): Record<string, string>[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new LayoutChangedError(`${file} CSV`, url, `${file} is not readable CSV: ${error.message}`);
    }
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new LayoutChangedError(`${file} header`, url, `${file} is empty`);
  const headers = header.map((h) => h.trim());
  const missing = required.filter((column) => !headers.includes(column));
  if (missing.length > 0) {
    throw new LayoutChangedError(`${file} column ${missing.map((m) => JSON.stringify(m)).join(', ')}`, url,
      `${file} is missing column(s) ${missing.join(', ')}; header was ${JSON.stringify(headers)}`);
  }
  return body.map((cells, index) => {
    if (cells.length !== headers.length) {
      throw new LayoutChangedError(`${file} line ${index + 2}`, url, `${file} line ${index + 2} has ${cells.length} fields, the header has ${headers.length}`);
    }
    const row: Record<string, string> = {};
    headers.forEach((h, i) => { row[h] = cells[i]; });
    return row;
  });
}

/**
 * LIS writes dates as `M/D/YYYY`. Returns `YYYY-MM-DD`, null for an empty cell, and
 * undefined for text that is not such a date (callers turn that into a record error).
 */
export function lisDateToIso(value: string): string | null | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (!match) return undefined;
  const [, month, day, year] = match;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
