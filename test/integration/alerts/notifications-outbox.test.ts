import { eq, sql } from 'drizzle-orm';
import { notifications } from '../../../db/schema/index.js';
import { insertWatch } from '../../../db/alerts/watches-repository.js';
import { recordFailedAttempts } from '../../../db/alerts/notifications-outbox.js';
import { afterFailedAttempt, type RetryPolicy } from '../../../server/alerts/deliver-notifications.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { makeStaff } from '../../helpers/alerts-fixtures.js';

describeEachDatabase('notifications outbox: failed attempts', (ctx) => {
  const policy: RetryPolicy = { claimTimeoutMs: 60_000, maxAttempts: 3, backoffBaseMs: 60_000, backoffCapMs: 600_000 };

  test('each held claim gets its own state and wait; claims no longer held and unclaimed rows are left alone', async () => {
    const staff = await makeStaff(ctx.handle);
    const watchId = await insertWatch(ctx.handle.db, {
      userId: staff.id, billId: null, policyId: null, jurisdictionIds: ['ocd-jurisdiction/country:us/state:va/government'], channel: 'email-digest',
      target: staff.email, secret: null, feedTokenHash: 'feed-hash', unsubscribeToken: 'unsubscribe-token-for-the-outbox-test',
    });
    const row = (eventKey: string, state: 'claimed' | 'pending', attempts: number) => ({ watchId, eventKey, state, attempts, claimedAt: state === 'claimed' ? sql`now()` : null });
    const [first, last, takenOver, waiting] = await ctx.handle.db
      .insert(notifications)
      .values([row('status-change:1', 'claimed', 1), row('status-change:2', 'claimed', 3), row('status-change:3', 'claimed', 5), row('status-change:4', 'pending', 2)])
      .returning();

    const error = `SMTP answered 451 ${'x'.repeat(2100)}`;
    // `takenOver` was claimed again elsewhere (attempt 5): this process held attempt 4.
    await recordFailedAttempts(ctx.handle.db, [afterFailedAttempt(first, policy), afterFailedAttempt(last, policy), afterFailedAttempt({ id: takenOver.id, attempts: 4 }, policy)], error);

    const after = new Map((await ctx.handle.db.select().from(notifications).where(eq(notifications.watchId, watchId))).map((n) => [n.id, n]));
    expect(after.get(first.id)).toMatchObject({ state: 'pending', attempts: 1, claimedAt: null, lastError: error.slice(0, 2000) });
    const wait = after.get(first.id)!.nextAttemptAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    expect(after.get(last.id)).toMatchObject({ state: 'failed', attempts: 3, claimedAt: null, lastError: error.slice(0, 2000) });
    expect(after.get(takenOver.id)).toMatchObject({ state: 'claimed', attempts: 5, lastError: null });
    expect(after.get(takenOver.id)!.claimedAt).not.toBeNull();
    expect(after.get(waiting.id)).toMatchObject({ state: 'pending', attempts: 2, lastError: null, nextAttemptAt: waiting.nextAttemptAt });
  });
});
