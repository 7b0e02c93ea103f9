import { eq, sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, notifications, watches } from '../../../db/schema/index.js';
import { runAlertsOnce } from '../../../server/alerts/alerts-service.js';
import { createWatch } from '../../../server/alerts/watches-service.js';
import { EMAIL_NOT_CONFIGURED } from '../../../server/alerts/email-sender.js';
import { DELIVERY_HEADER } from '../../../server/alerts/webhook-sender.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { startSmtpSink, startWebhookReceiver } from '../../helpers/alerts-servers.js';
import { committeeAndPassed, makeStaff } from '../../helpers/alerts-fixtures.js';

const PUBLIC_URL = 'https://tracker.example.org';

describeEachDatabase('alerts delivery', (ctx) => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let staff: { id: number; email: string };
  const config = () => testConfig({ SMTP_URL: smtp.url, PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' });

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    staff = await makeStaff(ctx.handle);
    smtp = await startSmtpSink();
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await smtp?.close();
    await hooks?.close();
  });
  afterEach(async () => {
    await ctx.handle.db.delete(watches);
    smtp.messages.length = 0;
    hooks.received.length = 0;
  });

  async function billId(identifier: string): Promise<number> {
    const [row] = await ctx.handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, identifier));
    return row.id;
  }

  test('a scrape moving a watched bill from committee to passed sends one email and one signed webhook; re-running it sends nothing more', async () => {
    const { inCommittee, passed } = committeeAndPassed();
    await importFixtureBills(ctx.handle, [inCommittee]);
    const id = await billId('SB 5030');
    const opts = { publicUrl: PUBLIC_URL, emailConfigured: true, allowPrivateWebhooks: true };
    const mail = await createWatch(ctx.handle.db, staff, { bill_id: id, channel: 'email' }, opts);
    const hook = await createWatch(ctx.handle.db, staff, { bill_id: id, channel: 'webhook', target: hooks.url('/hooks/e2e') }, opts);
    hooks.setSecret('/hooks/e2e', hook.webhook_secret!);

    // Nothing moved since the watches were made: the bill's arrival is history to them.
    expect((await runAlertsOnce(ctx.handle, config())).enqueued).toBe(0);

    await importFixtureBills(ctx.handle, [passed]);
    const [bill] = await ctx.handle.db.select().from(bills).where(eq(bills.id, id));
    expect(bill.stage).toBe('passed_legislature');
    const summary = await runAlertsOnce(ctx.handle, config());
    expect(summary).toMatchObject({ enqueued: 2, delivered: { sent: 2, retrying: 0, failed: 0 } });

    expect(smtp.messages).toHaveLength(1);
    const email = smtp.messages[0];
    expect(email.to).toEqual(['analyst@example.org']);
    expect(email.subject).toBe('[Policy tracker] SB 5030 (Virginia): in committee → passed the legislature');
    expect(email.decoded).toContain('Passed House <with amendments> & "returned"');
    expect(email.decoded).toContain('Passed House &lt;with amendments&gt; &amp; &quot;returned&quot;');
    expect(email.decoded).toContain(`${PUBLIC_URL}/bills/${id}`);
    const [stored] = await ctx.handle.db.select().from(watches).where(eq(watches.id, mail.id));
    expect(email.decoded).toContain(`${PUBLIC_URL}/unsubscribe/${stored.unsubscribeToken}`);
    expect(email.decoded).toMatch(new RegExp(`^List-Unsubscribe:\\s*<${PUBLIC_URL}/unsubscribe/${stored.unsubscribeToken}>`, 'm'));

    expect(hooks.received).toHaveLength(1);
    const delivery = hooks.received[0];
    expect(delivery.check.ok).toBe(true);
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({
      type: 'bill.status_changed',
      bill: { id, identifier: 'SB 5030', url: `${PUBLIC_URL}/bills/${id}`, jurisdiction: { name: 'Virginia' } },
      change: { from_stage: 'committee', to_stage: 'passed_legislature', action_description: 'Passed House <with amendments> & "returned"' },
      policies: ['decertification'],
    });
    expect(delivery.headers[DELIVERY_HEADER.toLowerCase()]).toBe(body.id);

    // The same scrape again: the importer sees no change, the outbox nothing new.
    const again = await importFixtureBills(ctx.handle, [passed]);
    expect(again.counts).toMatchObject({ unchanged: 1 });
    expect(await runAlertsOnce(ctx.handle, config())).toMatchObject({ enqueued: 0, delivered: { claimed: 0 } });
    expect(await runAlertsOnce(ctx.handle, config())).toMatchObject({ enqueued: 0, delivered: { claimed: 0 } });
    expect(smtp.messages).toHaveLength(1);
    expect(hooks.received).toHaveLength(1);
    const rows = await ctx.handle.db.select().from(notifications).where(sql`${notifications.eventKey} <> 'cursor'`);
    expect(rows.map((r) => [r.state, r.attempts, r.eventKey])).toEqual([
      ['sent', 1, expect.stringMatching(/^status-change:\d+$/)],
      ['sent', 1, expect.stringMatching(/^status-change:\d+$/)],
    ]);
  });

  test('a new bill touching a watched policy is announced once as new-bill:<id>, even to someone watching it twice', async () => {
    const opts = { publicUrl: PUBLIC_URL, emailConfigured: true, allowPrivateWebhooks: true };
    await createWatch(ctx.handle.db, staff, { policy_id: 'no-knock', channel: 'email' }, opts);
    await createWatch(ctx.handle.db, staff, { policy_id: 'no-knock', jurisdiction_ids: ['ocd-jurisdiction/country:us/state:va/government'], channel: 'email' }, opts);
    const elsewhere = await createWatch(ctx.handle.db, staff, { policy_id: 'no-knock', jurisdiction_ids: ['ocd-jurisdiction/country:us/state:ky/government'], channel: 'email' }, opts);
    await importFixtureBills(ctx.handle, [makeBill({ identifier: 'HB 7001', externalId: 'hb7001', title: 'Search warrants; no-knock warrants prohibited' })]);
    await importFixtureBills(ctx.handle, [makeBill({ identifier: 'HB 7002', externalId: 'hb7002', title: 'Highway speed limits' })]);
    const summary = await runAlertsOnce(ctx.handle, config());
    expect(summary.enqueued).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].subject).toBe('[Policy tracker] HB 7001 (Virginia): new bill, enacted');
    const rows = await ctx.handle.db.select().from(notifications).where(eq(notifications.state, 'sent'));
    expect(rows.map((r) => r.eventKey)).toEqual([`new-bill:${await billId('HB 7001')}`]);
    expect(rows[0].watchId).not.toBe(elsewhere.id);
  });

  test('a webhook answering non-2xx is retried with backoff, then given up and shown as failed', async () => {
    const { inCommittee, passed } = committeeAndPassed({ identifier: 'SB 5031', externalId: 'sb5031' });
    await importFixtureBills(ctx.handle, [inCommittee]);
    const hook = await createWatch(ctx.handle.db, staff, { bill_id: await billId('SB 5031'), channel: 'webhook', target: hooks.url('/hooks/flaky') }, { publicUrl: PUBLIC_URL, emailConfigured: true, allowPrivateWebhooks: true });
    hooks.setSecret('/hooks/flaky', hook.webhook_secret!);
    await importFixtureBills(ctx.handle, [passed]);
    hooks.queueStatuses(500, 503, 502);
    const options = { maxAttempts: 3, backoffBaseMs: 60_000 };

    expect((await runAlertsOnce(ctx.handle, config(), options)).delivered).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = await ctx.handle.db.select().from(notifications).where(sql`${notifications.watchId} = ${hook.id} AND ${notifications.eventKey} <> 'cursor'`);
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'webhook answered HTTP 500' });
    const wait = row.nextAttemptAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    // Not due yet: a pass now sends nothing.
    expect((await runAlertsOnce(ctx.handle, config(), options)).delivered.claimed).toBe(0);

    for (const expected of [{ state: 'pending', attempts: 2 }, { state: 'failed', attempts: 3 }]) {
      await ctx.handle.db.update(notifications).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(notifications.id, row.id));
      await runAlertsOnce(ctx.handle, config(), options);
      [row] = await ctx.handle.db.select().from(notifications).where(eq(notifications.id, row.id));
      expect(row).toMatchObject(expected);
    }
    expect(row.lastError).toBe('webhook answered HTTP 502');
    expect(hooks.received.map((r) => r.check.ok)).toEqual([true, true, true]);
    await ctx.handle.db.update(notifications).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(notifications.id, row.id));
    expect((await runAlertsOnce(ctx.handle, config(), options)).delivered.claimed).toBe(0);
  });

  test('without SMTP_URL email waits as pending with "email not configured", and goes out once SMTP is set', async () => {
    const { inCommittee, passed } = committeeAndPassed({ identifier: 'SB 5032', externalId: 'sb5032' });
    await importFixtureBills(ctx.handle, [inCommittee]);
    const watch = await createWatch(ctx.handle.db, staff, { bill_id: await billId('SB 5032'), channel: 'email' }, { publicUrl: PUBLIC_URL, emailConfigured: false });
    expect(watch.problem).toBe(EMAIL_NOT_CONFIGURED);
    await importFixtureBills(ctx.handle, [passed]);
    const noSmtp = testConfig({ PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' });
    expect(await runAlertsOnce(ctx.handle, noSmtp)).toMatchObject({ enqueued: 1, waitingForEmail: 1, delivered: { claimed: 0 } });
    const [row] = await ctx.handle.db.select().from(notifications).where(sql`${notifications.watchId} = ${watch.id} AND ${notifications.eventKey} <> 'cursor'`);
    expect(row).toMatchObject({ state: 'pending', attempts: 0, lastError: EMAIL_NOT_CONFIGURED });
    expect(smtp.messages).toHaveLength(0);

    expect((await runAlertsOnce(ctx.handle, config())).delivered.sent).toBe(1);
    expect(smtp.messages).toHaveLength(1);
  });

  test('a daily digest gathers a watch\'s changes into one email when it is due', async () => {
    const opts = { publicUrl: PUBLIC_URL, emailConfigured: true, allowPrivateWebhooks: true };
    const digest = await createWatch(ctx.handle.db, staff, { jurisdiction_ids: ['ocd-jurisdiction/country:us/state:va/government'], channel: 'email-digest' }, opts);
    const a = committeeAndPassed({ identifier: 'SB 5033', externalId: 'sb5033' });
    const b = committeeAndPassed({ identifier: 'SB 5034', externalId: 'sb5034' });
    await importFixtureBills(ctx.handle, [a.inCommittee, b.inCommittee]);
    await importFixtureBills(ctx.handle, [a.passed]);
    expect(await runAlertsOnce(ctx.handle, config())).toMatchObject({ enqueued: 3, digests: { emails: 0 } });
    const pending = await ctx.handle.db.select().from(notifications).where(sql`${notifications.watchId} = ${digest.id} AND ${notifications.state} = 'pending'`);
    expect(pending).toHaveLength(3);
    for (const p of pending) {
      expect(p.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
      expect(p.nextAttemptAt.getUTCHours()).toBe(13);
    }

    await ctx.handle.db.update(notifications).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(notifications.watchId, digest.id));
    expect((await runAlertsOnce(ctx.handle, config())).digests).toEqual({ emails: 1, notifications: 3, failedEmails: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].subject).toBe('[Policy tracker] Daily digest: 3 changes for jurisdiction ocd-jurisdiction/country:us/state:va/government');
    expect(smtp.messages[0].decoded).toContain('SB 5033 (Virginia)');
    expect(smtp.messages[0].decoded).toContain('SB 5034 (Virginia)');
    expect((await runAlertsOnce(ctx.handle, config())).digests.emails).toBe(0);
  });

  test('an unsubscribed watch gets nothing', async () => {
    const { inCommittee, passed } = committeeAndPassed({ identifier: 'SB 5035', externalId: 'sb5035' });
    await importFixtureBills(ctx.handle, [inCommittee]);
    const watch = await createWatch(ctx.handle.db, staff, { bill_id: await billId('SB 5035'), channel: 'email' }, { publicUrl: PUBLIC_URL, emailConfigured: true });
    await ctx.handle.db.update(watches).set({ active: false }).where(eq(watches.id, watch.id));
    await importFixtureBills(ctx.handle, [passed]);
    expect(await runAlertsOnce(ctx.handle, config())).toMatchObject({ enqueued: 0, delivered: { claimed: 0 } });
    expect(smtp.messages).toHaveLength(0);
  });
});
