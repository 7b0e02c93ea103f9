import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { ScrapeError } from '../../core/scrape-errors.js';
import type { ArchiveEntry } from './zip-members.js';

/**
 * The tables of an Open States CSV export and the columns this reader relies on. The exporter
 * (openstates.org `bulk/management/commands/bulk_export.py`) writes each table with
 * `csv.DictWriter` over Django `.values()`, so the column ORDER follows the model and has
 * changed between releases (organizations.csv puts `created_at,updated_at,extras` first):
 * columns are found by header name, extra columns are ignored, a missing one is an error.
 * Reference: ../shared/reference/openstates-bulk/README.md §1.4.
 */
export const BULK_TABLES = {
  bills: ['id', 'identifier', 'title', 'classification', 'subject', 'session_identifier', 'organization_classification'],
  bill_abstracts: ['bill_id', 'abstract', 'note'],
  bill_titles: ['bill_id', 'title'],
  bill_identifiers: ['bill_id', 'identifier'],
  bill_actions: ['bill_id', 'organization_id', 'description', 'date', 'classification', 'order'],
  bill_sources: ['bill_id', 'url'],
  bill_related_bills: ['bill_id', 'identifier', 'legislative_session', 'relation_type'],
  bill_sponsorships: ['bill_id', 'name', 'entity_type', 'person_id', 'primary', 'classification'],
  bill_documents: ['id', 'bill_id', 'note', 'date', 'classification'],
  bill_versions: ['id', 'bill_id', 'note', 'date', 'classification'],
  bill_document_links: ['document_id', 'media_type', 'url'],
  bill_version_links: ['version_id', 'media_type', 'url'],
  votes: ['id', 'identifier', 'motion_text', 'motion_classification', 'start_date', 'result', 'organization_id', 'bill_id'],
  vote_people: ['vote_event_id', 'option', 'voter_name', 'voter_id'],
  vote_counts: ['vote_event_id', 'option', 'value'],
  vote_sources: ['vote_event_id', 'url'],
  organizations: ['id', 'name', 'classification', 'parent_id'],
} as const satisfies Record<string, readonly string[]>;

export type BulkTable = keyof typeof BULK_TABLES;
export const BULK_TABLE_NAMES = Object.keys(BULK_TABLES) as BulkTable[];

/**
 * The export is malformed: a missing column, a cell that is not what the exporter writes, a
 * file cut short. Names the member (the path inside the zip, or the file) and the line.
 */
export class BulkExportError extends ScrapeError {
  readonly member: string;
  readonly line: number | null;

  constructor(member: string, line: number | null, detail: string, url: string | null = null) {
    super('malformed_export', `${member}${line !== null ? ` line ${line}` : ''}: ${detail}`, { url });
    this.name = 'BulkExportError';
    this.member = member;
    this.line = line;
  }
}

/** One data row: its first line in the file, and its cells by column name (the table's columns in BULK_TABLES). */
export type BulkRow = { line: number; cell: (column: string) => string };

/**
 * The rows of one table, streamed. The header is checked for every column the reader uses;
 * every row must have as many cells as the header; the file must end with a line break
 * (Python's csv module ends every row with CRLF, so a file without one was cut short), and a
 * file with a header but no rows is cut short too (the exporter leaves empty tables out).
 * @throws BulkExportError naming the member and line.
 */
export async function* readBulkTable(entry: ArchiveEntry, table: BulkTable, url: string | null): AsyncGenerator<BulkRow> {
  const member = entry.name;
  const tap = new LastByteTap();
  // Row lengths are checked below, after the header: a header missing a column is the clearer error.
  const parser = parse({ bom: true, relax_column_count: true });
  const stream: Readable = entry.open();
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(tap).pipe(parser);
  let line = 1;
  let columns: Map<string, number> | null = null;
  let rows = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const start = line;
      // A record spans one line plus the line breaks inside its quoted cells.
      line += 1;
      for (const c of cells) if (c.includes('\n')) line += countNewlines(c);
      if (!columns) {
        columns = new Map(cells.map((name, i) => [name.trim(), i]));
        const missing = (BULK_TABLES[table] as readonly string[]).filter((c) => !columns!.has(c));
        if (missing.length) throw new BulkExportError(member, 1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${cells.join(',')})`, url);
        continue;
      }
      if (cells.length !== columns.size) throw new BulkExportError(member, start, `${cells.length} cells where the header has ${columns.size}`, url);
      rows++;
      const index = columns;
      yield {
        line: start,
        cell: (column) => {
          const at = index.get(column);
          if (at === undefined) throw new Error(`${member}: column ${column} was not checked in the header`);
          return cells[at]!;
        },
      };
    }
  } catch (error) {
    if (error instanceof BulkExportError) throw error;
    if (error instanceof CsvError) throw new BulkExportError(member, (error as CsvError & { lines?: number }).lines ?? line, `not readable CSV: ${error.message}`, url);
    throw new BulkExportError(member, null, (error as Error).message, url);
  } finally {
    stream.destroy();
  }
  if (!columns) throw new BulkExportError(member, null, 'the file is empty (Open States leaves empty tables out of the export, so this one was cut short)', url);
  if (tap.last !== 0x0a) throw new BulkExportError(member, line - 1, 'the file does not end with a line break: it was cut short', url);
  if (rows === 0) throw new BulkExportError(member, 2, 'a header and no rows (Open States leaves empty tables out of the export, so this one was cut short)', url);
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Remembers the last byte that went through. */
class LastByteTap extends Transform {
  last: number | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length) this.last = chunk[chunk.length - 1]!;
    callback(null, chunk);
  }
}
