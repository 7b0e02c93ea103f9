import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { requireStaff } from '../middleware/authenticate.js';
import { ValidationError } from '../../core/errors.js';
import { NOTIFICATION_STATES, WATCH_CHANNELS } from '../alerts/alert-event.js';
import { createWatch, deleteWatch, listDeliveries, listWatches, rotateFeedToken, type WatchInput } from '../alerts/watches-service.js';
import { parseInput, queryOf } from './validate.js';

const watchBody = z.object({
  bill_id: z.number({ message: 'bill_id must be a bill id (a number)' }).int().positive().optional(),
  policy_id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a policy id such as no-knock').optional(),
  jurisdiction_ids: z.array(z.string().regex(/^ocd-jurisdiction\//, 'expected an ocd-jurisdiction id')).max(100, 'at most 100 jurisdictions').optional(),
  channel: z.enum(WATCH_CHANNELS, { message: `channel must be one of ${WATCH_CHANNELS.join(', ')}` }),
  target: z.string().trim().min(1, 'target is empty').max(2000).optional(),
  _csrf: z.string().optional(),
});

const idPath = z.object({ id: z.coerce.number({ message: 'expected a watch id' }).int().positive('expected a watch id') });

/** Rules across fields that a shape cannot say: what is watched, and where it is sent. */
function checkWatchInput(body: z.infer<typeof watchBody>): WatchInput {
  const problems: { parameter: string; message: string }[] = [];
  const places = body.jurisdiction_ids ?? [];
  if (body.bill_id === undefined && body.policy_id === undefined && places.length === 0) {
    problems.push({ parameter: 'bill_id', message: 'give bill_id, policy_id (optionally with jurisdiction_ids) or jurisdiction_ids' });
  }
  if (body.bill_id !== undefined && body.policy_id !== undefined) problems.push({ parameter: 'policy_id', message: 'a bill watch takes no policy_id' });
  if (body.bill_id !== undefined && places.length) problems.push({ parameter: 'jurisdiction_ids', message: 'a bill watch takes no jurisdiction_ids' });
  if (body.channel === 'webhook') {
    if (body.target === undefined) problems.push({ parameter: 'target', message: 'a webhook needs a target URL' });
    else if (!isWebhookUrl(body.target)) problems.push({ parameter: 'target', message: 'target must be an http or https URL without credentials' });
  } else if (body.target !== undefined && !z.email().safeParse(body.target).success) {
    problems.push({ parameter: 'target', message: 'target must be an email address (or leave it out to use yours)' });
  }
  if (problems.length) throw new ValidationError(`invalid body parameters: ${problems.map((p) => p.parameter).join(', ')}`, problems);
  return { bill_id: body.bill_id, policy_id: body.policy_id, jurisdiction_ids: body.jurisdiction_ids, channel: body.channel, target: body.target };
}

function isWebhookUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Staff watchlists: list, create and delete one's own watches, rotate a feed URL, read the delivery log. */
export function watchesRouter(db: Db, config: Pick<Config, 'publicUrl' | 'smtpUrl'>): Router {
  const router = Router();
  const emailConfigured = config.smtpUrl !== null;

  router.get('/watches', requireStaff, async (req, res) => {
    parseInput(z.object({}), queryOf(req), 'query');
    res.json({ results: await listWatches(db, req.user!.id, { emailConfigured }) });
  });

  router.post('/watches', requireStaff, async (req, res) => {
    const input = checkWatchInput(parseInput(watchBody, req.body, 'body'));
    const created = await createWatch(db, { id: req.user!.id, email: req.user!.email }, input, { publicUrl: config.publicUrl, emailConfigured });
    res.status(201).json({ ...created, note: 'store the feed URL and webhook secret now: they are not shown again' });
  });

  router.get('/watches/deliveries', requireStaff, async (req, res) => {
    const q = parseInput(
      z.object({
        watch_id: z.coerce.number({ message: 'watch_id must be a watch id' }).int().positive().optional(),
        state: z.enum(NOTIFICATION_STATES, { message: `state must be one of ${NOTIFICATION_STATES.join(', ')}` }).optional(),
        before: z.coerce.number({ message: 'before must be a delivery id' }).int().positive().optional(),
        limit: z.coerce.number({ message: 'limit must be a number from 1 to 200' }).int().min(1).max(200).default(50),
      }),
      queryOf(req),
      'query',
    );
    const results = await listDeliveries(db, req.user!.id, { watchId: q.watch_id, state: q.state, before: q.before, limit: q.limit });
    const last = results.at(-1);
    res.json({ results, next_before: results.length === q.limit && last ? last.id : null });
  });

  router.delete('/watches/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(idPath, req.params, 'path');
    await deleteWatch(db, req.user!.id, id);
    res.status(204).end();
  });

  router.post('/watches/:id/feed-token', requireStaff, async (req, res) => {
    const { id } = parseInput(idPath, req.params, 'path');
    res.status(201).json(await rotateFeedToken(db, req.user!.id, id, config.publicUrl));
  });

  return router;
}
