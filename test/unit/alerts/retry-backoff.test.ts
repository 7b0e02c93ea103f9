import { afterFailedAttempt, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../../server/alerts/deliver-notifications.js';

describe('what follows a failed delivery attempt', () => {
  const policy: RetryPolicy = { claimTimeoutMs: 60_000, maxAttempts: 4, backoffBaseMs: 60_000, backoffCapMs: 300_000 };

  test('the wait doubles per attempt from the base, up to the cap', () => {
    expect([1, 2, 3].map((attempts) => afterFailedAttempt({ id: 9, attempts }, policy))).toEqual([
      { id: 9, attempts: 1, state: 'pending', retryInMs: 60_000 },
      { id: 9, attempts: 2, state: 'pending', retryInMs: 120_000 },
      { id: 9, attempts: 3, state: 'pending', retryInMs: 240_000 },
    ]);
  });

  test('the attempt that uses up the limit fails for good', () => {
    expect(afterFailedAttempt({ id: 9, attempts: 4 }, policy)).toEqual({ id: 9, attempts: 4, state: 'failed', retryInMs: 300_000 });
  });

  test('by default a notification is given up after 8 attempts; the 7th waits 64 minutes', () => {
    expect(afterFailedAttempt({ id: 1, attempts: 7 }, DEFAULT_RETRY_POLICY)).toMatchObject({ state: 'pending', retryInMs: 64 * 60_000 });
    expect(afterFailedAttempt({ id: 1, attempts: 8 }, DEFAULT_RETRY_POLICY)).toMatchObject({ state: 'failed' });
  });
});
