import type { Db } from '../../db/database.js';
import { upsertBill, type UpsertResult } from './upsert-bill.js';
import { recomputeCells, type RollupCellKey } from '../../db/rollup/recompute-rollup.js';
import {
  allocateBillIds, buildBillBatch, findBills, findSourceLinks, naturalKeyOf, SAME_RECORD, writeBillBatch, type BillBatch, type BuiltBillBatch, type LinkFacts, type StoredBillRef, type StoredLink,
} from '../../db/bills/bill-batch-writer.js';
import { emptyCounts, type RunCounts, type RunErrorEntry } from '../../core/sources/source-health.js';
import { normalizedBillSchema, type NormalizedBill, type NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { billContentHash, sameBillContent, sourceRecordHash } from '../../core/bill/content-hash.js';
import { latestActionDate, type LegislativeContext } from '../../core/bill/derive-bill.js';
import { normalizedMeetingSchema, type NormalizedMeetingInput } from '../../core/meetings/meeting.schema.js';
import { relinkMeetings, upsertMeeting } from './upsert-meeting.js';
import { BatchKeys } from './batch-keys.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';
import { deriveAndClassify, fresherElsewhere, legislativeContext, recordSchemaVersion } from './prepare-bill.js';
import { readLatestBillTexts } from '../../db/classify/classifier-sources.js';
import { errorLine, isStorageFailure } from '../../core/error-summary.js';

/**
 * A durability point: everything yielded before it is written before the next item is asked
 * for. Sources that fetch page by page yield one after each page, so a run killed on page k
 * keeps pages 1..k-1 (and a cursor saved after a checkpoint never runs ahead of the stored bills).
 */
export type SourceCheckpoint = { checkpoint: true };
export const CHECKPOINT: SourceCheckpoint = Object.freeze({ checkpoint: true as const });

/**
 * Records known unchanged without reading them: a file import whose files are byte for byte
 * those of the source's last clean run counts its records as fetched and unchanged.
 */
export type SourceKnownUnchanged = { knownUnchanged: number };

/**
 * What adapters yield: a bill, a meeting (with its agenda), a record-level failure to report
 * (the run goes on), a checkpoint, or a count of records known unchanged.
 */
export type SourceItem = NormalizedBillInput | { meeting: NormalizedMeetingInput } | { error: Error; url?: string | null } | SourceCheckpoint | SourceKnownUnchanged;

export type ImportOptions = {
  runId: number | null;
  today: string;
  policies: PolicyDefinition[];
  onProgress?: (counts: RunCounts) => void;
  /** Stops the import between records (a run's time limit). */
  signal?: AbortSignal;
  /** Bills per batch (default 500); 1 writes every bill in its own transaction, as `upsertBill` does. */
  batchSize?: number;
};

export type ImportResult = {
  counts: RunCounts;
  errors: RunErrorEntry[];
  /** The jurisdictions of the records written or found unchanged (what the run covered). */
  jurisdictionIds: string[];
};

/**
 * How long preparing a batch runs before the event loop takes a turn (ms): every statement of
 * the batch being written waits for that turn to be answered, so a long stretch of derivation
 * holds up the database.
 */
const YIELD_AFTER_MS = 0.5;

/**
 * Turns for the event loop: `due()` once `ms` of synchronous work has run since the last turn,
 * and `take()` gives one. Asked per record, so asking costs no await.
 */
function turnTaker(ms: number): { due: () => boolean; take: () => Promise<void> } {
  let last = performance.now();
  return {
    due: () => performance.now() - last > ms,
    take: () => new Promise<void>((resolve) => setImmediate(() => {
      last = performance.now();
      resolve();
    })),
  };
}

/** How many times the batch size a run of unchanged records is read in (see `readSize`). */
const UNCHANGED_GROWTH = 4;

/** Bills per batch: big enough that per-statement costs vanish, small enough to keep a failed batch's retry short. */
export const IMPORT_BATCH_SIZE = 500;

/** The database stopped taking writes mid-import; carries what was done before. */
export class ImportStoppedError extends Error {
  readonly counts: RunCounts;
  readonly errors: RunErrorEntry[];
  constructor(cause: unknown, counts: RunCounts, errors: RunErrorEntry[]) {
    super(`the database stopped taking writes: ${errorLine(cause)}`, { cause });
    this.name = 'ImportStoppedError';
    this.counts = counts;
    this.errors = errors;
  }
}

function isFailure(item: SourceItem): item is { error: Error; url?: string | null } {
  return (item as { error?: unknown }).error instanceof Error;
}

function isKnownUnchanged(item: SourceItem): item is SourceKnownUnchanged {
  return typeof (item as { knownUnchanged?: unknown }).knownUnchanged === 'number';
}

function isMeeting(item: SourceItem): item is { meeting: NormalizedMeetingInput } {
  const meeting = (item as { meeting?: unknown }).meeting;
  return typeof meeting === 'object' && meeting !== null;
}

function isCheckpoint(item: SourceItem): item is SourceCheckpoint {
  return (item as { checkpoint?: unknown }).checkpoint === true;
}

/** The URL a bad record came from, for the error report. */
function urlOf(item: unknown): string | null {
  const url = (item as { sourceUrl?: unknown })?.sourceUrl;
  return typeof url === 'string' ? url : null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A record read from the source, not yet validated. */
type Pending = { item: NormalizedBillInput; recordHash: string };

/** A validated record that is new or changed, with what the batch lookup found for it. */
type Candidate = { pending: Pending; bill: NormalizedBill; hash: string; link: StoredLink | undefined };

/** A batch ready to write, and what to report once it is written. */
type Prepared = {
  batch: BillBatch;
  /** Per write: the record (for a retry and for its URL) and whether it was new. */
  writes: { candidate: Candidate; created: boolean }[];
  /** Link-only records, reported once the batch is written. */
  linked: { candidate: Candidate; outcome: UpsertResult['outcome'] }[];
  /** Records that meet a bill another record of this batch writes: written one by one after it. */
  deferred: Candidate[];
  /** The batch's statements, when it writes anything (or why they could not be built). */
  built?: BuiltBillBatch | Error;
};

/**
 * The common pipeline, batched: records are read in batches of a few hundred. Per batch,
 * one lookup of the stored record and content hashes skips every unchanged record before it
 * is even validated; the rest are validated against the one bill schema, one lookup finds
 * the stored bills, status is derived and bills classified in memory, and one transaction
 * writes the batch with one COPY or statement per table and one rollup recompute of the cells it
 * touched. While a batch is written, the next is read and prepared. A malformed record, or
 * one whose jurisdiction is unknown, is reported with its URL and skipped; when a batch's
 * write fails, that batch is written again one bill per transaction (`upsertBill`), so a bad
 * record fails alone, named by its URL. Meetings (agendas, hearings) are written one per
 * transaction in turn with the batch writes, and at the end agenda items are linked to the
 * bills of the run. Counts fetched / created / updated / unchanged / failed.
 */
export async function importBills(db: Db, items: AsyncIterable<SourceItem> | Iterable<SourceItem>, options: ImportOptions): Promise<ImportResult> {
  const counts = emptyCounts();
  const errors: RunErrorEntry[] = [];
  const batchSize = Math.max(1, options.batchSize ?? IMPORT_BATCH_SIZE);
  // A batch whose every record was unchanged doubles the next one (up to UNCHANGED_GROWTH
  // times the size): a re-read of a source that changed nothing is mostly lookups, and each
  // lookup costs a round trip and a plan whatever its size. A batch that writes resets it.
  let readSize = batchSize;
  const schemaVersion = recordSchemaVersion();
  const cache = new Map<string, LegislativeContext>();
  // Reading, validating, deriving and building all take turns with the batch being written
  // and the lookups in flight.
  const turns = turnTaker(YIELD_AFTER_MS);
  // Jurisdictions whose bills or meetings changed: their agenda items are linked again at the end.
  const touchedJurisdictions = new Set<string>();
  /** The jurisdictions of the records written or found unchanged: what the run covered. */
  const seen = new Set<string>();
  const report = (outcome: UpsertResult['outcome'], jurisdictionId: string) => {
    counts[outcome] += 1;
    seen.add(jurisdictionId);
    if (outcome !== 'unchanged') touchedJurisdictions.add(jurisdictionId);
  };
  // The database itself cannot write (full disk, read-only, gone): every record after this one
  // would fail the same way, so the run stops at the first such failure and says why.
  let stopped: unknown = null;
  const writeFailed = (candidate: Candidate, error: unknown) => {
    if (isStorageFailure(error)) {
      stopped ??= error;
      throw error;
    }
    counts.failed += 1;
    errors.push({ url: candidate.bill.sourceUrl, message: `${candidate.bill.identifier}: ${errorLine(error)}`, code: 'write_failed' });
  };
  // Meetings count with the bills (fetched, created, updated, unchanged, failed). Their items
  // link to bills as they are written, and once more at the end for bills written after them.
  const importMeeting = async (input: NormalizedMeetingInput) => {
    const parsed = normalizedMeetingSchema.safeParse(input);
    if (!parsed.success) {
      counts.failed += 1;
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      errors.push({ url: typeof input.sourceUrl === 'string' ? input.sourceUrl : null, message: `invalid meeting ${input.externalId ?? '?'}: ${problems}`, code: 'invalid_record' });
      return;
    }
    try {
      const result = await upsertMeeting(db, parsed.data, { runId: options.runId, today: options.today });
      counts[result.outcome] += 1;
      touchedJurisdictions.add(parsed.data.jurisdictionId);
    } catch (error) {
      if (isStorageFailure(error)) {
        stopped ??= error;
        throw error;
      }
      counts.failed += 1;
      errors.push({ url: parsed.data.sourceUrl, message: `meeting ${parsed.data.externalId} (${parsed.data.date}): ${errorLine(error)}`, code: 'write_failed' });
    }
  };

  /** One bill per transaction, as it always was: the path of a failed batch, and of `batchSize: 1`. */
  const upsertOne = async (candidate: Candidate, deferRollup?: (cells: RollupCellKey[]) => void) => {
    try {
      const result = await upsertBill(db, candidate.bill, { runId: options.runId, today: options.today, policies: options.policies, cache, recordHash: candidate.pending.recordHash, deferRollup });
      report(result.outcome, candidate.bill.jurisdictionId);
    } catch (error) {
      writeFailed(candidate, error);
    }
  };
  const upsertEach = async (candidates: Candidate[]) => {
    const cells: RollupCellKey[] = [];
    try {
      for (const candidate of candidates) await upsertOne(candidate, (c) => cells.push(...c));
    } finally {
      // Not after a storage failure: the recompute would fail the same way (the next run redoes it).
      if (!stopped) await recomputeCells(db, cells);
    }
  };

  /** Looks up, validates, derives and classifies a batch: no writes. */
  const prepare = async (pending: Pending[]): Promise<Prepared> => {
    const links = await findSourceLinks(db, pending.map((p) => ({ source: text(p.item.source), externalId: text(p.item.externalId), recordHash: p.recordHash })));
    const candidates: Candidate[] = [];
    const upgrades: LinkFacts[] = [];
    for (let i = 0; i < pending.length; i++) {
      if (turns.due()) await turns.take();
      const p = pending[i];
      const found = links[i];
      // The source gave this very record last time (and the bill needs no rewrite).
      if (found === SAME_RECORD) {
        report('unchanged', text(p.item.jurisdictionId));
        continue;
      }
      const link = found;
      const parsed = normalizedBillSchema.safeParse(p.item);
      if (!parsed.success) {
        counts.failed += 1;
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
        errors.push({ url: urlOf(p.item), message: `invalid record ${p.item.identifier ?? '?'}: ${problems}`, code: 'invalid_record' });
        continue;
      }
      const bill = parsed.data;
      const hash = billContentHash(bill);
      if (link && sameBillContent(link.contentHash, hash, bill) && !link.hintsMissing) {
        upgrades.push({ source: bill.source, externalId: bill.externalId, sourceUrl: bill.sourceUrl, contentHash: hash, recordHash: p.recordHash, latestActionOn: latestActionDate(bill) });
        report('unchanged', bill.jurisdictionId);
        continue;
      }
      candidates.push({ pending: p, bill, hash, link });
    }

    const stored = await findBills(
      db,
      candidates.flatMap((c) => (c.link ? [c.link.billId] : [])),
      candidates.filter((c) => !c.link).map((c) => c.bill),
    );
    const byId = new Map<number, StoredBillRef>(stored.map((b) => [b.id, b]));
    // The classifier reads each stored bill's latest text: one query for the batch.
    const latestTexts = await readLatestBillTexts(db, stored.map((b) => b.id));
    const byKey = new Map<string, StoredBillRef>(stored.map((b) => [naturalKeyOf(b), b]));
    const prepared: Prepared = { batch: { writes: [], links: [], upgrades, runId: options.runId }, writes: [], linked: [], deferred: [] };
    const targets = new Set<number>();
    for (const c of candidates) {
      if (turns.due()) await turns.take();
      const { bill, hash, link } = c;
      const existing = (link ? byId.get(link.billId) : byKey.get(naturalKeyOf(bill))) ?? null;
      // Two records of one bill (two sources, say): the second waits for the first, as one by one.
      if (existing && targets.has(existing.id)) {
        prepared.deferred.push(c);
        continue;
      }
      if (existing) targets.add(existing.id);
      const latest = latestActionDate(bill);
      const linkFacts: LinkFacts = { source: bill.source, externalId: bill.externalId, sourceUrl: bill.sourceUrl, contentHash: hash, recordHash: c.pending.recordHash, latestActionOn: latest };
      if (existing && fresherElsewhere(existing, bill, latest)) {
        prepared.batch.links.push({ ...linkFacts, billId: existing.id });
        prepared.linked.push({ candidate: c, outcome: link ? 'updated' : 'created' });
        continue;
      }
      try {
        const context = await legislativeContext(db, bill.jurisdictionId, cache);
        const derived = deriveAndClassify(bill, hash, context, existing, options.today, options.policies, existing ? latestTexts.get(existing.id) ?? null : null);
        prepared.batch.writes.push({
          billId: existing?.id ?? null, facts: derived.facts, bill, actionClassifications: derived.actionClassifications,
          move: derived.move, moveAction: derived.moveAction, matches: derived.matches, link: linkFacts,
        });
        prepared.writes.push({ candidate: c, created: !existing });
      } catch (error) {
        writeFailed(c, error);
      }
    }
    // The batch's statements are built now, while the batch before it is written. A record
    // that cannot be built fails the batch, which is then written one bill at a time.
    const { batch } = prepared;
    if (batch.writes.length || batch.links.length || batch.upgrades.length) {
      const ids = await allocateBillIds(db, batch.writes.filter((w) => w.billId === null).length);
      try {
        prepared.built = await buildBillBatch(batch, ids, () => (turns.due() ? turns.take() : undefined));
      } catch (error) {
        prepared.built = error instanceof Error ? error : new Error(String(error));
      }
    }
    return prepared;
  };

  /** Writes a prepared batch in one transaction; on failure, one bill per transaction. */
  const write = async (prepared: Prepared) => {
    const { built } = prepared;
    if (built) {
      try {
        if (built instanceof Error) throw built;
        await writeBillBatch(db, built);
        for (const { candidate, created } of prepared.writes) report(created ? 'created' : 'updated', candidate.bill.jurisdictionId);
        for (const l of prepared.linked) report(l.outcome, l.candidate.bill.jurisdictionId);
      } catch (error) {
        if (isStorageFailure(error)) {
          stopped ??= error;
          throw error;
        }
        await upsertEach([...prepared.writes.map((w) => w.candidate), ...prepared.linked.map((l) => l.candidate)]);
      }
    }
    await upsertEach(prepared.deferred);
  };

  let batch: Pending[] = [];
  let batchKeys = new BatchKeys();
  // Three stages overlap: the loop reads and hashes batch k+1 while batch k is looked up and
  // prepared and batch k-1 is written. Writes stay in order, one at a time, and no batch is
  // prepared while two are unwritten: the source is read no further ahead than that (memory
  // stays flat through a file of a million records), and a batch's lookups see every earlier
  // write but the one in flight (which the shared-keys check below waits for).
  let preparing: Promise<void> = Promise.resolve();
  let writing: Promise<void> = Promise.resolve();
  let priorWrite: Promise<void> = Promise.resolve();
  let writingKeys = new BatchKeys();
  const flush = async () => {
    if (stopped) throw stopped;
    if (batch.length === 0) return;
    const [pending, keys] = [batch, batchKeys];
    batch = [];
    batchKeys = new BatchKeys();
    await preparing;
    if (batchSize === 1) {
      // One bill per transaction, validated first, exactly as the one-bill path.
      await writing;
      await write(await prepareOne(pending[0]));
      return;
    }
    await priorWrite;
    // A batch sharing a bill with the one being written must see that write first.
    if (writingKeys.size && keys.shares(writingKeys)) await writing;
    preparing = (async () => {
      const prepared = await prepare(pending);
      const allUnchanged = !prepared.built && prepared.deferred.length === 0 && prepared.linked.length === 0;
      readSize = allUnchanged ? Math.min(readSize * 2, batchSize * UNCHANGED_GROWTH) : batchSize;
      const previous = writing;
      priorWrite = previous;
      writing = previous.then(() => write(prepared));
      writing.catch(() => undefined); // awaited before the next dependent batch and before returning
      // A batch that writes nothing holds up no later one.
      writingKeys = allUnchanged ? new BatchKeys() : keys;
    })();
    preparing.catch(() => undefined); // awaited by the next flush and before returning
  };
  const prepareOne = async (p: Pending): Promise<Prepared> => {
    const none: Prepared = { batch: { writes: [], links: [], upgrades: [], runId: options.runId }, writes: [], linked: [], deferred: [] };
    const parsed = normalizedBillSchema.safeParse(p.item);
    if (!parsed.success) return prepare([p]); // reports the invalid record the same way
    return { ...none, deferred: [{ pending: p, bill: parsed.data, hash: billContentHash(parsed.data), link: undefined }] };
  };

  try {
    try {
      for await (const item of items) {
        if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new Error('import aborted');
        if (turns.due()) await turns.take();
        if (isCheckpoint(item)) {
          // Write what is held before the source reads on (the next page, a saved cursor).
          await flush();
          await preparing;
          await writing;
          continue;
        }
        if (isKnownUnchanged(item)) {
          counts.fetched += item.knownUnchanged;
          counts.unchanged += item.knownUnchanged;
          options.onProgress?.(counts);
          continue;
        }
        counts.fetched += 1;
        if (isFailure(item)) {
          counts.failed += 1;
          const e = item.error;
          errors.push({ url: item.url ?? (e instanceof ScrapeError ? e.url : null), message: e.message, code: e instanceof ScrapeError ? e.code : 'error' });
          options.onProgress?.(counts);
          continue;
        }
        if (isMeeting(item)) {
          // Written in turn with the bill batches (the batch being read is not cut short), and
          // before the next record is read: a source may read its stored meetings back (agenda
          // appearances) to build the bills it yields after them.
          const meeting = item.meeting;
          writing = writing.then(() => importMeeting(meeting));
          await writing;
          options.onProgress?.(counts);
          continue;
        }
        const keys = { source: text(item.source), externalId: text(item.externalId), jurisdictionId: text(item.jurisdictionId), session: text(item.session), identifier: text(item.identifier) };
        // A record for a bill already in this batch starts the next batch, so it sees the first written.
        let recordHash: string;
        try {
          recordHash = sourceRecordHash(item, schemaVersion);
        } catch (error) {
          // A record that cannot even be read through (one that holds itself, or nests deeper
          // than the stack) fails alone.
          counts.failed += 1;
          errors.push({ url: urlOf(item), message: `unreadable record ${text(item.identifier) || '?'}: ${errorLine(error)}`, code: 'invalid_record' });
          options.onProgress?.(counts);
          continue;
        }
        if (batchKeys.has(keys)) await flush();
        batch.push({ item, recordHash });
        batchKeys.add(keys);
        if (batch.length >= readSize) await flush();
        options.onProgress?.(counts);
      }
      await flush();
      await preparing;
      await writing;
      await relinkMeetings(db, [...touchedJurisdictions], { runId: options.runId, today: options.today });
    } finally {
      // Whatever stopped the run, the batch being written lands (or is retried) before returning.
      await preparing.catch(() => undefined);
      await writing;
    }
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    throw new ImportStoppedError(error, counts, errors);
  }
  options.onProgress?.(counts);
  return { counts, errors, jurisdictionIds: [...seen] };
}
