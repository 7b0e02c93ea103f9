import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';

/** True when the client asked for CSV: a `.csv` path or an Accept header preferring it. */
export function wantsCsv(req: Request): boolean {
  if (req.path.endsWith('.csv')) return true;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

type Cell = string | number | null | undefined;

/** Cells that a spreadsheet would run as a formula (=, +, -, @) get a quote in front: scraped titles are untrusted. */
function safeRows(rows: Cell[][]): string[][] {
  return rows.map((r) => r.map((cell) => {
    if (cell === null || cell === undefined) return '';
    const text = String(cell);
    return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  }));
}

function startCsv(res: Response, filename: string): void {
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
}

/** Sends rows as CSV (formula-looking cells quoted, see safeRows). */
export function sendCsv(res: Response, filename: string, header: string[], rows: Cell[][]): void {
  startCsv(res, filename);
  res.send(stringify([header, ...safeRows(rows)]));
}

/**
 * Sends CSV built page by page: each page is one short query, and other requests get the
 * database between pages, so a large export cannot hold it for seconds (on the embedded
 * database there is one connection). After each page the export rests as long as the page
 * took, so it uses at most half of the database's time however many pages it has: the rest
 * of the site stays within about twice its idle latency. The pages are joined before sending
 * so the answer keeps its ETag (and 304 on a match). Stops reading pages when the client has gone.
 */
export async function sendCsvPages(res: Response, filename: string, header: string[], pages: AsyncIterable<Cell[][]>): Promise<void> {
  const parts = [stringify([header])];
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const started = process.hrtime.bigint();
    const next = await iterator.next();
    if (next.done) break;
    if (res.destroyed) {
      await iterator.return?.();
      return;
    }
    parts.push(stringify(safeRows(next.value)));
    const tookMs = Number(process.hrtime.bigint() - started) / 1e6;
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(tookMs, 1_000)));
  }
  startCsv(res, filename);
  res.send(parts.join(''));
}
