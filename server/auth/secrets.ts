import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

type ScryptParams = { N: number; r: number; p: number };
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: ScryptParams & { maxmem: number }) => Promise<Buffer>;

/**
 * The OWASP Password Storage Cheat Sheet's scrypt recommendation: N = 2^17, r = 8, p = 1
 * (128 MiB and a few hundred milliseconds per hash). Hashes made with weaker parameters are
 * upgraded when their owner next signs in (`needsRehash`).
 */
export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** scrypt needs 128·N·r bytes; node refuses above `maxmem` (32 MiB by default). */
const MAX_MEMORY = 256 * 1024 * 1024;
/** Stored hashes asking for more than this are refused rather than computed (a corrupt row must not hang sign-in). */
const MAX_N = 2 ** 20;
/** Hashes computed at once: each takes 128 MiB, so a burst of sign-ins waits rather than exhausting memory. */
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function limitedScrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await scryptAsync(password, salt, keylen, { ...params, maxmem: MAX_MEMORY });
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function encode(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** `scrypt$N$r$p$salt$hash`: salted and slow, so a stolen table does not give passwords away. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return encode(PASSWORD_PARAMS, salt, await limitedScrypt(password, salt, 32, PASSWORD_PARAMS));
}

/**
 * A hash of nothing with the current parameters: checked against when the email is unknown,
 * so an unknown email costs the same time as a wrong password.
 */
export const DECOY_HASH = encode(PASSWORD_PARAMS, Buffer.alloc(16), Buffer.alloc(32));

/** Constant-time check of a password against a stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N > MAX_N || params.r > 32 || params.p > 16) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await limitedScrypt(password, Buffer.from(salt, 'base64url'), expected.length, params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with other parameters than today's (upgrade it at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== PASSWORD_PARAMS.N || Number(r) !== PASSWORD_PARAMS.r || Number(p) !== PASSWORD_PARAMS.p;
}

/** A random token for cookies, API keys and unsubscribe links. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Tokens are long and random, so a fast hash is enough to store them: what leaks from the
 * database cannot be replayed.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
