import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { idArray, textArray } from '../sql-arrays.js';
import { billPolicies, billSources, bills, statusChanges } from '../schema/index.js';
import type { NormalizedBill } from '../../core/bill/bill.schema.js';
import type { BillFacts, StatusMove } from '../../core/bill/derive-bill.js';
import type { Stage, Status } from '../../core/vocabulary.js';
import { BILL_CHILDREN } from './bill-rows.js';
import { inTransaction, REVIEW_REASON, type MachineClassification } from './bill-writer.js';
import { insertJsonRows, updateJsonRows } from './json-rows.js';
import { refreshRollupItems } from '../rollup/rollup-items.js';
import { recomputeCells } from '../rollup/recompute-rollup.js';

/**
 * The SQL writers of the batched pipeline: a few set-based statements per batch of bills,
 * whatever its size. They store what the pipeline derived and never derive anything
 * themselves; rows are built by the same builders as the one-bill writer (`bill-rows.ts`),
 * so both store the same rows.
 */

/**
 * A source record's stored link: which bill it feeds and the hashes it had last time, and
 * whether the bill was stored before its status hints were kept (then it is rewritten once).
 */
export type StoredLink = { billId: number; contentHash: string; recordHash: string | null; hintsMissing: boolean };

/** `source \n externalId`, the key of `findSourceLinks`' answer. */
export const sourceKeyOf = (source: string, externalId: string) => `${source}\n${externalId}`;

/** The stored links of these source records, by `sourceKeyOf`. One statement. */
export async function findSourceLinks(db: Db, keys: { source: string; externalId: string }[]): Promise<Map<string, StoredLink>> {
  const out = new Map<string, StoredLink>();
  if (keys.length === 0) return out;
  const rows = await queryRows<{ source: string; external_id: string; bill_id: string | number; content_hash: string; record_hash: string | null; hints_missing: boolean }>(
    db,
    // One probe of the identity index (and of the bill) per key, fenced with OFFSET 0: the
    // planner would otherwise hash the whole table for every batch, which made a re-import
    // grow with the square of the stored bills.
    sql`SELECT k.source, k.external_id, bs.bill_id, bs.content_hash, bs.record_hash, bs.hints_missing
        FROM unnest(${textArray(keys.map((k) => k.source))}::text[], ${textArray(keys.map((k) => k.externalId))}::text[]) AS k(source, external_id)
        CROSS JOIN LATERAL (SELECT s.bill_id, s.content_hash, s.record_hash, b.status_hints IS NULL AS hints_missing
                            FROM bill_sources s JOIN bills b ON b.id = s.bill_id
                            WHERE s.source = k.source AND s.external_id = k.external_id OFFSET 0) bs`,
  );
  for (const r of rows) {
    out.set(sourceKeyOf(r.source, r.external_id), { billId: Number(r.bill_id), contentHash: r.content_hash, recordHash: r.record_hash, hintsMissing: r.hints_missing === true });
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
        JOIN bills b ON b.jurisdiction_id = k.jurisdiction_id AND b.session = k.session AND b.identifier = k.identifier`,
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

/**
 * Writes a batch in one transaction, one statement per table: new bills, rewritten bills
 * (their children replaced), source links, the change log, machine classifications (staff
 * decisions are only flagged for review when the bill changed after them), the rollup items
 * of every written bill and one recompute of the cells they touch. Returns the ids of the
 * written bills in the order of `writes`. Throws (and writes nothing) when any row fails.
 */
export async function writeBillBatch(db: Db, batch: BillBatch): Promise<number[]> {
  return inTransaction(db, async (tx) => {
    const ids: number[] = batch.writes.map((w) => w.billId ?? 0);
    const created = batch.writes.map((w, i) => ({ w, i })).filter(({ w }) => w.billId === null);
    if (created.length) {
      const returned = await insertJsonRows<{ id: string | number; jurisdiction_id: string; session: string; identifier: string }>(
        tx, bills, created.map(({ w }) => w.facts), { returning: ['id', 'jurisdiction_id', 'session', 'identifier'] },
      );
      const byKey = new Map(returned.map((r) => [`${r.jurisdiction_id}\n${r.session}\n${r.identifier}`, Number(r.id)]));
      for (const { w, i } of created) ids[i] = byKey.get(`${w.facts.jurisdictionId}\n${w.facts.session}\n${w.facts.identifier}`)!;
    }
    const rewritten = batch.writes.filter((w) => w.billId !== null);
    const rewrittenIds = idArray(rewritten.map((w) => w.billId!));
    if (rewritten.length) {
      await updateJsonRows(tx, bills, rewritten.map((w) => ({ id: w.billId, ...w.facts })), 'id', { updated_at: sql`now()` });
      for (const child of BILL_CHILDREN) {
        await tx.execute(sql`DELETE FROM ${child.table} WHERE ${sql.raw(child.billIdColumn)} = ANY(${rewrittenIds}::bigint[])`);
      }
    }
    for (const child of BILL_CHILDREN) {
      const rows = batch.writes.flatMap((w, i) => child.rows(ids[i], w.bill, w.actionClassifications));
      if (rows.length) await insertJsonRows(tx, child.table, rows);
    }

    const links = [...batch.writes.map((w, i) => linkRow(ids[i], w.link)), ...batch.links.map((l) => linkRow(l.billId, l))];
    if (links.length) {
      await insertJsonRows(tx, billSources, links, {
        set: { fetched_at: sql`now()` },
        onConflict: sql`ON CONFLICT (source, external_id) DO UPDATE SET content_hash = excluded.content_hash, record_hash = excluded.record_hash,
          url = excluded.url, latest_action_on = excluded.latest_action_on, fetched_at = excluded.fetched_at`,
      });
    }
    if (batch.upgrades.length) await upgradeSourceHashes(tx, batch.upgrades);

    const moves = batch.writes.flatMap((w, i) =>
      w.move ? [{ billId: ids[i], ...w.move, actionDate: w.moveAction.date, actionDescription: w.moveAction.description, runId: batch.runId }] : [],
    );
    if (moves.length) await insertJsonRows(tx, statusChanges, moves);

    if (rewritten.length) await tx.execute(sql`DELETE FROM bill_policies WHERE bill_id = ANY(${rewrittenIds}::bigint[])`);
    const matches = batch.writes.flatMap((w, i) => w.matches.map((m) => ({ billId: ids[i], policyId: m.policyId, score: m.score, stance: m.stance, strength: m.strength ?? null, evidence: m.evidence })));
    if (matches.length) await insertJsonRows(tx, billPolicies, matches);
    if (rewritten.length) {
      const hashes = JSON.stringify(rewritten.map((w) => ({ bill_id: w.billId, hash: w.facts.contentHash })));
      await tx.execute(
        sql`UPDATE policy_decisions d SET needs_review = ${REVIEW_REASON}
            FROM json_to_recordset(${hashes}::json) AS x(bill_id bigint, hash text)
            WHERE d.bill_id = x.bill_id AND d.bill_hash IS DISTINCT FROM x.hash`,
      );
    }
    await recomputeCells(tx, await refreshRollupItems(tx, ids));
    return ids;
  });
}

/** Rewrites the stored hashes of unchanged records (a newer hash scheme or record shape), nothing else. */
export async function upgradeSourceHashes(db: Db, rows: LinkFacts[]): Promise<void> {
  const json = JSON.stringify(rows.map((r) => ({ source: r.source, external_id: r.externalId, content_hash: r.contentHash, record_hash: r.recordHash })));
  await db.execute(
    sql`UPDATE bill_sources bs SET content_hash = x.content_hash, record_hash = x.record_hash
        FROM json_to_recordset(${json}::json) AS x(source text, external_id text, content_hash text, record_hash text)
        WHERE bs.source = x.source AND bs.external_id = x.external_id`,
  );
}
