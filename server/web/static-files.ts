/**
 * Static files (CSS, the enhancement scripts) from web/static. Pages link them with a
 * content hash (`?v=`), so those URLs are cached for a year as immutable; a request
 * without the hash gets a short cache so it never pins an old file.
 */
import express, { type RequestHandler } from 'express';
import { STATIC_DIR } from '../../web/static-assets.js';

/** The handler mounted at /static. */
export function staticFiles(): RequestHandler {
  return express.static(STATIC_DIR, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders(res) {
      const versioned = typeof res.req.query.v === 'string';
      res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    },
  });
}
