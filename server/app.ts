import express, { type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import type { DatabaseHandle } from '../db/connect.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { healthRouter } from './api/health.router.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { webRouter } from './web/web.router.js';

export type AppContext = { handle: DatabaseHandle; config: Config; logger: Logger };

/** The express app: JSON API under /api, the web view at /. No listening here (tests use supertest). */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
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
    }),
  );
  app.use(compression());
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '256kb' }));

  const api = express.Router();
  api.use(healthRouter(ctx.handle));
  api.use(notFoundHandler);
  app.use('/api', api);

  app.use(webRouter(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
