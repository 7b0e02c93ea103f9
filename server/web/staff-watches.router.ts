/**
 * The staff watch pages: the Watch buttons on bill, jurisdiction, policy and search pages
 * post here, and "My watches" lists, edits, pauses, tests and deletes. Same services as
 * the watches API; every post carries the session's CSRF token.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { AppError, ValidationError } from '../../core/errors.js';
import { WATCH_CHANNELS } from '../../core/alerts/alert-event.js';
import { createWatch, deleteWatch, editWatch, listWatches } from '../alerts/watches-service.js';
import { sendTestNotification } from '../alerts/test-notification.js';
import type { HostResolver } from '../alerts/webhook-target.js';
import { requireStaff } from '../middleware/authenticate.js';
import { renderWatchesPage } from '../../web/pages/staff-watches-page.js';
import { parseWebQuery, requireStaffPage, viewerOf, webJurisdictionIds, webText } from './web-request.js';

const watchForm = z.object({
  bill_id: z.coerce.number({ message: 'bill_id must be a bill id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  policy_id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'policy_id must be a policy id').optional(),
  jurisdiction_ids: webJurisdictionIds.optional(),
  query: webText('query', 500).optional(),
  return_to: webText('return_to', 2000).optional(), // the page the button was on (kept for a later "back" link)
  _csrf: z.string().optional(),
});

const editForm = z.object({
  channel: z.enum(WATCH_CHANNELS, { message: `channel must be one of ${WATCH_CHANNELS.join(', ')}` }),
  target: webText('target', 2000),
  _csrf: z.string().optional(),
});

const idParam = z.object({ id: z.coerce.number({ message: 'id must be a watch id' }).int().positive().max(Number.MAX_SAFE_INTEGER) });

/** Words for the notice after an action (carried in the redirect's query). */
const DONE: Record<string, string> = {
  created: 'Watching. Alerts go to your address; change the channel below.',
  saved: 'Saved.', paused: 'Paused: nothing is sent until you resume.', resumed: 'Resumed.', deleted: 'Deleted.', tested: 'Test sent.',
};

export function staffWatchesRouter(db: Db, config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'smtpFrom' | 'allowPrivateWebhooks'>, options: { resolveHost?: HostResolver } = {}): Router {
  const router = Router();
  const emailConfigured = config.smtpUrl !== null;
  const owner = (req: import('express').Request) => ({ id: req.user!.id, email: req.user!.email });

  router.get('/staff/watches', requireStaffPage, async (req, res) => {
    const q = parseWebQuery(z.object({ done: z.enum(Object.keys(DONE) as [string, ...string[]]).optional(), error: webText('error', 500).optional() }), req.query);
    res.type('html').send(renderWatchesPage({ watches: await listWatches(db, req.user!.id, { emailConfigured }), viewer: viewerOf(req)!, notice: q.done ? DONE[q.done] : null, error: q.error ?? null }));
  });

  router.post('/staff/watches', requireStaff, async (req, res) => {
    const form = parseWebQuery(watchForm, req.body);
    if (form.bill_id === undefined && !form.policy_id && !form.jurisdiction_ids?.length && !form.query) {
      throw new ValidationError('nothing to watch', [{ parameter: 'bill_id', message: 'watch from a bill, policy, jurisdiction or search page' }]);
    }
    const created = await createWatch(db, owner(req), { bill_id: form.bill_id, policy_id: form.policy_id, jurisdiction_ids: form.jurisdiction_ids, query: form.query, channel: 'email' }, { publicUrl: config.publicUrl, emailConfigured });
    res.redirect(303, `/staff/watches?done=created#watch-${created.id}`);
  });

  router.post('/staff/watches/:id', requireStaff, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    const form = parseWebQuery(editForm, req.body);
    try {
      await editWatch(db, owner(req), id, { channel: form.channel, target: form.target }, { emailConfigured, allowPrivateWebhooks: config.allowPrivateWebhooks, resolveHost: options.resolveHost });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.redirect(303, `/staff/watches?error=${encodeURIComponent(error.message.replace(/^invalid body parameters: /, '') + ': ' + ((error.details as { message: string }[])[0]?.message ?? ''))}#watch-${id}`);
      return;
    }
    res.redirect(303, `/staff/watches?done=saved#watch-${id}`);
  });

  for (const [action, active] of [['pause', false], ['resume', true]] as const) {
    router.post(`/staff/watches/:id/${action}`, requireStaff, async (req, res) => {
      const { id } = parseWebQuery(idParam, req.params);
      await editWatch(db, owner(req), id, { active }, { emailConfigured });
      res.redirect(303, `/staff/watches?done=${active ? 'resumed' : 'paused'}#watch-${id}`);
    });
  }

  router.post('/staff/watches/:id/test', requireStaff, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    try {
      await sendTestNotification(db, req.user!.id, id, config, { resolveHost: options.resolveHost });
    } catch (error) {
      if (error instanceof AppError && error.status === 404) throw error;
      res.redirect(303, `/staff/watches?error=${encodeURIComponent(`The test could not be sent: ${(error as Error).message}`)}#watch-${id}`);
      return;
    }
    res.redirect(303, `/staff/watches?done=tested#watch-${id}`);
  });

  router.post('/staff/watches/:id/delete', requireStaff, async (req, res) => {
    const { id } = parseWebQuery(idParam, req.params);
    await deleteWatch(db, req.user!.id, id);
    res.redirect(303, '/staff/watches?done=deleted');
  });

  return router;
}
