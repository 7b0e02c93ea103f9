import { Router, type Response } from 'express';
import type { Db } from '../../db/database.js';
import { findWatchByUnsubscribeToken, unsubscribeWatch } from '../alerts/watches-service.js';
import { renderUnknownUnsubscribe, renderUnsubscribeConfirm, renderUnsubscribed } from '../../web/pages/unsubscribe-page.js';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}

/**
 * `/unsubscribe/<token>`: the GET shows a confirmation form and changes nothing (mail
 * scanners fetch links); the POST stops the watch. The token alone authorizes it, so the
 * POST needs no session, which also lets mail clients' one-click unsubscribe work.
 */
export function unsubscribeRouter(db: Db): Router {
  const router = Router();

  router.get('/unsubscribe/:token', async (req, res) => {
    const token = String(req.params.token);
    const watch = TOKEN.test(token) ? await findWatchByUnsubscribeToken(db, token) : null;
    if (!watch) return sendPage(res, 404, renderUnknownUnsubscribe());
    sendPage(res, 200, renderUnsubscribeConfirm(watch, `/unsubscribe/${encodeURIComponent(token)}`));
  });

  router.post('/unsubscribe/:token', async (req, res) => {
    const token = String(req.params.token);
    const watch = TOKEN.test(token) ? await findWatchByUnsubscribeToken(db, token) : null;
    if (!watch) return sendPage(res, 404, renderUnknownUnsubscribe());
    await unsubscribeWatch(db, token);
    sendPage(res, 200, renderUnsubscribed(watch));
  });

  return router;
}
