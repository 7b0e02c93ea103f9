import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../../db/connect.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, notifications } from '../../../db/schema/index.js';
import { matchWatches } from '../../../server/alerts/match-watches.js';
import { runAlertsOnce } from '../../../server/alerts/alerts-service.js';
import { createWatch } from '../../../server/alerts/watches-service.js';
import { createTestDatabase, databaseKinds } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { importFixtureBills } from '../../helpers/bill-fixtures.js';
import { startSmtpSink, startWebhookReceiver } from '../../helpers/alerts-servers.js';
import { committeeAndPassed, makeStaff } from '../../helpers/alerts-fixtures.js';

const PUBLIC_URL = 'https://tracker.example.org';
const CHILD = path.resolve('test/helpers/alerts-claim-and-die.ts');

/** Runs the claim-and-die script; resolves with what it printed and how it ended. */
function runClaimAndDie(target: string): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', CHILD, target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal }));
  });
}

/**
 * A database two processes can open in turn: a PGlite data folder (never open in two
 * processes at once) or a throwaway PostgreSQL database.
 */
async function sharedDatabase(kind: 'pglite' | 'postgres') {
  if (kind === 'postgres') {
    const handle = await createTestDatabase('postgres');
    return { target: handle.url!, open: async () => handle, release: async () => undefined, dispose: () => handle.close() };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alerts-crash-'));
  let handle: DatabaseHandle | null = null;
  return {
    target: dir,
    open: async () => (handle = await openDatabase({ databaseUrl: null, dataDir: dir, command: 'alerts-crash-test' })),
    release: async () => {
      await handle?.close();
      handle = null;
    },
    dispose: async () => {
      await handle?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const kind of databaseKinds()) {
  describe(`alerts crash recovery [${kind}]`, () => {
    test('a process killed between claiming and sending: the next pass reclaims the stale claim and sends exactly once', async () => {
      const shared = await sharedDatabase(kind);
      const smtp = await startSmtpSink();
      const hooks = await startWebhookReceiver();
      try {
        let handle = await shared.open();
        await migrateDatabase(handle);
        await seedDatabase(handle.db, { curated: false });
        const staff = await makeStaff(handle);
        const { inCommittee, passed } = committeeAndPassed();
        await importFixtureBills(handle, [inCommittee]);
        const [bill] = await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, 'SB 5030'));
        const opts = { publicUrl: PUBLIC_URL, emailConfigured: true, allowPrivateWebhooks: true };
        await createWatch(handle.db, staff, { bill_id: bill.id, channel: 'email' }, opts);
        const hook = await createWatch(handle.db, staff, { bill_id: bill.id, channel: 'webhook', target: hooks.url('/hooks/crash') }, opts);
        hooks.setSecret('/hooks/crash', hook.webhook_secret!);
        await importFixtureBills(handle, [passed]);
        expect((await matchWatches(handle.db)).enqueued).toBe(2);
        await shared.release();

        const child = await runClaimAndDie(shared.target);
        // npx and tsx wrap the node process: its SIGKILL reaches us as a signal or as exit 137 (128 + 9).
        expect({ died: child.signal === 'SIGKILL' || child.code === 137, stderr: child.stderr.trim() }).toEqual({ died: true, stderr: '' });
        const claimedIds = JSON.parse(child.stdout.trim()) as number[];
        expect(claimedIds).toHaveLength(2);

        handle = await shared.open();
        const held = await handle.db.select().from(notifications).where(sql`${notifications.eventKey} <> 'cursor'`).orderBy(notifications.id);
        expect(held.map((n) => [n.id, n.state, n.attempts])).toEqual(claimedIds.map((id) => [id, 'claimed', 1]));

        const config = testConfig({ SMTP_URL: smtp.url, PUBLIC_URL, ALLOW_PRIVATE_WEBHOOKS: 'true' });
        const claimTimeoutMs = 1500;
        // Still within the claim timeout: the dead process's claim is respected.
        const early = await runAlertsOnce(handle, config, { claimTimeoutMs: 60_000 });
        expect(early.delivered.claimed).toBe(0);
        expect(smtp.messages).toHaveLength(0);

        await new Promise((r) => setTimeout(r, claimTimeoutMs + 200));
        const recovered = await runAlertsOnce(handle, config, { claimTimeoutMs });
        expect(recovered.delivered).toMatchObject({ claimed: 2, sent: 2 });
        expect(await runAlertsOnce(handle, config, { claimTimeoutMs })).toMatchObject({ enqueued: 0, delivered: { claimed: 0 } });

        expect(smtp.messages).toHaveLength(1);
        expect(hooks.received).toHaveLength(1);
        expect(hooks.received[0].check.ok).toBe(true);
        const done = await handle.db.select().from(notifications).where(sql`${notifications.eventKey} <> 'cursor'`);
        expect(done.map((n) => [n.state, n.attempts])).toEqual([['sent', 2], ['sent', 2]]);
      } finally {
        await smtp.close();
        await hooks.close();
        await shared.dispose();
      }
    }, 120_000);
  });
}
