import { Router } from 'express';
import type { Db } from '../../db/database.js';
import type { Config } from '../../core/config.js';
import { NotFoundError } from '../../core/errors.js';
import { feedUrl } from '../alerts/alert-event.js';
import { renderWatchFeed } from '../../web/feeds/render-watch-feed.js';
import { watchFeedByToken } from '../alerts/watches-service.js';

const FEED_FILE = /^([A-Za-z0-9_-]{20,200})\.atom$/;

/** A watch's Atom feed at a secret URL (`/feeds/watch/<token>.atom`), readable without signing in. */
export function watchFeedRouter(db: Db, config: Pick<Config, 'publicUrl'>): Router {
  const router = Router();
  router.get('/feeds/watch/:file', async (req, res) => {
    const match = FEED_FILE.exec(String(req.params.file));
    // One answer for malformed and unknown tokens: nothing to learn by probing.
    const feed = match ? await watchFeedByToken(db, match[1]) : null;
    if (!match || !feed) throw new NotFoundError('feed');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Robots-Tag', 'noindex');
    res.type('application/atom+xml; charset=utf-8').send(renderWatchFeed(feed, { publicUrl: config.publicUrl, selfUrl: feedUrl(config.publicUrl, match[1]) }));
  });
  return router;
}
