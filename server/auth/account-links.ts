/**
 * Sends an invitation or reset link by email when the server can (SMTP_URL), so an
 * administrator need not pass it along by hand; returns whether it was sent.
 */
import type { Config } from '../../core/config.js';
import { createMailTransport } from '../alerts/email-sender.js';
import { renderInviteEmail, renderResetEmail } from '../../web/emails/render-link-email.js';
import type { AccountLink, AccountView } from './accounts-service.js';

export async function emailAccountLink(
  config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl'>,
  account: AccountView,
  link: AccountLink,
  purpose: 'invite' | 'reset',
  invitedBy: string,
): Promise<boolean> {
  if (!config.smtpUrl) return false;
  const email = purpose === 'invite'
    ? renderInviteEmail({ name: account.name, invitedBy, url: link.url, expiresAt: link.expiresAt })
    : renderResetEmail({ name: account.name, url: link.url, expiresAt: link.expiresAt });
  const transport = createMailTransport(config.smtpUrl, config.smtpFrom);
  try {
    await transport.send({ ...email, to: account.email, messageId: `<${purpose}-${account.id}-${link.expiresAt.getTime()}@${new URL(config.publicUrl).hostname}>` });
    return true;
  } finally {
    transport.close();
  }
}
