import { createHmac, timingSafeEqual } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveWebhookTarget, WebhookTargetError, type HostResolver, type ResolvedTarget } from './webhook-target.js';
import { billUrl, describeChange, type AlertEvent } from '../../core/alerts/alert-event.js';
import { STAGES, STATUSES } from '../../core/vocabulary.js';
import type { ClaimedNotification, NotificationSender } from './deliver-notifications.js';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Tracker-Signature';
/** The notification id: the same on a repeated delivery, so receivers can drop repeats. */
export const DELIVERY_HEADER = 'X-Tracker-Delivery';
export const EVENT_HEADER = 'X-Tracker-Event';

/** What a webhook receives (see `webhookPayloadJsonSchema`). */
export type WebhookPayload = {
  id: string;
  type: 'bill.new' | 'bill.status_changed' | 'bill.hearing_scheduled';
  event_key: string;
  created_at: string;
  watch: { id: number; description: string };
  bill: {
    id: number; identifier: string; title: string; session: string; url: string; source_url: string | null;
    jurisdiction: { id: string; name: string };
  };
  change: {
    summary: string; from_stage: string | null; to_stage: string; from_status: string | null; to_status: string;
    action_date: string | null; action_description: string | null; changed_at: string;
  };
  policies: string[];
  /** For `bill.hearing_scheduled`: the meeting that takes the bill up. */
  hearing?: { meeting_id: number; date: string; time: string | null; body: string; location: string | null; agenda_url: string | null; source_url: string | null };
};

const nullableString = { type: ['string', 'null'] } as const;

/**
 * JSON Schema (2020-12) of the webhook body, for the OpenAPI document and for receivers.
 * The body is signed as sent: verify the signature over the raw bytes before parsing.
 */
export const webhookPayloadJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://policy-tracker.example/schemas/webhook-payload.json',
  title: 'WatchWebhookPayload',
  description:
    'Sent as the POST body when a watched bill moves. Headers: X-Tracker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> ' +
    'keyed with the watch secret (reject old timestamps to stop replays); X-Tracker-Delivery: the id below, repeated on a retry; X-Tracker-Event: the type.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'event_key', 'created_at', 'watch', 'bill', 'change', 'policies'],
  properties: {
    id: { type: 'string', description: 'Notification id; the same on every retry of this delivery.' },
    type: { enum: ['bill.new', 'bill.status_changed', 'bill.hearing_scheduled'] },
    event_key: { type: 'string', description: 'status-change:<change id>, new-bill:<bill id> or hearing:<bill id>:<meeting id>' },
    created_at: { type: 'string', format: 'date-time', description: 'When the change was matched to the watch.' },
    watch: {
      type: 'object', additionalProperties: false, required: ['id', 'description'],
      properties: { id: { type: 'integer' }, description: { type: 'string' } },
    },
    bill: {
      type: 'object', additionalProperties: false, required: ['id', 'identifier', 'title', 'session', 'url', 'source_url', 'jurisdiction'],
      properties: {
        id: { type: 'integer' },
        identifier: { type: 'string' },
        title: { type: 'string' },
        session: { type: 'string' },
        url: { type: 'string', format: 'uri', description: 'The bill page on this tracker.' },
        source_url: { ...nullableString, description: "The bill on its source's site." },
        jurisdiction: {
          type: 'object', additionalProperties: false, required: ['id', 'name'],
          properties: { id: { type: 'string', description: 'OCD jurisdiction id' }, name: { type: 'string' } },
        },
      },
    },
    change: {
      type: 'object', additionalProperties: false,
      required: ['summary', 'from_stage', 'to_stage', 'from_status', 'to_status', 'action_date', 'action_description', 'changed_at'],
      properties: {
        summary: { type: 'string', description: 'In words, e.g. "in committee → passed the legislature".' },
        from_stage: { ...nullableString, description: 'null for a new bill' },
        to_stage: { enum: [...STAGES] },
        from_status: nullableString,
        to_status: { enum: [...STATUSES] },
        action_date: { ...nullableString, description: 'YYYY-MM-DD of the deciding action' },
        action_description: { ...nullableString, description: 'The action text as the source prints it.' },
        changed_at: { type: 'string', format: 'date-time', description: 'When the tracker saw the change.' },
      },
    },
    policies: { type: 'array', items: { type: 'string' }, description: 'Policy ids the bill touches.' },
    hearing: {
      type: 'object', additionalProperties: false, required: ['meeting_id', 'date', 'time', 'body', 'location', 'agenda_url', 'source_url'],
      description: 'Only on bill.hearing_scheduled: the meeting newly scheduled to take the bill up.',
      properties: {
        meeting_id: { type: 'integer' },
        date: { type: 'string', description: 'YYYY-MM-DD, the meeting day (local)' },
        time: { ...nullableString, description: 'HH:MM, local' },
        body: { type: 'string', description: 'The council, committee or commission that meets.' },
        location: nullableString,
        agenda_url: nullableString,
        source_url: nullableString,
      },
    },
  },
} as const;

/** The webhook event type of an alert event. */
function webhookType(e: AlertEvent): WebhookPayload['type'] {
  return e.kind === 'new-bill' ? 'bill.new' : e.kind === 'hearing-scheduled' ? 'bill.hearing_scheduled' : 'bill.status_changed';
}

/** The webhook body for one notification. */
export function buildWebhookPayload(n: Pick<ClaimedNotification, 'id' | 'eventKey' | 'createdAt' | 'watch'> & { event: AlertEvent }, publicUrl: string): WebhookPayload {
  const e = n.event;
  return {
    id: String(n.id),
    type: webhookType(e),
    event_key: n.eventKey,
    created_at: n.createdAt,
    watch: { id: n.watch.id, description: n.watch.description },
    bill: {
      id: e.bill.id, identifier: e.bill.identifier, title: e.bill.title, session: e.bill.session, url: billUrl(publicUrl, e.bill.id),
      source_url: e.bill.source_url, jurisdiction: e.jurisdiction,
    },
    change: {
      summary: describeChange(e), from_stage: e.from_stage, to_stage: e.to_stage, from_status: e.from_status, to_status: e.to_status,
      action_date: e.action_date, action_description: e.action_description, changed_at: e.changed_at,
    },
    policies: e.policies,
    ...(e.hearing
      ? { hearing: { meeting_id: e.hearing.meeting_id, date: e.hearing.date, time: e.hearing.time, body: e.hearing.body, location: e.hearing.location, agenda_url: e.hearing.agenda_url, source_url: e.hearing.source_url } }
      : {}),
  };
}

/** The signature header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a signature header against the raw body, for receivers (and our tests): the HMAC
 * must match in constant time and the timestamp be within `toleranceSeconds` of now.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  const parts = new Map(header.split(',').map((p) => { const i = p.indexOf('='); return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const; }));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), 'hex');
  return timingSafeEqual(expected, Buffer.from(v1, 'hex')) ? { ok: true, timestamp: t } : { ok: false, reason: 'mismatch' };
}

/**
 * POSTs `body` to the checked target, connecting to its pinned address (the Host header and
 * the TLS server name stay the URL's host). Resolves with the status; the answer's body is
 * read and dropped, never kept: the delivery log must not become a way to read internal pages.
 */
function postPinned(target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return new Promise<number>((resolve, reject) => {
    const req = send(target.url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinned, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`webhook timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The sender for webhook watches: checks the target again (its host must still resolve to
 * public addresses, unless `allowPrivate`), POSTs the signed JSON body to the checked address,
 * does not follow redirects, gives up after `timeoutMs`.
 * @throws on a refused target, a network error, a timeout or any non-2xx answer (the message
 * names the status, never the answer's body).
 */
export function webhookSender(options: { publicUrl: string; timeoutMs?: number; userAgent?: string; allowPrivate?: boolean; resolve?: HostResolver }): NotificationSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (n) => {
    if (!n.watch.secret) throw new Error('this webhook has no signing secret');
    let target: ResolvedTarget;
    try {
      target = await resolveWebhookTarget(n.watch.target, { allowPrivate: options.allowPrivate ?? false, resolve: options.resolve });
    } catch (error) {
      throw new WebhookTargetError(`webhook target refused: ${(error as Error).message}`);
    }
    const body = JSON.stringify(buildWebhookPayload(n, options.publicUrl));
    const payloadType = webhookType(n.event);
    let status: number;
    try {
      status = await postPinned(
        target,
        {
          'content-type': 'application/json',
          'user-agent': options.userAgent ?? 'policy-tracker-webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(n.watch.secret, body, Math.floor(Date.now() / 1000)),
          [DELIVERY_HEADER]: String(n.id),
          [EVENT_HEADER]: payloadType,
        },
        body,
        timeoutMs,
      );
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ETIMEDOUT') throw new Error(`webhook timed out after ${timeoutMs} ms`);
      throw new Error(`webhook request failed: ${e.code ?? e.message}`);
    }
    if (status >= 200 && status < 300) return;
    throw new Error(`webhook answered HTTP ${status}`);
  };
}
