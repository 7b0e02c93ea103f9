import { Router } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { clearDecision, recordDecision } from '../../db/bills/record-decision.js';
import { createCuratedLaw, getCuratedLaw, listCuratedLaws, updateCuratedLaw, type CuratedLawInput } from '../../db/queries/curated-laws-repository.js';
import { toCuratedLawView } from '../../db/queries/jurisdictions-query.js';
import { apiKeysOf, issueApiKey, revokeKey, signOut } from '../auth/auth-service.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import { setSessionCookie, throttledSignIn } from '../auth/session-cookie.js';
import { sameOriginPost } from '../web/web-request.js';
import { readCookie, requireStaff, SESSION_COOKIE } from '../middleware/authenticate.js';
import { NotFoundError } from '../../core/errors.js';
import { parseInput, queryOf } from './validate.js';
import { staffContract as op } from './staff.contract.js';

type CuratedLawFields = Partial<z.output<typeof op.createCuratedLaw.body>>;

/** The body's snake_case fields as the repository's columns; fields not given stay out. */
function toColumns(b: CuratedLawFields) {
  const map: Record<string, string> = {
    jurisdiction_id: 'jurisdictionId', policy_id: 'policyId', adopted_on: 'adoptedOn', effective_on: 'effectiveOn', voided_on: 'voidedOn',
    source_urls: 'sourceUrls', bill_id: 'billId',
  };
  return Object.fromEntries(Object.entries(b).filter(([k, v]) => v !== undefined && k !== '_csrf').map(([k, v]) => [map[k] ?? k, v]));
}

/** A body without `_csrf`: a form may send any value there, and requireStaff has already checked it. */
function withoutCsrf(body: unknown): Record<string, unknown> {
  const { _csrf: _ignored, ...input } = (body ?? {}) as Record<string, unknown>;
  return input;
}

/** Writes and staff reads: sign-in, API keys, review decisions, curated laws (contract: staff.contract.ts). */
export function staffRouter(db: Db, options: { secureCookies: boolean; throttle?: SignInThrottle }): Router {
  const router = Router();

  router.post('/session', sameOriginPost, async (req, res) => {
    const body = parseInput(op.signIn.body, req.body, 'body');
    const { token, principal, expiresAt } = await throttledSignIn(req, res, db, options.throttle, body.email, body.password);
    setSessionCookie(req, res, token, expiresAt, options.secureCookies);
    res.status(201).json({ user: { id: principal.id, email: principal.email, name: principal.name, role: principal.role }, csrf_token: principal.csrfToken });
  });

  router.delete('/session', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await signOut(db, token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/me', requireStaff, (req, res) => {
    const u = req.user!;
    res.json({ id: u.id, email: u.email, name: u.name, role: u.role, via: u.via, scopes: u.scopes, csrf_token: u.csrfToken });
  });

  router.get('/keys', requireStaff, async (req, res) => {
    res.json({ results: await apiKeysOf(db, req.user!.id) });
  });

  router.post('/keys', requireStaff, async (req, res) => {
    const body = parseInput(op.issueKey.body, req.body, 'body');
    const issued = await issueApiKey(db, req.user!.id, body.name, body.scopes);
    res.status(201).json({ ...issued, note: 'store this key now: it is not shown again' });
  });

  router.delete('/keys/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.revokeKey.params, req.params, 'path');
    await revokeKey(db, req.user!.id, id);
    res.status(204).end();
  });

  router.put('/bills/:id/policies/:policy', requireStaff, async (req, res) => {
    const params = parseInput(op.recordDecision.params, req.params, 'path');
    const body = parseInput(op.recordDecision.body, req.body, 'body');
    const row = await recordDecision(db, params.id, params.policy, body, req.user!.id);
    res.json({
      bill_id: row.billId, policy: row.policyId, decision: row.decision, stance: row.stance, strength: row.strength, note: row.note,
      decided_at: row.decidedAt.toISOString(),
    });
  });

  router.delete('/bills/:id/policies/:policy', requireStaff, async (req, res) => {
    const params = parseInput(op.clearDecision.params, req.params, 'path');
    if (!(await clearDecision(db, params.id, params.policy))) throw new NotFoundError(`decision on bill ${params.id} for ${params.policy}`);
    res.status(204).end();
  });

  router.get('/curated-laws', async (req, res) => {
    const q = parseInput(op.listCuratedLaws.query, queryOf(req), 'query');
    const rows = await listCuratedLaws(db, { jurisdictionId: q.jurisdiction, policyId: q.policy });
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json({ results: rows.map(toCuratedLawView) });
  });

  router.get('/curated-laws/:id', async (req, res) => {
    const { id } = parseInput(op.getCuratedLaw.params, req.params, 'path');
    const row = await getCuratedLaw(db, id);
    if (!row) throw new NotFoundError(`curated law ${id}`);
    res.json(toCuratedLawView(row));
  });

  router.post('/curated-laws', requireStaff, async (req, res) => {
    const body = parseInput(op.createCuratedLaw.body, withoutCsrf(req.body), 'body');
    const row = await createCuratedLaw(db, toColumns(body) as CuratedLawInput, req.user!.id);
    res.status(201).json(toCuratedLawView(row));
  });

  router.patch('/curated-laws/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.editCuratedLaw.params, req.params, 'path');
    const patch = parseInput(op.editCuratedLaw.body, withoutCsrf(req.body), 'body');
    const row = await updateCuratedLaw(db, id, toColumns(patch), req.user!.id);
    if (!row) throw new NotFoundError(`curated law ${id}`);
    res.json(toCuratedLawView(row));
  });

  return router;
}
