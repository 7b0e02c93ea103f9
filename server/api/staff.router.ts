import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { DECISIONS, STANCES, STRENGTHS } from '../../core/vocabulary.js';
import { clearDecision, recordDecision, UnknownRecordError } from '../../db/bills/record-decision.js';
import { createCuratedLaw, getCuratedLaw, listCuratedLaws, updateCuratedLaw, type CuratedLawInput } from '../../db/queries/curated-laws-repository.js';
import { toCuratedLawView } from '../../db/queries/jurisdictions-query.js';
import { API_KEY_SCOPES, apiKeysOf, issueApiKey, revokeKey, signIn, signOut } from '../auth/auth-service.js';
import { readCookie, requireStaff, SESSION_COOKIE } from '../middleware/authenticate.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { oneString, parseInput, queryOf, recordId } from './validate.js';
import { policyIdParam } from './params.js';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const curatedLawBody = z.object({
  jurisdiction_id: z.string().regex(/^ocd-jurisdiction\//, 'expected an ocd-jurisdiction id'),
  policy_id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  stance: z.enum(STANCES).default('supports'),
  strength: z.enum(STRENGTHS).nullable().optional(),
  kind: z.enum(['ordinance', 'ballot-measure', 'budget', 'contract', 'resolution', 'court-ruling', 'statute']).default('ordinance'),
  title: z.string().trim().min(1, 'title is required').max(2000),
  identifier: z.string().trim().max(200).nullable().optional(),
  body: z.string().max(500).nullable().optional(),
  adopted_on: isoDay.nullable().optional(),
  effective_on: isoDay.nullable().optional(),
  voided_on: isoDay.nullable().optional(),
  outcome: z.enum(['enacted', 'pending', 'failed', 'overturned']),
  summary: z.string().max(5000).nullable().optional(),
  history: z.array(z.object({ date: isoDay.nullable(), description: z.string().min(1).max(2000) })).max(200).optional(),
  source_urls: z.array(z.url({ protocol: /^https?$/ })).min(1, 'at least one source URL').max(20),
  verification: z.enum(['VERIFIED', 'PARTIAL']).nullable().optional(),
  note: z.string().max(5000).nullable().optional(),
  bill_id: z.number().int().positive().nullable().optional(),
});

function toColumns(b: Partial<z.infer<typeof curatedLawBody>>) {
  const map: Record<string, string> = {
    jurisdiction_id: 'jurisdictionId', policy_id: 'policyId', adopted_on: 'adoptedOn', effective_on: 'effectiveOn', voided_on: 'voidedOn',
    source_urls: 'sourceUrls', bill_id: 'billId',
  };
  return Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined).map(([k, v]) => [map[k] ?? k, v]));
}

const decisionPath = z.object({ id: recordId('id'), policy: policyIdParam });

/** The PostgreSQL error behind a failed query (drizzle wraps it as `cause`). */
function databaseErrorOf(error: unknown): { code?: string; constraint?: string } | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code?: string; constraint?: string };
  }
  return null;
}

/**
 * A curated law naming a jurisdiction, policy or bill that does not exist is a bad body
 * (400 naming the field), not a server error.
 */
function rethrowUnknownReference(error: unknown): never {
  const db = databaseErrorOf(error);
  if (db?.code === '23503') {
    const field = ['jurisdiction_id', 'policy_id', 'bill_id'].find((f) => db.constraint?.includes(f));
    const fields = field ? [field] : ['jurisdiction_id', 'policy_id', 'bill_id'];
    throw new ValidationError(`invalid body parameters: ${fields.join(', ')}`, fields.map((f) => ({ parameter: f, message: `no such ${f.replace(/_id$/, '')}` })));
  }
  throw error;
}

function setSessionCookie(res: Response, token: string, expiresAt: Date, secure: boolean) {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, expires: expiresAt, path: '/' });
}

/** Writes and staff reads: sign-in, API keys, review decisions, curated laws. */
export function staffRouter(db: Db, options: { secureCookies: boolean }): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    const body = parseInput(z.object({ email: z.email('email must be an email address'), password: z.string().min(1, 'password is required').max(500) }), req.body, 'body');
    const { token, principal, expiresAt } = await signIn(db, body.email, body.password);
    setSessionCookie(res, token, expiresAt, options.secureCookies);
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
    const body = parseInput(
      z.object({ name: z.string().trim().min(1, 'name is required').max(200), scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(['read']) }),
      req.body,
      'body',
    );
    const issued = await issueApiKey(db, req.user!.id, body.name, body.scopes);
    res.status(201).json({ ...issued, note: 'store this key now: it is not shown again' });
  });

  router.delete('/keys/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(z.object({ id: recordId('id') }), req.params, 'path');
    await revokeKey(db, req.user!.id, id);
    res.status(204).end();
  });

  router.put('/bills/:id/policies/:policy', requireStaff, async (req, res) => {
    const params = parseInput(decisionPath, req.params, 'path');
    const body = parseInput(
      z.object({
        decision: z.enum(DECISIONS, { message: `decision must be one of ${DECISIONS.join(', ')}` }),
        stance: z.enum(STANCES).nullable().optional(),
        strength: z.enum(STRENGTHS).nullable().optional(),
        note: z.string().max(5000).nullable().optional(),
        _csrf: z.string().optional(),
      }),
      req.body,
      'body',
    );
    try {
      const row = await recordDecision(db, params.id, params.policy, body, req.user!.id);
      res.json({
        bill_id: row.billId, policy: row.policyId, decision: row.decision, stance: row.stance, strength: row.strength, note: row.note,
        decided_at: row.decidedAt.toISOString(),
      });
    } catch (error) {
      if (error instanceof UnknownRecordError) throw new NotFoundError(error.message);
      throw error;
    }
  });

  router.delete('/bills/:id/policies/:policy', requireStaff, async (req, res) => {
    const params = parseInput(decisionPath, req.params, 'path');
    if (!(await clearDecision(db, params.id, params.policy))) throw new NotFoundError(`decision on bill ${params.id} for ${params.policy}`);
    res.status(204).end();
  });

  router.get('/curated-laws', async (req, res) => {
    const q = parseInput(z.object({ jurisdiction: oneString('jurisdiction').regex(/^ocd-jurisdiction\//, 'jurisdiction must be an OCD id').optional(), policy: policyIdParam.optional() }), queryOf(req), 'query');
    const rows = await listCuratedLaws(db, { jurisdictionId: q.jurisdiction, policyId: q.policy });
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json({ results: rows.map(toCuratedLawView) });
  });

  router.get('/curated-laws/:id', async (req, res) => {
    const { id } = parseInput(z.object({ id: recordId('id') }), req.params, 'path');
    const row = await getCuratedLaw(db, id);
    if (!row) throw new NotFoundError(`curated law ${id}`);
    res.json(toCuratedLawView(row));
  });

  router.post('/curated-laws', requireStaff, async (req, res) => {
    const { _csrf: _ignored, ...input } = (req.body ?? {}) as Record<string, unknown>;
    const body = parseInput(curatedLawBody, input, 'body');
    const row = await createCuratedLaw(db, toColumns(body) as CuratedLawInput, req.user!.id).catch(rethrowUnknownReference);
    res.status(201).json(toCuratedLawView(row));
  });

  router.patch('/curated-laws/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(z.object({ id: recordId('id') }), req.params, 'path');
    const { _csrf: _ignored, ...input } = (req.body ?? {}) as Record<string, unknown>;
    const patch = parseInput(curatedLawBody.partial(), input, 'body');
    const row = await updateCuratedLaw(db, id, toColumns(patch), req.user!.id).catch(rethrowUnknownReference);
    if (!row) throw new NotFoundError(`curated law ${id}`);
    res.json(toCuratedLawView(row));
  });

  return router;
}
