import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that speaks the Legistar Web API protocol closely enough to test the
 * adapter end to end: `/v1/{client}/{resource}` routes, `$top` capped at 1000, `$skip`,
 * `$orderby`, an OData v3 `$filter` subset (eq/ne/gt/ge/lt/le, and/or, parentheses,
 * `datetime'…'`, strings, numbers, null), 400 with a `Message` for a field the entity lacks,
 * and 403 "Token is required" for a client configured to need a token.
 */

type Row = Record<string, unknown>;

export type LegistarServerData = {
  matters: Row[];
  histories?: Record<number, Row[]>;
  sponsors?: Record<number, Row[]>;
  attachments?: Record<number, Row[]>;
  indexes?: Record<number, Row[]>;
  versions?: Record<number, Row[]>;
  /** Keyed `${matterId}/${textId}`. */
  texts?: Record<string, Row>;
  bodies?: Row[];
  /** `/eventitems/{id}/votes` and `/rollcalls` by event item id; an item without any answers 404, as Legistar does. */
  votes?: Record<number, Row[]>;
  rollCalls?: Record<number, Row[]>;
  matterTypes?: Row[];
  matterStatuses?: Row[];
  /** `/events` (default none) and `/events/{id}/eventitems`. */
  events?: Row[];
  eventItems?: Record<number, Row[]>;
};

export type LegistarServerOptions = {
  client: string;
  /** When set, every request must carry `token=<this>` or is refused with 403 "Token is required". */
  requiredToken?: string;
  /** Paths (after `/v1/{client}/`, e.g. `matters/7/histories`) that always answer 500. */
  failingPaths?: string[];
};

export type LoggedRequest = { path: string; query: URLSearchParams; accept: string | undefined; userAgent: string | undefined };

export type LegistarServer = {
  /** Pass as the adapter's baseUrl. */
  baseUrl: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
};

const PAGE_LIMIT = 1000;

/** Starts the server on an ephemeral loopback port. */
export async function startLegistarServer(data: LegistarServerData, options: LegistarServerOptions): Promise<LegistarServer> {
  const requests: LoggedRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = `/v1/${options.client}/`;
    const path = url.pathname.toLowerCase().startsWith(prefix.toLowerCase()) ? url.pathname.slice(prefix.length) : null;
    requests.push({ path: path ?? url.pathname, query: url.searchParams, accept: req.headers.accept, userAgent: req.headers['user-agent'] });
    const send = (status: number, body: unknown): void => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    };
    if (path === null) return send(404, { Message: `No HTTP resource was found that matches the request URI '${url.pathname}'.` });
    if (options.requiredToken !== undefined && queryParam(url.searchParams, 'token') !== options.requiredToken) {
      return send(403, { Message: 'Token is required' });
    }
    if (options.failingPaths?.includes(path)) return send(500, { Message: 'An error has occurred.' });
    const rows = route(data, path);
    if (rows === undefined) return send(404, { Message: `No HTTP resource was found that matches the request URI '${url.pathname}'.` });
    if (!Array.isArray(rows)) return send(200, rows);
    try {
      send(200, query(rows, url.searchParams));
    } catch (error) {
      send(400, { Message: error instanceof Error ? error.message : String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(data: LegistarServerData, path: string): Row[] | Row | undefined {
  const parts = path.toLowerCase().split('/').filter(Boolean);
  if (parts.length === 1) {
    const lists: Record<string, Row[] | undefined> = {
      matters: data.matters, bodies: data.bodies ?? [], mattertypes: data.matterTypes ?? [], matterstatuses: data.matterStatuses ?? [], events: data.events ?? [],
    };
    return lists[parts[0]];
  }
  if (parts[0] === 'events' && parts.length === 3 && parts[2] === 'eventitems') return data.eventItems?.[Number(parts[1])] ?? [];
  if (parts[0] === 'eventitems' && parts.length === 3) {
    const table = parts[2] === 'votes' ? data.votes : parts[2] === 'rollcalls' ? data.rollCalls : undefined;
    return table?.[Number(parts[1])];
  }
  if (parts[0] !== 'matters') return undefined;
  const id = Number(parts[1]);
  if (parts.length === 2) return data.matters.find((m) => m.MatterId === id);
  if (parts.length === 3) {
    const children: Record<string, Record<number, Row[]> | undefined> = { histories: data.histories, sponsors: data.sponsors, attachments: data.attachments, indexes: data.indexes, versions: data.versions };
    const table = children[parts[2]];
    return parts[2] in children ? (table?.[id] ?? []) : undefined;
  }
  if (parts.length === 4 && parts[2] === 'texts') return data.texts?.[`${id}/${parts[3]}`];
  return undefined;
}

function queryParam(params: URLSearchParams, name: string): string | null {
  for (const [key, value] of params) if (key.toLowerCase() === name) return value;
  return null;
}

/** Applies $filter, $orderby, $skip and $top (capped at 1000, as Legistar does). */
function query(rows: Row[], params: URLSearchParams): Row[] {
  let out = rows;
  const filter = params.get('$filter');
  if (filter) {
    const predicate = parseFilter(filter, rows[0] ?? null);
    out = out.filter(predicate);
  }
  const orderBy = params.get('$orderby');
  if (orderBy) {
    const [field, direction] = orderBy.trim().split(/\s+/);
    const sign = direction?.toLowerCase() === 'desc' ? -1 : 1;
    out = [...out].sort((a, b) => sign * compare(a[field], b[field]));
  }
  const skip = Number(params.get('$skip') ?? 0);
  const top = Math.min(Number(params.get('$top') ?? PAGE_LIMIT), PAGE_LIMIT);
  return out.slice(skip, skip + top);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

type Predicate = (row: Row) => boolean;
type Token = { kind: 'lparen' | 'rparen' | 'word' | 'value'; text: string; value?: unknown };

const TOKEN = /\s*(?:(\()|(\))|datetime'([^']*)'|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)(?![\w])|([A-Za-z_][\w]*))/y;

/** Parses the OData subset; throws (→ 400) on syntax errors and unknown fields, as Legistar does. */
function parseFilter(filter: string, sample: Row | null): Predicate {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(filter);
    if (!m) {
      if (filter.slice(start).trim() === '') break;
      throw new Error(`Syntax error at position ${start} in '${filter}'.`);
    }
    if (m[1]) tokens.push({ kind: 'lparen', text: '(' });
    else if (m[2]) tokens.push({ kind: 'rparen', text: ')' });
    else if (m[3] !== undefined) tokens.push({ kind: 'value', text: m[0], value: normalizeDatetime(m[3]) });
    else if (m[4] !== undefined) tokens.push({ kind: 'value', text: m[0], value: m[4].replace(/''/g, "'") });
    else if (m[5] !== undefined) tokens.push({ kind: 'value', text: m[5], value: Number(m[5]) });
    else if (m[6] === 'null') tokens.push({ kind: 'value', text: 'null', value: null });
    else tokens.push({ kind: 'word', text: m[6] });
  }
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token => {
    const t = tokens[pos++];
    if (!t) throw new Error(`Unexpected end of '$filter' '${filter}'.`);
    return t;
  };
  const parseOr = (): Predicate => {
    let left = parseAnd();
    while (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'or') {
      next();
      const l = left;
      const r = parseAnd();
      left = (row) => l(row) || r(row);
    }
    return left;
  };
  const parseAnd = (): Predicate => {
    let left = parseTerm();
    while (peek()?.kind === 'word' && peek()?.text.toLowerCase() === 'and') {
      next();
      const l = left;
      const r = parseTerm();
      left = (row) => l(row) && r(row);
    }
    return left;
  };
  const parseTerm = (): Predicate => {
    const t = next();
    if (t.kind === 'lparen') {
      const inner = parseOr();
      if (next().kind !== 'rparen') throw new Error(`Expected ')' in '${filter}'.`);
      return inner;
    }
    if (t.kind !== 'word') throw new Error(`Expected a property name, found '${t.text}'.`);
    const field = t.text;
    if (sample && !(field in sample)) throw new Error(`Could not find a property named '${field}' on type 'Granicus.Model'.`);
    const op = next().text.toLowerCase();
    const operand = next();
    if (operand.kind !== 'value') throw new Error(`Expected a literal after '${field} ${op}'.`);
    const value = operand.value;
    return (row) => {
      const actual = typeof row[field] === 'string' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(row[field] as string) ? normalizeDatetime(row[field] as string) : row[field];
      if (op === 'eq') return actual === value || (actual === undefined && value === null);
      if (op === 'ne') return !(actual === value || (actual === undefined && value === null));
      if (actual === null || actual === undefined || value === null) return false;
      const c = compare(actual, value);
      if (op === 'gt') return c > 0;
      if (op === 'ge') return c >= 0;
      if (op === 'lt') return c < 0;
      if (op === 'le') return c <= 0;
      throw new Error(`Unknown operator '${op}'.`);
    };
  };
  const predicate = parseOr();
  if (pos !== tokens.length) throw new Error(`Unexpected '${tokens[pos].text}' in '$filter'.`);
  return predicate;
}

/** `2014-09-01` → `2014-09-01T00:00:00.000`; fractional seconds padded so string order is time order. */
function normalizeDatetime(value: string): string {
  const [date, time = '00:00:00'] = value.split('T');
  const [hms, fraction = ''] = time.split('.');
  return `${date}T${hms}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}
