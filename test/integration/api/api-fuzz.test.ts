/**
 * Property-based fuzzing of the whole API: every operation of the generated OpenAPI document
 * is called with malformed values (impossible dates, year 0, huge and negative numbers,
 * tampered cursors, broken percent-encoding, NUL, arrays where text goes, random JSON bodies,
 * malformed session cookies), signed in with a write key and anonymously. Whatever is sent,
 * the answer is never a 5xx: bad input is the client's mistake and gets a 4xx saying so.
 * Bounded: a fixed number of requests per operation, so it stays fast on a small machine.
 */
import fc from 'fast-check';
import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { openApiDocument } from '../../../server/api/openapi-document.js';
import { resolvePointer } from '../../helpers/openapi-check.js';
import { createUser, issueApiKey } from '../../../server/auth/auth-service.js';
import { loadApiFixtures } from './api-fixtures.js';

const RUNS_PER_OPERATION = 25;

type Json = Record<string, unknown>;
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie' };
type Operation = { method: string; path: string; parameters: Parameter[]; bodyFields: string[] | null };

/** The operations as the document lists them, with their parameters and body fields. */
function documentedOperations(): Operation[] {
  const paths = openApiDocument.paths as Record<string, Record<string, Json>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => {
        const parameters = ((op.parameters ?? []) as (Parameter | { $ref: string })[]).map((p) => ('$ref' in p ? (resolvePointer(p.$ref) as Parameter) : p));
        const body = (op.requestBody as Json | undefined)?.content as Record<string, { schema: Json }> | undefined;
        let schema = body?.['application/json']?.schema;
        if (schema && typeof schema.$ref === 'string') schema = resolvePointer(schema.$ref) as Json;
        return { method, path, parameters, bodyFields: schema ? Object.keys((schema.properties ?? {}) as Json) : null };
      }),
  );
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Text a careless or hostile client sends where a value goes. */
const malformedText = fc.oneof(
  fc.constantFrom(
    '2025-02-30', '0000-01-01', '0000-00-00', '2025-13-01', '2025-02-29T25:61:00Z', '99999-01-01', '-0001-01-01', '1e999', '-1', '0',
    '99999999999999999999', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', '', ' ', '%', '%E0%A4%A', '%00', '\u0000', '../../etc/passwd',
    "' OR 1=1 --", '<script>alert(1)</script>', 'ocd-jurisdiction/', 'x'.repeat(5000), '\uD800', 'no-knock,,,', 'relevance',
    b64({ sort: 'latest_action', key: ['0000-01-01', 1] }), b64({ sort: 'latest_action', key: ['2025-02-30', 1] }),
    b64({ sort: 'relevance', key: [1e308, -1] }), b64({ sort: 'newest', key: [99999999999999999999, null] }), b64({ sort: 'oldest', key: ['1', null] }),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
);

/** A value in a JSON body: anything JSON can say, with the malformed texts mixed in. */
const malformedJson = fc.oneof(malformedText, fc.jsonValue({ maxDepth: 2 }), fc.constant(null), fc.array(malformedText, { maxLength: 3 }));

type Call = { path: string; query: Record<string, string | string[]>; body: unknown; rawBody: string | null; cookie: string | null; accept: string | null; signedIn: boolean };

function callFor(op: Operation): fc.Arbitrary<Call> {
  const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = [...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'unknown_param'];
  const pathValues = fc.tuple(...pathParams.map(() => fc.oneof(malformedText, fc.constantFrom('1', '2', 'no-knock', 'virginia-lis'))));
  const query = fc.dictionary(fc.constantFrom(...queryNames), fc.oneof(malformedText, fc.array(malformedText, { minLength: 2, maxLength: 3 })), { maxKeys: 4 });
  const body = op.bodyFields
    ? fc.oneof(
        fc.dictionary(fc.constantFrom(...op.bodyFields, '_csrf', 'extra'), malformedJson, { maxKeys: 6 }),
        malformedJson,
      )
    : fc.constant(undefined);
  const rawBody = op.bodyFields ? fc.option(fc.constantFrom('{', '{"a":', '[1,', '\u0000', 'null', '"text"'), { freq: 5 }) : fc.constant(null);
  const cookie = fc.option(fc.constantFrom('tracker_session=%E0%A4%A', 'tracker_session=', 'tracker_session=x', `tracker_session=${'A'.repeat(43)}`, 'tracker_session=%00'), { freq: 4 });
  return fc.record({
    path: pathValues.map((values) => {
      let i = 0;
      return op.path.replace(/\{[^}]+\}/g, () => {
        // Encoded as a client library would (raw broken percent-encoding in paths is sent by bad-input.test.ts).
        return encodeURIComponent(Buffer.from(String(values[i++]), 'utf8').toString('utf8'));
      });
    }),
    query,
    body,
    rawBody,
    cookie,
    accept: fc.option(fc.constantFrom('text/csv', 'application/atom+xml', '*/*', 'text/html'), { freq: 3 }),
    signedIn: fc.boolean(),
  });
}

describeEachDatabase('API fuzz: malformed values never make a 5xx', (ctx) => {
  let app: ReturnType<typeof testApp>;
  let writeKey: string;
  const operations = documentedOperations();

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    // An administrator, so the account operations are driven past their role check too.
    const user = await createUser(ctx.handle.db, { email: 'fuzz@example.org', name: 'Fuzz', password: 'a long fuzzing passphrase', role: 'admin' });
    writeKey = (await issueApiKey(ctx.handle.db, user.id, 'fuzz', ['read', 'write'])).key;
    app = testApp(ctx.handle, { API_RATE_LIMIT: '1000000' });
  });

  test('the document lists every operation the fuzzer drives', () => {
    expect(operations.length).toBeGreaterThanOrEqual(48);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['get /api/bills', 'patch /api/curated-laws/{id}', 'post /api/watches', 'get /api/health', 'post /api/users', 'patch /api/users/{id}', 'get /api/changes.csv']));
  });

  test.each(documentedOperations().map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))('%s', async (_name, op) => {
    await fc.assert(
      fc.asyncProperty(callFor(op), async (call) => {
        const url = call.path + (Object.keys(call.query).length ? `?${new URLSearchParams(Object.entries(call.query).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString()}` : '');
        let req = request(app)[op.method as 'get'](url);
        // A revoked key would end the signed-in half: the fuzzer must not revoke the key it uses.
        if (call.signedIn && !(op.method === 'delete' && op.path === '/api/keys/{id}')) req = req.set('Authorization', `Bearer ${writeKey}`);
        if (call.cookie) req = req.set('Cookie', call.cookie);
        if (call.accept) req = req.set('Accept', call.accept);
        if (op.bodyFields) req = call.rawBody !== null ? req.set('Content-Type', 'application/json').send(call.rawBody) : req.send(call.body as object);
        const res = await req;
        if (res.status >= 500) throw new Error(`${op.method.toUpperCase()} ${url} → ${res.status}: ${res.text.slice(0, 300)}`);
      }),
      { numRuns: RUNS_PER_OPERATION, seed: 22 },
    );
  });
});
