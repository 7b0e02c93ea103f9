import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';

/** True when the client asked for CSV: a `.csv` path or an Accept header preferring it. */
export function wantsCsv(req: Request): boolean {
  if (req.path.endsWith('.csv')) return true;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/**
 * Sends rows as CSV. Cells that a spreadsheet would run as a formula (=, +, -, @) are
 * prefixed with a quote: scraped titles are untrusted.
 */
export function sendCsv(res: Response, filename: string, header: string[], rows: (string | number | null | undefined)[][]): void {
  const safe = rows.map((r) => r.map((cell) => {
    if (cell === null || cell === undefined) return '';
    const text = String(cell);
    return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  }));
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(stringify([header, ...safe]));
}
