import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import type { UserRole } from '../../core/vocabulary.js';
import { accountTokens, apiKeys, userSessions, users } from '../schema/index.js';
import type { AccountTokenPurpose } from '../../core/vocabulary.js';

export type UserRecord = typeof users.$inferSelect;
export type ApiKeyRecord = typeof apiKeys.$inferSelect;

export async function insertUser(db: Db, user: { email: string; name: string; passwordHash: string; role: UserRole }): Promise<UserRecord> {
  const [row] = await db.insert(users).values({ ...user, email: user.email.toLowerCase() }).returning();
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

export async function updateUserPassword(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, id));
}

export async function insertSession(db: Db, session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date }): Promise<void> {
  await db.insert(userSessions).values(session);
}

/** The live session and its user, or null when unknown or expired. */
export async function findSession(db: Db, tokenHash: string): Promise<{ user: UserRecord; csrfToken: string } | null> {
  const [row] = await db
    .select({ user: users, csrfToken: userSessions.csrfToken })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.tokenHash, tokenHash), gt(userSessions.expiresAt, sql`now()`), isNull(users.disabledAt)));
  return row ?? null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(userSessions).where(eq(userSessions.tokenHash, tokenHash));
}

export async function insertApiKey(db: Db, key: { userId: number; name: string; prefix: string; keyHash: string; scopes: string[] }): Promise<ApiKeyRecord> {
  const [row] = await db.insert(apiKeys).values(key).returning();
  return row;
}

/** The active key and its owner, or null; records the use. */
export async function findActiveApiKey(db: Db, keyHash: string): Promise<{ key: ApiKeyRecord; user: UserRecord } | null> {
  const [row] = await db
    .select({ key: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt), isNull(users.disabledAt)));
  if (!row) return null;
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.key.id));
  return row;
}

export async function listApiKeys(db: Db, userId: number): Promise<ApiKeyRecord[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(apiKeys.createdAt);
}

/** @returns false when the key is unknown or not the user's. */
export async function revokeApiKey(db: Db, userId: number, id: number): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Every account, oldest first. */
export async function listUsers(db: Db): Promise<UserRecord[]> {
  return db.select().from(users).orderBy(users.id);
}

export async function findUserById(db: Db, id: number): Promise<UserRecord | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Disables (sign-in refused, sessions ended, keys stop working) or re-enables an account. Returns false for an unknown id. */
export async function setUserDisabled(db: Db, id: number, disabled: boolean): Promise<boolean> {
  const rows = await db.update(users).set({ disabledAt: disabled ? sql`now()` : null }).where(eq(users.id, id)).returning({ id: users.id });
  if (disabled) await db.delete(userSessions).where(eq(userSessions.userId, id));
  return rows.length > 0;
}

/** Ends every session of a user (after a password change). */
export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.delete(userSessions).where(eq(userSessions.userId, userId));
}

export async function insertAccountToken(db: Db, token: { tokenHash: string; userId: number; purpose: AccountTokenPurpose; expiresAt: Date; createdBy: number | null }): Promise<void> {
  await db.insert(accountTokens).values(token);
}

/**
 * Spends a one-time account link: marks it used and returns its user and purpose, or null
 * when it is unknown, used or expired. One UPDATE, so a link cannot be spent twice.
 */
export async function spendAccountToken(db: Db, tokenHash: string): Promise<{ userId: number; purpose: AccountTokenPurpose } | null> {
  const rows = await db
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(accountTokens.tokenHash, tokenHash), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`)))
    .returning({ userId: accountTokens.userId, purpose: accountTokens.purpose });
  return rows[0] ?? null;
}

/** A live one-time link's user and purpose, without spending it; null when unknown, used or expired. */
export async function findAccountToken(db: Db, tokenHash: string): Promise<{ user: UserRecord; purpose: AccountTokenPurpose } | null> {
  const [row] = await db
    .select({ user: users, purpose: accountTokens.purpose })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(and(eq(accountTokens.tokenHash, tokenHash), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`)));
  return row ?? null;
}
