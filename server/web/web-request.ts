/**
 * Request helpers for the web pages: query and form parsing that names each bad
 * parameter (a 400 page, never a 500), the viewer for the layout, and the staff guards.
 */
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Viewer } from '../../web/pages/layout.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import { JURISDICTION_REF, jurisdictionRefsSchema, normalizeJurisdictionRef } from '../../core/jurisdictions/jurisdiction-refs.js';

/**
 * Parses a page's query. Empty values (a GET form's blank fields) count as absent, and
 * unknown parameters are ignored: shared links pick up tracking parameters, and a page
 * should still open.
 * @throws ValidationError naming every bad parameter.
 */
export function parseWebQuery<T extends z.ZodRawShape>(schema: z.ZodObject<T>, query: unknown): z.infer<z.ZodObject<T>> {
  const cleaned = Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== '' && v !== undefined));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data as z.infer<z.ZodObject<T>>;
  const details = parsed.error.issues.map((issue) => ({ parameter: issue.path.join('.') || 'query', message: issue.message }));
  throw new ValidationError(`invalid parameters: ${details.map((d) => d.parameter).join(', ')}`, details);
}

/** One text parameter, given once. */
export const webText = (name: string, max = 200) =>
  z.string({ message: `${name} must be given once, as text` }).trim().max(max, `${name} is too long (at most ${max} characters)`);

/** A policy id (existence is checked against the database by the route). */
export const webPolicyId = webText('policy', 60).regex(/^[a-z][a-z0-9-]*$/, 'policy must be a policy id such as no-knock');

/** A jurisdiction filter: state postal codes and OCD ids, several comma-separated or repeated (a multi-select). */
export const webJurisdiction = jurisdictionRefsSchema;

/** `jurisdiction_ids` of a posted form (one or repeated hidden fields): state codes and OCD ids, normalized. */
export const webJurisdictionIds = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(JURISDICTION_REF, 'not a state code or OCD id')).max(100, 'at most 100 jurisdictions'))
  .transform((refs) => [...new Set(refs.map(normalizeJurisdictionRef))]);

/** The signed-in staff member as the layout needs it, or null. */
export function viewerOf(req: Request): Viewer | null {
  const u = req.user;
  if (!u || u.via !== 'session') return null;
  return { name: u.name, email: u.email, csrfToken: u.csrfToken, admin: u.role === 'admin' };
}

/** Staff pages: anonymous visitors are sent to the sign-in form and brought back after. */
export const requireStaffPage: RequestHandler = (req, res, next) => {
  const u = req.user;
  if (!u || u.via !== 'session') {
    res.redirect(303, `/staff/sign-in?${new URLSearchParams({ next: req.originalUrl }).toString()}`);
    return;
  }
  if (u.role !== 'staff' && u.role !== 'admin') return next(new ForbiddenError('staff only'));
  next();
};

/**
 * Refuses a form post whose Origin (or, failing that, Referer) names another site: a
 * second line behind the CSRF token, and the only one for sign-in, which has no session
 * yet (login CSRF). `Origin: null` is refused too: the app sends `Referrer-Policy:
 * same-origin`, so a browser posting from one of our pages names our origin, and `null`
 * means a sandboxed frame or a page hiding where it posts from. Clients that send neither
 * header (scripts, curl) are not browsers a third party can steer.
 */
export const sameOriginPost: RequestHandler = (req, _res, next) => {
  const from = req.get('origin') ?? req.get('referer');
  if (from === undefined || from === '') return next();
  if (from === 'null') return next(new ForbiddenError('form posted from an opaque origin (Origin: null)'));
  let host: string;
  try {
    host = new URL(from).host;
  } catch {
    return next(new ForbiddenError('bad Origin header'));
  }
  if (host !== req.get('host')) return next(new ForbiddenError('form posted from another site'));
  next();
};

/** Where to go after signing in: only a path on this site (never `//host` or a full URL). */
export function safeNextPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || /[\r\n\\]/.test(next)) return fallback;
  return next;
}
