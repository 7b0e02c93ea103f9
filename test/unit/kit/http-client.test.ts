import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, HttpStatusError, DEFAULT_USER_AGENT, parseRetryAfter } from '../../../scrapers/kit/http-client.js';
import { ScrapeError } from '../../../core/scrape-errors.js';

/** A loopback server whose handler each test swaps in; it records what it was sent. */
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;
let handler: Handler = (_req, res) => res.end('ok');
let hits: { url: string; headers: http.IncomingHttpHeaders; at: number }[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? '', headers: req.headers, at: Date.now() });
    handler(req, res, hits.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits = [];
});

/** Fast settings so retries do not slow the suite; tests that check spacing set their own interval. */
function client(overrides: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  return new HttpClient({ minIntervalMs: 0, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000, maxAttempts: 3, ...overrides });
}

test('identifies the project in User-Agent and counts requests', async () => {
  handler = (_req, res) => res.end('hello');
  const c = client();
  const result = await c.getText(`${base}/a`);
  expect(result.body).toBe('hello');
  expect(hits[0].headers['user-agent']).toBe(DEFAULT_USER_AGENT);
  expect(DEFAULT_USER_AGENT).toBe('policy-tracker/0.1 (+https://github.com/policy-tracker/policy-tracker)');
  expect(c.requests).toBe(1);
});

test('a 500 is retried and the later 200 is returned', async () => {
  handler = (_req, res, hit) => {
    if (hit === 1) {
      res.statusCode = 500;
      res.end('Server Error');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify([{ MatterId: 1 }]));
  };
  const c = client();
  const result = await c.getJson(`${base}/matters`);
  expect(result.body).toEqual([{ MatterId: 1 }]);
  expect(hits).toHaveLength(2);
  expect(hits[0].headers.accept).toBe('application/json');
  expect(c.requests).toBe(2);
});

test('a 404 is not retried and the error names the status, URL and body', async () => {
  handler = (_req, res) => {
    res.statusCode = 404;
    res.end('{"Message":"This record no longer exists. It might have been deleted."}');
  };
  const c = client();
  const error = await c.getText(`${base}/matters/9`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpStatusError);
  const httpError = error as HttpStatusError;
  expect(httpError.status).toBe(404);
  expect(httpError.retryable).toBe(false);
  expect(httpError.url).toBe(`${base}/matters/9`);
  expect(httpError.message).toContain(`HTTP 404 Not Found for GET ${base}/matters/9`);
  expect(httpError.message).toContain('This record no longer exists');
  expect(hits).toHaveLength(1);
});

test('the body excerpt of an error is short even when the page is long', async () => {
  handler = (_req, res) => {
    res.statusCode = 400;
    res.end(`<html>${'x'.repeat(5000)}</html>`);
  };
  const error = (await client().getText(`${base}/big`).catch((e: unknown) => e)) as HttpStatusError;
  expect(error.bodyExcerpt.length).toBeLessThanOrEqual(301);
  expect(error.message.length).toBeLessThan(500);
});

test('a server that never answers times out, is retried, then fails naming the URL', async () => {
  handler = () => {
    /* never respond */
  };
  const c = client({ timeoutMs: 100, maxAttempts: 2 });
  const started = Date.now();
  const error = (await c.getText(`${base}/slow`).catch((e: unknown) => e)) as ScrapeError;
  expect(error).toBeInstanceOf(ScrapeError);
  expect(error.code).toBe('timeout');
  expect(error.message).toMatch(new RegExp(`timed out after 100ms fetching ${base}/slow`));
  expect(error.url).toBe(`${base}/slow`);
  expect(hits).toHaveLength(2);
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
});

test('a refused connection is a network error after the bounded attempts', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const c = client({ maxAttempts: 2 });
  const error = (await c.getText(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e)) as ScrapeError;
  expect(error.code).toBe('network');
  expect(error.message).toContain(`http://127.0.0.1:${port}/x`);
  expect(error.message).toContain('ECONNREFUSED');
  expect(c.requests).toBe(2);
});

test('a 429 honours Retry-After before trying again', async () => {
  handler = (_req, res, hit) => {
    if (hit === 1) {
      res.statusCode = 429;
      res.setHeader('retry-after', '1');
      res.end('slow down');
      return;
    }
    res.end('fine');
  };
  const c = client();
  const result = await c.getText(`${base}/busy`);
  expect(result.body).toBe('fine');
  expect(hits).toHaveLength(2);
  // The backoff alone would be ≤ 20ms here; the second request waited the second it was told to.
  expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(950);
});

test('a Retry-After longer than we are willing to wait fails at once with a clear error', async () => {
  handler = (_req, res) => {
    res.statusCode = 503;
    res.setHeader('retry-after', '3600');
    res.end('maintenance');
  };
  const error = (await client().getText(`${base}/down`).catch((e: unknown) => e)) as ScrapeError;
  expect(error.code).toBe('rate_limited');
  expect(error.message).toContain('3600s');
  expect(hits).toHaveLength(1);
});

test('429 and 5xx that never clear fail after the bounded attempts with the last status', async () => {
  handler = (_req, res) => {
    res.statusCode = 502;
    res.end('Bad Gateway');
  };
  const error = (await client({ maxAttempts: 3 }).getText(`${base}/gw`).catch((e: unknown) => e)) as HttpStatusError;
  expect(error.status).toBe(502);
  expect(error.retryable).toBe(true);
  expect(error.message).toContain('after 3 attempts');
  expect(hits).toHaveLength(3);
});

test('a conditional request with a known ETag answers notModified on 304', async () => {
  handler = (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('etag', '"v1"');
    res.setHeader('last-modified', 'Wed, 21 Oct 2015 07:28:00 GMT');
    res.end('page body');
  };
  const c = client();
  const first = await c.getText(`${base}/feed`, { conditional: true });
  expect(first.notModified).toBe(false);
  const second = await c.getText(`${base}/feed`, { conditional: true });
  expect(second).toMatchObject({ notModified: true, status: 304 });
  expect(hits[1].headers['if-none-match']).toBe('"v1"');
  expect(hits[1].headers['if-modified-since']).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  // Without `conditional` the validators are not sent and the body comes back.
  const third = await c.getText(`${base}/feed`);
  expect(third.body).toBe('page body');
  expect(hits[2].headers['if-none-match']).toBeUndefined();
});

test('requests to one host are spaced by the minimum interval, other hosts are not held up', async () => {
  handler = (_req, res) => res.end('ok');
  // The limiter spaces request starts; the server sees arrivals, which jitter by a connection
  // set-up or a busy CI core. A wide interval with a proportional margin keeps the check about
  // the limiter (without it the three would arrive within milliseconds).
  const c = client({ minIntervalMs: 400 });
  await Promise.all([c.getText(`${base}/1`), c.getText(`${base}/2`), c.getText(`${base}/3`)]);
  const times = hits.map((h) => h.at).sort((a, b) => a - b);
  expect(times[1] - times[0]).toBeGreaterThanOrEqual(300);
  expect(times[2] - times[1]).toBeGreaterThanOrEqual(300);

  // localhost and 127.0.0.1 are different hosts to the limiter.
  hits = [];
  const port = new URL(base).port;
  const other = client({ minIntervalMs: 500 });
  const started = Date.now();
  await Promise.all([other.getText(`${base}/a`), other.getText(`http://localhost:${port}/b`)]);
  expect(Date.now() - started).toBeLessThan(450);
});

test('per-host interval overrides the default', async () => {
  handler = (_req, res) => res.end('ok');
  const host = new URL(base).host;
  const c = client({ minIntervalMs: 0, hostIntervalsMs: { [host]: 400 } });
  await c.getText(`${base}/1`);
  await c.getText(`${base}/2`);
  expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(300); // arrivals jitter; starts are 400 ms apart
});

test('getBuffer returns the bytes unchanged', async () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
  handler = (_req, res) => res.end(bytes);
  const result = await client().getBuffer(`${base}/file.pdf`);
  expect(Buffer.compare(result.body, bytes)).toBe(0);
});

test('a body that is not JSON is reported with the URL and not retried', async () => {
  handler = (_req, res) => res.end('<html>Error.aspx</html>');
  const error = (await client().getJson(`${base}/j`).catch((e: unknown) => e)) as ScrapeError;
  expect(error.code).toBe('invalid_json');
  expect(error.message).toContain(`${base}/j`);
  expect(hits).toHaveLength(1);
});

test('Retry-After accepts seconds and HTTP dates', () => {
  expect(parseRetryAfter('120')).toBe(120000);
  const inAMinute = new Date(Date.now() + 60000).toUTCString();
  expect(parseRetryAfter(inAMinute)).toBeGreaterThan(55000);
  expect(parseRetryAfter('soon')).toBeNull();
  expect(parseRetryAfter(null)).toBeNull();
});

test('an API token in the query string never appears in an error', async () => {
  handler = (_req, res) => {
    res.statusCode = 403;
    res.end('{"Message":"Token is required"}');
  };
  const error = (await client().getText(`${base}/v1/phila/bodies?token=abc123secret&$top=10`).catch((e: unknown) => e)) as HttpStatusError;
  expect(error.status).toBe(403);
  expect(error.message).not.toContain('abc123secret');
  expect(error.url).not.toContain('abc123secret');
  expect(error.url).toContain('token=***');
  // The server still got the real token.
  expect(hits[0].url).toContain('token=abc123secret');
});
