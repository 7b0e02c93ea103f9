import express, { type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import type { AppContext } from './app-context.js';
import { healthRouter } from './api/health.router.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { webRouter } from './web/web.router.js';
import { staticFiles } from './web/static-files.js';
import { readRouter } from './api/read.router.js';
import { watchMapCache } from './api/map-cache.js';
import { staffRouter } from './api/staff.router.js';
import { openApiRouter } from './api/openapi.router.js';
import { feedsRouter } from './api/feeds.router.js';
import { authenticate } from './middleware/authenticate.js';
import { answerPreflight, exportGate, publicRead, rateLimit } from './middleware/public-read.js';
import { wantsCsv } from './api/csv.js';
import { createSignInThrottle } from './auth/sign-in-throttle.js';
import { watchesRouter } from './api/watches.router.js';
import { watchFeedRouter } from './api/watch-feed.router.js';
import { unsubscribeRouter } from './web/unsubscribe.router.js';
import { adoptionRouter, adoptionStaffRouter } from './api/adoption.router.js';
import { sourcesRouter } from './api/sources.router.js';
import { accountsRouter } from './api/accounts.router.js';

/** Public subscription requests a minute one anonymous client may make (each sends an email). */
export const SUBSCRIBE_RATE_LIMIT = 5;

/**
 * The express app: JSON API under /api, the web view at /. No listening here (tests use
 * supertest). `publicRoutes` are mounted among the public reads, behind the same middleware
 * (the API benchmark serves its static baseline there).
 */
export function createApp(ctx: AppContext, extra: { publicRoutes?: express.Router } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For / -Proto only from the proxies named in TRUST_PROXY; otherwise any client
  // could name itself another address and reset its rate limits.
  app.set('trust proxy', ctx.config.trustProxy.length ? ctx.config.trustProxy : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
        },
      },
      // Browsers then name our origin on our own form posts and `null` on posts from pages
      // hiding theirs, which the sign-in forms refuse (login CSRF).
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use(compression());
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));

  app.use(authenticate(ctx.handle.db));
  watchMapCache(ctx.handle);
  // One set of sign-in failure counters for both forms (the API and the staff page).
  const throttle = ctx.signInThrottle ?? createSignInThrottle();
  const api = express.Router();
  api.use(healthRouter(ctx));
  api.use(openApiRouter());
  api.use(rateLimit({ perMinute: ctx.config.apiRateLimitPerMinute }));
  api.use(exportGate({ perMinute: ctx.config.exportRateLimitPerMinute, isExport: (req) => req.method === 'GET' && wantsCsv(req) }));
  api.use(watchFeedRouter(ctx.handle.db, ctx.config));
  api.use(staffRouter(ctx.handle.db, { secureCookies: ctx.config.publicUrl.startsWith('https:'), throttle }));
  api.use(sourcesRouter(ctx));
  api.use(watchesRouter(ctx.handle.db, ctx.config, { resolveHost: ctx.resolveHost }));
  api.use(accountsRouter(ctx.handle.db, ctx.config));
  api.use(adoptionStaffRouter(ctx.handle.db));
  if (extra.publicRoutes) api.use(publicRead, extra.publicRoutes);
  api.use(publicRead, answerPreflight(readRouter(ctx.handle.db, { publicUrl: ctx.config.publicUrl, config: ctx.config })));
  api.use(publicRead, answerPreflight(adoptionRouter(ctx.handle.db)));
  api.use(publicRead, answerPreflight(feedsRouter(ctx.handle.db, { publicUrl: ctx.config.publicUrl })));
  api.use(notFoundHandler);
  app.use('/api', api);

  app.use(unsubscribeRouter(ctx.handle.db));
  app.use('/static', staticFiles());
  app.use(rateLimit({ perMinute: ctx.config.pageRateLimitPerMinute, label: 'page views' }));
  // Each public subscription emails an address the visitor typed: its own small budget, so
  // the form cannot be used to fill someone's inbox with confirmation emails.
  app.post('/subscribe', rateLimit({ perMinute: SUBSCRIBE_RATE_LIMIT, label: 'subscription requests' }));
  app.use(webRouter(ctx, { throttle }));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
