import type { RequestHandler, Router } from 'express';
import { AppError } from '../../core/errors.js';

/**
 * Public GETs: anyone may read (CORS *, no credentials), caches may keep answers for a
 * minute; express adds an ETag and answers a matching If-None-Match with 304.
 */
export const publicRead: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'ETag');
  if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Cache-Control', 'public, max-age=60');
  next();
};

/** The CORS preflight answer for a public read: GET and HEAD only, any origin, no credentials. */
const preflight: RequestHandler = (_req, res) => {
  res.setHeader('Allow', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
  // Scripts on other sites send If-None-Match (revalidation) or an API key (higher rate limit).
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, If-None-Match, Accept');
  res.setHeader('Access-Control-Max-Age', '86400');
  res.status(204).end();
};

/**
 * Answers CORS preflight (OPTIONS) with 204 on every GET route of a public router, so a site
 * may send headers such as If-None-Match cross-origin. Call once its routes are registered;
 * OPTIONS on paths it does not serve still ends in the JSON 404. Returns the router.
 */
export function answerPreflight(router: Router): Router {
  const paths = router.stack.flatMap((layer) => (layer.route?.stack.some((l) => l.method === 'get') ? [layer.route.path] : []));
  if (paths.length) router.options(paths, preflight);
  return router;
}

/**
 * A per-client rate limit (fixed one-minute windows, in memory): enough to keep one
 * script from starving everyone else. Signed-in staff and API keys are not limited here.
 * The client is `req.ip`: the peer address, or what `X-Forwarded-For` says only when the
 * peer is a proxy named in TRUST_PROXY (so a client cannot reset its own budget).
 */
export function rateLimit(options: { perMinute: number; now?: () => number; label?: string }): RequestHandler {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    if ((req as { user?: unknown }).user) return next();
    const key = req.ip ?? 'unknown';
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      windows.set(key, w);
      if (windows.size > 10_000) for (const [k, v] of windows) if (t - v.start >= 60_000) windows.delete(k);
    }
    w.count += 1;
    res.setHeader('RateLimit-Limit', String(options.perMinute));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, options.perMinute - w.count)));
    if (w.count > options.perMinute) {
      res.setHeader('Retry-After', String(Math.ceil((w.start + 60_000 - t) / 1000)));
      return next(new AppError('rate_limited', `too many ${options.label ?? 'requests'}: at most ${options.perMinute} a minute`, 429));
    }
    next();
  };
}

export type ExportGateOptions = {
  /** Exports a minute one anonymous client may start. */
  perMinute: number;
  /** Exports running at once from one client (signed-in or not). */
  perClient?: number;
  /** Exports running at once in this process: the rest of the site keeps the database. */
  total?: number;
  /** Which requests are exports (CSV by path or Accept). */
  isExport: (req: Parameters<RequestHandler>[0]) => boolean;
  now?: () => number;
};

/**
 * The gate in front of exports (CSV): the heaviest reads, so they get their own, much
 * lower per-client budget, and only a few run at once: one per client and `total` in the
 * process. An export over budget or beyond the concurrency gets 429 with Retry-After; other
 * requests pass untouched.
 */
export function exportGate(options: ExportGateOptions): RequestHandler {
  const perClient = options.perClient ?? 1;
  const total = options.total ?? 2;
  const minute = rateLimit({ perMinute: options.perMinute, now: options.now, label: 'exports' });
  const running = new Map<string, number>();
  let runningTotal = 0;
  return (req, res, next) => {
    if (!options.isExport(req)) return next();
    minute(req, res, (error?: unknown) => {
      if (error) return next(error);
      const key = req.ip ?? 'unknown';
      const mine = running.get(key) ?? 0;
      if (mine >= perClient || runningTotal >= total) {
        res.setHeader('Retry-After', '5');
        const why = mine >= perClient ? `at most ${perClient} export at a time per client` : 'the server is busy with other exports';
        return next(new AppError('rate_limited', `too many exports: ${why}; try again in a few seconds`, 429));
      }
      running.set(key, mine + 1);
      runningTotal += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        runningTotal -= 1;
        const left = (running.get(key) ?? 1) - 1;
        if (left > 0) running.set(key, left);
        else running.delete(key);
      };
      res.once('finish', release);
      res.once('close', release);
      next();
    });
  };
}
