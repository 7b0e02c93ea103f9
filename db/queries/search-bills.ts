import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import type { JurisdictionClassification, Stage, Stance, Status } from '../../core/vocabulary.js';
import { jurisdictionFilterSql } from './jurisdiction-filter.js';
import { billSummaryColumns, toBillSummaries, type BillSummary, type BillSummaryRow } from './bill-summary.js';

export const BILL_SORTS = ['latest_action', 'newest', 'oldest', 'relevance'] as const;
export type BillSort = (typeof BILL_SORTS)[number];

export type BillFilters = {
  policy?: string;
  stance?: Stance;
  /** OCD ids and state postal codes (a state and every place in it); several match any. */
  jurisdiction?: string | readonly string[];
  classification?: JurisdictionClassification;
  session?: string;
  stage?: Stage[];
  status?: Status[];
  updatedSince?: Date;
  q?: string;
};

/** Where the previous page stopped: the sort key of its last row. */
export type BillCursor = { sort: BillSort; key: (string | number | null)[] };

/**
 * `total` counts matches exactly up to TOTAL_EXACT_UP_TO; beyond that it is that number and
 * `totalIsEstimate` is true (a lower bound), so a first page costs the same at any size.
 */
export type BillPage = { results: BillSummary[]; nextCursor: BillCursor | null; total: number | null; totalIsEstimate: boolean };

/** Matches counted exactly; past this the total is reported as "at least". */
export const TOTAL_EXACT_UP_TO = 10_000;

/** `sort=relevance` ranks only this many of the most recent matches (by latest action). */
export const RELEVANCE_WINDOW = 500;

function whereClause(f: BillFilters): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (f.jurisdiction?.length) parts.push(jurisdictionFilterSql(f.jurisdiction));
  if (f.classification) parts.push(sql`j.classification = ${f.classification}`);
  if (f.session) parts.push(sql`b.session = ${f.session}`);
  if (f.stage?.length) parts.push(sql`b.stage IN ${f.stage}`);
  if (f.status?.length) parts.push(sql`b.status IN ${f.status}`);
  if (f.updatedSince) parts.push(sql`b.updated_at >= ${f.updatedSince.toISOString()}`);
  if (f.q) parts.push(sql`b.search @@ websearch_to_tsquery('english', ${f.q})`);
  if (f.policy || f.stance) {
    // The rollup items hold each bill's effective policies and stances (staff decisions
    // applied): one primary-key probe per bill, never a pass over every bill on a policy.
    const policy = f.policy ? sql`AND ri.policy_id = ${f.policy}` : sql``;
    const stance = f.stance ? sql`AND ri.stance = ${f.stance}` : sql``;
    // OFFSET 0 fences the subquery: the planner cannot turn it into a join that reads (or
    // hashes) every item of the policy; each candidate bill is probed by primary key.
    parts.push(sql`EXISTS (SELECT 1 FROM rollup_items ri WHERE ri.bill_id = b.id ${policy} ${stance} OFFSET 0)`);
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
 * (each existing bill is seen exactly once). `relevance` ranks the RELEVANCE_WINDOW most
 * recent matches (by latest action) and pages through them; the other orders walk an index.
 */
export async function searchBills(db: Db, filters: BillFilters, options: { sort: BillSort; limit: number; cursor: BillCursor | null; withTotal?: boolean }): Promise<BillPage> {
  const where = whereClause(filters);
  const { order, after, key } = ordering(options.sort, filters.q, options.cursor);
  const from = options.sort === 'relevance'
    ? sql`(SELECT b.* FROM bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id WHERE ${where}
           ORDER BY coalesce(b.latest_action_on, DATE '0001-01-01') DESC, b.id DESC LIMIT ${RELEVANCE_WINDOW}) b
          JOIN jurisdictions j ON j.id = b.jurisdiction_id`
    : sql`bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id`;
  const rows = await queryRows<BillSummaryRow & { k0: string | number | null; k1: string | number | null }>(
    db,
    sql`SELECT ${billSummaryColumns}, ${key}
        FROM ${from}
        WHERE ${options.sort === 'relevance' ? sql`TRUE` : where} ${after ? sql`AND ${after}` : sql``}
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
  let totalIsEstimate = false;
  if (options.withTotal) {
    // Counting stops one past the bound: the answer is exact below it and "at least" above.
    const [row] = await queryRows<{ n: string | number }>(
      db,
      // In id order, so the count walks an index and stops, rather than reading the table.
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id WHERE ${where} ORDER BY b.id LIMIT ${TOTAL_EXACT_UP_TO + 1}) matches`,
    );
    const n = Number(row?.n ?? 0);
    totalIsEstimate = n > TOTAL_EXACT_UP_TO;
    total = totalIsEstimate ? TOTAL_EXACT_UP_TO : n;
  }
  return { results: await toBillSummaries(db, page), nextCursor, total, totalIsEstimate };
}

function normalizeKey(value: string | number | null): string | number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}
