/**
 * Errors of page routes become HTML pages (the API keeps its JSON errors): a 400 names
 * each bad parameter, 401 sends to sign-in, unknown errors are logged and answered 500
 * without internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { renderErrorPage } from '../../web/pages/error-page.js';
import type { Logger } from '../../core/logger.js';
import { AppError, ValidationError } from '../../core/errors.js';
import { viewerOf } from './web-request.js';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Sign in needed', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 500: 'Something went wrong', 503: 'Not available here' };

/** The page error handler, mounted at the end of the web router. */
export function webErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    let status = 500;
    let message = 'The server could not build this page. The problem has been logged.';
    let details: { parameter: string; message: string }[] | undefined;
    if (error instanceof AppError) {
      status = error.status;
      message = error.message;
      if (error instanceof ValidationError) details = error.details as typeof details;
    } else if (typeof (error as { status?: unknown })?.status === 'number' && (error as { status: number }).status < 500) {
      status = (error as { status: number }).status;
      message = 'The request could not be read.';
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error in a page');
    }
    if (status === 401 && req.method === 'GET') {
      res.redirect(303, `/staff/sign-in?${new URLSearchParams({ next: req.originalUrl }).toString()}`);
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).type('html').send(renderErrorPage({ status, title: TITLES[status] ?? 'Error', message, details, viewer: viewerOf(req) }));
  };
}

/** An HTML 404 for page requests no route took; other requests fall through to the JSON one. */
export const webNotFound: RequestHandler = (req, res, next) => {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
  res.status(404).type('html').send(renderErrorPage({ status: 404, title: 'Not found', message: `There is no page at ${req.path}.`, viewer: viewerOf(req) }));
};
