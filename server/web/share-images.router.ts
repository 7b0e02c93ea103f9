/**
 * Pictures for link previews and browser tabs, made in this process (no third party):
 * `/og/<policy>.png`, the policy's map as a 1200 × 630 PNG (what Open Graph and Twitter
 * cards show), and `/favicon.ico`, for clients that ask for it by that name.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Db } from '../../db/database.js';
import { cachedPolicies, mapCacheFor } from '../api/map-cache.js';
import type { Config } from '../../core/config.js';
import { renderMapPng } from '../../web/map/map-png.js';
import { encodePng } from '../../web/map/png-encode.js';
import { toMapInput } from '../../web/pages/home-page.js';
import { NotFoundError } from '../../core/errors.js';

/** Renders are kept per policy while the map's colours are unchanged (the key hashes them). */
const cache = new Map<string, { key: string; png: Buffer }>();

/** A 32 × 32 favicon: the site's dark blue square with a white check, drawn pixel by pixel. */
function faviconPng(): Buffer {
  const size = 32;
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shield = Math.abs(x - 15.5) < 9 - Math.max(0, y - 16) * 0.75 && y > 5 && y < 27;
      const check = (Math.abs(y - (x + 4)) < 2 && x >= 11 && x <= 15) || (Math.abs(y - (34 - x)) < 2 && x >= 15 && x <= 21);
      const color = shield && !check ? [255, 255, 255] : [29, 63, 114];
      rgb.set(color, (y * size + x) * 3);
    }
  }
  return encodePng(size, size, rgb);
}

let favicon: Buffer | null = null;

export function shareImagesRouter(db: Db, config?: Pick<Config, 'openstates'>): Router {
  const router = Router();
  // The map the pages and /api/map serve (coverage judged with this server's settings).
  const maps = mapCacheFor(db, config);

  router.get('/og/:file', async (req, res) => {
    const match = /^([a-z][a-z0-9-]{0,59})\.png$/.exec(String(req.params.file));
    if (!match) throw new NotFoundError(`image ${req.params.file}`);
    const version = await maps.currentVersion();
    const policy = (await cachedPolicies(db)).find((p) => p.id === match[1]);
    if (!policy) throw new NotFoundError(`policy ${match[1]}`);
    const input = toMapInput(policy, (await maps.map({ policy: policy.id }, version)).entries);
    const key = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 20);
    let entry = cache.get(policy.id);
    if (!entry || entry.key !== key) {
      entry = { key, png: renderMapPng(input) };
      cache.set(policy.id, entry);
    }
    res.setHeader('Cache-Control', 'public, max-age=600');
    res.setHeader('ETag', `"${key}"`);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('image/png').send(entry.png);
  });

  router.get('/favicon.ico', (_req, res) => {
    favicon ??= faviconPng();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/png').send(favicon);
  });

  return router;
}
