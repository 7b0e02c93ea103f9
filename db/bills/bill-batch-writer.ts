import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { idArray, textArray } from '../sql-arrays.js';
import { billPolicies, billSources, bills, statusChanges } from '../schema/index.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import type { BillFacts, StatusMove } from '../../core/bill/derive-bill.js';
import type { Stage, Status } from '../../core/vocabulary.js';
import { BILL_CHILDREN } from './bill-rows.js';
import { inTransaction, REVIEW_REASON, type MachineClassification } from './bill-writer.js';
import { insertJsonRowsSql, updateJsonRowsSql } from './json-rows.js';
import { copyPayloads, copyRows, type CopyPayload } from './copy-rows.js';
import { refreshRollupItems } from '../rollup/rollup-items.js';
import { recomputeCells } from '../rollup/recompute-rollup.js';

/**
 * The SQL writers of the batched pipeline: a few set-based statements per batch of bills,
 * whatever its size. They store what the pipeline derived and never derive anything
 * themselves; rows are built by the same builders as the one-bill writer (`bill-rows.ts`),
 * so both store the same rows.
 */

/**
 * A source record's stored link: which bill it feeds and the content hash it had last time, and
 * whether the bill was stored before its status hints were kept (then it is rewritten once).
 */
export type StoredLink = { billId: number; contentHash: string; hintsMissing: boolean };

/** Said of a record whose stored link has its very record hash (and needs no rewrite): nothing to read or write. */
export const SAME_RECORD = 'same-record' as const;

/**
 * The stored links of these source records, in their order: `SAME_RECORD` where the stored
 * record hash is the one given (and the bill needs no rewrite), the link where it differs,
 * undefined where none. One statement. The comparison is made by the server, so a re-read of
 * records the source left alone sends back one row of their positions rather than a row each
 * (20,000 rows parsed and collected per re-read of 20,000 records, before).
 */
export async function findSourceLinks(db: Db, keys: { source: string; externalId: string; recordHash: string }[]): Promise<(StoredLink | typeof SAME_RECORD | undefined)[]> {
  const out: (StoredLink | typeof SAME_RECORD | undefined)[] = new Array(keys.length);
  if (keys.length === 0) return out;
  const rows = await queryRows<{ ord: string | number | null; bill_id: string | number | null; content_hash: string; hints_missing: boolean; same: string | null }>(
    db,
    // One probe of the identity index (and of the bill) per key, fenced with OFFSET 0: the
    // planner would otherwise hash the whole table for every batch, which made a re-import
    // grow with the square of the stored bills. Rows name their key by its position.
    sql`WITH found AS MATERIALIZED (
          SELECT k.ord, bs.bill_id, bs.content_hash, bs.record_hash, bs.hints_missing,
                 (bs.record_hash IS NOT NULL AND bs.record_hash = k.record_hash AND NOT bs.hints_missing) AS same
          FROM unnest(${textArray(keys.map((k) => k.source))}::text[], ${textArray(keys.map((k) => k.externalId))}::text[], ${textArray(keys.map((k) => k.recordHash))}::text[])
               WITH ORDINALITY AS k(source, external_id, record_hash, ord)
          CROSS JOIN LATERAL (SELECT s.bill_id, s.content_hash, s.record_hash,
                                     EXISTS (SELECT 1 FROM bills b WHERE b.id = s.bill_id AND b.status_hints IS NULL) AS hints_missing
                              FROM bill_sources s
                              WHERE s.source = k.source AND s.external_id = k.external_id OFFSET 0) bs)
        SELECT ord, bill_id, content_hash, hints_missing, NULL::text AS same FROM found WHERE NOT same
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, string_agg(ord::text, ',') FROM found WHERE same`,
  );
  for (const r of rows) {
    if (r.ord === null) {
      if (r.same) for (const ord of r.same.split(',')) out[Number(ord) - 1] = SAME_RECORD;
      continue;
    }
    out[Number(r.ord) - 1] = { billId: Number(r.bill_id), contentHash: r.content_hash, hintsMissing: r.hints_missing === true };
  }
  return out;
}

/** What the pipeline compares a record with: a stored bill's identity, stage, status and freshness. */
export type StoredBillRef = {
  id: number; jurisdictionId: string; session: string; identifier: string; stage: Stage; status: Status; primarySource: string; latestActionOn: string | null;
};

/** `jurisdiction \n session \n identifier`, a bill's natural key. */
export const naturalKeyOf = (b: { jurisdictionId: string; session: string; identifier: string }) => `${b.jurisdictionId}\n${b.session}\n${b.identifier}`;

/** Stored bills by id and by natural key. One statement. */
export async function findBills(db: Db, ids: number[], keys: { jurisdictionId: string; session: string; identifier: string }[]): Promise<StoredBillRef[]> {
  if (ids.length === 0 && keys.length === 0) return [];
  const rows = await queryRows<{
    id: string | number; jurisdiction_id: string; session: string; identifier: string; stage: Stage; status: Status; primary_source: string; latest_action_on: string | null;
  }>(
    db,
    sql`SELECT b.id, b.jurisdiction_id, b.session, b.identifier, b.stage, b.status, b.primary_source, b.latest_action_on::text AS latest_action_on
        FROM bills b WHERE b.id = ANY(${idArray(ids)}::bigint[])
        UNION
        SELECT b.id, b.jurisdiction_id, b.session, b.identifier, b.stage, b.status, b.primary_source, b.latest_action_on::text
        FROM unnest(${textArray(keys.map((k) => k.jurisdictionId))}::text[], ${textArray(keys.map((k) => k.session))}::text[], ${textArray(keys.map((k) => k.identifier))}::text[]) AS k(jurisdiction_id, session, identifier)
        -- One probe of the natural key per record (fenced): the planner hashed the whole table
        -- instead while it was small, 19 ms a batch at 10,000 bills against 1 ms at a million.
        CROSS JOIN LATERAL (SELECT * FROM bills b WHERE b.jurisdiction_id = k.jurisdiction_id AND b.session = k.session AND b.identifier = k.identifier OFFSET 0) b`,
  );
  return rows.map((r) => ({
    id: Number(r.id), jurisdictionId: r.jurisdiction_id, session: r.session, identifier: r.identifier, stage: r.stage, status: r.status,
    primarySource: r.primary_source, latestActionOn: r.latest_action_on,
  }));
}

/** What a source link is written with. */
export type LinkFacts = { source: string; externalId: string; sourceUrl: string | null; contentHash: string; recordHash: string | null; latestActionOn: string | null };

/** A bill to write: new (`billId` null) or stored, with everything derived for it. */
export type BillWrite = {
  billId: number | null;
  facts: BillFacts;
  bill: NormalizedBill;
  actionClassifications: string[][];
  move: StatusMove | null;
  moveAction: { date: string | null; description: string | null };
  matches: MachineClassification[];
  link: LinkFacts;
};

export type BillBatch = {
  writes: BillWrite[];
  /** Records only linked to a stored bill (another source has fresher facts). */
  links: (LinkFacts & { billId: number })[];
  /** Unchanged records whose stored hashes are of an older scheme or an older record shape. */
  upgrades: LinkFacts[];
  runId: number | null;
};

function linkRow(billId: number, l: LinkFacts) {
  return { billId, source: l.source, externalId: l.externalId, url: l.sourceUrl, contentHash: l.contentHash, recordHash: l.recordHash, latestActionOn: l.latestActionOn };
}

/** Ids for a batch's new bills, drawn from the bills' own sequence before the write (a failed batch leaves a gap, as a failed insert does). */
export async function allocateBillIds(db: Db, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ id: string | number }>(db, sql`SELECT nextval(pg_get_serial_sequence('bills', 'id')) AS id FROM generate_series(1, ${count}::int)`);
  return rows.map((r) => Number(r.id));
}

/**
 * A batch as the statements that write it, and the ids of its bills in the order of `writes`.
 * Built while the batch before it is written, so the write itself only sends them: `rewrites`
 * (rewritten bills' facts and the removal of their old rows), `copies` (the new bills first,
 * then every new row of the other tables) and `main` (source links and review flags).
 */
export type BuiltBillBatch = { ids: number[]; rewritten: number[]; rewrites: SQL[]; copies: CopyPayload[]; main: SQL | null };

/**
 * Builds the statements of a batch: for rewritten bills, their new facts and the removal of
 * their children and machine classifications; the new bills with their source links, and
 * every bill's children, change log and machine classifications, loaded with COPY (plain
 * inserts: the old rows are gone); and ONE statement (data-modifying CTEs) with the source
 * links of stored bills (an upsert) and the review flags of staff decisions on bills that
 * changed since. `newIds` (from `allocateBillIds`) are
 * given to the new bills in order. `pause` is awaited between tables (building a batch's
 * payloads is a long stretch of synchronous work; the caller may give the event loop a turn).
 */
export async function buildBillBatch(batch: BillBatch, newIds: number[], pause: () => Promise<void> | undefined = () => undefined): Promise<BuiltBillBatch> {
  let next = 0;
  const ids = batch.writes.map((w) => w.billId ?? newIds[next++]);
  if (next !== newIds.length || ids.some((id) => id === undefined)) throw new Error(`bill batch: ${newIds.length} ids for ${next} new bills`);
  const rewritten = batch.writes.filter((w) => w.billId !== null);
  const storedIds = rewritten.map((w) => w.billId!);
  const rewrittenIds = idArray(storedIds);
  const rewrites: SQL[] = [];
  if (rewritten.length) {
    rewrites.push(...updateJsonRowsSql(bills, rewritten.map((w) => ({ id: w.billId, ...w.facts })), 'id', { updated_at: sql`now()` }));
    for (const table of [...BILL_CHILDREN.map((c) => ({ table: c.table, column: c.billIdColumn })), { table: billPolicies, column: 'bill_id' }]) {
      rewrites.push(sql`DELETE FROM ${table.table} WHERE ${sql.raw(table.column)} = ANY(${rewrittenIds}::bigint[])`);
    }
  }
  if (batch.upgrades.length) rewrites.push(upgradeSourceHashesSql(batch.upgrades));

  // New bills first: everything else refers to them.
  const copies = copyPayloads(bills, batch.writes.flatMap((w, i) => (w.billId === null ? [{ id: ids[i], ...w.facts }] : [])));
  for (const child of BILL_CHILDREN) {
    await pause();
    copies.push(...copyPayloads(child.table, batch.writes.flatMap((w, i) => child.rows(ids[i], w.bill, w.actionClassifications))));
  }
  await pause();
  const moves = batch.writes.flatMap((w, i) =>
    w.move ? [{ billId: ids[i], ...w.move, actionDate: w.moveAction.date, actionDescription: w.moveAction.description, runId: batch.runId }] : [],
  );
  copies.push(...copyPayloads(statusChanges, moves));
  const matches = batch.writes.flatMap((w, i) => w.matches.map((m) => ({ billId: ids[i], policyId: m.policyId, score: m.score, stance: m.stance, strength: m.strength ?? null, evidence: m.evidence })));
  copies.push(...copyPayloads(billPolicies, matches));

  // A new bill's source link is new too (a record with a stored link updates that link's bill):
  // loaded with the rest. Links of stored bills may exist already, so they are upserted.
  copies.push(...copyPayloads(billSources, batch.writes.flatMap((w, i) => (w.billId === null ? [linkRow(ids[i], w.link)] : []))));
  const parts: SQL[] = [];
  const links = [...batch.writes.flatMap((w, i) => (w.billId === null ? [] : [linkRow(ids[i], w.link)])), ...batch.links.map((l) => linkRow(l.billId, l))];
  if (links.length) {
    parts.push(...insertJsonRowsSql(billSources, links, {
      set: { fetched_at: sql`now()` },
      onConflict: sql`ON CONFLICT (source, external_id) DO UPDATE SET content_hash = excluded.content_hash, record_hash = excluded.record_hash,
        url = excluded.url, latest_action_on = excluded.latest_action_on, fetched_at = excluded.fetched_at`,
    }));
  }
  if (rewritten.length) {
    const hashes = JSON.stringify(rewritten.map((w) => ({ bill_id: w.billId, hash: w.facts.contentHash })));
    parts.push(sql`UPDATE policy_decisions d SET needs_review = ${REVIEW_REASON}
          FROM json_to_recordset(${hashes}::json) AS x(bill_id bigint, hash text)
          WHERE d.bill_id = x.bill_id AND d.bill_hash IS DISTINCT FROM x.hash`);
  }
  const main = parts.length ? sql`WITH ${sql.join(parts.map((part, i) => sql`${sql.raw(`w${i}`)} AS (${part})`), sql`, `)} SELECT 1` : null;
  return { ids, rewritten: storedIds, rewrites, copies, main };
}

/**
 * Writes a built batch in one transaction: its statements and COPYs (parents first: foreign
 * keys are checked at the end of each), then the rollup items of every written bill and one
 * recompute of the cells they touch. Throws (and writes nothing) when any row fails.
 */
export async function writeBillBatch(db: Db, built: BuiltBillBatch): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const statement of built.rewrites) await tx.execute(statement);
    await copyRows(tx, built.copies);
    if (built.main) await tx.execute(built.main);
    await recomputeCells(tx, await refreshRollupItems(tx, built.ids, built.rewritten));
  });
}

function upgradeSourceHashesSql(rows: LinkFacts[]): SQL {
  const json = JSON.stringify(rows.map((r) => ({ source: r.source, external_id: r.externalId, content_hash: r.contentHash, record_hash: r.recordHash })));
  return sql`UPDATE bill_sources bs SET content_hash = x.content_hash, record_hash = x.record_hash
      FROM json_to_recordset(${json}::json) AS x(source text, external_id text, content_hash text, record_hash text)
      WHERE bs.source = x.source AND bs.external_id = x.external_id`;
}

/** Rewrites the stored hashes of unchanged records (a newer hash scheme or record shape), nothing else. */
export async function upgradeSourceHashes(db: Db, rows: LinkFacts[]): Promise<void> {
  await db.execute(upgradeSourceHashesSql(rows));
}
