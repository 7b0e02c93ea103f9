import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { findWatch } from '../../db/alerts/watches-repository.js';
import { listWatchEvents } from '../../db/alerts/alert-events-query.js';
import { AppError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { AlertEvent } from '../../core/alerts/alert-event.js';
import { describeWatch, type ClaimedNotification } from './deliver-notifications.js';
import { createMailTransport, emailSender } from './email-sender.js';
import { webhookSender } from './webhook-sender.js';
import { WebhookTargetError, type HostResolver } from './webhook-target.js';

/** A made-up change for a watch that has seen none yet: says plainly that it is a test. */
function sampleEvent(billId: number | null, identifier: string | null): AlertEvent {
  return {
    kind: 'status-change', status_change_id: 0, changed_at: new Date().toISOString(),
    bill: { id: billId ?? 0, identifier: identifier ?? 'TEST 1', title: 'Test notification: this is how a change will look', session: 'test', source_url: null },
    jurisdiction: { id: 'test', name: 'Policy tracker' },
    from_stage: 'introduced', to_stage: 'committee', from_status: 'pending', to_status: 'pending',
    action_date: new Date().toISOString().slice(0, 10), action_description: 'Test send from My watches', policies: [],
  };
}

/**
 * Sends one notification through a watch's channel now, outside the outbox: its newest
 * covered change, or a sample saying it is a test. Digest watches get it as a single email.
 * @throws NotFoundError when the watch is not the user's; ValidationError when email is not
 *   configured or the webhook target is refused; AppError 502 when the webhook receiver or
 *   the mail server fails.
 */
export async function sendTestNotification(
  db: Db,
  userId: number,
  watchId: number,
  config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl' | 'allowPrivateWebhooks'>,
  options: { resolveHost?: HostResolver } = {},
): Promise<{ to: string; channel: string }> {
  const watch = await findWatch(db, { id: watchId });
  if (!watch || watch.userId !== userId) throw new NotFoundError(`watch ${watchId}`);
  const [latest] = await listWatchEvents(db, watchId, 1);
  const notification: ClaimedNotification = {
    id: 0, watchId, eventKey: 'test', attempts: 1, createdAt: new Date().toISOString(),
    event: latest?.event ?? sampleEvent(watch.billId, watch.billIdentifier),
    watch: {
      id: watch.id, userId: watch.userId, channel: watch.channel, target: watch.target, secret: watch.secret, unsubscribeToken: watch.unsubscribeToken,
      description: describeWatch({ ...watch, query: watch.query }),
    },
  };
  if (watch.channel === 'webhook') {
    // The same target check as every delivery: a test send cannot reach an internal address either.
    try {
      await webhookSender({ publicUrl: config.publicUrl, allowPrivate: config.allowPrivateWebhooks, resolve: options.resolveHost })(notification);
    } catch (error) {
      if (error instanceof WebhookTargetError) throw new ValidationError('invalid target', [{ parameter: 'target', message: error.message }]);
      // The receiver failed, not this server: 502 with what it answered (its status, never its body).
      throw new AppError('delivery_failed', `the test could not be delivered: ${(error as Error).message}`, 502);
    }
    return { to: watch.target, channel: watch.channel };
  }
  if (!config.smtpUrl) throw new ValidationError('email not configured', [{ parameter: 'channel', message: 'the server has no SMTP_URL, so no email can be sent' }]);
  const transport = createMailTransport(config.smtpUrl, config.smtpFrom);
  try {
    await emailSender(transport, config.publicUrl)(notification);
  } catch (error) {
    // The mail server refused or could not be reached: its failure, not this server's (502, with its reply line).
    throw new AppError('delivery_failed', `the test email could not be sent: ${(error as Error).message.split('\n')[0]}`, 502);
  } finally {
    transport.close();
  }
  return { to: watch.target, channel: watch.channel };
}
