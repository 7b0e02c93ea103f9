import { Validator } from '@seriousme/openapi-schema-validator';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api, matchTemplate, resolvePointer } from '../../helpers/openapi-check.js';
import { openApiDocument } from '../../../server/api/openapi-document.js';
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

  test('request paths map onto their templates, OCD ids with or without escaped slashes', () => {
    expect(matchTemplate('/api/bills.csv')).toBe('/api/bills.csv');
    expect(matchTemplate('/api/bills/12')).toBe('/api/bills/{id}');
    expect(matchTemplate('/api/bills/12/policies/no-knock')).toBe('/api/bills/{id}/policies/{policy}');
    expect(matchTemplate('/api/bills/12/adoption')).toBe('/api/bills/{id}/adoption');
    expect(matchTemplate('/api/bills/12/adoption/no-knock/NK-1')).toBe('/api/bills/{id}/adoption/{model}/{provision}');
    expect(matchTemplate('/api/jurisdictions/ocd-jurisdiction/country:us/state:va/government')).toBe('/api/jurisdictions/{id}');
  });
});

describeEachDatabase('GET /api/openapi.json', (ctx) => {
  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
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
