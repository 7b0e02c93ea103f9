/**
 * Failure counters for sign-in, per account (the email tried) and per client address, with a
 * growing wait: after a few free failures each further one doubles the wait before the next
 * try (1 s, 2 s, 4 s, ... up to 15 minutes). A try during the wait is refused without checking
 * the password, so guessing costs the guesser time and the server no scrypt work. Both forms
 * (`POST /api/session` and `POST /staff/sign-in`) share one throttle.
 *
 * Kept in memory, per process: a restart forgets the counters, and several web instances each
 * count on their own (the guesser gains a factor of the instance count, not more).
 */

/** Failures allowed before waits begin: an account is one person mistyping ... */
export const FREE_ACCOUNT_FAILURES = 5;
/** ... an address may be an office behind one NAT. */
export const FREE_ADDRESS_FAILURES = 20;
const FIRST_WAIT_MS = 1_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** Counters are forgotten after this long without a failure. */
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_ENTRIES = 50_000;

type Counter = { failures: number; lastFailureAt: number; waitUntil: number };

export type SignInRefusal = { retryAfterSeconds: number; reason: 'account' | 'address' };

export type SignInThrottle = {
  /** Null when a try may go ahead; else how long to wait, and whose counter says so. */
  check: (account: string, address: string) => SignInRefusal | null;
  /** Counts a wrong email or password against both the account and the address. */
  recordFailure: (account: string, address: string) => void;
  /** A correct password clears the account's counter (never the address's: one good account must not launder guesses at others). */
  recordSuccess: (account: string) => void;
};

/** The wait after the `failures`-th failure in a row, given how many are free. */
export function waitAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - free - 1), MAX_WAIT_MS);
}

/** A throttle with its own counters; `now` is injectable for tests. */
export function createSignInThrottle(options: { now?: () => number } = {}): SignInThrottle {
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();

  const live = (key: string, t: number): Counter | null => {
    const c = counters.get(key);
    if (!c) return null;
    if (t - c.lastFailureAt > FORGET_AFTER_MS && t >= c.waitUntil) {
      counters.delete(key);
      return null;
    }
    return c;
  };

  const prune = (t: number) => {
    if (counters.size < MAX_ENTRIES) return;
    for (const [key, c] of counters) if (t - c.lastFailureAt > FORGET_AFTER_MS && t >= c.waitUntil) counters.delete(key);
    // Still full (a flood of distinct names): drop the oldest, which Map keeps first.
    for (const key of counters.keys()) {
      if (counters.size < MAX_ENTRIES) break;
      counters.delete(key);
    }
  };

  const fail = (key: string, free: number, t: number) => {
    const c = live(key, t) ?? { failures: 0, lastFailureAt: t, waitUntil: 0 };
    c.failures += 1;
    c.lastFailureAt = t;
    c.waitUntil = t + waitAfter(c.failures, free);
    counters.delete(key);
    counters.set(key, c);
  };

  return {
    check(account, address) {
      const t = now();
      for (const [key, reason] of [[`address:${address}`, 'address'], [`account:${account.trim().toLowerCase()}`, 'account']] as const) {
        const c = live(key, t);
        if (c && c.waitUntil > t) return { retryAfterSeconds: Math.ceil((c.waitUntil - t) / 1000), reason };
      }
      return null;
    },
    recordFailure(account, address) {
      const t = now();
      prune(t);
      fail(`account:${account.trim().toLowerCase()}`, FREE_ACCOUNT_FAILURES, t);
      fail(`address:${address}`, FREE_ADDRESS_FAILURES, t);
    },
    recordSuccess(account) {
      counters.delete(`account:${account.trim().toLowerCase()}`);
    },
  };
}
