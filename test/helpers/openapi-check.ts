import request, { type Response } from 'supertest';
import type { App } from 'supertest/types.js';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../../server/api/openapi-document.js';

type Json = Record<string, unknown>;

const DOCUMENT_ID = 'https://tracker.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
// The document is added whole (so "#/components/..." refs resolve); its OpenAPI-only root
// members are declared as inert keywords, and response schemas are compiled by pointer.
ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'example']);
addFormatsModule.default(ajv);
ajv.addSchema(openApiDocument, DOCUMENT_ID);
const compiled = new Map<string, ValidateFunction>();

/** A JSON pointer token (RFC 6901). */
const token = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The value at a JSON pointer ("#/a/b") in the document, or undefined. */
export function resolvePointer(pointer: string, doc: Json = openApiDocument): unknown {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((t) => t !== '')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), doc);
}

/** Path templates of the document, literal ones first, as regexes. */
const templates = Object.keys(openApiDocument.paths as Json)
  .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
  .map((t) => ({
    template: t,
    segment: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    // OCD ids carry slashes: the last parameter may span segments when sent unescaped.
    spanning: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}$/, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

/** The document's path template for a request path, or null. */
export function matchTemplate(path: string): string | null {
  return templates.find((t) => t.segment.test(path))?.template ?? templates.find((t) => t.spanning.test(path))?.template ?? null;
}

/**
 * Checks one response against the document: the path and method are documented, the status
 * is one the operation lists, the content type is one it lists for that status, and a JSON
 * body validates against that status's schema. @throws an Error saying what differs.
 */
export function assertConformsToOpenApi(method: string, url: string, res: Pick<Response, 'status' | 'headers' | 'body' | 'text'>): void {
  const path = new URL(url, 'http://x').pathname;
  const where = `${method.toUpperCase()} ${path} → ${res.status}`;
  const template = matchTemplate(path);
  if (!template) throw new Error(`${where}: path not in the OpenAPI document`);
  const m = method.toLowerCase();
  const operation = (openApiDocument.paths as Record<string, Record<string, Json>>)[template][m === 'head' ? 'get' : m];
  if (!operation) throw new Error(`${where}: method not documented for ${template}`);
  const responses = operation.responses as Record<string, Json>;
  let pointer = `#/paths/${token(template)}/${m === 'head' ? 'get' : m}/responses/${res.status}`;
  let response = responses[String(res.status)];
  if (!response) throw new Error(`${where}: status not documented (documented: ${Object.keys(responses).join(', ')}); body ${res.text?.slice(0, 300)}`);
  if (typeof response.$ref === 'string') {
    pointer = response.$ref;
    response = resolvePointer(pointer) as Json;
  }
  const content = response.content as Record<string, { schema: Json }> | undefined;
  const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
  if (!content) {
    if (res.text) throw new Error(`${where}: documented without a body, but answered ${type}: ${res.text.slice(0, 200)}`);
    return;
  }
  if (m === 'head') return;
  if (!content[type]) throw new Error(`${where}: content type ${type || '(none)'} not documented (documented: ${Object.keys(content).join(', ')})`);
  if (type !== 'application/json') return;
  const schemaPointer = `${pointer}/content/${token(type)}/schema`;
  let validate = compiled.get(schemaPointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
    compiled.set(schemaPointer, validate);
  }
  if (!validate(res.body)) {
    const problems = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`);
    throw new Error(`${where}: body does not match ${schemaPointer}:\n  ${problems.join('\n  ')}`);
  }
}

type Method = (typeof METHODS)[number];

/**
 * supertest over the app, with every response checked against the OpenAPI document (a
 * mismatch fails the request's promise like a failed `.expect`).
 */
export function api(app: App): Record<Method, (url: string) => request.Test> {
  const agent = request(app);
  const methods = {} as Record<Method, (url: string) => request.Test>;
  for (const method of METHODS) {
    methods[method] = (url: string) => agent[method](url).expect((res: Response) => assertConformsToOpenApi(method, url, res));
  }
  return methods;
}

/** A route the app serves: its method and its path under the mount points (express's form: `:id`, or a RegExp). */
export type ServedRoute = { method: string; mount: string; path: string | RegExp };

/** What the walk needs of express 5's router layers (the published types describe express 4's). */
type RouterLayer = {
  rawPath?: unknown;
  route?: { path: string | RegExp | (string | RegExp)[]; stack: { method?: string }[] };
  handle?: { stack?: RouterLayer[] };
};

/**
 * Every (method, path) an express app serves, found by walking its router stack (mounted
 * routers included). OPTIONS routes (CORS preflight) and middleware are left out.
 */
export function servedRoutes(app: { router: unknown }): ServedRoute[] {
  const walk = (stack: RouterLayer[], mount: string): ServedRoute[] =>
    stack.flatMap((layer): ServedRoute[] => {
      if (layer.route) {
        const paths = ([] as (string | RegExp)[]).concat(layer.route.path);
        const methods = [...new Set(layer.route.stack.map((l) => l.method).filter((m): m is string => !!m && m !== 'options'))];
        return paths.flatMap((path) => methods.map((method) => ({ method, mount, path })));
      }
      if (!layer.handle?.stack) return [];
      const at = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return walk(layer.handle.stack, `${mount}${at}`);
    });
  return walk((app.router as { stack: RouterLayer[] }).stack, '');
}

/** `METHOD /path` of a served route, as a reader would write it. */
export const describeRoute = (r: ServedRoute) => `${r.method.toUpperCase()} ${r.mount}${String(r.path)}`;

/**
 * The document's path templates a served route answers: `/bills/:id` under `/api` is
 * `/api/bills/{id}`; a RegExp route (OCD ids with slashes) answers the templates it matches
 * with each parameter filled in.
 */
export function templatesOf(route: ServedRoute, templates: string[]): string[] {
  if (typeof route.path === 'string') {
    const template = `${route.mount}${route.path.replace(/:(\w+)/g, '{$1}')}`;
    return templates.includes(template) ? [template] : [];
  }
  const pattern = route.path;
  return templates.filter((t) => t.startsWith(`${route.mount}/`) && pattern.test(t.slice(route.mount.length).replace(/\{[^}]+\}/g, 'x')));
}

/** The routes an app serves under /api that the OpenAPI document does not describe, as `METHOD /path`. */
export function undocumentedRoutes(app: { router: unknown }, doc: Json = openApiDocument): string[] {
  const paths = doc.paths as Record<string, Json>;
  const templates = Object.keys(paths);
  return servedRoutes(app)
    .filter((r) => r.mount === '/api' || r.mount.startsWith('/api/'))
    .filter((r) => !templatesOf(r, templates).some((t) => paths[t][r.method]))
    .map(describeRoute);
}
