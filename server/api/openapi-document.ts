import { z } from 'zod';
import { appVersion } from '../version.js';
import { SESSION_COOKIE } from '../middleware/authenticate.js';
import { namedComponents, type Access, type AnswerContract, type ErrorAnswer, type OperationContract } from './contract-kit.js';
import { adoptionContract } from './adoption.contract.js';
import { feedsContract } from './feeds.contract.js';
import { healthContract } from './health.contract.js';
import { openApiContract } from './openapi.contract.js';
import { readContract } from './read.contract.js';
import { sourcesContract } from './sources.contract.js';
import { staffContract } from './staff.contract.js';
import { watchFeedContract } from './watch-feed.contract.js';
import { watchesContract } from './watches.contract.js';
import { accountsContract } from './accounts.contract.js';

/**
 * The OpenAPI 3.1 document, generated once at start-up from the contracts the routes
 * validate with (zod 4's own JSON Schema output), so it cannot drift from what is served.
 */

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or any other part of the document. */
type Json = { [key: string]: unknown };

/** An operation with the name clients know it by. */
export type NamedOperation = OperationContract & { operationId: string };

const contracts: Record<string, OperationContract>[] = [
  healthContract, openApiContract, readContract, feedsContract, staffContract, sourcesContract, adoptionContract, watchesContract, watchFeedContract,
  accountsContract,
];

/** Every operation the app serves under /api, in the document's order. */
export const apiOperations: readonly NamedOperation[] = contracts.flatMap((c) => Object.entries(c).map(([operationId, op]) => ({ ...op, operationId })));

const COMPONENTS = '#/components/schemas/';
/** Registry ids of answer bodies that are not components: emitted inline, never referred to. */
const INLINE = 'inline:';

/**
 * Tidies zod's output for readers: the safe-integer bounds zod puts on every integer say
 * nothing a client needs, and the pattern it puts beside a date or date-time format says
 * the same as the format.
 */
const tidy = ({ jsonSchema: s }: { jsonSchema: Json }): void => {
  if (s.type === 'integer' && s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.type === 'integer' && s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
  if ((s.format === 'date' || s.format === 'date-time') && typeof s.pattern === 'string') delete s.pattern;
};

/** A schema as it stands in the document: no `$schema`/`$id` of its own (the document's dialect applies). */
function bare(schema: Json): Json {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * The answer bodies' JSON Schemas, in one zod pass so that named components are referred to
 * (`$ref`) rather than repeated. @throws Error when a body that is not a component is used
 * inside another schema (give it a name with `component()`).
 */
function generateAnswerSchemas(): { components: Record<string, Json>; bodyOf: (schema: z.ZodType) => Json } {
  const registry = z.registry<{ id: string }>();
  const named = namedComponents();
  for (const [schema, id] of named) registry.add(schema, { id });
  const inlineIds = new Map<z.ZodType, string>();
  for (const op of apiOperations) {
    for (const [status, answer] of Object.entries(op.answers) as [string, AnswerContract][]) {
      if (!answer.json || named.has(answer.json) || inlineIds.has(answer.json)) continue;
      const id = `${INLINE}${op.operationId}:${status}`;
      inlineIds.set(answer.json, id);
      registry.add(answer.json, { id });
    }
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => (id.startsWith(INLINE) ? `#/${id}` : `${COMPONENTS}${id}`),
    override: tidy,
  }) as { schemas: Record<string, Json> };
  const text = JSON.stringify(schemas);
  if (schemas.__shared || text.includes(`"$ref":"#/${INLINE}`)) throw new Error('an answer body is used inside another schema: declare it with component()');
  const components = Object.fromEntries([...named.values()].map((id) => [id, bare(schemas[id])]));
  return {
    components,
    bodyOf: (schema) => (named.has(schema) ? { $ref: `${COMPONENTS}${named.get(schema)}` } : bare(schemas[inlineIds.get(schema)!])),
  };
}

/** A request input's JSON Schema: what a client may send. */
function inputSchemaOf(schema: z.ZodType): Json {
  return bare(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', override: tidy }) as Json);
}

/**
 * A path or query parameter. Its schema describes the value as the route reads it (a whole
 * number, a list of stages); parameters whose reading JSON Schema cannot say (a date parsed
 * into a Date) carry their own `type` in `.meta()`. @throws Error when one has no type.
 */
function parameterOf(name: string, field: z.ZodType, where: 'path' | 'query', operationId: string): Json {
  const { description, ...schema } = bare(z.toJSONSchema(field, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any', override: tidy }) as Json);
  if (schema.type === undefined) throw new Error(`${operationId}: parameter ${name} has no JSON Schema type: give it one with .meta({ type })`);
  // A path parameter is always required; a query one when leaving it out fails.
  const required = where === 'path' || !field.safeParse(undefined).success;
  return { name, in: where, required, ...(description === undefined ? {} : { description }), schema };
}

const ERROR_STATUS: Record<ErrorAnswer, number> = { BadRequest: 400, Unauthorized: 401, InvalidKey: 401, Forbidden: 403, NotFound: 404, RateLimited: 429 };

/** Anonymous reads; a key or session may be sent (it lifts the rate limit). */
const SECURITY: Record<Access, readonly Json[]> = {
  'public-read': [{}, { apiKey: [] }, { sessionCookie: [] }],
  public: [{}, { apiKey: [] }, { sessionCookie: [] }],
  staff: [{ apiKey: [] }, { sessionCookie: [] }],
  anyone: [{}],
};

/** The error answers that come with an access level. */
function accessErrors(access: Access, writing: boolean): ErrorAnswer[] {
  if (access === 'public-read' || access === 'public') return ['InvalidKey', 'RateLimited'];
  if (access === 'staff') return [...(writing ? (['BadRequest'] as const) : []), 'Unauthorized', 'Forbidden', 'RateLimited'];
  return [];
}

const publicHeaders: Json = {
  ETag: { description: 'Validator for conditional GET: send it back as If-None-Match to get 304 when nothing changed.', schema: { type: 'string' } },
  'Cache-Control': { description: '`public, max-age=60`: shared caches may keep the answer a minute.', schema: { type: 'string' } },
  'Access-Control-Allow-Origin': { description: '`*`: any site may read public data.', schema: { type: 'string' } },
};

const csrfHeader: Json = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: false,
  description: 'Required with a session cookie on writes (the `csrf_token` from sign-in or /api/me); not used with an API key.',
  schema: { type: 'string' },
};

function generateOperation(op: NamedOperation, bodyOf: (schema: z.ZodType) => Json): Json {
  const writing = op.method !== 'get';
  const paramsOf = (schema: z.ZodObject | undefined, where: 'path' | 'query') =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => parameterOf(name, field as z.ZodType, where, op.operationId));
  const templated = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const declared = Object.keys(op.params?.shape ?? {});
  if (templated.join() !== declared.join()) throw new Error(`${op.operationId}: path ${op.path} names {${templated.join(', ')}} but params declare ${declared.join(', ') || 'none'}`);
  const parameters = [
    ...paramsOf(op.params, 'path'),
    ...paramsOf(op.query, 'query'),
    ...(op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } })),
    ...(op.access === 'staff' && writing ? [csrfHeader] : []),
  ];
  const responses: Json = {};
  if (op.access === 'public-read') responses['304'] = { description: 'Not modified: the If-None-Match header matched the current ETag.' };
  for (const [status, answer] of Object.entries(op.answers) as [string, AnswerContract][]) {
    const content: Json = {};
    if (answer.json) content['application/json'] = { schema: bodyOf(answer.json) };
    for (const type of answer.text ?? []) content[type] = { schema: { type: 'string' } };
    const headers: Json = {
      ...(op.access === 'public-read' && /^2/.test(status) && Object.keys(content).length ? publicHeaders : {}),
      ...Object.fromEntries(Object.entries(answer.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }])),
    };
    responses[status] = {
      description: answer.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(content).length ? { content } : {}),
    };
  }
  for (const error of [...accessErrors(op.access, writing), ...(op.errors ?? [])]) {
    responses[String(ERROR_STATUS[error])] ??= { $ref: `#/components/responses/${error}` };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: op.security ?? SECURITY[op.access],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchemaOf(op.body) } } } } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

function generateDocument(): Json {
  const ids = apiOperations.map((op) => op.operationId);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) throw new Error(`operation ids used twice: ${twice.join(', ')}`);
  const { components, bodyOf } = generateAnswerSchemas();
  const paths: Record<string, Json> = {};
  for (const op of apiOperations) {
    paths[op.path] ??= {};
    if (paths[op.path][op.method]) throw new Error(`${op.method} ${op.path} is declared twice`);
    paths[op.path][op.method] = generateOperation(op, bodyOf);
  }
  const errorAnswer = (description: string): Json => ({ description, content: { 'application/json': { schema: { $ref: `${COMPONENTS}Error` } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Policy tracker API',
      version: appVersion,
      description:
        'Police-reform and criminal-legal bills, ordinances and curated laws across US states and cities, classified against tracked policies. ' +
        'Reads are public (CORS, cacheable, ETag, rate-limited per client); writes need a staff session (cookie + CSRF token) or an API key with the `write` scope. ' +
        'Errors are `{ "error": { "code", "message", "details"? } }`; a bad parameter is a 400 naming each one.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'pt_...', description: 'An API key issued at /api/keys, as `Authorization: Bearer pt_...`; scopes `read` or `write`.' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The staff session from POST /api/session; writes also need the X-CSRF-Token header.' },
      },
      responses: {
        BadRequest: errorAnswer('A bad parameter or body: `details` names each bad parameter and why.'),
        NotFound: errorAnswer('No such record.'),
        Unauthorized: errorAnswer('Not signed in, or a wrong, unknown or revoked API key.'),
        InvalidKey: errorAnswer('An Authorization header with a wrong, unknown or revoked API key (reads need none).'),
        Forbidden: errorAnswer('Signed in but not allowed: a read-only key, a missing CSRF token, or not staff.'),
        RateLimited: {
          ...errorAnswer('Too many requests from this client in the current minute.'),
          headers: { 'Retry-After': { description: 'Seconds until the window resets.', schema: { type: 'string' } } },
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json. */
export const openApiDocument: Json = generateDocument();
