import { Router } from 'express';
import type { Db } from '../../db/database.js';
import { searchBills, type BillCursor, type BillFilters, type BillSort } from '../../db/queries/search-bills.js';
import { getBillDetail } from '../../db/queries/bill-detail.js';
import { listPolicies, policyMap } from '../../db/queries/policy-map.js';
import { listChanges } from '../../db/queries/changes.js';
import { getJurisdictionDetail, listJurisdictions } from '../../db/queries/jurisdictions-query.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { knownPolicy } from './params.js';
import { parseInput, queryOf } from './validate.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { sendCsv, sendCsvPages, wantsCsv } from './csv.js';
import { readContract as op } from './read.contract.js';

/** Bills exported per page: small enough that one page query is short. */
const CSV_PAGE = 200;
/** The most bills one export holds. */
const CSV_MAX = 100_000;

/** The CSV rows of every bill matching the filters, a page at a time (keyset pages, see searchBills). */
async function* billCsvPages(db: Db, filters: BillFilters, sort: BillSort) {
  let cursor: BillCursor | null = null;
  for (let sent = 0; sent < CSV_MAX; sent += CSV_PAGE) {
    const page = await searchBills(db, filters, { sort, limit: Math.min(CSV_PAGE, CSV_MAX - sent), cursor });
    yield page.results.map((b) => [
      b.id, b.jurisdiction.id, b.jurisdiction.name, b.session, b.identifier, b.title, b.stage, b.status, b.latest_action.date, b.latest_action.description,
      b.policies.map((p) => `${p.policy}:${p.stance}`).join(' '), b.source_url, b.updated_at,
    ]);
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * Public, read-only JSON (and CSV) API. Routes validate with their contract (read.contract.ts),
 * call one query, present. A list and its CSV export share one route and one query schema.
 */
export function readRouter(db: Db): Router {
  const router = Router();

  router.get('/policies', async (req, res) => {
    parseInput(op.listPolicies.query, queryOf(req), 'query');
    res.json({ results: await listPolicies(db) });
  });

  router.get('/jurisdictions', async (req, res) => {
    const q = parseInput(op.listJurisdictions.query, queryOf(req), 'query');
    res.json({ results: await listJurisdictions(db, q) });
  });

  // OCD ids contain slashes, so the id is the rest of the path, escaped (%2F) or not.
  router.get(/^\/jurisdictions\/(.+)$/, async (req, res) => {
    parseInput(op.getJurisdiction.query, queryOf(req), 'query');
    const { id } = parseInput(op.getJurisdiction.params, { id: (req.params as Record<string, string>)[0] }, 'path');
    const detail = await getJurisdictionDetail(db, id);
    if (!detail) throw new NotFoundError(`jurisdiction ${id}`);
    res.json(detail);
  });

  router.get(['/bills', '/bills.csv'], async (req, res) => {
    const q = parseInput(op.listBills.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw new ValidationError('invalid cursor', [{ parameter: 'cursor', message: 'not a cursor this API issued' }]);
    const sort = q.sort ?? cursor?.sort ?? (q.q ? 'relevance' : 'latest_action');
    if (sort === 'relevance' && !q.q) throw new ValidationError('invalid sort', [{ parameter: 'sort', message: 'relevance needs q' }]);
    if (cursor && cursor.sort !== sort) throw new ValidationError('invalid cursor', [{ parameter: 'cursor', message: `cursor was issued for sort=${cursor.sort}` }]);
    res.vary('Accept');
    const csv = wantsCsv(req);
    const filters = {
      policy: q.policy, stance: q.stance, jurisdiction: q.jurisdiction, classification: q.classification, session: q.session,
      stage: q.stage, status: q.status, updatedSince: q.updated_since, q: q.q,
    };
    if (csv) {
      await sendCsvPages(
        res,
        'bills.csv',
        ['id', 'jurisdiction', 'jurisdiction_name', 'session', 'identifier', 'title', 'stage', 'status', 'latest_action_date', 'latest_action', 'policies', 'source_url', 'updated_at'],
        billCsvPages(db, filters, sort),
      );
      return;
    }
    const page = await searchBills(db, filters, { sort, limit: q.limit, cursor, withTotal: !cursor });
    res.json({ results: page.results, next_cursor: page.nextCursor ? encodeCursor(page.nextCursor) : null, total: page.total });
  });

  router.get('/bills/:id', async (req, res) => {
    parseInput(op.getBill.query, queryOf(req), 'query');
    const { id } = parseInput(op.getBill.params, req.params, 'path');
    const bill = await getBillDetail(db, id);
    if (!bill) throw new NotFoundError(`bill ${id}`);
    res.json(bill);
  });

  router.get(['/map', '/map.csv'], async (req, res) => {
    const q = parseInput(op.getMap.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    const entries = await policyMap(db, q.policy, q);
    res.vary('Accept');
    if (wantsCsv(req)) {
      sendCsv(
        res,
        `map-${q.policy}.csv`,
        ['jurisdiction', 'name', 'classification', 'state', 'status', 'strength', 'laws', 'bills', 'threats', 'bill_count'],
        entries.map((e) => [
          e.id, e.name, e.classification, e.state_code, e.status, e.strength,
          e.laws.map((l) => l.identifier ?? l.title).join('; '), e.bills.map((b) => b.identifier).join('; '), e.threats.map((b) => b.identifier).join('; '), e.bill_count,
        ]),
      );
      return;
    }
    res.json({ policy: q.policy, results: entries });
  });

  router.get('/changes', async (req, res) => {
    const q = parseInput(op.listChanges.query, queryOf(req), 'query');
    await knownPolicy(db, q.policy);
    const since = q.since ?? new Date(Date.now() - 30 * 86_400_000);
    const results = await listChanges(db, { since, policy: q.policy, jurisdiction: q.jurisdiction, limit: q.limit, before: q.before });
    res.json({ results, next_before: results.length === q.limit ? results[results.length - 1].id : null });
  });

  return router;
}
