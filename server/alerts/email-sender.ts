import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { NotificationSender } from './deliver-notifications.js';
import { renderAlertEmail, type RenderedEmail } from '../../web/emails/render-alert-email.js';

/** Why email watches wait, shown to their owners while SMTP_URL is unset. */
export const EMAIL_NOT_CONFIGURED = 'email not configured: the server has no SMTP_URL, so this waits until one is set';

/** Sends rendered emails; `close()` ends the SMTP connection. */
export type MailTransport = {
  send: (message: RenderedEmail & { to: string; messageId: string }) => Promise<void>;
  close: () => void;
};

/**
 * A nodemailer SMTP transport from `SMTP_URL` (smtp:// or smtps://, credentials in the URL).
 * Timeouts are bounded so one hung server cannot hold a claim past its timeout.
 * @throws when the server refuses the message (the delivery is retried).
 */
export function createMailTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } satisfies SMTPTransport.Options);
  return {
    send: async (m) => {
      await transporter.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers, messageId: m.messageId });
    },
    close: () => transporter.close(),
  };
}

/** A stable Message-ID per notification, so a repeated send after a crash can be recognized. */
export function messageIdFor(kind: string, id: number, publicUrl: string): string {
  return `<${kind}-${id}@${new URL(publicUrl).hostname}>`;
}

/** The sender for immediate email watches: one email per change to the watch's address. */
export function emailSender(transport: MailTransport, publicUrl: string): NotificationSender {
  return async (n) => {
    const rendered = renderAlertEmail(n.event, { publicUrl, watchDescription: n.watch.description, unsubscribeToken: n.watch.unsubscribeToken });
    await transport.send({ ...rendered, to: n.watch.target, messageId: messageIdFor('notification', n.id, publicUrl) });
  };
}
