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
import type { PolicyRow } from '../../db/queries/policy-map.js';
import { cachedPolicies, mapCacheFor } from '../api/map-cache.js';
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
import { billPathFacts, findBillIdByPath, findJurisdictionBySlugs } from '../../db/queries/public-paths-query.js';
import { billPublicPath, isPlaceSlug, jurisdictionPublicPath } from '../../core/jurisdictions/public-paths.js';
import { parseJurisdictionRefs } from '../../core/jurisdictions/jurisdiction-refs.js';
import type { ShareMeta } from '../../web/pages/layout.js';
import { readCookie } from '../middleware/authenticate.js';
import type { Request, Response } from 'express';

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
  remember: z.literal('1', { message: 'remember must be 1' }).optional(),
  anywhere: z.literal('1', { message: 'anywhere must be 1' }).optional(),
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
  remember: z.literal('1', { message: 'remember must be 1' }).optional(),
  anywhere: z.literal('1', { message: 'anywhere must be 1' }).optional(),
});

// Built once, when the module loads (a schema compiled per request costs more than the query it guards).
const homeQuery = z.object({ policy: webPolicyId.optional(), view: z.enum(['status', 'adoption'], { message: 'view must be status or adoption' }).optional() });
const billQuery = z.object({ version: z.coerce.number({ message: 'version must be a text id' }).int('version must be a text id').positive('version must be a text id').max(Number.MAX_SAFE_INTEGER).optional() });
const policyParams = z.object({ id: webPolicyId });

/** The cookie holding a visitor's "my states" (jurisdiction references, comma-separated). */
export const MY_STATES_COOKIE = 'my_states';

/** The visitor's remembered jurisdictions; a cookie that no longer parses counts as none. */
function myStatesOf(req: Request): string[] {
  const raw = readCookie(req, MY_STATES_COOKIE);
  if (!raw) return [];
  const { refs, problems } = parseJurisdictionRefs(raw);
  return problems.length ? [] : refs;
}

/**
 * The jurisdictions a list applies: the URL's; else, unless `anywhere=1`, the remembered
 * ones. With `remember=1` the URL's choice is stored for next time (none chosen forgets).
 */
function applyMyStates(req: Request, res: Response, q: { jurisdiction?: string[]; remember?: '1'; anywhere?: '1' }, secure: boolean): { refs: string[]; fromMyStates: boolean; myStates: string[] } {
  let myStates = myStatesOf(req);
  if (q.remember) {
    myStates = q.jurisdiction ?? [];
    if (myStates.length) res.cookie(MY_STATES_COOKIE, myStates.join(','), { httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400_000, path: '/' });
    else res.clearCookie(MY_STATES_COOKIE, { path: '/' });
  }
  if (q.jurisdiction?.length) return { refs: q.jurisdiction, fromMyStates: false, myStates };
  if (!q.anywhere && myStates.length) return { refs: myStates, fromMyStates: true, myStates };
  return { refs: [], fromMyStates: false, myStates };
}

/** The policy whose map stands for a page in link previews: the first given that exists, else the first policy. */
function sharePolicy(policies: PolicyRow[], ...candidates: (string | undefined)[]): PolicyRow {
  return candidates.map((id) => policies.find((p) => p.id === id)).find(Boolean) ?? policies[0];
}

export type PublicPagesOptions = {
  publicUrl: string;
  secureCookies?: boolean;
  /** Judges whether a source can run here, so map cells say why a place is not tracked. */
  config?: Pick<Config, 'openstates'>;
};

/** Public pages over the database. */
export function publicPagesRouter(db: Db, options: PublicPagesOptions): Router {
  const router = Router();
  const maps = mapCacheFor(db, options.config);
  const listPolicies = cachedPolicies;
  /** A policy's full map, from the map cache (the same one /api/map serves). */
  const policyMap = async (policyId: string) => (await maps.map({ policy: policyId }, await maps.currentVersion())).entries;
  const base = options.publicUrl;
  const share = (path: string, title: string, description: string, policy: PolicyRow, type: ShareMeta['type'] = 'website'): ShareMeta => ({
    url: `${base}${path}`, title, description, type,
    image: `${base}/og/${encodeURIComponent(policy.id)}.png`,
    imageAlt: `Map of the United States: where “${policy.name}” stands in each state and city`,
  });

  router.get('/', async (req, res) => {
    const q = parseWebQuery(homeQuery, req.query);
    const version = await maps.currentVersion();
    const policies = await maps.policies(version);
    const policy = choosePolicy(policies, q.policy);
    const entries = (await maps.map({ policy: policy.id }, version)).entries;
    const adoptionEntries = q.view === 'adoption' ? await jurisdictionAdoption(db, policy.id) : null;
    const adoption = adoptionEntries ? { entries: adoptionEntries, ranked: rankByAdoption(adoptionEntries) } : null;
    const shared = share(`/${q.policy ? `?policy=${encodeURIComponent(policy.id)}` : ''}`, `${policy.name}: where it stands`, policy.summary, policy);
    res.type('html').send(renderHomePage({ policies, policy, entries, adoption, viewer: viewerOf(req), share: shared }));
  });

  const renderJurisdiction = async (req: Request, res: Response, id: string) => {
    const jurisdiction = await getJurisdictionDetail(db, id, { config: options.config });
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
    const standing = jurisdiction.policies.find((p) => p.status === 'enacted') ?? jurisdiction.policies.find((p) => p.status !== 'none');
    const enacted = jurisdiction.policies.filter((p) => p.status === 'enacted').map((p) => p.name);
    const shared = share(
      jurisdictionPublicPath(id) ?? `/jurisdictions/${encodeURIComponent(id)}`,
      `${jurisdiction.name}: police-reform laws and bills`,
      enacted.length ? `Enacted in ${jurisdiction.name}: ${enacted.join('; ')}.` : `Where ${jurisdiction.name} stands on ${policies.length} police-reform policies.`,
      sharePolicy(policies, standing?.policy),
    );
    res.type('html').send(renderJurisdictionPage({ jurisdiction, policies, parent, places, viewer: viewerOf(req), share: shared }));
  };

  // The long form (/jurisdictions/<OCD id>) keeps working and sends to the short one.
  router.get(/^\/jurisdictions\/(.+)$/, async (req, res) => {
    const raw = (req.params as Record<string, string>)[0] ?? '';
    if (!/^[\w:/.~%-]+$/.test(raw)) throw new ValidationError('bad jurisdiction', [{ parameter: 'jurisdiction', message: 'not a jurisdiction id' }]);
    const id = jurisdictionIdFromPath(decodeURIComponent(raw).replace(/\/$/, ''));
    const short = jurisdictionPublicPath(id);
    if (short) {
      res.redirect(301, short);
      return;
    }
    await renderJurisdiction(req, res, id);
  });

  // `/va`, `/ky/louisville`: a state, or a place in it.
  router.get(/^\/([a-zA-Z]{2})(?:\/([^/]+))?\/?$/, async (req, res) => {
    const params = req.params as Record<string, string | undefined>;
    const state = (params[0] ?? '').toLowerCase();
    const place = params[1] === undefined ? null : decodeURIComponent(params[1]);
    if (place !== null && !isPlaceSlug(place)) throw new NotFoundError(`jurisdiction ${state}/${place}`);
    const id = await findJurisdictionBySlugs(db, state, place);
    if (!id) throw new NotFoundError(place ? `jurisdiction ${place} in ${state.toUpperCase()}` : `state ${state.toUpperCase()}`);
    const canonical = jurisdictionPublicPath(id);
    if (canonical && canonical !== req.path) {
      res.redirect(301, canonical);
      return;
    }
    await renderJurisdiction(req, res, id);
  });

  const renderBill = async (req: Request, res: Response, id: number) => {
    const { version } = parseWebQuery(billQuery, req.query);
    const staff = req.user?.role === 'staff' || req.user?.role === 'admin';
    const [bill, policies, adoption] = await Promise.all([getBillDetail(db, id), listPolicies(db), getBillAdoption(db, id, { showUnverified: staff })]);
    if (!bill) throw new NotFoundError(`bill ${id}`);
    const shown = adoption?.versions.find((v) => v.text_id === version) ?? adoption?.versions[adoption.versions.length - 1];
    const text = shown ? await getBillTextBody(db, id, shown.text_id) : null;
    const touches = bill.policies.map((p) => p.policy);
    const adoptionInput = adoption ? { adoption, selectedTextId: shown?.text_id ?? null, text, policyNames: new Map(policies.map((p) => [p.id, p.name])), touches } : null;
    const path = billPublicPath({ jurisdictionId: bill.jurisdiction.id, session: bill.session, identifier: bill.identifier }) ?? `/bills/${bill.id}`;
    const shared = share(path, `${bill.jurisdiction.name} ${bill.identifier}: ${bill.title}`, `${bill.status === 'pending' ? 'Pending' : bill.status[0].toUpperCase() + bill.status.slice(1)}. ${bill.latest_action.description ?? ''}`.trim(), sharePolicy(policies, ...touches), 'article');
    res.type('html').send(renderBillPage({ bill, policies, adoption: adoptionInput, viewer: viewerOf(req), share: shared }));
  };

  // The numeric form sends to the readable URL (keeping ?version=).
  router.get(/^\/bills\/(\d{1,15})\/?$/, async (req, res) => {
    const id = Number((req.params as Record<string, string>)[0]);
    const facts = await billPathFacts(db, id);
    if (!facts) throw new NotFoundError(`bill ${id}`);
    const path = billPublicPath(facts);
    if (!path) return renderBill(req, res, id);
    const query = new URL(req.originalUrl, 'http://x').search;
    res.redirect(301, `${path}${query}`);
  });

  // `/bills/va/2025/HB1234` (state bill) and `/bills/ky/louisville/2020/O-123` (a place's).
  router.get(/^\/bills\/([a-zA-Z]{2})(?:\/([^/]+))?\/([^/]+)\/([^/]+)\/?$/, async (req, res) => {
    const params = req.params as Record<string, string | undefined>;
    const decode = (v: string | undefined) => {
      try {
        return v === undefined ? undefined : decodeURIComponent(v);
      } catch {
        throw new NotFoundError(`bill ${req.path}`);
      }
    };
    const state = (params[0] ?? '').toLowerCase();
    const place = decode(params[1]) ?? null;
    const session = decode(params[2])!;
    const identifier = decode(params[3])!;
    if (place !== null && !isPlaceSlug(place)) throw new NotFoundError(`bill ${req.path}`);
    const jurisdictionId = await findJurisdictionBySlugs(db, state, place);
    const id = jurisdictionId ? await findBillIdByPath(db, jurisdictionId, session, identifier) : null;
    if (id === null) throw new NotFoundError(`bill ${identifier} of session ${session} in ${place ?? state.toUpperCase()}`);
    await renderBill(req, res, id);
  });

  router.get('/policies', async (req, res) => {
    const version = await maps.currentVersion();
    const policies = await maps.policies(version);
    const withCounts = await Promise.all(
      policies.map(async (p) => {
        const counts: Partial<Record<MapColorKey, number>> = {};
        for (const e of (await maps.map({ policy: p.id }, version)).entries) {
          const key = entryColorKey(e);
          counts[key] = (counts[key] ?? 0) + 1;
        }
        return { ...p, counts };
      }),
    );
    res.type('html').send(renderPoliciesIndexPage({ policies: withCounts, viewer: viewerOf(req) }));
  });

  router.get('/policies/:id', async (req, res) => {
    const { id } = parseWebQuery(policyParams, { id: req.params.id });
    const policies = await listPolicies(db);
    const policy = policies.find((p) => p.id === id);
    if (!policy) throw new NotFoundError(`policy ${id}`);
    const [entries, adoption] = await Promise.all([policyMap(policy.id), jurisdictionAdoption(db, policy.id)]);
    const shared = share(`/policies/${encodeURIComponent(policy.id)}`, `${policy.name}: where it stands`, policy.summary, policy);
    res.type('html').send(renderPolicyPage({ policy, policies, entries, adoption: rankByAdoption(adoption), viewer: viewerOf(req), share: shared }));
  });

  router.get('/search', async (req, res) => {
    const q = parseWebQuery(searchQuery, req.query);
    const [policies, jurisdictions] = await Promise.all([listPolicies(db), listJurisdictions(db, {})]);
    checkPolicy(policies, q.policy);
    const places = applyMyStates(req, res, q, options.secureCookies ?? false);
    // "Best match" needs words to rank by; without them it means the default order (latest action).
    const sort: BillSort = q.sort === 'relevance' && !q.q ? 'latest_action' : (q.sort ?? 'latest_action');
    const cursor = q.after ? decodeCursor(q.after) : null;
    if (q.after && (!cursor || cursor.sort !== sort)) {
      throw new ValidationError('bad page link', [{ parameter: 'after', message: 'not a page link for this search; start again from the first page' }]);
    }
    const page = await searchBills(
      db,
      { q: q.q, policy: q.policy, stance: q.stance, jurisdiction: places.refs, status: q.status ? [q.status] : undefined, session: q.session, scope: q.scope },
      { sort, limit: PAGE_SIZE, cursor, withTotal: true },
    );
    res.type('html').send(
      renderSearchPage({
        form: { q: q.q, policy: q.policy, stance: q.stance, jurisdiction: places.refs, fromMyStates: places.fromMyStates, status: q.status, session: q.session, sort: q.sort, scope: q.scope },
        myStates: places.myStates,
        policies,
        jurisdictions,
        results: page.results,
        total: page.total ?? page.results.length,
        totalIsEstimate: page.totalIsEstimate,
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
    const places = applyMyStates(req, res, q, options.secureCookies ?? false);
    const limit = 100;
    const changes = await listChanges(db, { since: new Date(Date.now() - q.days * 86_400_000), policy: q.policy, jurisdiction: places.refs, before: q.before, limit, scope: q.scope });
    res.type('html').send(
      renderChangesPage({
        form: { days: q.days, policy: q.policy, jurisdiction: places.refs, fromMyStates: places.fromMyStates, scope: q.scope },
        myStates: places.myStates,
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
