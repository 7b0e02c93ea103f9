import express from 'express';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { z } from 'zod';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api, describeRoute, matchTemplate, resolvePointer, servedRoutes, templatesOf, undocumentedRoutes } from '../../helpers/openapi-check.js';
import { apiOperations, openApiDocument } from '../../../server/api/openapi-document.js';
import { createUser } from '../../../server/auth/auth-service.js';
import { createWatch } from '../../../server/alerts/watches-service.js';
import { loadApiFixtures } from './api-fixtures.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(openApiDocument);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('every $ref resolves inside the document', () => {
    const refs = [...new Set(refsIn(openApiDocument))];
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r) => !r.startsWith('#/') || resolvePointer(r) === undefined)).toEqual([]);
  });

  test('every operation has a success response, and every response body a schema', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(openApiDocument.paths as Record<string, Json>)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const responses = (item[method] as Json).responses as Record<string, Json>;
        if (!Object.keys(responses).some((s) => /^2\d\d$/.test(s))) problems.push(`${method} ${path}: no 2xx`);
        for (const [status, response] of Object.entries(responses)) {
          const resolved = (typeof response.$ref === 'string' ? resolvePointer(response.$ref) : response) as Json;
          const content = resolved.content as Record<string, Json> | undefined;
          if (!content && !['204', '304'].includes(status)) problems.push(`${method} ${path} ${status}: no content`);
          for (const [type, media] of Object.entries(content ?? {})) if (!media.schema) problems.push(`${method} ${path} ${status} ${type}: no schema`);
        }
        if (!(item[method] as Json).security) problems.push(`${method} ${path}: no security requirement`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('declares the error shape and both ways to authenticate', () => {
    expect(resolvePointer('#/components/schemas/Error/properties/error/required')).toEqual(['code', 'message']);
    expect(resolvePointer('#/components/securitySchemes/apiKey')).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(resolvePointer('#/components/securitySchemes/sessionCookie')).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'tracker_session' });
    expect(Object.keys(resolvePointer('#/paths/~1api~1feeds~1changes.atom/get/responses/200/content') as Json)).toEqual(['application/atom+xml']);
    expect(Object.keys(resolvePointer('#/paths/~1api~1bills/get/responses/200/content') as Json)).toEqual(['application/json', 'text/csv']);
  });

  test('documents the watches API, its secret feed, and the request bodies the routes take', () => {
    for (const [path, methods] of Object.entries({
      '/api/watches': ['get', 'post'],
      '/api/watches/deliveries': ['get'],
      '/api/watches/{id}': ['delete', 'patch'],
      '/api/watches/{id}/test': ['post'],
      '/api/watches/{id}/feed-token': ['post'],
      '/api/feeds/watch/{file}': ['get'],
    })) {
      expect({ path, methods: Object.keys(resolvePointer(`#/paths/${path.replace(/\//g, '~1')}`) as Json) }).toEqual({ path, methods });
    }
    expect(resolvePointer('#/paths/~1api~1watches/post/requestBody/content/application~1json/schema/properties/channel/enum')).toEqual(['email', 'email-digest', 'webhook']);
    expect(resolvePointer('#/paths/~1api~1watches/post/responses/201/content/application~1json/schema')).toEqual({ $ref: '#/components/schemas/CreatedWatch' });
    expect(Object.keys(resolvePointer('#/paths/~1api~1feeds~1watch~1{file}/get/responses/200/content') as Json)).toEqual(['application/atom+xml']);
    // Query parameters say what the route reads: whole numbers with their bounds and default, lists of values.
    const billsQuery = resolvePointer('#/paths/~1api~1bills/get/parameters') as Json[];
    expect(billsQuery.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });
    expect(billsQuery.find((p) => p.name === 'stage')).toMatchObject({ schema: { type: 'array', items: { enum: expect.arrayContaining(['enacted']) } } });
    expect((resolvePointer('#/paths/~1api~1map/get/parameters') as Json[]).find((p) => p.name === 'policy')).toMatchObject({ required: true });
  });

  test('request paths map onto their templates, OCD ids with or without escaped slashes', () => {
    expect(matchTemplate('/api/bills.csv')).toBe('/api/bills.csv');
    expect(matchTemplate('/api/bills/12')).toBe('/api/bills/{id}');
    expect(matchTemplate('/api/bills/12/policies/no-knock')).toBe('/api/bills/{id}/policies/{policy}');
    expect(matchTemplate('/api/bills/12/adoption')).toBe('/api/bills/{id}/adoption');
    expect(matchTemplate('/api/bills/12/adoption/no-knock/NK-1')).toBe('/api/bills/{id}/adoption/{model}/{provision}');
    expect(matchTemplate('/api/jurisdictions/ocd-jurisdiction/country:us/state:va/government')).toBe('/api/jurisdictions/{id}');
  });
});

/** True when the schema answers an unknown key with a 400 rather than dropping it. */
function refusesUnknownKeys(schema: z.ZodType): boolean {
  return schema.safeParse({ colour: 'red' }).error?.issues.some((i) => i.code === 'unrecognized_keys') ?? false;
}

describe('the contracts', () => {
  test('every operation has schemas for its path parameters and its answers, and its inputs refuse unknown parameters', () => {
    const problems: string[] = [];
    for (const op of apiOperations) {
      const name = `${op.method.toUpperCase()} ${op.path}`;
      const templated = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      if (templated.join() !== Object.keys(op.params?.shape ?? {}).join()) problems.push(`${name}: path parameters ${templated.join(', ')} without a schema`);
      const success = Object.entries(op.answers).filter(([status]) => /^2\d\d$/.test(status));
      if (!success.length) problems.push(`${name}: no success answer`);
      for (const [status, answer] of success) if (status !== '204' && !answer.json && !answer.text?.length) problems.push(`${name} ${status}: no body schema`);
      for (const [where, schema] of Object.entries({ params: op.params, query: op.query, body: op.body })) {
        if (schema && !refusesUnknownKeys(schema)) problems.push(`${name}: ${where} accepts unknown keys`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the route walk reports a served route the document lacks, and ignores routes outside /api', () => {
    const noop: express.RequestHandler = (_req, res) => { res.end(); };
    const router = express.Router();
    router.get('/bills', noop);
    router.get(/^\/jurisdictions\/(.+)$/, noop);
    router.get('/secret/:id', noop);
    router.delete('/bills/:id', noop);
    const app = express();
    app.use('/api', router);
    app.get('/elsewhere', noop);
    expect(undocumentedRoutes(app)).toEqual(['GET /api/secret/:id', 'DELETE /api/bills/:id']);
  });
});

describeEachDatabase('GET /api/openapi.json', (ctx) => {
  let watchFeedPath: string;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    const owner = await createUser(ctx.handle.db, { email: 'analyst@example.org', name: 'Analyst', password: 'correct horse battery staple' });
    const watch = await createWatch(ctx.handle.db, owner, { policy_id: 'no-knock', channel: 'email' }, { publicUrl: 'https://tracker.example.org', emailConfigured: false });
    watchFeedPath = new URL(watch.feed_url).pathname;
  });

  test('every route the app serves under /api is in the document with a contract, and every contract is served', () => {
    const app = testApp(ctx.handle);
    expect(undocumentedRoutes(app)).toEqual([]);
    const templates = Object.keys(openApiDocument.paths as Json);
    const served = servedRoutes(app).filter((r) => r.mount === '/api');
    const servedOperations = served.flatMap((r) => templatesOf(r, templates).map((t) => `${r.method.toUpperCase()} ${t}`));
    const contracted = apiOperations.map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(servedOperations.filter((o) => !contracted.includes(o))).toEqual([]);
    expect(contracted.filter((o) => !servedOperations.includes(o))).toEqual([]);
    // One route may serve two operations (a list and its CSV export); none serves nothing.
    expect(served.filter((r) => templatesOf(r, templates).length === 0).map(describeRoute)).toEqual([]);
    expect(new Set(servedOperations).size).toBe(contracted.length);
  });

  test('serves the document, and every documented GET path answers in its documented shape', async () => {
    const client = api(testApp(ctx.handle));
    const served = await client.get('/api/openapi.json').expect(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    const concrete: Record<string, string> = {
      '/api/jurisdictions/{id}': '/api/jurisdictions/ocd-jurisdiction%2Fcountry%3Aus%2Fstate%3Ava%2Fgovernment',
      '/api/bills/{id}': '/api/bills/1',
      '/api/curated-laws/{id}': '/api/curated-laws/424242',
      '/api/map': '/api/map?policy=no-knock',
      '/api/map.csv': '/api/map.csv?policy=no-knock',
      '/api/bills/{id}/adoption': '/api/bills/1/adoption',
      '/api/adoption': '/api/adoption?policy=no-knock',
      '/api/adoption.csv': '/api/adoption.csv?policy=no-knock',
      '/api/adoption/compare': '/api/adoption/compare?policy=no-knock&jurisdiction=va,ky',
      '/api/adoption/compare.csv': '/api/adoption/compare.csv?policy=no-knock&jurisdiction=va,ky',
      '/api/feeds/watch/{file}': watchFeedPath,
    };
    for (const [template, item] of Object.entries(openApiDocument.paths as Record<string, Json>)) {
      // Staff-only reads (no anonymous security requirement) answer 401 here; their own tests cover them.
      const anonymous = ((item.get as Json | undefined)?.security as Json[] | undefined)?.some((r) => Object.keys(r).length === 0);
      if (!item.get || !anonymous) continue;
      const res = await client.get(concrete[template] ?? template);
      expect({ template, status: res.status }).toEqual({ template, status: template === '/api/curated-laws/{id}' ? 404 : 200 });
    }
  });
});
