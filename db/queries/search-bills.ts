import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { queryRows } from '../database.js';
import { LAW_KINDS, type BillKind, type JurisdictionClassification, type ListScope, type Stage, type Stance, type Status } from '../../core/vocabulary.js';
import { jurisdictionFilterSql } from './jurisdiction-filter.js';
import { idArray } from '../sql-arrays.js';
import { normalizeJurisdictionRef, splitJurisdictionRefs } from '../../core/jurisdictions/jurisdiction-refs.js';
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

/**
 * `total` counts matches exactly up to TOTAL_EXACT_UP_TO; beyond that it is that number and
 * `totalIsEstimate` is true (a lower bound), so a first page costs the same at any size.
 */
export type BillPage = { results: BillSummary[]; nextCursor: BillCursor | null; total: number | null; totalIsEstimate: boolean };

/** Matches counted exactly; past this the total is reported as "at least". */
export const TOTAL_EXACT_UP_TO = 10_000;

/** `sort=relevance` ranks only this many of the most recent matches (by latest action). */
export const RELEVANCE_WINDOW = 500;

/**
 * How the policy and stance filter is joined: `semi-join` lets the planner choose the side to
 * start from; `probe` checks each candidate bill by primary key (fenced with OFFSET 0), for a
 * query driven by another index; `none` leaves it to the caller.
 */
type PolicyFilterJoin = 'semi-join' | 'probe' | 'none';

function whereClause(f: BillFilters, policyJoin: PolicyFilterJoin = 'semi-join'): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (f.jurisdiction?.length) parts.push(jurisdictionFilterSql(f.jurisdiction));
  if (f.classification) parts.push(sql`j.classification = ${f.classification}`);
  if (f.session) parts.push(sql`b.session = ${f.session}`);
  if (f.stage?.length) parts.push(sql`b.stage IN ${f.stage}`);
  if (f.status?.length) parts.push(sql`b.status IN ${f.status}`);
  if (f.updatedSince) parts.push(sql`b.updated_at >= ${f.updatedSince.toISOString()}`);
  if (f.q) parts.push(sql`b.search @@ websearch_to_tsquery('english', ${f.q})`);
  if (f.kind?.length) parts.push(sql`b.kind IN ${f.kind}`);
  if (f.scope === 'tracked') parts.push(trackedScopeSql(Boolean(f.kind?.length)));
  if (policyJoin !== 'none' && (f.policy || f.stance)) {
    // The rollup items hold each bill's effective policies and stances (staff decisions
    // applied). A plain semi-join, so the planner knows how many bills the policy covers: a
    // common one is probed per bill while an index is walked, a rare one drives the query
    // from its items (a probe hidden from the planner made a rare policy walk every bill).
    const policy = f.policy ? sql`AND ri.policy_id = ${f.policy}` : sql``;
    const stance = f.stance ? sql`AND ri.stance = ${f.stance}` : sql``;
    const fence = policyJoin === 'probe' ? sql`OFFSET 0` : sql``;
    parts.push(sql`EXISTS (SELECT 1 FROM rollup_items ri WHERE ri.bill_id = b.id ${policy} ${stance} ${fence})`);
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
 * A small match set is read whole and sorted rather than found by walking the order index,
 * which reads about (limit + 1) x bills / matches rows before it fills a page (a rare word
 * among a million bills walked every one of them: 1.8 s). Reading n matches beats the walk
 * when n x n < SPARSE_FACTOR x (limit + 1) x bills; never above SPARSE_UP_TO.
 */
const SPARSE_FACTOR = 4;
const SPARSE_UP_TO = 2_000;

/** How long a filter set's plan (and a total past TOTAL_EXACT_UP_TO) is remembered. */
export const PLAN_MEMORY_MS = 60_000;
const PLAN_MEMORY_MAX = 1_000;

/** What a filter set's bounded count found: `dense` past TOTAL_EXACT_UP_TO matches, else `sparse` or `walk`. */
type MatchPlan = { shape: 'sparse' | 'walk' | 'dense'; at: number };
/** Per database (a process may open several: tests, the bench), by filter set. */
const planMemories = new WeakMap<Db, Map<string, MatchPlan>>();

function memoryOf(db: Db): Map<string, MatchPlan> {
  let memory = planMemories.get(db);
  if (!memory) planMemories.set(db, (memory = new Map()));
  return memory;
}

function rememberedPlan(planMemory: Map<string, MatchPlan>, key: string, now: number): MatchPlan | null {
  const plan = planMemory.get(key);
  if (!plan) return null;
  if (now - plan.at < PLAN_MEMORY_MS) return plan;
  planMemory.delete(key);
  return null;
}

function rememberPlan(planMemory: Map<string, MatchPlan>, key: string, plan: MatchPlan): void {
  planMemory.delete(key);
  planMemory.set(key, plan);
  // A Map iterates in insertion order: the first key is the oldest.
  if (planMemory.size > PLAN_MEMORY_MAX) planMemory.delete(planMemory.keys().next().value!);
}

/** A filter set's identity for the plan memory (sort, page and cursor aside). */
function filterKey(f: BillFilters): string {
  return JSON.stringify([f.policy, f.stance, f.jurisdiction, f.classification, f.session, f.stage, f.status, f.updatedSince?.toISOString(), f.q, f.kind, f.scope]);
}

/**
 * One page of bills matching the filters, with keyset pagination: a cursor names the
 * last row's sort key, so bills inserted while a client walks the pages never shift them
 * (each existing bill is seen exactly once). `relevance` ranks the RELEVANCE_WINDOW most
 * recent matches (by latest action) and pages through them; the other orders walk an index.
 *
 * The bounded count runs first and picks the plan: a small match set is read whole and
 * sorted, a big one is walked in order. A count past TOTAL_EXACT_UP_TO is remembered for
 * PLAN_MEMORY_MS per filter set (adding bills cannot make it false; a total below it is
 * always counted afresh), so a busy search over a million bills counts once a minute.
 */
export async function searchBills(db: Db, filters: BillFilters, options: { sort: BillSort; limit: number; cursor: BillCursor | null; withTotal?: boolean }): Promise<BillPage> {
  const where = whereClause(filters);
  const key = filterKey(filters);
  const now = Date.now();
  const memory = memoryOf(db);
  let plan = rememberedPlan(memory, key, now);
  let total: number | null = null;
  let totalIsEstimate = false;
  /** The matching ids, when the count found few enough to carry them. */
  let ids: number[] | null = null;
  if (plan?.shape === 'dense') {
    total = options.withTotal ? TOTAL_EXACT_UP_TO : null;
    totalIsEstimate = Boolean(options.withTotal);
  } else if (options.withTotal || !plan) {
    const [counted] = await queryRows<{ n: string | number; ids: string | null; bills: string | number | null }>(db, countQuery(filters, where));
    const n = Number(counted?.n ?? 0);
    const stored = Math.max(n, Number(counted?.bills ?? 0));
    const sparse = n <= SPARSE_UP_TO && n * n < SPARSE_FACTOR * (options.limit + 1) * stored;
    if (sparse) ids = n === 0 ? [] : (counted?.ids ?? '{}').slice(1, -1).split(',').map(Number);
    plan = { shape: n > TOTAL_EXACT_UP_TO ? 'dense' : sparse ? 'sparse' : 'walk', at: now };
    rememberPlan(memory, key, plan);
    if (options.withTotal) {
      totalIsEstimate = n > TOTAL_EXACT_UP_TO;
      total = totalIsEstimate ? TOTAL_EXACT_UP_TO : n;
    }
  }
  const { order, after, key: sortKey } = ordering(options.sort, filters.q, options.cursor);
  // Sparse: the matching ids are gathered first (those the count carried, or found again the
  // same way for a later page), then sorted; no walk of the order index. Found again, they are
  // not cut at any bound: a set that grew since it was counted is still read whole.
  const sparseIds = ids ? sql`SELECT unnest(${idArray(ids)}::bigint[]) AS id` : matchIds(filters, where);
  const matches = plan!.shape === 'sparse'
    ? sql`(SELECT b.* FROM (${sparseIds}) m JOIN bills b ON b.id = m.id) b JOIN jurisdictions j ON j.id = b.jurisdiction_id`
    : null;
  const from = options.sort === 'relevance'
    ? sql`(SELECT b.* FROM ${matches ?? sql`bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id`} WHERE ${matches ? sql`TRUE` : where}
           ORDER BY coalesce(b.latest_action_on, DATE '0001-01-01') DESC, b.id DESC LIMIT ${RELEVANCE_WINDOW}) b
          JOIN jurisdictions j ON j.id = b.jurisdiction_id`
    : matches ?? sql`bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id`;
  const filtered = options.sort === 'relevance' || matches !== null;
  const rows = await queryRows<BillSummaryRow & { k0: string | number | null; k1: string | number | null }>(
    db,
    sql`SELECT ${billSummaryColumns}, ${sortKey}
        FROM ${from}
        WHERE ${filtered ? sql`TRUE` : where} ${after ? sql`AND ${after}` : sql``}
        ORDER BY ${order}
        LIMIT ${options.limit + 1}`,
  );
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > options.limit && last
      ? { sort: options.sort, key: [normalizeKey(last.k0), normalizeKey(last.k1)] }
      : null;
  return { results: await toBillSummaries(db, page), nextCursor, total, totalIsEstimate };
}

/**
 * The bounded count: exact up to TOTAL_EXACT_UP_TO, one more when there are more; with the
 * ids themselves when there are at most SPARSE_UP_TO, so a sparse page does not look again.
 */
function countQuery(f: BillFilters, where: SQL): SQL {
  // The planner's own estimate of the bills stored (-1 before the first ANALYZE).
  return sql`SELECT count(*) AS n, CASE WHEN count(*) <= ${SPARSE_UP_TO} THEN array_agg(id)::text END AS ids,
               (SELECT reltuples FROM pg_class WHERE oid = 'bills'::regclass)::float8 AS bills
             FROM (${matchIds(f, where)} LIMIT ${TOTAL_EXACT_UP_TO + 1}) matches`;
}

/**
 * The ids of the matching bills, driven from the narrowest side (the count and a sparse page
 * read them alike). Jurisdictions are joined only when a filter reads them. A policy without
 * words walks the policy's items; words with a policy or stance walk the full-text index and
 * probe each bill; a stance alone lets the planner pick; without either the ids are walked in
 * order, so a bounded read stops after the bound instead of reading every bill.
 */
function matchIds(f: BillFilters, where: SQL): SQL {
  const refs = typeof f.jurisdiction === 'string' ? [f.jurisdiction] : (f.jurisdiction ?? []);
  const readsJurisdiction = Boolean(f.classification) || splitJurisdictionRefs(refs.map(normalizeJurisdictionRef)).stateCodes.length > 0;
  const from = readsJurisdiction ? sql`bills b JOIN jurisdictions j ON j.id = b.jurisdiction_id` : sql`bills b`;
  if (f.policy && !f.q) {
    // Without words the policy's items are the narrowest side (one per bill): they are walked
    // in their index and each bill probed by primary key (fenced, so the planner cannot hash
    // the whole bills table instead).
    const stance = f.stance ? sql`AND ri.stance = ${f.stance}` : sql``;
    return sql`SELECT ri.bill_id AS id FROM rollup_items ri
        CROSS JOIN LATERAL (SELECT 1 FROM ${from} WHERE b.id = ri.bill_id AND ${whereClause(f, 'none')} OFFSET 0) m
        WHERE ri.policy_id = ${f.policy} ${stance}`;
  }
  if (f.q && (f.policy || f.stance)) {
    // With words the full-text index drives and each matching bill is probed for the policy:
    // at a million bills 50–75 ms to the bound, where the planner's own choice (hashing all of
    // the policy's items) took 110–160 ms and an id-order walk 340–410 ms.
    return sql`SELECT b.id FROM ${from} WHERE ${whereClause(f, 'probe')}`;
  }
  const order = f.policy || f.stance ? sql`` : sql`ORDER BY b.id`;
  return sql`SELECT b.id FROM ${from} WHERE ${where} ${order}`;
}

function normalizeKey(value: string | number | null): string | number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}
