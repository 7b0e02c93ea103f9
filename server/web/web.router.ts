import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { publicPagesRouter } from './public-pages.router.js';
import { staffPagesRouter } from './staff-pages.router.js';
import { webErrorHandler, webNotFound } from './web-errors.js';

/**
 * Server-rendered pages: the public map, jurisdiction, bill, policy, search and change
 * pages, and the staff pages. Errors here become HTML pages; unknown page URLs get an
 * HTML 404 (other requests fall through to the app's JSON 404).
 */
export function webRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(publicPagesRouter(ctx.handle.db, ctx.config));
  router.use(
    staffPagesRouter(ctx.handle.db, { secureCookies: ctx.config.publicUrl.startsWith('https:'), scheduling: () => ctx.scheduling ?? null, logger: ctx.logger, config: ctx.config }),
  );
  router.use(webNotFound);
  router.use(webErrorHandler(ctx.logger));
  return router;
}
