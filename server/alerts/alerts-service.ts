import type { DatabaseHandle } from '../../db/connect.js';
import type { Config } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { noteWaitingNotifications } from '../../db/alerts/notifications-outbox.js';
import { DEFAULT_RETRY_POLICY, deliverNotifications, type DeliveryCounts, type NotificationSender, type RetryPolicy } from './deliver-notifications.js';
import { sendDueDigests, type DigestCounts } from './digest.js';
import { createMailTransport, EMAIL_NOT_CONFIGURED, emailSender, type MailTransport } from './email-sender.js';
import { matchWatches } from './match-watches.js';
import { webhookSender } from './webhook-sender.js';
import type { HostResolver } from './webhook-target.js';
import type { WatchChannel } from '../../core/alerts/alert-event.js';

export type AlertsOptions = Partial<RetryPolicy> & {
  /** Hour (UTC) the daily digests go out. */
  digestHourUtc?: number;
  webhookTimeoutMs?: number;
  batchSize?: number;
  logger?: Pick<Logger, 'warn'>;
  /** Replaces the SMTP transport built from `config.smtpUrl` (a different mail service). */
  transport?: MailTransport;
  /** Resolves webhook hosts (default: the system resolver). */
  resolveHost?: HostResolver;
};

export type AlertsRunSummary = {
  enqueued: number;
  delivered: DeliveryCounts;
  digests: DigestCounts;
  /** Pending email notifications newly marked "email not configured". */
  waitingForEmail: number;
};

/**
 * One pass of the alerts: matches new change-log rows to watches (the outbox), delivers
 * due immediate emails and webhooks (including claims left by a dead process), and sends
 * the daily digests that are due. Safe to run concurrently and repeatedly: nothing is
 * enqueued twice and a claimed row is delivered by one process. Without `SMTP_URL`, email
 * notifications stay pending and say why.
 */
export async function runAlertsOnce(handle: DatabaseHandle, config: Config, options: AlertsOptions = {}): Promise<AlertsRunSummary> {
  const db = handle.db;
  const policy: RetryPolicy = {
    claimTimeoutMs: options.claimTimeoutMs ?? DEFAULT_RETRY_POLICY.claimTimeoutMs,
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    backoffBaseMs: options.backoffBaseMs ?? DEFAULT_RETRY_POLICY.backoffBaseMs,
    backoffCapMs: options.backoffCapMs ?? DEFAULT_RETRY_POLICY.backoffCapMs,
  };
  const { enqueued } = await matchWatches(db, { digestHourUtc: options.digestHourUtc });

  const transport = options.transport ?? (config.smtpUrl ? createMailTransport(config.smtpUrl, config.smtpFrom) : null);
  try {
    const senders: Partial<Record<WatchChannel, NotificationSender>> = {
      webhook: webhookSender({ publicUrl: config.publicUrl, timeoutMs: options.webhookTimeoutMs, allowPrivate: config.allowPrivateWebhooks, resolve: options.resolveHost }),
    };
    if (transport) senders.email = emailSender(transport, config.publicUrl);
    const onError = (watchId: number, error: Error) => options.logger?.warn({ watchId, err: error.message }, 'alert delivery failed');
    const delivered = await deliverNotifications(db, senders, { policy, batchSize: options.batchSize, onError: (n, e) => onError(n.watchId, e) });
    const digests = transport
      ? await sendDueDigests(db, transport, { publicUrl: config.publicUrl, policy, onError })
      : { emails: 0, notifications: 0, failedEmails: 0 };
    const waitingForEmail = transport ? 0 : await noteWaitingNotifications(db, ['email', 'email-digest'], EMAIL_NOT_CONFIGURED);
    return { enqueued, delivered, digests, waitingForEmail };
  } finally {
    // A transport passed in belongs to the caller.
    if (transport && !options.transport) transport.close();
  }
}
