import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback "site" for the test source adapter: `/feeds/<feed>?page=N` answers a JSON page
 * of bills `{ bills: [...], next: N+1 | null }`. Each feed can be switched at runtime to
 * answer 500s, malformed pages (HTML where JSON belongs), or to hang (never answer), and
 * can hang once on a given page (to kill a worker mid-run).
 */

export type FeedBill = { id: string; identifier: string; title: string; session: string };
export type FeedMode = 'ok' | 'error500' | 'malformed' | 'hang';

export type Feed = {
  pages: FeedBill[][];
  mode: FeedMode;
  /** Hang on this page the first time it is asked for, then serve it normally. */
  hangOncePage?: number;
};

export type TestSourceServer = {
  baseUrl: string;
  /** The URL to put in a source's settings.url. */
  feedUrl: (feed: string) => string;
  feeds: Map<string, Feed>;
  /** Every request, in order: feed, page, and how it was answered. */
  requests: { feed: string; page: number; answer: FeedMode | 'hung-once' | 'not-found' }[];
  /** Resolves the next time a request hangs (feed name and page). */
  nextHang: () => Promise<{ feed: string; page: number }>;
  /** Answers every hung request now (serving it normally). */
  releaseHung: () => void;
  close: () => Promise<void>;
};

/** `count` bills numbered from `from`, for feed pages. */
export function makeBills(prefix: string, from: number, count: number, session = '2025'): FeedBill[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${from + i}`, identifier: `HB ${from + i}`, title: `${prefix} bill ${from + i} on police oversight`, session }));
}

/** Starts the server on an ephemeral loopback port. */
export async function startTestSourceServer(): Promise<TestSourceServer> {
  const feeds = new Map<string, Feed>();
  const requests: TestSourceServer['requests'] = [];
  const sockets = new Set<Socket>();
  const hung: { res: http.ServerResponse; send: () => void }[] = [];
  let hangWaiters: ((v: { feed: string; page: number }) => void)[] = [];
  const hungOnce = new Set<string>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/feeds\/([^/]+)$/.exec(url.pathname);
    const page = Number(url.searchParams.get('page') ?? '1');
    const feed = match ? feeds.get(decodeURIComponent(match[1])) : undefined;
    const name = match ? decodeURIComponent(match[1]) : url.pathname;
    if (!feed) {
      requests.push({ feed: name, page, answer: 'not-found' });
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const send = (): void => {
      const bills = feed.pages[page - 1] ?? [];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ bills, next: page < feed.pages.length ? page + 1 : null }));
    };
    const hang = (): void => {
      hung.push({ res, send });
      const waiters = hangWaiters;
      hangWaiters = [];
      for (const w of waiters) w({ feed: name, page });
    };
    if (feed.hangOncePage === page && !hungOnce.has(`${name}/${page}`)) {
      hungOnce.add(`${name}/${page}`);
      requests.push({ feed: name, page, answer: 'hung-once' });
      hang();
      return;
    }
    requests.push({ feed: name, page, answer: feed.mode });
    if (feed.mode === 'error500') {
      res.statusCode = 500;
      res.setHeader('content-type', 'text/html');
      res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
      return;
    }
    if (feed.mode === 'malformed') {
      res.setHeader('content-type', 'application/json');
      res.end('<html><body>We have moved! Our new legislation portal is at /portal</body></html>');
      return;
    }
    if (feed.mode === 'hang') {
      hang();
      return;
    }
    send();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    feedUrl: (feed) => `${baseUrl}/feeds/${encodeURIComponent(feed)}`,
    feeds,
    requests,
    nextHang: () => new Promise((resolve) => hangWaiters.push(resolve)),
    releaseHung: () => {
      for (const h of hung.splice(0)) if (!h.res.destroyed) h.send();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
