import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { LAW_KINDS, type BillKind, type JurisdictionClassification, type ListScope, type Stage, type Stance, type Status } from '../../core/vocabulary.js';
import { billSummaryColumns, toBillSummaries, type BillSummary, type BillSummaryRow } from './bill-summary.js';

export const BILL_SORTS = ['latest_action', 'newest', 'oldest', 'relevance'] as const;
export type BillSort = (typeof BILL_SORTS)[number];

export type BillFilters = {
  policy?: string;
  stance?: Stance;
  /** An OCD id, or a state's postal code meaning the state and every place in it. */
  jurisdiction?: string;
  classification?: JurisdictionClassification;
  session?: string;
  stage?: Stage[];
  status?: Status[];
  updatedSince?: Date;
  q?: string;
  /** Only these kinds (bill, resolution, ...). */
  kind?: BillKind[];
  /** `tracked`: laws (unless `kind` says otherwise) touching a tracked policy; `all` (the default here): everything. */
  scope?: ListScope;
};

/**
 * The `tracked` scope of search, "What moved" and feeds: laws that touch at least one tracked
 * policy, so commending resolutions and unrelated bills do not bury the records users follow.
 * `explicitKind` leaves the kind to the caller's own filter.
 */
export function trackedScopeSql(explicitKind = false): SQL {
  const law = explicitKind ? sql`TRUE` : sql`b.kind IN ${LAW_KINDS}`;
  return sql`(${law} AND EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id))`;
}

/** Where the previous page stopped: the sort key of its last row. */
export type BillCursor = { sort: BillSort; key: (string | number | null)[] };

export type BillPage = { results: BillSummary[]; nextCursor: BillCursor | null; total: number | null };

function whereClause(f: BillFilters): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (f.jurisdiction) {
    parts.push(/^[A-Za-z]{2}$/.test(f.jurisdiction) ? sql`j.state_code = ${f.jurisdiction.toUpperCase()}` : sql`b.jurisdiction_id = ${f.jurisdiction}`);
  }
  if (f.classification) parts.push(sql`j.classification = ${f.classification}`);
  if (f.session) parts.push(sql`b.session = ${f.session}`);
  if (f.stage?.length) parts.push(sql`b.stage IN ${f.stage}`);
  if (f.status?.length) parts.push(sql`b.status IN ${f.status}`);
  if (f.updatedSince) parts.push(sql`b.updated_at >= ${f.updatedSince.toISOString()}`);
  if (f.q) parts.push(sql`b.search @@ websearch_to_tsquery('english', ${f.q})`);
  if (f.kind?.length) parts.push(sql`b.kind IN ${f.kind}`);
  if (f.scope === 'tracked') parts.push(trackedScopeSql(Boolean(f.kind?.length)));
  if (f.policy || f.stance) {
    const policy = f.policy ? sql`AND e.policy_id = ${f.policy}` : sql``;
    const stance = f.stance ? sql`AND e.stance = ${f.stance}` : sql``;
    parts.push(sql`EXISTS (SELECT 1 FROM bill_policy_effective e WHERE e.bill_id = b.id ${policy} ${stance})`);
  }
  return sql.join(parts, sql` AND `);
}

/** ORDER BY, the keyset condition after a cursor, and the key columns for the next cursor. */
function ordering(sort: BillSort, q: string | undefined, cursor: BillCursor | null) {
  const rank = q ? sql`ts_rank(b.search, websearch_to_tsquery('english', ${q}))::float8` : sql`0::float8`;
  switch (sort) {
    case 'newest':
      return { order: sql`b.id DESC`, after: cursor ? sql`b.id < ${cursor.key[0]}` : null, key: sql`b.id AS k0, NULL AS k1` };
    case 'oldest':
      return { order: sql`b.id ASC`, after: cursor ? sql`b.id > ${cursor.key[0]}` : null, key: sql`b.id AS k0, NULL AS k1` };
    case 'relevance':
      return {
        order: sql`${rank} DESC, b.id DESC`,
        after: cursor ? sql`(${rank}, b.id) < (${cursor.key[0]}::float8, ${cursor.key[1]})` : null,
        key: sql`${rank} AS k0, b.id AS k1`,
      };
    default: {
      // Bills with no dated action sort last, as the oldest.
      const day = sql`coalesce(b.latest_action_on, DATE '0001-01-01')`;
      return {
        order: sql`${day} DESC, b.id DESC`,
        after: cursor ? sql`(${day}, b.id) < (${cursor.key[0]}::date, ${cursor.key[1]})` : null,
        key: sql`${day}::text AS k0, b.id AS k1`,
      };
    }
  }
}

/**
 * One page of bills matching the filters, with keyset pagination: a cursor names the
 * last row's sort key, so bills inserted while a client walks the pages never shift them
 * (each existing bill is seen exactly once).
 */
export async function searchBills(db: Db, filters: BillFilters, options: { sort: BillSort; limit: number; cursor: BillCursor | null; withTotal?: boolean }): Promise<BillPage> {
  const where = whereClause(filters);
  const { order, after, key } = ordering(options.sort, filters.q, options.cursor);
  const rows = await queryRows<BillSummaryRow & { k0: string | number | null; k1: string | number | null }>(
    db,
    sql`SELECT ${billSummaryColumns}, ${key}
        FROM bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id
        WHERE ${where} ${after ? sql`AND ${after}` : sql``}
        ORDER BY ${order}
        LIMIT ${options.limit + 1}`,
  );
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > options.limit && last
      ? { sort: options.sort, key: [normalizeKey(last.k0), normalizeKey(last.k1)] }
      : null;
  let total: number | null = null;
  if (options.withTotal) {
    const [row] = await queryRows<{ n: string | number }>(db, sql`SELECT count(*) AS n FROM bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id WHERE ${where}`);
    total = Number(row?.n ?? 0);
  }
  return { results: await toBillSummaries(db, page), nextCursor, total };
}

function normalizeKey(value: string | number | null): string | number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}
