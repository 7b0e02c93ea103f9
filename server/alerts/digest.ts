import type { Db } from '../../db/database.js';
import { markNotificationsSent, renewNotificationClaim } from '../../db/alerts/notifications-outbox.js';
import { claimDueNotifications, markFailed, type ClaimedNotification, type RetryPolicy } from './deliver-notifications.js';
import { messageIdFor, type MailTransport } from './email-sender.js';
import { renderDigestEmail } from '../../web/emails/render-alert-email.js';

export type DigestCounts = { emails: number; notifications: number; failedEmails: number };

/**
 * Sends daily digests: claims the digest notifications that are due (they become due at
 * the digest hour after they were enqueued) and sends one email per watch listing them
 * all. The group succeeds or fails together; a failure retries the whole digest later.
 * Returns the emails sent, the notifications they carried and the emails that failed.
 */
export async function sendDueDigests(
  db: Db,
  transport: MailTransport,
  options: { publicUrl: string; policy: RetryPolicy; batchSize?: number; maxBatches?: number; onError?: (watchId: number, error: Error) => void },
): Promise<DigestCounts> {
  const counts: DigestCounts = { emails: 0, notifications: 0, failedEmails: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch += 1) {
    const claimed = await claimDueNotifications(db, { channels: ['email-digest'], limit: options.batchSize ?? 500, policy: options.policy });
    if (claimed.length === 0) break;
    const byWatch = new Map<number, ClaimedNotification[]>();
    for (const n of claimed) byWatch.set(n.watchId, [...(byWatch.get(n.watchId) ?? []), n]);
    for (const group of byWatch.values()) {
      const held: ClaimedNotification[] = [];
      for (const n of group) if (await renewNotificationClaim(db, n)) held.push(n);
      if (held.length === 0) continue;
      const first = held[0];
      const events = held.map((n) => n.event).sort((a, b) => a.status_change_id - b.status_change_id);
      try {
        const rendered = renderDigestEmail(events, { publicUrl: options.publicUrl, watchDescription: first.watch.description, unsubscribeToken: first.watch.unsubscribeToken });
        await transport.send({ ...rendered, to: first.watch.target, messageId: messageIdFor('digest', first.id, options.publicUrl) });
        await markNotificationsSent(db, held.map((n) => n.id));
        counts.emails += 1;
        counts.notifications += held.length;
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        options.onError?.(first.watchId, e);
        await markFailed(db, held, e.message, options.policy);
        counts.failedEmails += 1;
      }
    }
  }
  return counts;
}
