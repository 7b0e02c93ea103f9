import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as cheerio from 'cheerio';

/**
 * A loopback web site for city sources: routes answer recorded pages (or a 404, or a 302 to an
 * error page, as the real products do), GET and POST alike, with the form of a POST parsed.
 * Every request is logged with its method, path, query, form and cookie header, so a test can
 * check what a crawler posted back and that it kept the session cookie.
 */

export type SiteRequest = { method: string; path: string; query: URLSearchParams; form: URLSearchParams; cookie: string | undefined; headers: http.IncomingHttpHeaders };
export type SiteAnswer = { status?: number; body?: string | Buffer; type?: string; headers?: Record<string, string> } | null;
export type SiteRoute = (req: SiteRequest, site: { baseUrl: string }) => SiteAnswer | Promise<SiteAnswer>;

export type CitySiteServer = {
  baseUrl: string;
  requests: SiteRequest[];
  close(): Promise<void>;
};

/** Starts the site; the first route that answers (non-null) wins, else 404. */
export async function startCitySite(routes: SiteRoute[]): Promise<CitySiteServer> {
  const requests: SiteRequest[] = [];
  let baseUrl = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      const request: SiteRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        form: /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '') ? new URLSearchParams(body) : new URLSearchParams(),
        cookie: req.headers.cookie,
        headers: req.headers,
      };
      requests.push(request);
      void (async () => {
        let answer: SiteAnswer = null;
        for (const route of routes) {
          answer = await route(request, { baseUrl });
          if (answer) break;
        }
        const out = answer ?? { status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>' };
        res.statusCode = out.status ?? 200;
        res.setHeader('content-type', out.type ?? 'text/html; charset=utf-8');
        for (const [name, value] of Object.entries(out.headers ?? {})) res.setHeader(name, value);
        res.end(out.body ?? '');
      })();
    });
  });
  // A kept-alive socket the server closes as the client reuses it is a network error and a
  // retry: on a loaded machine that would change the request counts tests check.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Re-pages a recorded Telerik RadGrid into pages of `size` rows: rows outside page `page` are
 * dropped, the numeric pager is rebuilt with the current page marked (each page's link posting
 * back `{prefix}$ctl{2n+2}`, as InSite numbers them), and the info part says where it is
 * ("Page 2 of 4, items 26 to 50 of 100", or "15 items in 3 pages"). Only rows the site really
 * served are shown: paging them smaller lets a test walk, page by page, the postback pager a
 * recorded session walked once. Returns the page and the event target of each page number.
 */
export function repage(html: string, grid: string, page: number, size: number): { html: string; pageCount: number; targets: Map<string, number> } {
  const $ = cheerio.load(html);
  const table = $(`table[id="${grid}"]`);
  if (table.length === 0) throw new Error(`grid ${grid} not in the page`);
  const rows = table.children('tbody').children('tr.rgRow, tr.rgAltRow');
  const total = rows.length;
  const pageCount = Math.ceil(total / size);
  rows.each((i, tr) => {
    if (i < (page - 1) * size || i >= page * size) $(tr).remove();
  });
  const targets = new Map<string, number>();
  const numPart = table.find('.rgPager .rgNumPart').first();
  if (numPart.length) {
    const first = /__doPostBack\('([^']*?)(?:\$|%24)ctl\d+'/.exec(numPart.find('a').first().attr('href') ?? '');
    const prefix = (first?.[1] ?? '').replace(/%24/g, '$');
    const links = Array.from({ length: pageCount }, (_, i) => {
      const target = `${prefix}$ctl${String(2 * i + 2).padStart(2, '0')}`;
      targets.set(target, i + 1);
      return `<a${i + 1 === page ? ' onclick="return false;" class="rgCurrentPage"' : ''} href="javascript:__doPostBack('${target}','')"><span>${i + 1}</span></a>`;
    });
    numPart.html(links.join(''));
  }
  const info = table.find('.rgPager .rgInfoPart').first();
  if (/items\s+in/i.test(info.text())) info.html(` &nbsp;<strong>${total}</strong> items in <strong>${pageCount}</strong> pages`);
  else if (info.length) {
    info.html(` &nbsp;Page <strong>${page}</strong> of <strong>${pageCount}</strong>, items <strong>${(page - 1) * size + 1}</strong> to <strong>${Math.min(page * size, total)}</strong> of <strong>${total}</strong>. `);
  }
  return { html: $.html(), pageCount, targets };
}
