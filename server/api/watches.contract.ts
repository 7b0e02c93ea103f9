import { z } from 'zod';
import { NOTIFICATION_STATES, WATCH_CHANNELS } from '../../core/alerts/alert-event.js';
import { ValidationError } from '../../core/errors.js';
import type { WatchInput } from '../alerts/watches-service.js';
import { component, csrfField, defineOperation, noQuery, resultsOf, wire } from './contract-kit.js';
import { JURISDICTION_REF, normalizeJurisdictionRef } from '../../core/jurisdictions/jurisdiction-refs.js';
import { isWebhookUrl } from '../../core/alerts/webhook-url.js';

/** Staff watchlists: watches, their delivery log, and their secret feed URLs. */

const watchShape = {
  id: wire.int,
  kind: z.enum(['bill', 'policy', 'jurisdiction', 'search']),
  description: z.string().describe('What is watched, in words (`bill SB 5030`, `policy Officer decertification in ...`).'),
  bill_id: wire.int.nullable(),
  policy_id: z.string().nullable(),
  jurisdiction_ids: z.array(z.string()).describe('OCD ids, and state codes (`va`) meaning the state and every place in it.'),
  query: z.string().nullable().describe('A saved search: only bills whose title or summary match these words.'),
  channel: z.enum(WATCH_CHANNELS),
  target: z.string().describe('The email address or webhook URL deliveries go to.'),
  active: z.boolean().describe('False once unsubscribed: the watch no longer delivers.'),
  created_at: wire.dateTime,
  deliveries: z
    .object({ pending: wire.int, claimed: wire.int, sent: wire.int, failed: wire.int })
    .describe('How many deliveries of this watch are in each state.'),
  problem: z.string().nullable().describe('Why deliveries wait or fail (say, email not configured); null when nothing is wrong.'),
};

const Watch = component('Watch', z.object(watchShape).describe('A watch as its owner sees it; secrets are shown only when it is made.'));

const CreatedWatch = component(
  'CreatedWatch',
  z.object({
    ...watchShape,
    feed_url: z.url().describe("The watch's secret Atom feed; shown once."),
    webhook_secret: z.string().nullable().describe('For webhooks: the secret deliveries are signed with (`whsec_...`); shown once. Null for email.'),
    note: z.string(),
  }),
);

const Delivery = component(
  'Delivery',
  z
    .object({
      id: wire.int,
      watch_id: wire.int,
      event_key: z.string(),
      state: z.enum(NOTIFICATION_STATES),
      attempts: wire.int,
      last_error: z.string().nullable(),
      created_at: wire.dateTime,
      next_attempt_at: wire.dateTime.nullable(),
      claimed_at: wire.dateTime.nullable(),
      sent_at: wire.dateTime.nullable(),
      bill: z.object({ id: wire.int, identifier: z.string() }).nullable(),
      summary: z.string().nullable().describe('The change delivered, in words (`in committee → passed the legislature`).'),
    })
    .describe('One notification of one watch, newest first.'),
);

const watchBody = z.strictObject({
  bill_id: z.number({ message: 'bill_id must be a bill id (a number)' }).int().positive().describe('Watch this bill.').optional(),
  policy_id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'expected a policy id such as no-knock')
    .describe('Watch bills on this policy (in `jurisdiction_ids` only, when given).')
    .optional(),
  jurisdiction_ids: z
    .array(z.string().regex(JURISDICTION_REF, 'expected a two-letter state code or an ocd-jurisdiction id'))
    .max(100, 'at most 100 jurisdictions')
    .transform((refs) => [...new Set(refs.map(normalizeJurisdictionRef))])
    .describe('Watch bills in these jurisdictions: OCD ids, or state codes (`va`: the state and every place in it), as `/api/bills` takes them.')
    .optional(),
  query: z.string().trim().min(1, 'query is empty').max(500).describe('Watch a search: only bills whose title or summary match these words (websearch syntax, as `q` of `/api/bills`).').optional(),
  channel: z.enum(WATCH_CHANNELS, { message: `channel must be one of ${WATCH_CHANNELS.join(', ')}` }),
  target: z
    .string()
    .trim()
    .min(1, 'target is empty')
    .max(2000)
    .describe('An email address (default: yours) or, for `webhook`, an http or https URL without credentials.')
    .optional(),
  _csrf: csrfField,
});

const emailAddress = z.email();

/**
 * The rules across fields of a new watch that its schema cannot say: what is watched, and
 * where it is sent. Checked after the schema, so shape mistakes come first, alone.
 * @throws ValidationError naming each bad field.
 */
export function toWatchInput(body: z.output<typeof watchBody>): WatchInput {
  const problems: { parameter: string; message: string }[] = [];
  const places = body.jurisdiction_ids ?? [];
  if (body.bill_id === undefined && body.policy_id === undefined && places.length === 0 && body.query === undefined) {
    problems.push({ parameter: 'bill_id', message: 'give bill_id, or any of policy_id, jurisdiction_ids and query' });
  }
  if (body.bill_id !== undefined && body.query !== undefined) problems.push({ parameter: 'query', message: 'a bill watch takes no query' });
  if (body.bill_id !== undefined && body.policy_id !== undefined) problems.push({ parameter: 'policy_id', message: 'a bill watch takes no policy_id' });
  if (body.bill_id !== undefined && places.length) problems.push({ parameter: 'jurisdiction_ids', message: 'a bill watch takes no jurisdiction_ids' });
  if (body.channel === 'webhook') {
    if (body.target === undefined) problems.push({ parameter: 'target', message: 'a webhook needs a target URL' });
    else if (!isWebhookUrl(body.target)) problems.push({ parameter: 'target', message: 'target must be an http or https URL without credentials' });
  } else if (body.target !== undefined && !emailAddress.safeParse(body.target).success) {
    problems.push({ parameter: 'target', message: 'target must be an email address (or leave it out to use yours)' });
  }
  if (problems.length) throw new ValidationError(`invalid body parameters: ${problems.map((p) => p.parameter).join(', ')}`, problems);
  return { bill_id: body.bill_id, policy_id: body.policy_id, jurisdiction_ids: body.jurisdiction_ids, query: body.query, channel: body.channel, target: body.target };
}

/** A change to a watch: where it goes, and whether it delivers (pause and resume). */
export const watchEditBody = z.strictObject({
  channel: z.enum(WATCH_CHANNELS, { message: `channel must be one of ${WATCH_CHANNELS.join(', ')}` }).optional(),
  target: z.string().trim().min(1, 'target is empty').max(2000).describe('An email address, or for `webhook` an http(s) URL.').optional(),
  active: z.boolean({ message: 'active must be true or false' }).describe('false pauses the watch; true resumes it.').optional(),
  _csrf: csrfField,
});

const watchPath = z.strictObject({ id: z.coerce.number({ message: 'expected a watch id' }).int().positive('expected a watch id').describe('The watch id') });

export const watchesContract = {
  listWatches: defineOperation({
    method: 'get',
    path: '/api/watches',
    summary: "The signed-in user's watches, with how many deliveries of each are pending, sent and failed",
    access: 'staff',
    query: noQuery,
    answers: { 200: { description: 'Watches, oldest first', json: resultsOf(Watch) } },
    errors: ['BadRequest'],
  }),
  createWatch: defineOperation({
    method: 'post',
    path: '/api/watches',
    summary: 'Watch a bill, a policy (optionally in some jurisdictions) or jurisdictions, by email, daily email digest or webhook',
    description:
      'Give `bill_id`; or `policy_id`, optionally with `jurisdiction_ids`; or `jurisdiction_ids` alone. A bill watch takes neither of the others. ' +
      'Email watches go to `target`, or to your address when it is left out; a webhook needs an http or https `target` and gets a signing secret. ' +
      'A bill, policy or jurisdiction that does not exist is a 400 naming it. The feed URL and webhook secret are shown only in this answer.',
    access: 'staff',
    body: watchBody,
    answers: { 201: { description: 'The new watch, with its secret feed URL and webhook secret', json: CreatedWatch } },
  }),
  listDeliveries: defineOperation({
    method: 'get',
    path: '/api/watches/deliveries',
    summary: "The delivery log of the signed-in user's watches, newest first",
    access: 'staff',
    query: z.strictObject({
      watch_id: z.coerce.number({ message: 'watch_id must be a watch id' }).int().positive().describe('Only deliveries of this watch.').optional(),
      state: z.enum(NOTIFICATION_STATES, { message: `state must be one of ${NOTIFICATION_STATES.join(', ')}` }).describe('Only deliveries in this state.').optional(),
      before: z.coerce.number({ message: 'before must be a delivery id' }).int().positive().describe('The `next_before` of the previous page.').optional(),
      limit: z.coerce.number({ message: 'limit must be a number from 1 to 200' }).int().min(1).max(200).describe('Page size.').default(50),
    }),
    answers: {
      200: {
        description: 'Deliveries',
        json: z.object({ results: z.array(Delivery), next_before: wire.int.nullable().describe('Pass as `before` for older deliveries; null on the last page.') }),
      },
    },
    errors: ['BadRequest'],
  }),
  deleteWatch: defineOperation({
    method: 'delete',
    path: '/api/watches/{id}',
    summary: 'Delete one of your watches and its delivery log',
    access: 'staff',
    params: watchPath,
    answers: { 204: { description: 'Deleted' } },
    errors: ['NotFound'],
  }),
  editWatch: defineOperation({
    method: 'patch',
    path: '/api/watches/{id}',
    summary: 'Change one of your watches: its channel and target, or pause (`active: false`) and resume it',
    description: 'Switching to `webhook` needs an http(s) `target` and issues a new signing secret, shown only in this answer.',
    access: 'staff',
    params: watchPath,
    body: watchEditBody,
    answers: { 200: { description: 'The watch as changed', json: z.object({ ...watchShape, webhook_secret: z.string().nullable() }) } },
    errors: ['NotFound'],
  }),
  testWatch: defineOperation({
    method: 'post',
    path: '/api/watches/{id}/test',
    summary: 'Send one notification through a watch now (its newest change, or a sample), to check the email address or webhook',
    access: 'staff',
    params: watchPath,
    answers: { 200: { description: 'Sent', json: z.object({ sent: z.literal(true), to: z.string(), channel: z.enum(WATCH_CHANNELS) }) } },
    errors: ['NotFound'],
  }),
  rotateFeedToken: defineOperation({
    method: 'post',
    path: '/api/watches/{id}/feed-token',
    summary: "Issue a new secret feed URL for one of your watches; the old one stops working",
    access: 'staff',
    params: watchPath,
    answers: { 201: { description: 'The new feed URL (shown once)', json: z.object({ feed_url: z.url() }) } },
    errors: ['NotFound'],
  }),
};
