/**
 * The public pages: map (home), jurisdiction, bill, policy, search, what moved. Each route
 * validates its query, calls the queries, and renders; no SQL and no markup here.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { getBillDetail } from '../../db/queries/bill-detail.js';
import { getBillTextBody } from '../../db/queries/adoption-query.js';
import { rankByAdoption } from '../../core/adoption/adoption-views.js';
import { getBillAdoption, jurisdictionAdoption } from '../adoption/adoption-service.js';
import { listChanges } from '../../db/queries/changes.js';
import { getJurisdictionDetail, listJurisdictions } from '../../db/queries/jurisdictions-query.js';
import { listPolicies, policyMap, type PolicyRow } from '../../db/queries/policy-map.js';
import { BILL_SORTS, searchBills, type BillSort } from '../../db/queries/search-bills.js';
import { LIST_SCOPES, STANCES, STATUSES } from '../../core/vocabulary.js';
import { type MapColorKey } from '../../web/map/map-palette.js';
import { renderBillPage } from '../../web/pages/bill-page.js';
import { CHANGE_WINDOWS, renderChangesPage } from '../../web/pages/changes-page.js';
import { renderHomePage } from '../../web/pages/home-page.js';
import { renderJurisdictionPage } from '../../web/pages/jurisdiction-page.js';
import { entryColorKey, jurisdictionIdFromPath } from '../../web/pages/page-parts.js';
import type { Config } from '../../core/config.js';
import { renderPoliciesIndexPage, renderPolicyPage } from '../../web/pages/policy-page.js';
import { renderSearchPage } from '../../web/pages/search-page.js';
import { decodeCursor, encodeCursor } from '../api/cursor.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { parseWebQuery, viewerOf, webJurisdiction, webPolicyId, webText } from './web-request.js';

const PAGE_SIZE = 20;

/** The policy named by `policy`, or the first; @throws ValidationError for an unknown id. */
function choosePolicy(policies: PolicyRow[], id: string | undefined): PolicyRow {
  if (policies.length === 0) throw new NotFoundError('policies (the database is not seeded)');
  if (!id) return policies[0];
  const found = policies.find((p) => p.id === id);
  if (!found) throw new ValidationError('unknown policy', [{ parameter: 'policy', message: `unknown policy ${id}; known: ${policies.map((p) => p.id).join(', ')}` }]);
  return found;
}

function checkPolicy(policies: PolicyRow[], id: string | undefined): void {
  if (id) choosePolicy(policies, id);
}

/** Search and "What moved" show laws touching a tracked policy unless asked for everything. */
const webScope = z.enum(LIST_SCOPES, { message: `scope must be one of ${LIST_SCOPES.join(', ')}` }).default('tracked');

const searchQuery = z.object({
  scope: webScope,
  q: webText('q', 500).optional(),
  policy: webPolicyId.optional(),
  stance: z.enum(STANCES, { message: `stance must be one of ${STANCES.join(', ')}` }).optional(),
  jurisdiction: webJurisdiction.optional(),
  status: z.enum(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` }).optional(),
  session: webText('session', 100).optional(),
  sort: z.enum(BILL_SORTS, { message: `sort must be one of ${BILL_SORTS.join(', ')}` }).optional(),
  after: webText('after', 400).optional(),
  start: z.coerce.number({ message: 'start must be a number' }).int('start must be a whole number').min(0, 'start must be 0 or more').max(10_000_000).default(0),
});

const changesQuery = z.object({
  days: z.coerce
    .number({ message: 'days must be a number' })
    .refine((d) => (CHANGE_WINDOWS as readonly number[]).includes(d), `days must be one of ${CHANGE_WINDOWS.join(', ')}`)
    .default(7),
  policy: webPolicyId.optional(),
  jurisdiction: webJurisdiction.optional(),
  before: z.coerce.number({ message: 'before must be a change id' }).int('before must be a change id').positive('before must be a change id').optional(),
  scope: webScope,
});

/** Public pages over the database. */
export function publicPagesRouter(db: Db, config?: Pick<Config, 'openstates'>): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const q = parseWebQuery(z.object({ policy: webPolicyId.optional(), view: z.enum(['status', 'adoption'], { message: 'view must be status or adoption' }).optional() }), req.query);
    const policies = await listPolicies(db);
    const policy = choosePolicy(policies, q.policy);
    const entries = await policyMap(db, policy.id, {}, config);
    const adoptionEntries = q.view === 'adoption' ? await jurisdictionAdoption(db, policy.id) : null;
    const adoption = adoptionEntries ? { entries: adoptionEntries, ranked: rankByAdoption(adoptionEntries) } : null;
    res.type('html').send(renderHomePage({ policies, policy, entries, adoption, viewer: viewerOf(req) }));
  });

  router.get(/^\/jurisdictions\/(.+)$/, async (req, res) => {
    const raw = (req.params as Record<string, string>)[0] ?? '';
    if (!/^[\w:/.~%-]+$/.test(raw)) throw new ValidationError('bad jurisdiction', [{ parameter: 'jurisdiction', message: 'not a jurisdiction id' }]);
    const id = jurisdictionIdFromPath(decodeURIComponent(raw).replace(/\/$/, ''));
    const jurisdiction = await getJurisdictionDetail(db, id, config);
    if (!jurisdiction) throw new NotFoundError(`jurisdiction ${id}`);
    const [policies, parent, places] = await Promise.all([
      listPolicies(db),
      jurisdiction.parent_id && jurisdiction.state_code
        ? listJurisdictions(db, { classification: 'state', state: jurisdiction.state_code }).then((list) => list.find((j) => j.id === jurisdiction.parent_id) ?? null)
        : Promise.resolve(null),
      jurisdiction.classification === 'state' && jurisdiction.state_code
        ? listJurisdictions(db, { state: jurisdiction.state_code }).then((list) => list.filter((j) => j.classification !== 'state'))
        : Promise.resolve([]),
    ]);
    res.type('html').send(renderJurisdictionPage({ jurisdiction, policies, parent, places, viewer: viewerOf(req) }));
  });

  router.get('/bills/:id', async (req, res) => {
    const { id } = parseWebQuery(
      z.object({ id: z.coerce.number({ message: 'bill id must be a number' }).int('bill id must be a whole number').positive('bill id must be positive').max(Number.MAX_SAFE_INTEGER, 'bill id is too large') }),
      req.params,
    );
    const { version } = parseWebQuery(z.object({ version: z.coerce.number({ message: 'version must be a text id' }).int('version must be a text id').positive('version must be a text id').max(Number.MAX_SAFE_INTEGER).optional() }), req.query);
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const [bill, policies, adoption] = await Promise.all([getBillDetail(db, id), listPolicies(db), getBillAdoption(db, id, { showUnverified: staff })]);
    if (!bill) throw new NotFoundError(`bill ${id}`);
    const shown = adoption?.versions.find((v) => v.text_id === version) ?? adoption?.versions[adoption.versions.length - 1];
    const text = shown ? await getBillTextBody(db, id, shown.text_id) : null;
    const adoptionInput = adoption ? { adoption, selectedTextId: shown?.text_id ?? null, text, policyNames: new Map(policies.map((p) => [p.id, p.name])) } : null;
    res.type('html').send(renderBillPage({ bill, policies, adoption: adoptionInput, viewer: viewerOf(req) }));
  });

  router.get('/policies', async (req, res) => {
    const policies = await listPolicies(db);
    const withCounts = await Promise.all(
      policies.map(async (p) => {
        const counts: Partial<Record<MapColorKey, number>> = {};
        for (const e of await policyMap(db, p.id, {}, config)) {
          const key = entryColorKey(e);
          counts[key] = (counts[key] ?? 0) + 1;
        }
        return { ...p, counts };
      }),
    );
    res.type('html').send(renderPoliciesIndexPage({ policies: withCounts, viewer: viewerOf(req) }));
  });

  router.get('/policies/:id', async (req, res) => {
    const { id } = parseWebQuery(z.object({ id: webPolicyId }), { id: req.params.id });
    const policies = await listPolicies(db);
    const policy = policies.find((p) => p.id === id);
    if (!policy) throw new NotFoundError(`policy ${id}`);
    const [entries, adoption] = await Promise.all([policyMap(db, policy.id, {}, config), jurisdictionAdoption(db, policy.id)]);
    res.type('html').send(renderPolicyPage({ policy, policies, entries, adoption: rankByAdoption(adoption), viewer: viewerOf(req) }));
  });

  router.get('/search', async (req, res) => {
    const q = parseWebQuery(searchQuery, req.query);
    const [policies, jurisdictions] = await Promise.all([listPolicies(db), listJurisdictions(db, {})]);
    checkPolicy(policies, q.policy);
    // "Best match" needs words to rank by; without them it means the default order.
    const sort: BillSort = q.sort === 'relevance' && !q.q ? 'latest_action' : (q.sort ?? (q.q ? 'relevance' : 'latest_action'));
    const cursor = q.after ? decodeCursor(q.after) : null;
    if (q.after && (!cursor || cursor.sort !== sort)) {
      throw new ValidationError('bad page link', [{ parameter: 'after', message: 'not a page link for this search; start again from the first page' }]);
    }
    const page = await searchBills(
      db,
      { q: q.q, policy: q.policy, stance: q.stance, jurisdiction: q.jurisdiction, status: q.status ? [q.status] : undefined, session: q.session, scope: q.scope },
      { sort, limit: PAGE_SIZE, cursor, withTotal: true },
    );
    res.type('html').send(
      renderSearchPage({
        form: { q: q.q, policy: q.policy, stance: q.stance, jurisdiction: q.jurisdiction, status: q.status, session: q.session, sort: q.sort, scope: q.scope },
        policies,
        jurisdictions,
        results: page.results,
        total: page.total ?? page.results.length,
        start: cursor ? q.start : 0,
        next: page.nextCursor ? encodeCursor(page.nextCursor) : null,
        viewer: viewerOf(req),
      }),
    );
  });

  router.get('/changes', async (req, res) => {
    const q = parseWebQuery(changesQuery, req.query);
    const [policies, jurisdictions] = await Promise.all([listPolicies(db), listJurisdictions(db, {})]);
    checkPolicy(policies, q.policy);
    const limit = 100;
    const changes = await listChanges(db, { since: new Date(Date.now() - q.days * 86_400_000), policy: q.policy, jurisdiction: q.jurisdiction, before: q.before, limit, scope: q.scope });
    res.type('html').send(
      renderChangesPage({
        form: { days: q.days, policy: q.policy, jurisdiction: q.jurisdiction, scope: q.scope },
        policies,
        jurisdictions,
        changes,
        before: changes.length === limit ? changes[changes.length - 1].id : null,
        viewer: viewerOf(req),
      }),
    );
  });

  return router;
}
