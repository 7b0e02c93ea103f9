import { z } from 'zod';
import { calendarDayMessage, isCalendarDay } from '../../core/dates.js';
import { CURATED_LAW_KINDS, CURATED_LAW_OUTCOMES, DECISIONS, STANCES, STRENGTHS, USER_ROLES, VERIFICATIONS } from '../../core/vocabulary.js';
import { API_KEY_SCOPES } from '../auth/auth-service.js';
import { SESSION_COOKIE } from '../middleware/authenticate.js';
import { component, csrfField, defineOperation, resultsOf, wire } from './contract-kit.js';
import { policyIdParam } from './params.js';
import { CuratedLaw } from './shared.contract.js';
import { oneString, recordId } from './validate.js';

/** Sign-in, API keys, review decisions and curated laws. */

const User = component('User', z.object({ id: wire.int, email: z.string(), name: z.string(), role: z.enum(USER_ROLES) }));

const ApiKey = component(
  'ApiKey',
  z.object({
    id: wire.int,
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    created_at: wire.dateTime,
    last_used_at: wire.dateTime.nullable(),
    revoked_at: wire.dateTime.nullable(),
  }),
);

const Decision = component(
  'Decision',
  z.object({
    bill_id: wire.int,
    policy: z.string(),
    decision: z.enum(DECISIONS),
    stance: z.enum(STANCES).nullable(),
    strength: z.enum(STRENGTHS).nullable(),
    note: z.string().nullable(),
    decided_at: wire.dateTime,
  }),
);

const isoDay = z.string().refine(isCalendarDay, calendarDayMessage('the date')).meta({ type: 'string', format: 'date' });

/**
 * The fields of a curated law as staff write them, without defaults: an edit (PATCH) changes
 * only the fields it sends, so a default here would reset a field the edit left out. The
 * route drops `_csrf` before parsing (a form may send any value).
 */
const curatedLawFields = {
  jurisdiction_id: z.string().regex(/^ocd-jurisdiction\//, 'expected an ocd-jurisdiction id'),
  policy_id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  stance: z.enum(STANCES),
  strength: z.enum(STRENGTHS).nullable().optional(),
  kind: z.enum(CURATED_LAW_KINDS),
  title: z.string().trim().min(1, 'title is required').max(2000),
  identifier: z.string().trim().max(200).nullable().optional(),
  body: z.string().max(500).nullable().optional(),
  adopted_on: isoDay.nullable().optional(),
  effective_on: isoDay.nullable().optional(),
  voided_on: isoDay.nullable().optional(),
  outcome: z.enum(CURATED_LAW_OUTCOMES),
  summary: z.string().max(5000).nullable().optional(),
  history: z.array(z.object({ date: isoDay.nullable(), description: z.string().min(1).max(2000) })).max(200).optional(),
  source_urls: z.array(z.url({ protocol: /^https?$/ })).min(1, 'at least one source URL').max(20),
  verification: z.enum(VERIFICATIONS).nullable().optional(),
  note: z.string().max(5000).nullable().optional(),
  bill_id: z.number().int().positive().nullable().optional(),
  _csrf: csrfField,
};

/** A new curated law: stance and kind default to `supports` and `ordinance`. */
const curatedLawBody = z.strictObject({
  ...curatedLawFields,
  stance: curatedLawFields.stance.default('supports'),
  kind: curatedLawFields.kind.default('ordinance'),
});

/** An edit: any fields, none defaulted. */
const curatedLawPatch = z.strictObject(curatedLawFields).partial();

const idPath = (what: string) => z.strictObject({ id: recordId('id').describe(`The ${what} id`) });
const curatedLawPath = idPath('curated law');
const decisionPath = z.strictObject({ id: recordId('id').describe('The bill id'), policy: policyIdParam.describe('The policy id') });

export const staffContract = {
  signIn: defineOperation({
    method: 'post',
    path: '/api/session',
    summary: 'Sign in (staff): sets the session cookie and returns the CSRF token writes need',
    access: 'anyone',
    body: z.strictObject({ email: z.email('email must be an email address'), password: z.string().min(1, 'password is required').max(500) }),
    answers: {
      201: {
        description: 'Signed in',
        json: z.object({ user: User, csrf_token: z.string() }),
        headers: { 'Set-Cookie': `The \`${SESSION_COOKIE}\` cookie (HttpOnly).` },
      },
    },
    errors: ['BadRequest', 'Unauthorized', 'RateLimited'],
  }),
  signOut: defineOperation({
    method: 'delete',
    path: '/api/session',
    summary: 'Sign out',
    access: 'anyone',
    security: [{}, { sessionCookie: [] }],
    answers: { 204: { description: 'Signed out' } },
    errors: ['RateLimited'],
  }),
  me: defineOperation({
    method: 'get',
    path: '/api/me',
    summary: 'Who is signed in',
    access: 'staff',
    answers: {
      200: {
        description: 'The signed-in user',
        json: z.object({
          id: wire.int,
          email: z.string(),
          name: z.string(),
          role: z.enum(USER_ROLES),
          via: z.enum(['session', 'api-key']),
          scopes: z.array(z.enum(API_KEY_SCOPES)),
          csrf_token: z.string().nullable(),
        }),
      },
    },
  }),
  listKeys: defineOperation({
    method: 'get',
    path: '/api/keys',
    summary: "The signed-in user's API keys (never the keys themselves: only their hashes are stored)",
    access: 'staff',
    answers: { 200: { description: 'Keys', json: resultsOf(ApiKey) } },
  }),
  issueKey: defineOperation({
    method: 'post',
    path: '/api/keys',
    summary: 'Issue an API key; the key is shown once',
    access: 'staff',
    body: z.strictObject({
      name: z.string().trim().min(1, 'name is required').max(200),
      scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(['read']),
    }),
    answers: {
      201: {
        description: 'The new key',
        json: z.object({ id: wire.int, key: z.string().regex(/^pt_/), prefix: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)), note: z.string() }),
      },
    },
  }),
  revokeKey: defineOperation({
    method: 'delete',
    path: '/api/keys/{id}',
    summary: 'Revoke one of your API keys',
    access: 'staff',
    params: idPath('key'),
    answers: { 204: { description: 'Revoked' } },
    errors: ['NotFound'],
  }),
  recordDecision: defineOperation({
    method: 'put',
    path: '/api/bills/{id}/policies/{policy}',
    summary: 'Record a staff decision on how a bill bears on a policy (wins over the classifier, survives re-scrapes)',
    access: 'staff',
    params: decisionPath,
    body: z.strictObject({
      decision: z
        .enum(DECISIONS, { message: `decision must be one of ${DECISIONS.join(', ')}` })
        .describe('`confirm` the machine, `reject` it (hides the policy), or `add` a policy the machine missed.'),
      stance: z.enum(STANCES).nullable().optional(),
      strength: z.enum(STRENGTHS).nullable().optional(),
      note: z.string().max(5000).nullable().optional(),
      _csrf: csrfField,
    }),
    answers: { 200: { description: 'The decision', json: Decision } },
    errors: ['NotFound'],
  }),
  clearDecision: defineOperation({
    method: 'delete',
    path: '/api/bills/{id}/policies/{policy}',
    summary: "Withdraw the staff decision: the machine's result shows again",
    access: 'staff',
    params: decisionPath,
    answers: { 204: { description: 'Withdrawn' } },
    errors: ['NotFound'],
  }),
  listCuratedLaws: defineOperation({
    method: 'get',
    path: '/api/curated-laws',
    summary: 'Curated laws (kept by staff, with citations)',
    access: 'public',
    query: z.strictObject({
      jurisdiction: oneString('jurisdiction').regex(/^ocd-jurisdiction\//, 'jurisdiction must be an OCD id').describe('An OCD jurisdiction id.').optional(),
      policy: policyIdParam.optional(),
    }),
    answers: { 200: { description: 'Curated laws', json: resultsOf(CuratedLaw) } },
    errors: ['BadRequest'],
  }),
  getCuratedLaw: defineOperation({
    method: 'get',
    path: '/api/curated-laws/{id}',
    summary: 'One curated law',
    access: 'public',
    params: curatedLawPath,
    answers: { 200: { description: 'The law', json: CuratedLaw } },
    errors: ['BadRequest', 'NotFound'],
  }),
  createCuratedLaw: defineOperation({
    method: 'post',
    path: '/api/curated-laws',
    summary: 'Add a curated law; the map updates at once',
    description: 'A jurisdiction, policy or bill that does not exist is a 400 naming the field.',
    access: 'staff',
    body: curatedLawBody,
    answers: { 201: { description: 'Created', json: CuratedLaw } },
  }),
  editCuratedLaw: defineOperation({
    method: 'patch',
    path: '/api/curated-laws/{id}',
    summary: 'Edit a curated law (only the fields given); the seed never overwrites it afterwards',
    description: 'Any fields of a curated law; only those given change. A jurisdiction, policy or bill that does not exist is a 400 naming the field.',
    access: 'staff',
    params: curatedLawPath,
    body: curatedLawPatch,
    answers: { 200: { description: 'The edited law', json: CuratedLaw } },
    errors: ['NotFound'],
  }),
};
