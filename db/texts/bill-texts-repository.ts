import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { adoptionScores, billTexts, textSections } from '../schema/index.js';
import type { DeletedFragment, NormalizedText } from '../../core/texts/bill-text-normalize.js';
import type { TextFormat } from '../../core/vocabulary.js';
import type { VersionScore } from '../../core/adoption/adoption-types.js';

/** Whose text it is and which version: a bill's (from its documents or a file) or a curated law's. */
export type TextOwner = { billId: number; curatedLawId?: never } | { curatedLawId: number; billId?: never };

export type StoreTextInput = TextOwner & {
  documentId?: number | null;
  versionNote?: string;
  versionUrl?: string | null;
  versionDate?: string | null;
  versionPosition?: number | null;
  mediaType?: string | null;
  format: TextFormat;
  normalized: NormalizedText;
};

/** A stored text as read back: enough to rebuild the NormalizedText without re-extracting. */
export type StoredTextRow = {
  id: number;
  billId: number | null;
  curatedLawId: number | null;
  hash: string;
  text: string;
  deleted: DeletedFragment[];
  operativeStart: number;
};

/**
 * Longest section body stored in one row. A tsvector is capped at 1 MB and 16,383
 * positions, so a section longer than this is stored in parts (split at a paragraph or
 * sentence end) rather than failing the insert.
 */
export const MAX_SECTION_CHARS = 60_000;

/** The rows of `text_sections` for a normalized text: its sections, long ones in parts. */
export function sectionRows(normalized: NormalizedText): { heading: string; start: number; end: number }[] {
  const out: { heading: string; start: number; end: number }[] = [];
  for (const s of normalized.sections) {
    let start = s.start;
    while (s.end - start > MAX_SECTION_CHARS) {
      const window = normalized.text.slice(start, start + MAX_SECTION_CHARS);
      const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('. ') + 1);
      const end = cut > MAX_SECTION_CHARS / 2 ? start + cut : start + MAX_SECTION_CHARS;
      out.push({ heading: s.heading, start, end });
      start = end;
    }
    if (s.end > start) out.push({ heading: s.heading, start, end: s.end });
  }
  return out;
}

/**
 * Stores a normalized text with its sections, unless its owner already has a text with the
 * same hash. Returns the text id and whether it was new. One transaction.
 */
export async function storeText(db: Db, input: StoreTextInput): Promise<{ textId: number; created: boolean }> {
  const n = input.normalized;
  return db.transaction(async (tx) => {
    const ownerMatch = input.billId !== undefined ? eq(billTexts.billId, input.billId) : eq(billTexts.curatedLawId, input.curatedLawId!);
    const [known] = await tx.select({ id: billTexts.id }).from(billTexts).where(and(ownerMatch, eq(billTexts.hash, n.hash)));
    if (known) return { textId: known.id, created: false };
    const [row] = await tx
      .insert(billTexts)
      .values({
        billId: input.billId ?? null,
        curatedLawId: input.curatedLawId ?? null,
        documentId: input.documentId ?? null,
        versionNote: input.versionNote ?? '',
        versionUrl: input.versionUrl ?? null,
        versionDate: input.versionDate ?? null,
        versionPosition: input.versionPosition ?? null,
        mediaType: input.mediaType ?? null,
        format: input.format,
        hash: n.hash,
        text: n.text,
        deleted: n.deleted,
        operativeStart: n.operativeStart,
      })
      .returning({ id: billTexts.id });
    const sections = sectionRows(n);
    if (sections.length) {
      await tx.insert(textSections).values(
        sections.map((s, position) => ({ textId: row.id, position, heading: s.heading, startOffset: s.start, endOffset: s.end, body: n.text.slice(s.start, s.end) })),
      );
    }
    return { textId: row.id, created: true };
  });
}

/** Stored texts with an id above `afterId`, oldest first, at most `limit` (for walking every text). */
export async function readStoredTexts(db: Db, afterId: number, limit: number, filter: { billId?: number; curatedLaws?: boolean } = {}): Promise<StoredTextRow[]> {
  const rows = await queryRows<{ id: string | number; bill_id: string | number | null; curated_law_id: string | number | null; hash: string; text: string; deleted: DeletedFragment[]; operative_start: number }>(
    db,
    sql`SELECT id, bill_id, curated_law_id, hash, text, deleted, operative_start FROM bill_texts
        WHERE id > ${afterId} ${filter.billId !== undefined ? sql`AND bill_id = ${filter.billId}` : sql``}
        ${filter.curatedLaws ? sql`AND curated_law_id IS NOT NULL` : sql``}
        ORDER BY id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    billId: r.bill_id === null ? null : Number(r.bill_id),
    curatedLawId: r.curated_law_id === null ? null : Number(r.curated_law_id),
    hash: r.hash,
    text: r.text,
    deleted: r.deleted ?? [],
    operativeStart: Number(r.operative_start),
  }));
}

/** Writes (or rewrites) machine scores, each of one text against one model version, in one statement. */
export async function saveScores(db: Db, scores: { textId: number; score: VersionScore }[]): Promise<void> {
  if (scores.length === 0) return;
  await db
    .insert(adoptionScores)
    .values(scores.map(({ textId, score }) => ({
      textId, modelId: score.policyId, modelVersion: score.modelVersion, score: score.score, threatScore: score.threatScore, adoption: score.adoption,
      stance: score.stance, copyScore: score.copyScore, provisions: score.provisions,
    })))
    .onConflictDoUpdate({
      target: [adoptionScores.textId, adoptionScores.modelId, adoptionScores.modelVersion],
      set: {
        score: sql`excluded.score`, threatScore: sql`excluded.threat_score`, adoption: sql`excluded.adoption`, stance: sql`excluded.stance`,
        copyScore: sql`excluded.copy_score`, provisions: sql`excluded.provisions`, scoredAt: sql`now()`,
      },
    });
}

/** `${textId}:${modelId}:${modelVersion}` of every score already stored for these texts. */
export async function scoredKeys(db: Db, textIds: number[]): Promise<Set<string>> {
  if (textIds.length === 0) return new Set();
  const rows = await queryRows<{ text_id: string | number; model_id: string; model_version: number }>(
    db,
    sql`SELECT text_id, model_id, model_version FROM adoption_scores WHERE text_id IN ${textIds}`,
  );
  return new Set(rows.map((r) => `${Number(r.text_id)}:${r.model_id}:${Number(r.model_version)}`));
}

/**
 * The policy ids a stored text should be scored against besides any asked for: its bill's
 * effective policies (staff decisions included), its curated law's policy, and every model
 * it was scored against before (so a re-score after a model edit reaches it).
 */
export async function policiesForTexts(db: Db, texts: Pick<StoredTextRow, 'id' | 'billId' | 'curatedLawId'>[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>(texts.map((t) => [t.id, new Set<string>()]));
  if (texts.length === 0) return out;
  const ids = texts.map((t) => t.id);
  const rows = await queryRows<{ id: string | number; policy_id: string }>(
    db,
    sql`SELECT t.id, e.policy_id FROM bill_texts t JOIN bill_policy_effective e ON e.bill_id = t.bill_id WHERE t.id IN ${ids}
        UNION SELECT t.id, l.policy_id FROM bill_texts t JOIN curated_laws l ON l.id = t.curated_law_id WHERE t.id IN ${ids}
        UNION SELECT s.text_id, s.model_id FROM adoption_scores s WHERE s.text_id IN ${ids}`,
  );
  for (const r of rows) out.get(Number(r.id))?.add(r.policy_id);
  return out;
}

/**
 * The bills whose versions `tracker texts` should read: the given ids (narrowed to a policy
 * when asked), or else every bill with a version document that touches a policy.
 */
export async function selectBillsForTexts(db: Db, options: { billIds?: number[]; policyId?: string; limit?: number }): Promise<number[]> {
  const limit = options.limit ?? 1_000_000;
  if (options.billIds?.length) {
    const rows = await queryRows<{ id: string | number }>(
      db,
      sql`SELECT b.id FROM bills b WHERE b.id IN ${options.billIds}
          ${options.policyId ? sql`AND EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id AND e.policy_id = ${options.policyId})` : sql``}
          ORDER BY b.id LIMIT ${limit}`,
    );
    return rows.map((r) => Number(r.id));
  }
  const rows = await queryRows<{ bill_id: string | number }>(
    db,
    sql`SELECT DISTINCT e.bill_id FROM bill_policy_effective e
        WHERE EXISTS (SELECT 1 FROM documents d WHERE d.bill_id = e.bill_id AND d.kind = 'version')
        ${options.policyId ? sql`AND e.policy_id = ${options.policyId}` : sql``}
        ORDER BY e.bill_id LIMIT ${limit}`,
  );
  return rows.map((r) => Number(r.bill_id));
}

export type VersionDocument = { id: number; note: string; date: string | null; url: string; mediaType: string | null; position: number };

/** A bill's version documents in their order. */
export async function listVersionDocuments(db: Db, billId: number): Promise<VersionDocument[]> {
  const rows = await queryRows<{ id: string | number; note: string; date: string | null; url: string; media_type: string | null; position: number }>(
    db,
    sql`SELECT id, note, date::text AS date, url, media_type, position FROM documents WHERE bill_id = ${billId} AND kind = 'version' ORDER BY position`,
  );
  return rows.map((r) => ({ id: Number(r.id), note: r.note, date: r.date, url: r.url, mediaType: r.media_type, position: r.position }));
}

/** The version URLs a bill already has a stored text for. */
export async function storedTextUrls(db: Db, billId: number): Promise<Set<string>> {
  const rows = await queryRows<{ version_url: string | null }>(db, sql`SELECT version_url FROM bill_texts WHERE bill_id = ${billId}`);
  return new Set(rows.map((k) => k.version_url).filter((u): u is string => u !== null));
}

/** Re-imports rewrite documents: points a stored text at the current row of its version. */
export async function relinkTextDocument(db: Db, billId: number, versionUrl: string, documentId: number): Promise<void> {
  await db.execute(sql`UPDATE bill_texts SET document_id = ${documentId} WHERE bill_id = ${billId} AND version_url = ${versionUrl} AND document_id IS DISTINCT FROM ${documentId}`);
}

/** Whether the bill or curated law a text would belong to exists. */
export async function textOwnerExists(db: Db, owner: TextOwner): Promise<boolean> {
  const rows = owner.billId !== undefined
    ? await queryRows<{ id: unknown }>(db, sql`SELECT id FROM bills WHERE id = ${owner.billId}`)
    : await queryRows<{ id: unknown }>(db, sql`SELECT id FROM curated_laws WHERE id = ${owner.curatedLawId!}`);
  return rows.length > 0;
}
