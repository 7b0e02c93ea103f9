import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { referencePath } from './reference.js';

/**
 * The recorded New Hampshire exports (../shared/reference/openstates-bulk/nh-2020, nh-2024) are
 * the extracted zips: the CSVs side by side and the zip's README saved as README.txt. These
 * helpers put them back the way Open States publishes them, `{ABBR}/{session}/<file>` plus a
 * root `README`, so tests read real zips.
 */

/** The recorded export folder of a session (`nh-2024`). */
export function bulkExportFolder(name: 'nh-2020' | 'nh-2024'): string {
  return referencePath('openstates-bulk', name);
}

/** A fresh temporary folder. */
export function tempFolder(prefix = 'tracker-bulk-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * Zips a folder of `{ABBR}_{session}_<table>.csv` files (and README.txt) as the exporter does,
 * optionally changing file contents on the way (`edit(name, bytes)`; return null to leave a file out).
 * Returns the zip's path.
 */
export function zipBulkExport(folder: string, abbr: string, session: string, edit: (name: string, bytes: Buffer) => Buffer | null = (_n, b) => b, outDir = tempFolder()): string {
  const members: Record<string, Uint8Array> = {};
  for (const name of readdirSync(folder).sort()) {
    const bytes = edit(name, readFileSync(path.join(folder, name)));
    if (bytes === null) continue;
    members[name === 'README.txt' ? 'README' : `${abbr}/${session}/${name}`] = new Uint8Array(bytes);
  }
  const file = path.join(outDir, `${abbr}_${session}_csv_test.zip`);
  writeFileSync(file, zipSync(members, { level: 6 }));
  return file;
}

/** Copies a recorded export folder, changing files on the way like zipBulkExport. Returns the new folder. */
export function copyBulkExport(folder: string, edit: (name: string, bytes: Buffer) => Buffer | null): string {
  const out = tempFolder();
  for (const name of readdirSync(folder)) {
    const bytes = edit(name, readFileSync(path.join(folder, name)));
    if (bytes !== null) writeFileSync(path.join(out, name), bytes);
  }
  return out;
}

/** The rows of a recorded CSV, keyed by header (a plain reader, independent of the importer). */
export function readRecordedCsv(folder: string, file: string): Record<string, string>[] {
  const text = readFileSync(path.join(folder, file), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

/** One CSV row as Python's csv module writes it (QUOTE_MINIMAL, CRLF). */
function csvLine(cells: string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
}

/**
 * A copy of a recorded export keeping only the bills `keep` selects, with exactly their
 * child rows (actions, sponsorships, versions and their links, votes and their counts, ...),
 * written as the exporter writes CSV. Like a real export cut to a few bills, for tests that
 * run it through the whole pipeline. Returns the folder.
 */
export function trimBulkExport(folder: string, keep: (bill: Record<string, string>) => boolean): string {
  const out = tempFolder();
  const files = readdirSync(folder);
  const write = (name: string, rows: Record<string, string>[], header: string[]) => {
    if (rows.length) writeFileSync(path.join(out, name), csvLine(header) + rows.map((r) => csvLine(header.map((h) => r[h] ?? ''))).join(''));
  };
  const headerOf = (name: string) => readFileSync(path.join(folder, name), 'utf8').split('\r\n')[0]!.split(',');
  const table = (suffix: string) => files.find((f) => f.endsWith(`_${suffix}.csv`));
  const bills = new Set<string>();
  const parents = new Set<string>();
  const votes = new Set<string>();
  const order = ['bills', 'bill_documents', 'bill_versions', 'votes'];
  const rest = files.filter((f) => f.endsWith('.csv') && !order.some((o) => f.endsWith(`_${o}.csv`)));
  for (const name of [...order.map(table).filter((f): f is string => !!f), ...rest]) {
    const rows = readRecordedCsv(folder, name).filter((r) => {
      if (name.endsWith('_bills.csv')) return keep(r) && bills.add(r.id!) !== undefined;
      if (name.endsWith('_bill_documents.csv') || name.endsWith('_bill_versions.csv')) return bills.has(r.bill_id!) && parents.add(r.id!) !== undefined;
      if (name.endsWith('_votes.csv')) return bills.has(r.bill_id!) && votes.add(r.id!) !== undefined;
      if ('document_id' in r) return parents.has(r.document_id!);
      if ('version_id' in r) return parents.has(r.version_id!);
      if ('vote_event_id' in r) return votes.has(r.vote_event_id!);
      if ('bill_id' in r) return bills.has(r.bill_id!);
      return true; // organizations
    });
    write(name, rows, headerOf(name));
  }
  for (const name of files.filter((f) => !f.endsWith('.csv'))) writeFileSync(path.join(out, name), readFileSync(path.join(folder, name)));
  return out;
}
