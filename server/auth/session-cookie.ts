import type { Request, Response } from 'express';
import type { Db } from '../../db/database.js';
import { SESSION_COOKIE } from '../middleware/authenticate.js';
import { signIn, TooManySignInsError } from './auth-service.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/**
 * The session cookie: `Secure` whenever the request came over https (directly, or through a
 * proxy named in TRUST_PROXY saying so) or PUBLIC_URL is https.
 */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date, secureCookies: boolean) {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies || req.secure, expires: expiresAt, path: '/' });
}

/** Signs in through the shared throttle; a refusal carries Retry-After. */
export async function throttledSignIn(req: Request, res: Response, db: Db, throttle: SignInThrottle | undefined, email: string, password: string) {
  try {
    return await signIn(db, email, password, { throttle, address: req.ip ?? 'unknown' });
  } catch (error) {
    if (error instanceof TooManySignInsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
}
