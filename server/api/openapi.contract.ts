import { z } from 'zod';
import { defineOperation } from './contract-kit.js';

/** The document describing this API. */

export const openApiContract = {
  openApiDocument: defineOperation({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    access: 'anyone',
    answers: {
      200: {
        description: 'The OpenAPI 3.1 document, generated from the contracts the routes validate with',
        json: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
      },
    },
  }),
};
