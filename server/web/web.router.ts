import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { publicPagesRouter } from './public-pages.router.js';
import { shareImagesRouter } from './share-images.router.js';
import { subscriptionsRouter } from './subscriptions.router.js';
import { compareRouter } from './compare.router.js';
import { staffWatchesRouter } from './staff-watches.router.js';
import { staffUploadsRouter } from './staff-uploads.router.js';
import { staffAccountsRouter } from './staff-accounts.router.js';
import { staffPagesRouter } from './staff-pages.router.js';
import { webErrorHandler, webNotFound } from './web-errors.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';

/**
 * Server-rendered pages: the public map, jurisdiction, bill, policy, search and change
 * pages, and the staff pages. Errors here become HTML pages; unknown page URLs get an
 * HTML 404 (other requests fall through to the app's JSON 404).
 */
export function webRouter(ctx: AppContext, options: { throttle?: SignInThrottle } = {}): Router {
  const router = Router();
  const secureCookies = ctx.config.publicUrl.startsWith('https:');
  // A page rendered for a signed-in member carries their name and CSRF token: never for a shared cache.
  router.use((req, res, next) => {
    if (req.user) res.setHeader('Cache-Control', 'private, no-store');
    next();
  });
  router.use(shareImagesRouter(ctx.handle.db, ctx.config));
  router.use(subscriptionsRouter(ctx.handle.db, ctx.config));
  router.use(compareRouter(ctx.handle.db, { publicUrl: ctx.config.publicUrl }));
  router.use(publicPagesRouter(ctx.handle.db, { publicUrl: ctx.config.publicUrl, secureCookies, config: ctx.config }));
  router.use(
    staffPagesRouter(ctx.handle.db, {
      secureCookies, throttle: options.throttle, scheduling: () => ctx.scheduling ?? null, reclassify: () => ctx.reclassify ?? null, logger: ctx.logger,
      config: ctx.config,
    }),
  );
  router.use(staffWatchesRouter(ctx.handle.db, ctx.config, { resolveHost: ctx.resolveHost }));
  router.use(staffUploadsRouter(() => ctx.uploads ?? null));
  router.use(staffAccountsRouter(ctx.handle.db, ctx.config, { throttle: options.throttle }));
  router.use(webNotFound);
  router.use(webErrorHandler(ctx.logger));
  return router;
}
