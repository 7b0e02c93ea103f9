import { Router } from 'express';
import type { AppContext } from '../app.js';

/** Server-rendered pages. */
export function webRouter(_ctx: AppContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Policy tracker</title></head>
<body><main><h1>Policy tracker</h1>
<p>Where no-knock warrant bans, chemical-restraint bans, officer decertification, crisis response and the rest of the police-reform agenda stand in every state and many cities.</p>
<p><a href="/api/health">Service health</a></p></main></body></html>`);
  });
  return router;
}
