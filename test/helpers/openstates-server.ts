import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { compareTimestamps } from '../../scrapers/openstates/openstates-bill.schema.js';
import { repoRoot } from './reference.js';

/*
 * A loopback server speaking the Open States v3 protocol as documented in
 * ../shared/reference/openstates-API.md (api/bills.py, api/pagination.py, api/auth.py):
 * X-API-KEY or ?apikey auth (403 without, 401 unknown), per_page 1..20, 404 past max_page,
 * repeated include=, the /bills filters, /bills/ocd-bill/{uuid}, /jurisdictions/{id}, and
 * programmable failures (429s, 5xx, hangs) for the client's retry paths. It also plays
 * data.openstates.org: `files` (bulk export zips under /csv/latest/) are served without a key,
 * with an ETag and Last-Modified, answering a matching If-None-Match with 304.
 */

type Json = Record<string, unknown>;

export type FakeDownload = { created_at: string; updated_at: string; data_type: 'csv'; url: string };
export type FakeSession = { identifier: string; name: string; classification: 'primary' | 'special'; start_date: string; end_date: string; downloads?: FakeDownload[] };
export type FakeJurisdiction = { id: string; name: string; abbreviation: string; latest_bill_update?: string; legislative_sessions: FakeSession[] };

export type RecordedRequest = { path: string; query: URLSearchParams; apiKey: string | null; status: number; ifNoneMatch: string | null };

export type OpenStatesTestServer = {
  url: string;
  requests: RecordedRequest[];
  /** The bills served (raw v3 objects with every include); edit freely between requests. */
  bills: Json[];
  /** Static files by path (`/csv/latest/NH_2024_csv_x.zip`), served without a key; edit freely. */
  files: Map<string, Buffer>;
  /** The next `count` authorized requests answer `status` with `{detail}`. */
  failNext(count: number, status: number, detail?: string): void;
  /** The next `count` authorized requests never answer (the client must time out). */
  hangNext(count: number): void;
  close(): Promise<void>;
};

const BILL_INCLUDES = ['sponsorships', 'abstracts', 'other_titles', 'other_identifiers', 'actions', 'sources', 'documents', 'versions', 'votes', 'related_bills'];
const SORTS = ['updated_asc', 'updated_desc', 'first_action_asc', 'first_action_desc', 'latest_action_asc', 'latest_action_desc'];
const AUTH_HINT = 'Login and visit https://openstates.org/account/profile/ for your API key.';

/** The hand-written fixture bills in test/fixtures/openstates/, by file name. */
export function loadOpenStatesFixtures(): Record<string, Json> {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'openstates');
  const out: Record<string, Json> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) out[file] = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json;
  return out;
}

/** A synthetic bill (clearly labelled) for pagination and freshness tests. */
export function syntheticBill(n: number, jurisdiction: FakeJurisdiction, session: string, updatedAt: string, identifier = `HB ${n}`): Json {
  const uuid = `11111111-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const lower = { id: 'ocd-organization/11111111-0000-4000-8000-000000000001', name: 'House', classification: 'lower' };
  return {
    id: `ocd-bill/${uuid}`,
    session,
    jurisdiction: { id: jurisdiction.id, name: jurisdiction.name, classification: 'state' },
    from_organization: lower,
    identifier,
    title: `Synthetic test bill ${n}`,
    classification: ['bill'],
    subject: [],
    extras: {},
    created_at: '2025-01-01T00:00:00+00:00',
    updated_at: updatedAt,
    openstates_url: `https://openstates.org/${jurisdiction.abbreviation}/bills/${session}/${identifier.replace(/\s+/g, '')}/`,
    latest_passage_date: '',
    actions: [{ id: `a-${uuid}`, organization: lower, description: 'Introduced', date: '2025-01-15', classification: ['introduction'], order: 0, related_entities: [] }],
    sponsorships: [],
    sources: [],
    versions: [],
    documents: [],
  };
}

/** `HB0001`, `hb 1` → `HB 1`: openstates.utils.transformers.fix_bill_id, minus the Michigan case. */
export function fixBillId(value: string): string {
  const match = /^([A-Za-z.]+)\s*0*(\d+)(.*)$/.exec(value.trim());
  return match ? `${match[1]!.toUpperCase()} ${match[2]}${match[3]!.toUpperCase()}` : value.trim().toUpperCase();
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startOpenStatesServer(options: { apiKeys: string[]; bills: Json[]; jurisdictions: FakeJurisdiction[] }): Promise<OpenStatesTestServer> {
  const failures: ({ kind: 'status'; status: number; detail: string } | { kind: 'hang' })[] = [];
  const state = { bills: [...options.bills] };
  const files = new Map<string, Buffer>();
  const requests: RecordedRequest[] = [];

  const findJurisdiction = (key: string) =>
    options.jurisdictions.find((j) => j.id === key || j.abbreviation.toLowerCase() === key.toLowerCase() || j.name.toLowerCase() === key.toLowerCase());

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headerKey = req.headers['x-api-key'];
    const apiKey = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? url.searchParams.get('apikey');
    const ifNoneMatch = req.headers['if-none-match'] ?? null;
    const record: RecordedRequest = { path: decodeURIComponent(url.pathname), query: url.searchParams, apiKey: apiKey ?? null, status: 0, ifNoneMatch: Array.isArray(ifNoneMatch) ? ifNoneMatch[0]! : ifNoneMatch };
    requests.push(record);
    const file = files.get(url.pathname);
    if (file) {
      const etag = `"${createHash('sha1').update(file).digest('hex')}"`;
      record.status = record.ifNoneMatch === etag ? 304 : 200;
      res.writeHead(record.status, { etag, 'last-modified': 'Thu, 19 Dec 2024 23:22:31 GMT', 'content-type': 'application/zip', ...(record.status === 200 ? { 'content-length': String(file.length) } : {}) });
      res.end(record.status === 200 ? file : undefined);
      return;
    }
    const send = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!apiKey) return send(403, { detail: `Must provide API Key as ?apikey or X-API-KEY. ${AUTH_HINT}` });
    if (!options.apiKeys.includes(apiKey)) return send(401, { detail: `Invalid API Key. ${AUTH_HINT}` });
    const failure = failures.shift();
    if (failure?.kind === 'hang') return; // never answers; close() drops the socket
    if (failure) return send(failure.status, { detail: failure.detail });
    try {
      const [status, body] = route(record.path, url.searchParams);
      send(status, body);
    } catch (error) {
      send(500, { detail: String(error) });
    }
  });

  const route = (pathname: string, query: URLSearchParams): [number, unknown] => {
    const includes = query.getAll('include');
    const badInclude = includes.findIndex((i) => !BILL_INCLUDES.includes(i) && !['organizations', 'legislative_sessions', 'latest_runs'].includes(i));
    if (badInclude >= 0) return [422, { detail: [{ loc: ['query', 'include', badInclude], msg: 'value is not a valid enumeration member', type: 'type_error.enum' }] }];

    const jurisdictionPath = /^\/jurisdictions\/(.+)$/.exec(pathname);
    if (jurisdictionPath) {
      const j = findJurisdiction(jurisdictionPath[1]!);
      if (!j) return [404, { detail: 'No such Jurisdiction.' }];
      const body: Json = {
        id: j.id,
        name: j.name,
        classification: 'state',
        division_id: j.id.replace('ocd-jurisdiction', 'ocd-division').replace(/\/government$/, ''),
        url: `https://example.invalid/${j.abbreviation}`,
        latest_bill_update: j.latest_bill_update ?? '2025-01-01T00:00:00+00:00',
        latest_people_update: '2025-01-01T00:00:00+00:00',
      };
      if (includes.includes('legislative_sessions')) body.legislative_sessions = j.legislative_sessions.map((s) => ({ ...s, downloads: s.downloads ?? [] }));
      return [200, body];
    }

    const byId = /^\/bills\/ocd-bill\/([0-9a-f-]+)$/.exec(pathname);
    if (byId) {
      const bill = state.bills.find((b) => b.id === `ocd-bill/${byId[1]}`);
      return bill ? [200, project(bill, includes)] : [404, { detail: 'No such Bill.' }];
    }

    if (pathname !== '/bills') return [404, { detail: 'Not Found' }];
    const perPage = Number(query.get('per_page') ?? 10);
    const page = Number(query.get('page') ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 20) return [400, { detail: 'invalid per_page, must be in [1, 20]' }];
    const jurisdictionKey = query.get('jurisdiction');
    const q = query.get('q');
    if (!jurisdictionKey && !q) return [400, { detail: 'either jurisdiction or q required' }];
    const session = query.get('session');
    if (session && !jurisdictionKey) return [400, { detail: 'session and jurisdiction must be specified together' }];
    const identifiers = query.getAll('identifier');
    if (identifiers.length > 20) return [400, { detail: 'can only specify up to 20 identifiers' }];
    const sort = query.get('sort') ?? 'updated_desc';
    if (!SORTS.includes(sort)) return [422, { detail: [{ loc: ['query', 'sort'], msg: 'value is not a valid enumeration member', type: 'type_error.enum' }] }];
    const updatedSince = query.get('updated_since');
    if (updatedSince !== null && !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2})?)?$/.test(updatedSince)) {
      return [400, { detail: 'datetime must be in ISO-8601 format' }];
    }

    let matches = state.bills;
    if (jurisdictionKey) {
      const j = findJurisdiction(jurisdictionKey);
      matches = j ? matches.filter((b) => (b.jurisdiction as Json).id === j.id) : [];
    }
    if (session) matches = matches.filter((b) => b.session === session);
    if (identifiers.length) {
      const wanted = new Set(identifiers.map(fixBillId));
      matches = matches.filter((b) => wanted.has(String(b.identifier)));
    }
    if (updatedSince) {
      const since = updatedSince.length === 10 ? `${updatedSince}T00:00:00+00:00` : /[+-]\d{2}:\d{2}$/.test(updatedSince) ? updatedSince : `${updatedSince}+00:00`;
      matches = matches.filter((b) => compareTimestamps(String(b.updated_at), since) >= 0);
    }
    if (q) {
      if (/^\w{1,3}\s*\d{1,5}/.test(q)) matches = matches.filter((b) => b.identifier === fixBillId(q));
      else {
        const words = q.toLowerCase().split(/\s+/).filter(Boolean);
        matches = matches.filter((b) => words.every((w) => String(b.title).toLowerCase().includes(w)));
      }
    }
    const byUpdated = (a: Json, b: Json) => compareTimestamps(String(a.updated_at), String(b.updated_at)) || String(a.id).localeCompare(String(b.id));
    matches = [...matches].sort(byUpdated);
    if (sort === 'updated_desc') matches.reverse();

    const maxPage = Math.max(1, Math.ceil(matches.length / perPage));
    if (!Number.isInteger(page) || page < 1 || page > maxPage) return [404, { detail: `invalid page, must be in [1, ${maxPage}]` }];
    const results = matches.slice((page - 1) * perPage, page * perPage).map((b) => project(b, includes));
    return [200, { results, pagination: { per_page: perPage, page, max_page: maxPage, total_items: matches.length } }];
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    files,
    get bills() {
      return state.bills;
    },
    set bills(value: Json[]) {
      state.bills = value;
    },
    failNext(count, status, detail = status === 429 ? 'exceeded limit of 10/min: 11' : 'Internal Server Error') {
      for (let i = 0; i < count; i++) failures.push({ kind: 'status', status, detail });
    },
    hangNext(count) {
      for (let i = 0; i < count; i++) failures.push({ kind: 'hang' });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Drops include-only arrays that were not asked for, as the API does. */
function project(bill: Json, includes: string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(bill)) {
    if (BILL_INCLUDES.includes(key) && !includes.includes(key)) continue;
    out[key] = value;
  }
  return out;
}
