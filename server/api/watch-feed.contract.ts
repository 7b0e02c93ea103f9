import { z } from 'zod';
import { defineOperation } from './contract-kit.js';

/** A watch's secret Atom feed. */

/** The token's characters and length, and the `.atom` the URL ends in. */
export const WATCH_FEED_FILE = /^([A-Za-z0-9_-]{20,200})\.atom$/;

export const watchFeedContract = {
  watchFeed: defineOperation({
    method: 'get',
    path: '/api/feeds/watch/{file}',
    summary: "A watch's changes as an Atom feed, at the secret URL given when the watch was made (no sign-in)",
    description: 'A malformed, unknown or rotated token is a 404 alike: there is nothing to learn by probing.',
    access: 'anyone',
    params: z.strictObject({
      file: z.string().regex(WATCH_FEED_FILE).describe('`<token>.atom`, as in the `feed_url` of the watch.'),
    }),
    answers: {
      200: {
        description: 'Atom 1.0',
        text: ['application/atom+xml'],
        headers: { 'Cache-Control': '`private, max-age=300`: a feed reader may keep it five minutes; shared caches may not.', 'X-Robots-Tag': '`noindex`.' },
      },
    },
    errors: ['NotFound', 'RateLimited'],
  }),
};
