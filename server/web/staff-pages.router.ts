/**
 * Staff pages: sign-in and sign-out, the review queue, curated laws, sources and API
 * keys. Pages need a signed-in staff session; every form post carries the session's CSRF
 * token (`_csrf`, checked by requireStaff) and must come from this site.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { recordDecision } from '../../db/bills/record-decision.js';
import { createCuratedLaw, getCuratedLaw, listCuratedLaws, updateCuratedLaw } from '../../db/queries/curated-laws-repository.js';
import { listJurisdictions } from '../../db/queries/jurisdictions-query.js';
import { listPolicies } from '../../db/queries/policy-map.js';
import { listReviewQueue } from '../../db/queries/review-queue-query.js';
import { getSourceHealth, listRunHistory, listSourceHealth } from '../../db/runs/source-health.js';
import { STANCES, STRENGTHS } from '../../core/vocabulary.js';
import { renderKeysPage } from '../../web/pages/staff-keys-page.js';
import { formValuesOf, lawsListHref, renderLawFormPage, renderLawsListPage, type CuratedLawFormValues } from '../../web/pages/staff-laws-page.js';
import { renderReviewPage } from '../../web/pages/staff-review-page.js';
import { renderRulesPage, type RulesPageInput } from '../../web/pages/staff-rules-page.js';
import { loadPolicySet, rulesEdit, savePolicyRules } from '../../db/policies/load-policies.js';
import { dryRunRuleEdit, judgeStaffDecisions, loadStaffDecisions, parseRulesEdit } from '../classify/staff-evaluation.js';
import { evaluateJudgements } from '../../core/classify/evaluate-classifier.js';
import { renderSignInPage } from '../../web/pages/staff-sign-in-page.js';
import { renderSourceRunsPage, renderSourcesPage, type ScheduleFormState } from '../../web/pages/staff-sources-page.js';
import { API_KEY_SCOPES, apiKeysOf, issueApiKey, revokeKey, signOut, TooManySignInsError } from '../auth/auth-service.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import { setSessionCookie, throttledSignIn } from '../auth/session-cookie.js';
import { readCookie, requireStaff, SESSION_COOKIE } from '../middleware/authenticate.js';
import { NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Config } from '../../core/config.js';
import { editSourceSchedule, type SchedulingControl } from '../sources/source-schedule-service.js';
import { formValuesFromBody, parseCuratedLawForm } from './curated-law-form.js';
import { parseWebQuery, requireStaffPage, safeNextPath, sameOriginPost, viewerOf, webPolicyId, webText } from './web-request.js';

const RUNS_PER_PAGE = 50;
const sourceIdParam = z.object({ id: webText('source id', 200).regex(/^[\w:.-]+$/, 'not a source id') });

// Page queries, built once (not per request).
const signInQuery = z.object({ next: webText('next', 2000).optional() });
const lawsQuery = z.object({ policy: webPolicyId.optional(), saved: z.coerce.number({ message: 'saved must be a law id' }).int().positive().optional() });
const reviewQuery = z.object({ policy: webPolicyId.optional(), done: webText('done', 200).regex(/^\d+:[a-z][a-z0-9-]*:(confirm|reject)$/, 'done is not a decision').optional() });
const decisionParams = z.object({ billId: z.coerce.number({ message: 'bill id must be a number' }).int().positive().max(Number.MAX_SAFE_INTEGER), policy: webPolicyId });
const decisionForm = z.object({
  decision: z.enum(['confirm', 'reject'], { message: 'decision must be confirm or reject' }),
  stance: z.enum(STANCES, { message: `stance must be one of ${STANCES.join(', ')}` }).optional(),
  strength: z.enum(STRENGTHS, { message: `strength must be one of ${STRENGTHS.join(', ')}` }).optional(),
  note: webText('note', 5000).optional(),
  return_policy: webPolicyId.optional(),
});
const sourceRunsQuery = z.object({
  before: z.coerce.number({ message: 'before must be a run id' }).int('before must be a run id').positive('before must be a run id').max(Number.MAX_SAFE_INTEGER).optional(),
  saved: z.enum(['reloaded', 'off', 'reload_failed'], { message: 'saved is not a save result' }).optional(),
});
const keysQuery = z.object({ revoked: z.coerce.number().int().positive().optional() });
const idParam = z.object({ id: z.coerce.number({ message: 'id must be a number' }).int('id must be a whole number').positive('id must be positive').max(Number.MAX_SAFE_INTEGER) });

/** Staff pages shouldn't sit in shared caches or the back-forward cache of a shared computer. */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'private, no-store');
}

export type StaffPagesOptions = {
  secureCookies: boolean;
  /** Sign-in failure counters, shared with `POST /api/session`. */
  throttle?: SignInThrottle;
  /** The scheduler running in this process, read when a schedule is saved (it starts after the app). */
  scheduling?: () => SchedulingControl | null;
  /** Starts re-classifying stored bills in the background after a rule edit is saved (absent: staff are told to run `tracker classify`). */
  reclassify?: () => ((reason: string) => void) | null;
  logger?: Logger;
  /** The configuration, so a source that cannot run (no API key) says so. */
  config?: Pick<Config, 'openstates'>;
};

/** The staff pages router. */
export function staffPagesRouter(db: Db, options: StaffPagesOptions): Router {
  const router = Router();
  router.use('/staff', (_req, res, next) => {
    noStore(res);
    next();
  });
  router.post(/^\/staff\//, sameOriginPost);

  router.get('/staff', requireStaffPage, (_req, res) => res.redirect(303, '/staff/review'));

  router.get('/staff/sign-in', (req, res) => {
    const q = parseWebQuery(signInQuery, req.query);
    if (req.user?.via === 'session') {
      res.redirect(303, safeNextPath(q.next, '/staff/review'));
      return;
    }
    res.type('html').send(renderSignInPage({ next: q.next }));
  });

  router.post('/staff/sign-in', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = typeof body.next === 'string' ? body.next : '';
    if (!email || !password || password.length > 500) {
      res.status(400).type('html').send(renderSignInPage({ email, next, error: 'Enter your email and password.' }));
      return;
    }
    try {
      const { token, expiresAt } = await throttledSignIn(req, res, db, options.throttle, email, password);
      setSessionCookie(req, res, token, expiresAt, options.secureCookies);
      res.redirect(303, safeNextPath(next, '/staff/review'));
    } catch (error) {
      if (error instanceof TooManySignInsError) {
        res.status(429).type('html').send(renderSignInPage({ email, next, error: `Too many failed sign-ins. Try again in ${error.retryAfterSeconds} seconds.` }));
        return;
      }
      if (!(error instanceof UnauthorizedError)) throw error;
      // A disabled account is told so (only after the right password); anything else is one message.
      const message = /disabled/.test(error.message) ? 'This account is disabled. Ask an administrator.' : 'Wrong email or password.';
      res.status(401).type('html').send(renderSignInPage({ email, next, error: message }));
    }
  });

  router.post('/staff/sign-out', requireStaff, async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await signOut(db, token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/');
  });

  // Review queue
  router.get('/staff/review', requireStaffPage, async (req, res) => {
    const q = parseWebQuery(reviewQuery, req.query);
    const [policies, queue] = await Promise.all([listPolicies(db), listReviewQueue(db, { policyId: q.policy, limit: 50 })]);
    const [billId, policyId, decision] = q.done?.split(':') ?? [];
    res.type('html').send(
      renderReviewPage({
        ...queue,
        policies,
        policyFilter: q.policy,
        done: q.done ? { billId: Number(billId), policyId, decision } : null,
        viewer: viewerOf(req)!,
      }),
    );
  });

  // Classification rules, with a dry run against every staff decision before saving
  // (before the decision route: /staff/review/rules/<policy> must not read as /staff/review/<bill>/<policy>)
  const rulesBody = z.object({ rules: webText('rules', 100_000).min(2, 'rules are empty') });
  const renderRules = async (res: Response, viewer: NonNullable<ReturnType<typeof viewerOf>>, policyId: string, extra: Partial<RulesPageInput> = {}, status = 200) => {
    const [policies, policySet] = await Promise.all([listPolicies(db), loadPolicySet(db)]);
    const policy = policySet.find((p) => p.id === policyId);
    if (!policy) throw new NotFoundError(`policy ${policyId}`);
    const loaded = extra.dryRun ? null : await loadStaffDecisions(db, { policyId });
    res.status(status).type('html').send(renderRulesPage({
      policies, policyId, viewer, rulesText: JSON.stringify(policy.rules, null, 2), edited: await rulesEdit(db, policyId),
      current: loaded ? { decisions: loaded.decisions.length, evaluation: evaluateJudgements(judgeStaffDecisions(loaded, policySet)) } : null,
      ...extra,
    }));
  };

  router.get('/staff/review/rules', requireStaffPage, async (req, res) => {
    const q = parseWebQuery(z.object({ policy: webPolicyId.optional(), saved: z.enum(['1', 'manual']).optional() }), req.query);
    const policyId = q.policy ?? (await listPolicies(db))[0]?.id;
    if (!policyId) throw new NotFoundError('policy');
    await renderRules(res, viewerOf(req)!, policyId, q.saved ? { saved: { reclassifying: q.saved === '1' } } : {});
  });

  /** The posted edit of a policy's rules, checked; on a problem the page is shown again with every reason (400) and null returned. */
  const postedEdit = async (req: Request, res: Response) => {
    const { policy: policyId } = parseWebQuery(z.object({ policy: webPolicyId }), req.params);
    const { rules } = parseWebQuery(rulesBody, req.body);
    const current = await loadPolicySet(db);
    if (!current.some((p) => p.id === policyId)) throw new NotFoundError(`policy ${policyId}`);
    const edit = parseRulesEdit(current, policyId, rules);
    if (edit.ok) return { policyId, rules, current, edited: edit.policies };
    await renderRules(res, viewerOf(req)!, policyId, { rulesText: rules, errors: edit.errors }, 400);
    return null;
  };

  router.post('/staff/review/rules/:policy/dry-run', requireStaff, async (req, res) => {
    const edit = await postedEdit(req, res);
    if (!edit) return;
    await renderRules(res, viewerOf(req)!, edit.policyId, { rulesText: edit.rules, dryRun: await dryRunRuleEdit(db, edit.current, edit.edited, edit.policyId) });
  });

  router.post('/staff/review/rules/:policy', requireStaff, async (req, res) => {
    const edit = await postedEdit(req, res);
    if (!edit) return;
    await savePolicyRules(db, edit.policyId, edit.edited.find((p) => p.id === edit.policyId)!.rules, req.user!.id);
    const reclassify = options.reclassify?.() ?? null;
    reclassify?.(`rules of ${edit.policyId} saved by ${req.user!.email}`);
    options.logger?.info({ policy: edit.policyId, by: req.user!.email }, 'classification rules saved');
    res.redirect(303, `/staff/review/rules?policy=${encodeURIComponent(edit.policyId)}&saved=${reclassify ? '1' : 'manual'}`);
  });

  router.post('/staff/review/:billId/:policy', requireStaff, async (req, res) => {
    const params = parseWebQuery(decisionParams, req.params);
    const body = parseWebQuery(decisionForm, req.body);
    await recordDecision(
      db,
      params.billId,
      params.policy,
      { decision: body.decision, stance: body.decision === 'confirm' ? body.stance ?? null : null, strength: body.strength ?? null, note: body.note || null },
      req.user!.id,
    );
    const back = new URLSearchParams();
    if (body.return_policy) back.set('policy', body.return_policy);
    back.set('done', `${params.billId}:${params.policy}:${body.decision}`);
    res.redirect(303, `/staff/review?${back.toString()}`);
  });

  // Curated laws
  const fieldErrors = (error: ValidationError): Record<string, string> =>
    Object.fromEntries(((error.details ?? []) as { parameter: string; message: string }[]).map((d) => [d.parameter, d.message]));
  router.get('/staff/laws', requireStaffPage, async (req, res) => {
    const q = parseWebQuery(lawsQuery, req.query);
    const [laws, policies, jurisdictions] = await Promise.all([listCuratedLaws(db, { policyId: q.policy }), listPolicies(db), listJurisdictions(db, {})]);
    res.type('html').send(renderLawsListPage({ laws, policies, jurisdictions, policyFilter: q.policy, saved: q.saved ?? null, viewer: viewerOf(req)! }));
  });

  const renderForm = async (res: Response, viewer: NonNullable<ReturnType<typeof viewerOf>>, id: number | null, values: CuratedLawFormValues, errors = {}, status = 200) => {
    const [policies, jurisdictions] = await Promise.all([listPolicies(db), listJurisdictions(db, {})]);
    res.status(status).type('html').send(renderLawFormPage({ id, values, errors, policies, jurisdictions, viewer }));
  };

  router.get('/staff/laws/new', requireStaffPage, async (req, res) => {
    await renderForm(res, viewerOf(req)!, null, formValuesOf(null));
  });

  router.post('/staff/laws/new', requireStaff, async (req, res) => {
    const values = formValuesFromBody(req.body);
    const parsed = parseCuratedLawForm(values);
    if (!parsed.ok) return renderForm(res, viewerOf(req)!, null, values, parsed.errors, 400);
    try {
      const row = await createCuratedLaw(db, parsed.input, req.user!.id);
      res.redirect(303, lawsListHref(undefined, row.id));
    } catch (error) {
      // The writer names the field whose reference does not exist (jurisdiction, policy, bill).
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(res, viewerOf(req)!, null, values, fieldErrors(error), 400);
    }
  });

  router.get('/staff/laws/:id', requireStaffPage, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    const law = await getCuratedLaw(db, id);
    if (!law) throw new NotFoundError(`curated law ${id}`);
    await renderForm(res, viewerOf(req)!, id, formValuesOf(law));
  });

  router.post('/staff/laws/:id', requireStaff, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    const values = formValuesFromBody(req.body);
    const parsed = parseCuratedLawForm(values);
    if (!parsed.ok) return renderForm(res, viewerOf(req)!, id, values, parsed.errors, 400);
    try {
      const row = await updateCuratedLaw(db, id, parsed.input, req.user!.id);
      if (!row) throw new NotFoundError(`curated law ${id}`);
      res.redirect(303, lawsListHref(undefined, row.id));
    } catch (error) {
      // The writer names the field whose reference does not exist (jurisdiction, policy, bill).
      if (!(error instanceof ValidationError)) throw error;
      return renderForm(res, viewerOf(req)!, id, values, fieldErrors(error), 400);
    }
  });

  // Sources
  router.get('/staff/sources', requireStaffPage, async (req, res) => {
    res.type('html').send(renderSourcesPage({ sources: await listSourceHealth(db, { config: options.config }), viewer: viewerOf(req)! }));
  });

  const renderSource = async (res: Response, viewer: NonNullable<ReturnType<typeof viewerOf>>, sourceId: string, page: { before?: number; saved?: string; form?: ScheduleFormState; status?: number }) => {
    const source = await getSourceHealth(db, sourceId, { config: options.config });
    if (!source) throw new NotFoundError(`source ${sourceId}`);
    const runs = await listRunHistory(db, { sourceId, beforeId: page.before, limit: RUNS_PER_PAGE + 1, withErrors: true });
    const shown = runs.slice(0, RUNS_PER_PAGE);
    res.status(page.status ?? 200).type('html').send(
      renderSourceRunsPage({
        source,
        runs: shown,
        olderBefore: runs.length > RUNS_PER_PAGE ? shown[shown.length - 1].id : null,
        paged: page.before !== undefined,
        form: page.form,
        saved: page.saved ?? null,
        viewer,
      }),
    );
  };

  router.get('/staff/sources/:id', requireStaffPage, async (req, res) => {
    const { id } = parseWebQuery(sourceIdParam, req.params);
    const q = parseWebQuery(sourceRunsQuery, req.query);
    await renderSource(res, viewerOf(req)!, id, { before: q.before, saved: q.saved });
  });

  router.post('/staff/sources/:id', requireStaff, async (req, res) => {
    const { id } = parseWebQuery(sourceIdParam, req.params);
    const body = (req.body ?? {}) as Record<string, unknown>;
    // A form always sends every field; an unchecked box sends nothing.
    const values = {
      schedule: typeof body.schedule === 'string' ? body.schedule.slice(0, 200) : '',
      timezone: typeof body.timezone === 'string' ? body.timezone.slice(0, 100) : '',
      enabled: body.enabled === 'on' || body.enabled === 'true',
    };
    try {
      const edit = await editSourceSchedule(db, options.scheduling?.() ?? null, id, values);
      if (edit.reloadError) options.logger?.warn({ err: edit.reloadError, sourceId: id }, 'schedule saved, but the scheduler could not reload; its poll will pick the edit up');
      res.redirect(303, `/staff/sources/${encodeURIComponent(id)}?saved=${edit.scheduler}#schedule`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = Object.fromEntries((error.details as { parameter: string; message: string }[]).map((d) => [d.parameter, d.message]));
      await renderSource(res, viewerOf(req)!, id, { form: { values, errors }, status: 400 });
    }
  });

  // API keys
  router.get('/staff/keys', requireStaffPage, async (req, res) => {
    const q = parseWebQuery(keysQuery, req.query);
    res.type('html').send(renderKeysPage({ keys: await apiKeysOf(db, req.user!.id), revoked: q.revoked ?? null, viewer: viewerOf(req)! }));
  });

  router.post('/staff/keys', requireStaff, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const scopes = (Array.isArray(body.scopes) ? body.scopes : body.scopes === undefined ? [] : [body.scopes]).map(String);
    const viewer = viewerOf(req)!;
    const bad = !name || name.length > 200 ? 'Give the key a name (at most 200 characters).' : scopes.length === 0 || scopes.some((s) => !(API_KEY_SCOPES as readonly string[]).includes(s)) ? `Choose at least one scope: ${API_KEY_SCOPES.join(', ')}.` : null;
    if (bad) {
      res.status(400).type('html').send(renderKeysPage({ keys: await apiKeysOf(db, req.user!.id), error: bad, viewer }));
      return;
    }
    const issued = await issueApiKey(db, req.user!.id, name, scopes);
    // The secret is shown in this response only: no redirect, so it never lands in a URL or history.
    res.status(201).type('html').send(renderKeysPage({ keys: await apiKeysOf(db, req.user!.id), issued: { name, key: issued.key }, viewer }));
  });

  router.post('/staff/keys/:id/revoke', requireStaff, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    await revokeKey(db, req.user!.id, id);
    res.redirect(303, `/staff/keys?revoked=${id}`);
  });

  return router;
}

