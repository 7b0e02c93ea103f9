import { Router } from 'express';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { NotFoundError } from '../../core/errors.js';
import { feedUrl } from '../../core/alerts/alert-event.js';
import { renderWatchFeed } from '../../web/feeds/render-watch-feed.js';
import { watchFeedByToken } from '../alerts/watches-service.js';
import { watchFeedContract as op } from './watch-feed.contract.js';

/** A watch's Atom feed at a secret URL (`/feeds/watch/<token>.atom`), readable without signing in. */
export function watchFeedRouter(db: Db, config: Pick<Config, 'publicUrl'>): Router {
  const router = Router();
  router.get('/feeds/watch/:file', async (req, res) => {
    // One answer for malformed and unknown tokens (404, not 400): nothing to learn by probing.
    const params = op.watchFeed.params.safeParse(req.params);
    const token = params.success ? params.data.file.slice(0, -'.atom'.length) : null;
    const feed = token ? await watchFeedByToken(db, token) : null;
    if (!token || !feed) throw new NotFoundError('feed');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.type('application/atom+xml; charset=utf-8').send(renderWatchFeed(feed, { publicUrl: config.publicUrl, selfUrl: feedUrl(config.publicUrl, token) }));
  });
  return router;
}
