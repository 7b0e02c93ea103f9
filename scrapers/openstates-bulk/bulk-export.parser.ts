import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NormalizedBillInput, NormalizedSponsor } from '../../core/bill/bill.schema.js';
import type { OpenStatesDocument, OpenStatesOrganization } from '../openstates/openstates-bill.schema.js';
import {
  httpUrlOrNull, normalizeOpenStatesAction, normalizeOpenStatesDocument, normalizeOpenStatesVote, sortVotes,
} from '../openstates/normalize-openstates-bill.js';
import { BULK_TABLE_NAMES, BulkExportError, readBulkTable, type BulkRow, type BulkTable } from './bulk-tables.js';
import { parsePythonStringList, PythonReprError } from './python-repr.js';
import { readZipMembers, ZipArchiveError, type ArchiveEntry } from './zip-members.js';

/**
 * Open States' per-session CSV exports (`{ABBR}_{session}_csv_<random>.zip`, listed in API v3
 * `sessions[].downloads`), formats 2.0 and 2.1, read exactly as the exporter writes them
 * (../shared/reference/openstates-bulk/README.md): members `{ABBR}/{session}/{ABBR}_{session}_<table>.csv`
 * plus a `README`; empty tables left out; list and dict cells as Python reprs; `True`/`False`;
 * CRLF. Format 2.0 has no organizations.csv: the chambers of actions and votes are then
 * inferred from who introduced which bills.
 *
 * Reading is two-step so a malformed export stores nothing: `loadBulkExport` reads and checks
 * every table (streaming each CSV from disk, keeping only the fields the tracker stores),
 * and only then does `bills()` hand the bills over, one at a time.
 */

/** The `source` bills read from a bulk export are stored under (the API's are `openstates`). */
export const OPENSTATES_BULK_SOURCE = 'openstates-bulk';

/** One session's export found in a zip or folder, not yet read. */
export type BulkExportLocation = {
  /** Upper-case state code from the member names (`NH`). */
  abbr: string;
  /** The session identifier from the member names (`2024`, `2025_26`, `89R`). */
  session: string;
  /** The zip or folder it came from. */
  file: string;
  tables: Map<BulkTable, ArchiveEntry>;
  readme: ArchiveEntry | null;
};

/** The README the exporter writes: `State`, `Session`, `Generated At` (naive UTC), `CSV Format Version`. */
export type BulkReadme = { state: string | null; session: string | null; generatedAt: string | null; format: string | null };

const TABLE_PATTERN = new RegExp(`^([A-Za-z]{2})_(.+)_(${[...BULK_TABLE_NAMES].sort((a, b) => b.length - a.length).join('|')})\\.csv$`);

/**
 * The session exports in a zip archive or a folder (the extracted zip, nested
 * `NH/2024/NH_2024_bills.csv` or flat; several sessions allowed).
 * @throws BulkExportError when nothing in it is an Open States CSV export, or the zip is damaged.
 */
export async function locateBulkExports(file: string): Promise<BulkExportLocation[]> {
  const info = await stat(file);
  let entries: ArchiveEntry[];
  if (info.isDirectory()) {
    entries = (await listFiles(file)).map((f) => ({ name: path.relative(file, f).split(path.sep).join('/'), open: () => createReadStream(f) }));
  } else {
    try {
      entries = await readZipMembers(file);
    } catch (error) {
      if (error instanceof ZipArchiveError) throw new BulkExportError(path.basename(file), null, error.message, fileUrl(file));
      throw error;
    }
  }
  const groups = new Map<string, BulkExportLocation>();
  const readmes: ArchiveEntry[] = [];
  for (const entry of entries) {
    const base = entry.name.split('/').pop() ?? entry.name;
    if (/^README(\.txt)?$/i.test(base)) {
      readmes.push(entry);
      continue;
    }
    const match = TABLE_PATTERN.exec(base);
    if (!match) continue;
    const abbr = match[1]!.toUpperCase();
    const session = match[2]!;
    const key = `${abbr}\u0000${session}`;
    const group = groups.get(key) ?? { abbr, session, file, tables: new Map(), readme: null };
    const table = match[3] as BulkTable;
    if (group.tables.has(table)) throw new BulkExportError(entry.name, null, `a second ${table} table for ${abbr} ${session} (also ${group.tables.get(table)!.name})`, fileUrl(file));
    group.tables.set(table, entry);
    groups.set(key, group);
  }
  if (groups.size === 0) throw new BulkExportError(path.basename(file), null, 'no Open States CSV tables ({ABBR}_{session}_bills.csv, ...) in it', fileUrl(file));
  for (const group of groups.values()) {
    const dirOf = (name: string) => name.split('/').slice(0, -1).join('/');
    const tableDir = dirOf(group.tables.values().next().value!.name);
    // The zip's README sits at its root; an extracted folder may keep it beside the tables.
    group.readme = readmes.find((r) => dirOf(r.name) === tableDir) ?? (groups.size === 1 ? readmes.find((r) => !r.name.includes('/')) ?? null : null);
  }
  return [...groups.values()];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function fileUrl(file: string): string {
  return pathToFileURL(path.resolve(file)).toString();
}

/** Reads the README's `Key: value` lines. */
export function parseBulkReadme(text: string): BulkReadme {
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*?)\\s*$`, 'mi').exec(text)?.[1] || null;
  const generated = field('Generated At');
  // `datetime.utcnow()` printed naively: it is UTC.
  const generatedAt = generated && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(generated) ? `${generated.replace(' ', 'T')}Z` : null;
  return { state: field('State'), session: field('Session'), generatedAt, format: field('CSV Format Version') };
}

async function readText(entry: ArchiveEntry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What was read from one session's export, with the bills still to hand over. */
export type LoadedBulkExport = {
  abbr: string;
  session: string;
  jurisdictionId: string;
  format: string | null;
  /** When Open States generated the zip (UTC ISO), from its README. */
  generatedAt: string | null;
  /** Session identifiers the bills name (normally just `session`). */
  sessions: string[];
  counts: { bills: number; actions: number; votes: number; voters: number };
  /** The bills in the common shape, one at a time, ordered by identifier. */
  bills(): Generator<NormalizedBillInput>;
};

export type LoadOptions = {
  /** The OCD id of the state a code names (`NH` → `ocd-jurisdiction/country:us/state:nh/government`); throws for an unknown code. */
  jurisdictionFor: (abbr: string) => string;
  /** Where the export came from, for errors (a download URL); default the file's URL. */
  url?: string;
};

type ActionRow = { order: number; orgId: string; description: string; date: string; classification: string[] };
type DocumentRow = { billId: string; note: string; date: string; classification: string; links: { url: string; media_type: string }[] };
type VoteRow = {
  /** `ocd-vote/<uuid>`: stable across regenerations of the export. */
  id: string;
  billId: string; identifier: string; motion: string; motionClassification: string[]; startDate: string; result: string; orgId: string;
  counts: { option: string; value: number }[]; voters: { option: string; name: string; personId: string | null }[];
};
type BillRow = { id: string; identifier: string; title: string; classification: string[]; subjects: string[]; session: string; chamber: string };

/**
 * Reads and checks every table of one session's export. Nothing is handed over until the whole
 * export has been read, so a malformed one stores nothing.
 * @throws BulkExportError naming the member and line of the first problem (a missing column,
 * a cell that is not a Python list or dict, a file cut short, a row naming a bill the export
 * does not have).
 */
export async function loadBulkExport(location: BulkExportLocation, options: LoadOptions): Promise<LoadedBulkExport> {
  const sourceUrl = options.url ?? fileUrl(location.file);
  const urlOf = (entry: ArchiveEntry) => `${sourceUrl}#${entry.name}`;
  const intern = new Map<string, string>();
  const share = (value: string) => {
    const known = intern.get(value);
    if (known !== undefined) return known;
    intern.set(value, value);
    return value;
  };

  const readme = location.readme ? parseBulkReadme(await readText(location.readme)) : { state: null, session: null, generatedAt: null, format: null };
  let jurisdictionId: string;
  try {
    jurisdictionId = options.jurisdictionFor(location.abbr);
  } catch (error) {
    throw new BulkExportError(location.tables.get('bills')?.name ?? location.abbr, null, (error as Error).message, sourceUrl);
  }

  /** Runs `each` over a table's rows (a table left out of the export has none). */
  const eachRow = async (table: BulkTable, each: (row: BulkRow, fail: (detail: string) => never) => void) => {
    const entry = location.tables.get(table);
    if (!entry) return;
    for await (const row of readBulkTable(entry, table, urlOf(entry))) {
      const fail = (detail: string): never => {
        throw new BulkExportError(entry.name, row.line, detail, urlOf(entry));
      };
      try {
        each(row, fail);
      } catch (error) {
        if (error instanceof PythonReprError) fail(error.message);
        throw error;
      }
    }
  };
  const list = (row: BulkRow, column: string, fail: (d: string) => never): string[] => {
    try {
      return parsePythonStringList(row.cell(column));
    } catch (error) {
      if (error instanceof PythonReprError) return fail(`column ${column} is not a Python list of strings: ${error.message}`);
      throw error;
    }
  };

  const billsTable = location.tables.get('bills');
  if (!billsTable) throw new BulkExportError(`${location.abbr}_${location.session}_bills.csv`, null, `the export of ${location.abbr} ${location.session} has no bills table`, sourceUrl);
  const bills = new Map<string, BillRow>();
  await eachRow('bills', (row, fail) => {
    const id = row.cell('id');
    if (!id.startsWith('ocd-bill/')) fail(`id ${JSON.stringify(id)} is not an ocd-bill/ id`);
    if (bills.has(id)) fail(`bill ${id} appears twice`);
    bills.set(id, {
      id,
      identifier: row.cell('identifier').trim(),
      title: row.cell('title').trim(),
      classification: list(row, 'classification', fail),
      subjects: list(row, 'subject', fail),
      session: share(row.cell('session_identifier').trim() || location.session),
      chamber: share(row.cell('organization_classification').trim()),
    });
  });
  const childOf = <T>(map: Map<string, T[]>, billId: string, fail: (d: string) => never, value: T) => {
    if (!bills.has(billId)) fail(`names bill ${JSON.stringify(billId)}, which is not in the bills table`);
    const items = map.get(billId);
    if (items) items.push(value);
    else map.set(billId, [value]);
  };

  const abstracts = new Map<string, { abstract: string; note: string }[]>();
  await eachRow('bill_abstracts', (row, fail) => childOf(abstracts, row.cell('bill_id'), fail, { abstract: row.cell('abstract').trim(), note: row.cell('note') }));
  const titles = new Map<string, string[]>();
  await eachRow('bill_titles', (row, fail) => childOf(titles, row.cell('bill_id'), fail, row.cell('title').trim()));
  const identifiers = new Map<string, string[]>();
  await eachRow('bill_identifiers', (row, fail) => childOf(identifiers, row.cell('bill_id'), fail, row.cell('identifier').trim()));
  const sources = new Map<string, string[]>();
  await eachRow('bill_sources', (row, fail) => childOf(sources, row.cell('bill_id'), fail, row.cell('url').trim()));
  const related = new Map<string, { identifier: string; legislative_session: string; relation_type: string }[]>();
  await eachRow('bill_related_bills', (row, fail) =>
    childOf(related, row.cell('bill_id'), fail, { identifier: row.cell('identifier'), legislative_session: row.cell('legislative_session'), relation_type: row.cell('relation_type') }),
  );
  const sponsors = new Map<string, NormalizedSponsor[]>();
  await eachRow('bill_sponsorships', (row, fail) => {
    const primary = row.cell('primary');
    if (primary !== 'True' && primary !== 'False') fail(`column primary is ${JSON.stringify(primary)}, not True or False`);
    childOf(sponsors, row.cell('bill_id'), fail, {
      name: share(row.cell('name').trim()),
      classification: share(row.cell('classification').trim()) || null,
      primary: primary === 'True',
      personId: share(row.cell('person_id')) || null,
    });
  });

  let actionCount = 0;
  const actions = new Map<string, ActionRow[]>();
  await eachRow('bill_actions', (row, fail) => {
    const order = row.cell('order');
    if (!/^-?\d+$/.test(order)) fail(`column order is ${JSON.stringify(order)}, not a whole number`);
    actionCount++;
    childOf(actions, row.cell('bill_id'), fail, {
      order: Number(order),
      orgId: share(row.cell('organization_id')),
      description: row.cell('description'),
      date: share(row.cell('date').trim()),
      classification: list(row, 'classification', fail),
    });
  });

  const readDocuments = async (table: 'bill_documents' | 'bill_versions', linkTable: 'bill_document_links' | 'bill_version_links', parentColumn: 'document_id' | 'version_id') => {
    const documents = new Map<string, DocumentRow>();
    await eachRow(table, (row, fail) => {
      const billId = row.cell('bill_id');
      if (!bills.has(billId)) fail(`names bill ${JSON.stringify(billId)}, which is not in the bills table`);
      documents.set(row.cell('id'), { billId, note: row.cell('note').trim(), date: row.cell('date').trim(), classification: share(row.cell('classification').trim()), links: [] });
    });
    await eachRow(linkTable, (row, fail) => {
      const parent = row.cell(parentColumn);
      const document = documents.get(parent);
      if (!document) fail(`names ${parentColumn} ${JSON.stringify(parent)}, which is not in the ${table} table`);
      document!.links.push({ url: row.cell('url').trim(), media_type: share(row.cell('media_type').trim()) });
    });
    const byBill = new Map<string, DocumentRow[]>();
    for (const document of documents.values()) {
      const items = byBill.get(document.billId);
      if (items) items.push(document);
      else byBill.set(document.billId, [document]);
    }
    return byBill;
  };
  const documents = await readDocuments('bill_documents', 'bill_document_links', 'document_id');
  const versions = await readDocuments('bill_versions', 'bill_version_links', 'version_id');

  const votes = new Map<string, VoteRow>();
  await eachRow('votes', (row, fail) => {
    const billId = row.cell('bill_id');
    // Votes on no bill (procedural motions) are exported too; the tracker keeps votes on bills.
    if (billId !== '' && !bills.has(billId)) fail(`names bill ${JSON.stringify(billId)}, which is not in the bills table`);
    const id = row.cell('id');
    if (votes.has(id)) fail(`vote ${id} appears twice`);
    votes.set(id, {
      id,
      billId,
      identifier: row.cell('identifier'),
      motion: row.cell('motion_text'),
      motionClassification: list(row, 'motion_classification', fail),
      startDate: row.cell('start_date').trim(),
      result: share(row.cell('result')),
      orgId: share(row.cell('organization_id')),
      counts: [],
      voters: [],
    });
  });
  const voteOf = (row: BulkRow, fail: (d: string) => never) => {
    const id = row.cell('vote_event_id');
    return votes.get(id) ?? fail(`names vote ${JSON.stringify(id)}, which is not in the votes table`);
  };
  await eachRow('vote_counts', (row, fail) => {
    const value = row.cell('value');
    if (!/^\d+$/.test(value)) fail(`column value is ${JSON.stringify(value)}, not a count`);
    voteOf(row, fail).counts.push({ option: share(row.cell('option')), value: Number(value) });
  });
  let voterCount = 0;
  await eachRow('vote_people', (row, fail) => {
    voterCount++;
    voteOf(row, fail).voters.push({ option: share(row.cell('option')), name: share(row.cell('voter_name')), personId: share(row.cell('voter_id')) || null });
  });
  await eachRow('vote_sources', (row, fail) => {
    voteOf(row, fail);
  });

  const organizations = new Map<string, OpenStatesOrganization>();
  await eachRow('organizations', (row, fail) => {
    const id = row.cell('id');
    if (!id) fail('an organization without an id');
    organizations.set(id, { id, name: row.cell('name').trim(), classification: row.cell('classification').trim() });
  });
  if (!location.tables.has('organizations')) inferChambers(bills, actions, organizations);

  const votesByBill = new Map<string, VoteRow[]>();
  let voteCount = 0;
  for (const vote of votes.values()) {
    if (!vote.billId) continue;
    voteCount++;
    const items = votesByBill.get(vote.billId);
    if (items) items.push(vote);
    else votesByBill.set(vote.billId, [vote]);
  }
  votes.clear();

  const generatedAt = readme.generatedAt;
  const organizationOf = (id: string) => (id ? organizations.get(id) : undefined);
  function* build(): Generator<NormalizedBillInput> {
    const ordered = [...bills.values()].sort((a, b) => compareText(a.identifier, b.identifier) || compareText(a.id, b.id));
    for (const bill of ordered) {
      const partialDates: string[] = [];
      const billActions = (actions.get(bill.id) ?? [])
        .sort((a, b) => a.order - b.order)
        .map((a) => {
          const normalized = normalizeOpenStatesAction({ organization: organizationOf(a.orgId), description: a.description, date: a.date, classification: a.classification, order: a.order }, partialDates);
          // A 2.0 export names no organizations: the chamber is known, its name is not.
          return { ...normalized, actor: normalized.actor || null };
        });
      const docs = (kind: 'version' | 'document', rows: DocumentRow[] | undefined) =>
        (rows ?? [])
          .map((d): OpenStatesDocument => ({ note: d.note, date: d.date, classification: d.classification, links: [...d.links].sort(compareLinks) }))
          .sort((a, b) => compareText(a.date ?? '', b.date ?? '') || compareText(a.note, b.note) || compareText(a.links[0]?.url ?? '', b.links[0]?.url ?? ''))
          .flatMap((d) => normalizeOpenStatesDocument(kind, d, partialDates));
      const billSources = [...new Set((sources.get(bill.id) ?? []).filter((u) => u !== ''))].sort();
      const extras: Record<string, unknown> = {};
      const relatedBills = (related.get(bill.id) ?? []).sort((a, b) => compareText(`${a.legislative_session} ${a.identifier}`, `${b.legislative_session} ${b.identifier}`));
      if (relatedBills.length) extras.relatedBills = relatedBills;
      const otherIdentifiers = [...new Set(identifiers.get(bill.id) ?? [])].filter((i) => i !== '').sort();
      if (otherIdentifiers.length) extras.otherIdentifiers = otherIdentifiers;
      if (billSources.length) extras.sourceUrls = billSources;
      const billVotes = sortVotes(
        (votesByBill.get(bill.id) ?? []).map((v) =>
          normalizeOpenStatesVote({
            id: v.id,
            motionText: v.motion,
            motionClassification: v.motionClassification,
            startDate: v.startDate,
            result: v.result,
            organization: organizationOf(v.orgId),
            counts: v.counts,
            voters: v.voters,
          }),
        ),
      );
      const billAbstracts = [...(abstracts.get(bill.id) ?? [])].filter((a) => a.abstract !== '').sort((a, b) => compareText(a.note, b.note) || compareText(a.abstract, b.abstract));
      const billSponsors = [...(sponsors.get(bill.id) ?? [])]
        .filter((s) => s.name !== '')
        .sort((a, b) => Number(b.primary) - Number(a.primary) || compareText(a.name, b.name) || compareText(a.personId ?? '', b.personId ?? ''));
      const record: NormalizedBillInput = {
        source: OPENSTATES_BULK_SOURCE,
        externalId: bill.id,
        jurisdictionId,
        session: bill.session,
        identifier: bill.identifier,
        title: bill.title,
        abstract: billAbstracts[0]?.abstract ?? null,
        otherTitles: [...new Set(titles.get(bill.id) ?? [])].filter((t) => t !== '' && t !== bill.title).sort(),
        classification: bill.classification[0] ?? 'bill',
        subjects: bill.subjects,
        chamber: bill.chamber || null,
        actions: billActions,
        sponsors: billSponsors,
        documents: [...docs('version', versions.get(bill.id)), ...docs('document', documents.get(bill.id))],
        votes: billVotes,
        enactmentNumber: null,
        statusHints: [],
        sourceUrl: billSources.map((u) => httpUrlOrNull(u)).find((u) => u !== null) ?? null,
        sourceUpdatedAt: generatedAt,
        extras: partialDates.length ? { ...extras, partialDates } : extras,
      };
      yield record;
    }
  }
  return {
    abbr: location.abbr,
    session: location.session,
    jurisdictionId,
    format: readme.format,
    generatedAt,
    sessions: [...new Set([...bills.values()].map((b) => b.session))].sort(),
    counts: { bills: bills.size, actions: actionCount, votes: voteCount, voters: voterCount },
    bills: build,
  };
}

/**
 * Format 2.0 exports carry organization ids but no organizations table. A chamber is the body
 * that introduces bills of its own origin (`bills.organization_classification`), so each
 * organization seen on introductions takes the origin most of its bills have; one whose
 * actions are mostly executive ones (signature, veto) is the executive. Others stay unknown.
 */
function inferChambers(bills: Map<string, BillRow>, actions: Map<string, ActionRow[]>, out: Map<string, OpenStatesOrganization>): void {
  const origins = new Map<string, Map<string, number>>();
  const executive = new Map<string, { executive: number; all: number }>();
  for (const [billId, rows] of actions) {
    const origin = bills.get(billId)?.chamber;
    for (const action of rows) {
      if (!action.orgId) continue;
      const tally = executive.get(action.orgId) ?? { executive: 0, all: 0 };
      tally.all++;
      if (action.classification.some((c) => c.startsWith('executive-'))) tally.executive++;
      executive.set(action.orgId, tally);
      if (origin && action.classification.includes('introduction')) {
        const counts = origins.get(action.orgId) ?? new Map<string, number>();
        counts.set(origin, (counts.get(origin) ?? 0) + 1);
        origins.set(action.orgId, counts);
      }
    }
  }
  for (const [orgId, tally] of executive) {
    const counts = origins.get(orgId);
    if (counts) {
      const [best] = [...counts].sort((a, b) => b[1] - a[1]);
      out.set(orgId, { id: orgId, name: '', classification: best![0] });
    } else if (tally.executive * 2 > tally.all) {
      out.set(orgId, { id: orgId, name: '', classification: 'executive' });
    }
  }
}

const MEDIA_RANK: Readonly<Record<string, number>> = { 'application/pdf': 0, 'text/html': 1 };

function compareLinks(a: { url: string; media_type?: string }, b: { url: string; media_type?: string }): number {
  return (MEDIA_RANK[a.media_type ?? ''] ?? 2) - (MEDIA_RANK[b.media_type ?? ''] ?? 2) || compareText(a.url, b.url);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
