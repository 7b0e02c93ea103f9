import { Router } from 'express';
import { openApiDocument } from './openapi-document.js';

/** `GET /api/openapi.json`: the document describing this API. */
export function openApiRouter(): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(openApiDocument);
  });
  return router;
}
