import { Router, type Request } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { searchBills, type BillCursor, type BillFilters, type BillSort } from '../../db/queries/search-bills.js';
import { getBillDetail, readLastVotes } from '../../db/queries/bill-detail.js';
import { mapCacheFor, cachedPolicies } from './map-cache.js';
import { listChanges, type ChangeFilters } from '../../db/queries/changes.js';
import { getJurisdictionDetail, listJurisdictions } from '../../db/queries/jurisdictions-query.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { knownPolicy } from './params.js';
import { parseInput, queryOf } from './validate.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { sendCsv, sendCsvPages, wantsCsv } from './csv.js';
import { LAST_VOTE_COLUMNS, lastVoteCells } from './last-vote-cells.js';
import { readContract as op } from './read.contract.js';
import type { Config } from '../../core/config.js';
import { billExportFacts } from '../../db/queries/bill-export.js';
import { introducedDate } from '../../core/bill/introduced-date.js';
import { billPublicPath } from '../../core/jurisdictions/public-paths.js';

/** Rows a "what moved" CSV holds at most (newest first). */
const CHANGES_CSV_LIMIT = 100_000;

/** Answers worth remembering per distinct header or query string: few of them recur, and each is pure. */
const MEMO_LIMIT = 256;

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(); // a throw (a bad query) is not remembered
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const mapQueries = new Map<string, z.output<typeof op.getMap.query>>();
/** The map query, validated once per distinct query string: the map's few queries then cost a lookup. */
function mapQueryOf(req: Request) {
  const at = req.url.indexOf('?');
  return memo(mapQueries, at < 0 ? '' : req.url.slice(at + 1), () => parseInput(op.getMap.query, queryOf(req), 'query'));
}

const gzipAnswers = new Map<string, boolean>();
/** Whether the client takes gzip, negotiated once per distinct Accept-Encoding header. */
function takesGzip(req: Request): boolean {
  return memo(gzipAnswers, req.headers['accept-encoding'] ?? '', () => req.acceptsEncodings('gzip') === 'gzip');
}

/** Bills exported per page: small enough that one page query is short. */
const CSV_PAGE = 200;
/** The most bills one export holds. */
const CSV_MAX = 100_000;

/** The CSV rows of every bill matching the filters, a page at a time (keyset pages, see searchBills). */
async function* billCsvPages(db: Db, filters: BillFilters, sort: BillSort, publicUrl: string) {
  let cursor: BillCursor | null = null;
  for (let sent = 0; sent < CSV_MAX; sent += CSV_PAGE) {
    const page = await searchBills(db, filters, { sort, limit: Math.min(CSV_PAGE, CSV_MAX - sent), cursor });
    const ids = page.results.map((b) => b.id);
    const [facts, lastVotes] = await Promise.all([billExportFacts(db, ids), readLastVotes(db, ids)]);
    yield page.results.map((b) => {
      const f = facts.get(b.id);
      const introduced = f ? introducedDate({ actions: [{ date: f.firstActionOn }], versions: [{ date: f.firstVersionOn }], introduced_on: f.introducedOn }) : null;
      return [
        b.id, b.jurisdiction.id, b.jurisdiction.name, b.session, b.identifier, b.title, b.kind, b.stage, b.status, introduced?.date, introduced?.basis, b.latest_action.date,
        b.latest_action.description, (f?.sponsors ?? []).join('; '), b.policies.map((p) => `${p.policy}:${p.stance}`).join(' '),
        `${publicUrl}${billPublicPath({ jurisdictionId: b.jurisdiction.id, session: b.session, identifier: b.identifier }) ?? `/bills/${b.id}`}`, b.source_url, b.updated_at,
        ...lastVoteCells(lastVotes.get(b.id)),
      ];
    });
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The CSV rows of every change since `since`, newest first, a page at a time (keyset on the change id). */
async function* changeCsvPages(db: Db, filters: Omit<ChangeFilters, 'limit' | 'before'>, publicUrl: string) {
  let before: number | undefined;
  for (let sent = 0; sent < CHANGES_CSV_LIMIT; sent += CSV_PAGE) {
    const limit = Math.min(CSV_PAGE, CHANGES_CSV_LIMIT - sent);
    const page = await listChanges(db, { ...filters, limit, before });
    yield page.map((c) => [
      c.id, c.changed_at, c.jurisdiction.id, c.jurisdiction.name, c.bill.session, c.bill.identifier, c.bill.title, c.from_stage, c.to_stage, c.from_status, c.to_status,
      c.action_date, c.action_description, c.policies.join(' '),
      `${publicUrl}${billPublicPath({ jurisdictionId: c.jurisdiction.id, session: c.bill.session, identifier: c.bill.identifier }) ?? `/bills/${c.bill.id}`}`, c.bill.source_url,
    ]);
    if (page.length < limit) return;
    before = page[page.length - 1].id;
  }
}

/**
 * Public, read-only JSON (and CSV) API. Routes validate with their contract (read.contract.ts),
 * call one query, present. A list and its CSV export share one route and one query schema.
 */
export function readRouter(db: Db, options: { publicUrl: string; config?: Pick<Config, 'openstates'> } = { publicUrl: '' }): Router {
  const router = Router();

  router.get('/policies', async (req, res) => {
    parseInput(op.listPolicies.query, queryOf(req), 'query');
    res.json({ results: await cachedPolicies(db) });
  });

  router.get('/jurisdictions', async (req, res) => {
    const q = parseInput(op.listJurisdictions.query, queryOf(req), 'query');
    res.json({ results: await listJurisdictions(db, q) });
  });

  // OCD ids contain slashes, so the id is the rest of the path, escaped (%2F) or not.
  router.get(/^\/jurisdictions\/(.+)$/, async (req, res) => {
    parseInput(op.getJurisdiction.query, queryOf(req), 'query');
    const { id } = parseInput(op.getJurisdiction.params, { id: (req.params as Record<string, string>)[0] }, 'path');
    const detail = await getJurisdictionDetail(db, id, { config: options.config });
    if (!detail) throw new NotFoundError(`jurisdiction ${id}`);
    res.json(detail);
  });

  router.get(['/bills', '/bills.csv'], async (req, res) => {
    const q = parseInput(op.listBills.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw new ValidationError('invalid cursor', [{ parameter: 'cursor', message: 'not a cursor this API issued' }]);
    const sort = q.sort ?? cursor?.sort ?? 'latest_action';
    if (sort === 'relevance' && !q.q) throw new ValidationError('invalid sort', [{ parameter: 'sort', message: 'relevance needs q' }]);
    if (cursor && cursor.sort !== sort) throw new ValidationError('invalid cursor', [{ parameter: 'cursor', message: `cursor was issued for sort=${cursor.sort}` }]);
    res.vary('Accept');
    const csv = wantsCsv(req);
    const filters = {
      policy: q.policy, stance: q.stance, jurisdiction: q.jurisdiction, classification: q.classification, session: q.session,
      stage: q.stage, status: q.status, updatedSince: q.updated_since, q: q.q, kind: q.kind, scope: q.scope,
    };
    if (csv) {
      await sendCsvPages(
        res,
        'bills.csv',
        [
          'id', 'jurisdiction', 'jurisdiction_name', 'session', 'identifier', 'title', 'kind', 'stage', 'status', 'introduced_date', 'introduced_basis', 'latest_action_date',
          'latest_action', 'sponsors', 'policies', 'tracker_url', 'source_url', 'updated_at', ...LAST_VOTE_COLUMNS,
        ],
        billCsvPages(db, filters, sort, options.publicUrl),
      );
      return;
    }
    const page = await searchBills(db, filters, { sort, limit: q.limit, cursor, withTotal: !cursor });
    res.json({ results: page.results, next_cursor: page.nextCursor ? encodeCursor(page.nextCursor) : null, total: page.total, total_is_estimate: page.totalIsEstimate });
  });

  router.get('/bills/:id', async (req, res) => {
    parseInput(op.getBill.query, queryOf(req), 'query');
    const { id } = parseInput(op.getBill.params, req.params, 'path');
    const bill = await getBillDetail(db, id);
    if (!bill) throw new NotFoundError(`bill ${id}`);
    res.json(bill);
  });

  const maps = mapCacheFor(db, options.config);
  // The map from memory: the version is known without a query (the cache listens for bumps),
  // a client holding this version's map is answered 304 before anything else is done, and a
  // built map is sent as stored bytes.
  router.get(['/map', '/map.csv'], async (req, res) => {
    const q = mapQueryOf(req);
    const version = await maps.currentVersion();
    const csv = wantsCsv(req);
    res.setHeader('Vary', csv ? 'Accept' : 'Accept, Accept-Encoding');
    if (!csv) {
      const etag = maps.etag(q, version);
      res.setHeader('ETag', etag);
      if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
        res.status(304).end();
        return;
      }
    }
    // A map is only ever built for a policy that exists (and a policy edit bumps the version).
    let map = maps.built(q, version);
    if (!map) {
      await knownPolicy(db, q.policy);
      map = await maps.map(q, version);
    }
    if (csv) {
      sendCsv(
        res,
        `map-${q.policy}.csv`,
        ['jurisdiction', 'name', 'classification', 'state', 'status', 'strength', 'coverage', 'tracked_since', 'laws', 'bills', 'threats', 'bill_count'],
        map.entries.map((e) => [
          e.id, e.name, e.classification, e.state_code, e.status, e.strength, e.coverage.state, e.coverage.since,
          e.laws.map((l) => l.identifier ?? l.title).join('; '), e.bills.map((b) => b.identifier).join('; '), e.threats.map((b) => b.identifier).join('; '), e.bill_count,
        ]),
      );
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (takesGzip(req)) {
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', map.gzip.length);
      res.end(map.gzip);
      return;
    }
    res.setHeader('Content-Length', map.json.length);
    res.end(map.json);
  });

  router.get(['/changes', '/changes.csv'], async (req, res) => {
    const q = parseInput(op.listChanges.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    const since = q.since ?? new Date(Date.now() - 30 * 86_400_000);
    res.vary('Accept');
    if (wantsCsv(req)) {
      await sendCsvPages(
        res,
        'changes.csv',
        ['change_id', 'changed_at', 'jurisdiction', 'jurisdiction_name', 'session', 'identifier', 'title', 'from_stage', 'to_stage', 'from_status', 'to_status', 'action_date', 'action', 'policies', 'tracker_url', 'source_url'],
        changeCsvPages(db, { since, policy: q.policy, jurisdiction: q.jurisdiction, scope: q.scope }, options.publicUrl),
      );
      return;
    }
    const results = await listChanges(db, { since, policy: q.policy, jurisdiction: q.jurisdiction, limit: q.limit, before: q.before, scope: q.scope });
    res.json({ results, next_before: results.length === q.limit ? results[results.length - 1].id : null });
  });

  return router;
}
