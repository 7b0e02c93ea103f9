import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SIGNATURE_HEADER, verifyWebhookSignature, type SignatureCheck } from '../../server/alerts/webhook-sender.js';

export type ReceivedMail = { from: string | null; to: string[]; raw: string; subject: string; decoded: string };

function decodeQ(text: string): string {
  return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** Headers with RFC 2047 words decoded; bodies with quoted-printable undone: enough to search a test mail. */
function decodeMail(raw: string): { headers: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const headers = head
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQ(text),
    );
  const body = Buffer.from(
    raw.slice(split + 4).replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
  return { headers, body };
}

/** A real SMTP server on loopback that keeps every message it is given. */
export async function startSmtpSink(): Promise<{ url: string; messages: ReceivedMail[]; close: () => Promise<void> }> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers, body } = decodeMail(raw);
        const decoded = `${headers}\r\n\r\n${body}`;
        const subject = /^Subject: (.*)$/m.exec(headers)?.[1].trim() ?? '';
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, subject, decoded });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type ReceivedHook = { path: string; headers: IncomingHttpHeaders; body: string; check: SignatureCheck };

/**
 * A loopback webhook receiver that verifies each signature with the secret registered for
 * its path (401 when it does not verify), then answers the next queued status (204 by default).
 */
export async function startWebhookReceiver(): Promise<{
  url: (path: string) => string;
  received: ReceivedHook[];
  accepted: () => ReceivedHook[];
  setSecret: (path: string, secret: string) => void;
  queueStatuses: (...statuses: number[]) => void;
  close: () => Promise<void>;
}> {
  const received: ReceivedHook[] = [];
  const secrets = new Map<string, string>();
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const secret = secrets.get(path);
      const check: SignatureCheck = secret ? verifyWebhookSignature(secret, req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, body) : { ok: false, reason: 'mismatch' };
      received.push({ path, headers: req.headers, body, check });
      if (!check.ok) {
        res.writeHead(401).end(`bad signature: ${check.reason}`);
        return;
      }
      res.writeHead(statuses.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    accepted: () => received.filter((r) => r.check.ok),
    setSecret: (path, secret) => secrets.set(path, secret),
    queueStatuses: (...s) => statuses.push(...s),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
