import type { Request, RequestHandler } from 'express';
import type { Db } from '../../db/database.js';
import { principalFromApiKey, principalFromSession, type Principal } from '../auth/auth-service.js';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../core/errors.js';

export const SESSION_COOKIE = 'tracker_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: Principal;
  }
}

/**
 * Reads one cookie from the header (no dependency for one value). A value that is not
 * valid percent-encoding is returned as sent: it is no token of ours, and it must not
 * throw (a URIError would make every route answer 500).
 */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    const raw = v.join('=');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** Session tokens are 32 random bytes in base64url (see `newToken`); anything else is not one. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sets `req.user` from an API key (`Authorization: Bearer pt_...`) or the session cookie.
 * A session cookie that cannot be a token is a 400 naming it, and the answer clears it, so
 * the next request (sign-in included) works.
 */
export function authenticate(db: Db): RequestHandler {
  return async (req, res, next) => {
    const auth = req.headers.authorization;
    if (auth) {
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      const principal = match ? await principalFromApiKey(db, match[1]) : null;
      if (!principal) return next(new UnauthorizedError('invalid or revoked API key'));
      req.user = principal;
      return next();
    }
    const token = readCookie(req, SESSION_COOKIE);
    if (token !== null && !SESSION_TOKEN.test(token)) {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return next(
        new ValidationError('malformed session cookie', [
          { parameter: `cookie ${SESSION_COOKIE}`, message: 'not a session token; it has been cleared, sign in again' },
        ]),
      );
    }
    if (token) req.user = (await principalFromSession(db, token)) ?? undefined;
    next();
  };
}

/**
 * Writes need a signed-in staff member: an API key with the `write` scope, or a session
 * whose request carries its CSRF token (header `X-CSRF-Token` or form field `_csrf`), so
 * another site cannot make a signed-in browser write.
 */
export const requireStaff: RequestHandler = (req, _res, next) => {
  const user = req.user;
  if (!user) return next(new UnauthorizedError());
  if (user.role !== 'staff' && user.role !== 'admin') return next(new ForbiddenError('staff only'));
  const writing = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
  if (writing && user.via === 'api-key' && !user.scopes.includes('write')) return next(new ForbiddenError('this API key is read-only'));
  if (writing && user.via === 'session') {
    const sent = req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf;
    if (!user.csrfToken || sent !== user.csrfToken) return next(new ForbiddenError('missing or wrong CSRF token'));
  }
  next();
};

/** Account management: a signed-in administrator (with the same write checks as requireStaff). */
export const requireAdmin: RequestHandler = (req, res, next) => {
  requireStaff(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (req.user!.role !== 'admin') return next(new ForbiddenError('administrators only'));
    next();
  });
};
