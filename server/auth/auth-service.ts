import type { Db } from '../../db/database.js';
import {
  deleteSession, findActiveApiKey, findSession, findUserByEmail, insertApiKey, insertSession, insertUser, listApiKeys, revokeApiKey, updateUserPassword, type UserRecord,
} from '../../db/queries/users-repository.js';
import { AppError, ConflictError, NotFoundError, UnauthorizedError } from '../../core/errors.js';
import type { UserRole } from '../../core/vocabulary.js';
import { DECOY_HASH, hashPassword, hashToken, needsRehash, newToken, verifyPassword } from './secrets.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** Who is making a request, and how they proved it. */
export type Principal = { id: number; email: string; name: string; role: string; via: 'session' | 'api-key'; scopes: string[]; csrfToken: string | null };

export const API_KEY_SCOPES = ['read', 'write'] as const;
const SESSION_DAYS = 14;

function principalOf(user: UserRecord, via: Principal['via'], scopes: string[], csrfToken: string | null): Principal {
  return { id: user.id, email: user.email, name: user.name, role: user.role, via, scopes, csrfToken };
}

/** Creates a staff account. @throws ConflictError when the email is taken. */
export async function createUser(db: Db, input: { email: string; name: string; password: string; role?: UserRole }): Promise<UserRecord> {
  if (await findUserByEmail(db, input.email)) throw new ConflictError(`a user with email ${input.email} exists`);
  return insertUser(db, { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), role: input.role ?? 'staff' });
}

/** Too many failed sign-ins: wait `retryAfterSeconds` (sent as Retry-After). */
export class TooManySignInsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('rate_limited', `too many failed sign-ins: try again in ${retryAfterSeconds} s`, 429);
    this.name = 'TooManySignInsError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Signs in with email and password; returns the cookie token (only its hash is stored). With
 * a throttle, failures count against the email and the client address, and a try during the
 * wait they impose is refused before any password is checked. A hash made with older scrypt
 * parameters is upgraded on the way.
 * @throws TooManySignInsError while waiting; UnauthorizedError with one message for unknown
 * email and wrong password alike.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  options: { throttle?: SignInThrottle; address?: string } = {},
): Promise<{ token: string; principal: Principal; expiresAt: Date }> {
  const { throttle, address = 'unknown' } = options;
  const refusal = throttle?.check(email, address);
  if (refusal) throw new TooManySignInsError(refusal.retryAfterSeconds);
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || !ok) {
    throttle?.recordFailure(email, address);
    throw new UnauthorizedError('wrong email or password');
  }
  // Said only to someone who knows the password: a disabled account is no secret to its owner.
  if (user.disabledAt) throw new UnauthorizedError('this account is disabled; ask an administrator');
  throttle?.recordSuccess(email);
  if (needsRehash(user.passwordHash)) await updateUserPassword(db, user.id, await hashPassword(password));
  const token = newToken();
  const csrfToken = newToken(24);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await insertSession(db, { tokenHash: hashToken(token), userId: user.id, csrfToken, expiresAt });
  return { token, principal: principalOf(user, 'session', ['read', 'write'], csrfToken), expiresAt };
}

export async function signOut(db: Db, token: string): Promise<void> {
  await deleteSession(db, hashToken(token));
}

export async function principalFromSession(db: Db, token: string): Promise<Principal | null> {
  const found = await findSession(db, hashToken(token));
  return found ? principalOf(found.user, 'session', ['read', 'write'], found.csrfToken) : null;
}

export async function principalFromApiKey(db: Db, key: string): Promise<Principal | null> {
  const found = await findActiveApiKey(db, hashToken(key));
  return found ? principalOf(found.user, 'api-key', found.key.scopes, null) : null;
}

/** Issues an API key; the key itself is returned once and never stored. */
export async function issueApiKey(db: Db, userId: number, name: string, scopes: string[]): Promise<{ id: number; key: string; prefix: string; scopes: string[] }> {
  const secret = newToken();
  const key = `pt_${secret}`;
  const prefix = key.slice(0, 10);
  const row = await insertApiKey(db, { userId, name, prefix, keyHash: hashToken(key), scopes });
  return { id: row.id, key, prefix, scopes: row.scopes };
}

export async function apiKeysOf(db: Db, userId: number) {
  return (await listApiKeys(db, userId)).map((k) => ({
    id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null, revoked_at: k.revokedAt?.toISOString() ?? null,
  }));
}

/** @throws NotFoundError when the key is not the user's or already revoked. */
export async function revokeKey(db: Db, userId: number, id: number): Promise<void> {
  if (!(await revokeApiKey(db, userId, id))) throw new NotFoundError(`api key ${id}`);
}
