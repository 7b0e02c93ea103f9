import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../core/logger.js';
import { AppError, NotFoundError } from '../../core/errors.js';

/** Unknown routes answer 404 in the API's error shape. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`${req.method} ${req.originalUrl.split("?")[0]}`));
};

/**
 * The one place errors become responses: `{ error: { code, message, details } }`.
 * Unknown errors are logged and answered 500 without internals; body-parser errors
 * (malformed JSON, oversize bodies) are client errors.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (isHttpClientError(error)) {
      appError = new AppError(error.type === 'entity.too.large' ? 'payload_too_large' : 'invalid_body', error.message, error.status);
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      appError = new AppError('internal', 'internal error', 500);
    }
    if (res.headersSent) return;
    // Public reads set `public, max-age=60` before the route runs: an error must not be cached
    // in its place (a 404 kept by a CDN would outlive the record being added).
    res.setHeader('Cache-Control', 'no-store');
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, ...(appError.details === undefined ? {} : { details: appError.details }) },
    });
  };
}

function isHttpClientError(error: unknown): error is { status: number; message: string; type?: string } {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
