import type { Db } from '../../db/database.js';
import { addMissingSessions } from '../../db/sessions/sessions-repository.js';
import { loadBulkExport, locateBulkExports, type BulkExportLocation, type LoadedBulkExport } from '../openstates-bulk/bulk-export.parser.js';
import type { SourceItem } from '../pipeline/import-bills.js';

/** What reading bulk exports needs: the database for the sessions, and where a download came from. */
export type BulkReadContext = {
  db: Db;
  /** The OCD id of a state by its code (`NH`); throws for one the tracker does not know. */
  jurisdictionFor: (abbr: string) => string;
  /** The download URL of a zip, for errors (default: the file's own URL). */
  url?: string;
  /** Told about each export once it was read whole, before its bills are handed over. */
  onLoaded?: (loaded: LoadedBulkExport) => void;
};

/**
 * The bills of Open States bulk exports (zips or folders, several sessions allowed), for the
 * pipeline. Every export is read and checked whole before its first bill is handed over, and
 * when several are given, all of them are checked before any is imported: a malformed one
 * (a missing column, a bad Python repr, a file cut short) throws BulkExportError naming the
 * member and line, and nothing is stored. The sessions an export names are stored (those
 * already known keep their dates) before its bills, so status derivation knows them.
 */
export async function* bulkExportRecords(files: readonly string[], ctx: BulkReadContext): AsyncGenerator<SourceItem> {
  const locations: BulkExportLocation[] = [];
  for (const file of files) locations.push(...(await locateBulkExports(file)));
  const load = (location: BulkExportLocation) => loadBulkExport(location, { jurisdictionFor: ctx.jurisdictionFor, url: ctx.url });
  // Checked first, then read again one by one: holding every export's tables at once would not scale.
  if (locations.length > 1) for (const location of locations) await load(location);
  for (const location of locations) {
    const loaded = await load(location);
    ctx.onLoaded?.(loaded);
    await addMissingSessions(ctx.db, loaded.jurisdictionId, loaded.sessions.map((identifier) => ({ identifier })));
    yield* loaded.bills();
  }
}
