import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';

/**
 * What the classifier reads of stored bills: the bill's own fields, the names of its attached
 * documents, the extras sources give (other abstracts, a Legistar matter's text) and the
 * latest stored version's text. The shape fits `ClassifierSource` (core/classify).
 */
export type StoredClassifierSource = {
  title: string;
  otherTitles: string[];
  abstract: string | null;
  subjects: string[];
  documents: { kind: string; note: string }[];
  extras: { abstracts?: unknown; text?: unknown };
  latestText: string | null;
};

export type BillToClassify = { id: number; identifier: string; jurisdictionId: string; source: StoredClassifierSource };

/** Texts are read up to this many characters (the classifier reads no further: core/classify MAX_CLASSIFIED_TEXT). */
const TEXT_CHARS = 400_000;

/** The latest stored version: newest version date, then last in the source's order, then last stored. */
const latestText = (billId: SQL) =>
  sql`(SELECT left(t.text, ${TEXT_CHARS}) FROM bill_texts t WHERE t.bill_id = ${billId}
       ORDER BY t.version_date DESC NULLS LAST, t.version_position DESC NULLS LAST, t.id DESC LIMIT 1)`;

type Row = {
  id: number | string; identifier: string; jurisdiction_id: string; title: string; other_titles: string[] | null; abstract: string | null; subjects: string[] | null;
  document_notes: string[] | null; extra_abstracts: unknown; extra_text: unknown; latest_text: string | null;
};

const columns = sql`b.id, b.identifier, b.jurisdiction_id, b.title, b.other_titles, b.abstract, b.subjects,
  coalesce((SELECT array_agg(d.note ORDER BY d.position) FROM documents d WHERE d.bill_id = b.id AND d.kind = 'document' AND d.note <> ''), '{}') AS document_notes,
  b.extras -> 'abstracts' AS extra_abstracts, b.extras -> 'text' AS extra_text, ${latestText(sql`b.id`)} AS latest_text`;

function toBill(r: Row): BillToClassify {
  return {
    id: Number(r.id),
    identifier: r.identifier,
    jurisdictionId: r.jurisdiction_id,
    source: {
      title: r.title,
      otherTitles: r.other_titles ?? [],
      abstract: r.abstract,
      subjects: r.subjects ?? [],
      documents: (r.document_notes ?? []).map((note) => ({ kind: 'document', note })),
      extras: { abstracts: r.extra_abstracts ?? undefined, text: r.extra_text ?? undefined },
      latestText: r.latest_text,
    },
  };
}

/** Up to `limit` stored bills after `afterId` (all, one bill, or one jurisdiction's), in id order, as the classifier reads them. */
export async function readBillsToClassify(db: Db, scope: { billId?: number; jurisdictionId?: string }, afterId: number, limit: number): Promise<BillToClassify[]> {
  const where = [sql`b.id > ${afterId}`];
  if (scope.billId) where.push(sql`b.id = ${scope.billId}`);
  if (scope.jurisdictionId) where.push(sql`b.jurisdiction_id = ${scope.jurisdictionId}`);
  const rows = await queryRows<Row>(db, sql`SELECT ${columns} FROM bills b WHERE ${sql.join(where, sql` AND `)} ORDER BY b.id LIMIT ${limit}`);
  return rows.map(toBill);
}

/** The given bills as the classifier reads them, by id (unknown ids are left out). */
export async function readBillsByIdToClassify(db: Db, billIds: number[]): Promise<Map<number, BillToClassify>> {
  if (billIds.length === 0) return new Map();
  const rows = await queryRows<Row>(db, sql`SELECT ${columns} FROM bills b WHERE b.id IN ${billIds}`);
  return new Map(rows.map((r) => [Number(r.id), toBill(r)]));
}

/** The latest stored version's text of each given bill that has one (cut to the length the classifier reads), by id. */
export async function readLatestBillTexts(db: Db, billIds: number[]): Promise<Map<number, string>> {
  if (billIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string | number; text: string | null }>(
    db,
    sql`SELECT b.id, ${latestText(sql`b.id`)} AS text FROM unnest(${`{${billIds.join(',')}}`}::bigint[]) AS b(id)`,
  );
  return new Map(rows.flatMap((r) => (r.text === null ? [] : [[Number(r.id), r.text] as [number, string]])));
}

/** The latest stored version's text of one bill (cut to the length the classifier reads), or null. */
export async function readLatestBillText(db: Db, billId: number): Promise<string | null> {
  const rows = await queryRows<{ text: string | null }>(db, sql`SELECT ${latestText(sql`${billId}`)} AS text`);
  return rows[0]?.text ?? null;
}
