/**
 * Account management for administrators: invite a staff member (a one-time link to choose
 * a first password), reset a password (a one-time link, or directly from the command
 * line), disable and re-enable an account. Links carry a random token; only its hash is
 * stored, and spending it ends every session of the account.
 */
import type { Db } from '../../db/database.js';
import {
  deleteSessionsOfUser, findAccountToken, findUserByEmail, findUserById, insertAccountToken, insertUser, listUsers, setUserDisabled,
  spendAccountToken, updateUserPassword, type UserRecord,
} from '../../db/queries/users-repository.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { AccountTokenPurpose, UserRole } from '../../core/vocabulary.js';
import { hashPassword, hashToken, newToken } from './secrets.js';

/** How long an invitation and a reset link work. */
export const LINK_LIFETIME_MS: Record<AccountTokenPurpose, number> = { invite: 7 * 86_400_000, reset: 2 * 3_600_000 };

/** The shortest password accepted (a passphrase, not a PIN). */
export const MIN_PASSWORD_LENGTH = 10;

/** An account as administrators see it (never its password hash). */
export type AccountView = { id: number; email: string; name: string; role: UserRole; created_at: string; disabled_at: string | null; invited: boolean };

/** A password nobody can type: an invited account cannot sign in before choosing one. */
const NO_PASSWORD = '!invited';

export function toAccountView(u: UserRecord): AccountView {
  return {
    id: u.id, email: u.email, name: u.name, role: u.role, created_at: u.createdAt.toISOString(),
    disabled_at: u.disabledAt ? u.disabledAt.toISOString() : null, invited: u.passwordHash === NO_PASSWORD,
  };
}

/** The page where a link's token is spent. */
export function accountLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/account/password/${encodeURIComponent(token)}`;
}

export type AccountLink = { url: string; expiresAt: Date };

async function issueLink(db: Db, publicUrl: string, userId: number, purpose: AccountTokenPurpose, by: number | null): Promise<AccountLink> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_MS[purpose]);
  await insertAccountToken(db, { tokenHash: hashToken(token), userId, purpose, expiresAt, createdBy: by });
  return { url: accountLinkUrl(publicUrl, token), expiresAt };
}

export async function listAccounts(db: Db): Promise<AccountView[]> {
  return (await listUsers(db)).map(toAccountView);
}

/**
 * Creates an account that cannot sign in until its owner follows the invitation link.
 * @throws ConflictError when the email is taken.
 */
export async function inviteUser(db: Db, publicUrl: string, input: { email: string; name: string; role: UserRole }, by: number | null): Promise<{ account: AccountView; link: AccountLink }> {
  if (await findUserByEmail(db, input.email)) throw new ConflictError(`a user with email ${input.email} exists`);
  const user = await insertUser(db, { email: input.email, name: input.name, passwordHash: NO_PASSWORD, role: input.role });
  return { account: toAccountView(user), link: await issueLink(db, publicUrl, user.id, 'invite', by) };
}

/** A one-time link to choose a new password. @throws NotFoundError for an unknown account. */
export async function issuePasswordReset(db: Db, publicUrl: string, userId: number, by: number | null): Promise<{ account: AccountView; link: AccountLink }> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError(`user ${userId}`);
  return { account: toAccountView(user), link: await issueLink(db, publicUrl, user.id, 'reset', by) };
}

/** Sets a password directly (the command line) and ends the account's sessions. @throws NotFoundError, ValidationError. */
export async function setPassword(db: Db, email: string, password: string): Promise<AccountView> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError('password too short', [{ parameter: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }]);
  const user = await findUserByEmail(db, email);
  if (!user) throw new NotFoundError(`user ${email}`);
  await updateUserPassword(db, user.id, await hashPassword(password));
  await deleteSessionsOfUser(db, user.id);
  return toAccountView({ ...user, passwordHash: '' });
}

/** Who a link is for, without spending it; null for an unknown, used or expired link. */
export async function describeAccountLink(db: Db, token: string): Promise<{ name: string; email: string; purpose: AccountTokenPurpose } | null> {
  const found = await findAccountToken(db, hashToken(token));
  return found ? { name: found.user.name, email: found.user.email, purpose: found.purpose } : null;
}

/**
 * Spends a link: sets the password and ends every session of the account.
 * @throws ValidationError for a short password; NotFoundError for an unknown, used or expired link.
 */
export async function redeemAccountLink(db: Db, token: string, password: string): Promise<AccountView> {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 500) {
    throw new ValidationError('password too short', [{ parameter: 'password', message: `choose a password of ${MIN_PASSWORD_LENGTH} to 500 characters` }]);
  }
  const hash = await hashPassword(password);
  const spent = await spendAccountToken(db, hashToken(token));
  if (!spent) throw new NotFoundError('this link (it was used, has expired, or never existed)');
  await updateUserPassword(db, spent.userId, hash);
  await deleteSessionsOfUser(db, spent.userId);
  const user = await findUserById(db, spent.userId);
  return toAccountView(user!);
}

/** Disables or re-enables an account; an administrator cannot disable themselves. @throws NotFoundError, ValidationError. */
export async function setAccountDisabled(db: Db, userId: number, disabled: boolean, by: number | null): Promise<AccountView> {
  if (disabled && by === userId) throw new ValidationError('cannot disable yourself', [{ parameter: 'disabled', message: 'you cannot disable your own account' }]);
  if (!(await setUserDisabled(db, userId, disabled))) throw new NotFoundError(`user ${userId}`);
  return toAccountView((await findUserById(db, userId))!);
}
