/**
 * Run by the crash test as a real child process (`npx tsx`): opens the database named by
 * its argument (a postgres:// URL or a PGlite data folder), claims the due notifications
 * as a delivery pass would, prints their ids, and kills itself with SIGKILL before sending.
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../db/connect.js';
import { claimDueNotifications, DEFAULT_RETRY_POLICY } from '../../server/alerts/deliver-notifications.js';

const target = process.argv[2];
if (!target) throw new Error('usage: alerts-claim-and-die <postgres url | pglite data folder>');
const handle = target.startsWith('postgres')
  ? await openDatabase({ databaseUrl: target, dataDir: '' })
  : await openDatabase({ databaseUrl: null, dataDir: target, command: 'alerts-claim-and-die' });
const claimed = await claimDueNotifications(handle.db, { channels: ['email', 'webhook'], limit: 10, policy: DEFAULT_RETRY_POLICY });
writeSync(1, `${JSON.stringify(claimed.map((n) => n.id))}\n`);
process.kill(process.pid, 'SIGKILL');
