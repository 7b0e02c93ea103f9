import { Router } from 'express';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { requireStaff } from '../middleware/authenticate.js';
import { createWatch, deleteWatch, editWatch, listDeliveries, listWatches, rotateFeedToken } from '../alerts/watches-service.js';
import { sendTestNotification } from '../alerts/test-notification.js';
import { parseInput, queryOf } from './validate.js';
import { toWatchInput, watchesContract as op } from './watches.contract.js';
import type { HostResolver } from '../alerts/webhook-target.js';

/**
 * Staff watchlists: list, create and delete one's own watches, rotate a feed URL, read the
 * delivery log. Contract: watches.contract.ts.
 */
export function watchesRouter(db: Db, config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'smtpFrom' | 'allowPrivateWebhooks'>, options: { resolveHost?: HostResolver } = {}): Router {
  const router = Router();
  const emailConfigured = config.smtpUrl !== null;

  router.get('/watches', requireStaff, async (req, res) => {
    parseInput(op.listWatches.query, queryOf(req), 'query');
    res.json({ results: await listWatches(db, req.user!.id, { emailConfigured }) });
  });

  router.post('/watches', requireStaff, async (req, res) => {
    const input = toWatchInput(parseInput(op.createWatch.body, req.body, 'body'));
    const created = await createWatch(db, { id: req.user!.id, email: req.user!.email }, input, {
      publicUrl: config.publicUrl,
      emailConfigured,
      allowPrivateWebhooks: config.allowPrivateWebhooks,
      resolveHost: options.resolveHost,
    });
    res.status(201).json({ ...created, note: 'store the feed URL and webhook secret now: they are not shown again' });
  });

  router.get('/watches/deliveries', requireStaff, async (req, res) => {
    const q = parseInput(op.listDeliveries.query, queryOf(req), 'query');
    const results = await listDeliveries(db, req.user!.id, { watchId: q.watch_id, state: q.state, before: q.before, limit: q.limit });
    const last = results.at(-1);
    res.json({ results, next_before: results.length === q.limit && last ? last.id : null });
  });

  router.delete('/watches/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.deleteWatch.params, req.params, 'path');
    await deleteWatch(db, req.user!.id, id);
    res.status(204).end();
  });

  router.patch('/watches/:id', requireStaff, async (req, res) => {
    const { id } = parseInput(op.editWatch.params, req.params, 'path');
    const { _csrf: _ignored, ...edit } = parseInput(op.editWatch.body, req.body, 'body');
    res.json(await editWatch(db, { id: req.user!.id, email: req.user!.email }, id, edit, { emailConfigured, allowPrivateWebhooks: config.allowPrivateWebhooks, resolveHost: options.resolveHost }));
  });

  router.post('/watches/:id/test', requireStaff, async (req, res) => {
    const { id } = parseInput(op.testWatch.params, req.params, 'path');
    const sent = await sendTestNotification(db, req.user!.id, id, config, { resolveHost: options.resolveHost });
    res.json({ sent: true, ...sent });
  });

  router.post('/watches/:id/feed-token', requireStaff, async (req, res) => {
    const { id } = parseInput(op.rotateFeedToken.params, req.params, 'path');
    res.status(201).json(await rotateFeedToken(db, req.user!.id, id, config.publicUrl));
  });

  return router;
}
