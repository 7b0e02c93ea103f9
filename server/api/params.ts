import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { JURISDICTION_CLASSIFICATIONS } from '../../core/vocabulary.js';
import { cachedPolicies } from './map-cache.js';
import { ValidationError } from '../../core/errors.js';
import { oneString } from './validate.js';
import { jurisdictionRefsSchema } from '../../core/jurisdictions/jurisdiction-refs.js';

/**
 * `jurisdiction=`: OCD jurisdiction ids and state postal codes (a state and every place in
 * it), comma-separated or repeated; the same parser as the pages and the watches.
 */
export const jurisdictionRefParam = jurisdictionRefsSchema.meta({ type: 'string', pattern: '^([A-Za-z]{2}|ocd-jurisdiction/[\\w:/.~-]+)(,([A-Za-z]{2}|ocd-jurisdiction/[\\w:/.~-]+))*$' }).describe(
  'OCD jurisdiction ids or two-letter state codes (a state and every place in it); several comma-separated (`va,md`) or repeated match any of them.',
);

/** `policy=`: a policy id's shape; `knownPolicy` checks it exists. */
export const policyIdParam = oneString('policy')
  .regex(/^[a-z][a-z0-9-]*$/, 'policy must be a policy id such as no-knock')
  .describe('A policy id (see /api/policies), e.g. `no-knock`.');

/** `classification=` of a jurisdiction. */
export const classificationParam = z
  .enum(JURISDICTION_CLASSIFICATIONS, { message: `classification must be one of ${JURISDICTION_CLASSIFICATIONS.join(', ')}` })
  .describe('Only jurisdictions of this kind.');

/** `state=`: a state's postal code. */
export const stateParam = oneString('state').regex(/^[A-Za-z]{2}$/, 'state must be a two-letter code').describe('Only jurisdictions in this state (postal code).');

/** @throws ValidationError naming `policy` when the id is not a policy the tracker follows. */
export async function knownPolicy(db: Db, id: string | undefined): Promise<void> {
  if (!id) return;
  const ids = (await cachedPolicies(db)).map((p) => p.id);
  if (!ids.includes(id)) throw new ValidationError('unknown policy', [{ parameter: 'policy', message: `unknown policy ${id}; known: ${ids.join(', ')}` }]);
}
