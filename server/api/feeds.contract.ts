import { z } from 'zod';
import { LIST_SCOPES } from '../../core/vocabulary.js';
import { defineOperation } from './contract-kit.js';
import { jurisdictionRefParam, policyIdParam } from './params.js';
import { boundedInt } from './validate.js';

/** Public Atom feeds. */

export const feedsContract = {
  changesFeed: defineOperation({
    method: 'get',
    path: '/api/feeds/changes.atom',
    summary: 'An Atom feed of bill changes, for one policy, one jurisdiction, both or all',
    description: 'The newest changes first; older ones are in /api/changes?since=.',
    access: 'public-read',
    query: z.strictObject({
      policy: policyIdParam.optional(),
      jurisdiction: jurisdictionRefParam.optional(),
      limit: boundedInt('limit', 1, 200).describe('Entries in the feed.').default(50),
      scope: z
        .enum(LIST_SCOPES, { message: `scope must be one of ${LIST_SCOPES.join(', ')}` })
        .describe('`tracked` (default): changes of laws that touch a tracked policy; `all`: every change, resolutions included.')
        .default('tracked'),
    }),
    answers: { 200: { description: 'Atom 1.0', text: ['application/atom+xml'] } },
    errors: ['BadRequest'],
  }),
};
