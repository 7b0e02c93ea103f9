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
 */
export function rateLimit(options: { perMinute: number; now?: () => number }): RequestHandler {
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
      return next(new AppError('rate_limited', `too many requests: at most ${options.perMinute} a minute`, 429));
    }
    next();
  };
}
