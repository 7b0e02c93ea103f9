import { z } from 'zod';
import { ADOPTION_GRADES, JURISDICTION_CLASSIFICATIONS, STANCES } from '../../core/vocabulary.js';
import { PROVISION_OUTCOMES } from '../../core/vocabulary.js';
import { PROVISION_KINDS, WEAKER_REASONS } from '../../core/adoption/model-policy.schema.js';
import { ADOPTION_LEVELS } from '../../core/adoption/adoption-views.js';
import { component, csrfField, defineOperation, noQuery, wire } from './contract-kit.js';
import { jurisdictionRefParam, policyIdParam } from './params.js';
import { mapQuery } from './read.contract.js';
import { oneString, recordId } from './validate.js';

/** Model-policy adoption: a bill's provision-by-provision scores, the ranking, staff overrides. */

const share = z.number().min(0).max(1);

const AdoptionProvision = component(
  'AdoptionProvision',
  z
    .object({
      id: z.string().describe('Provision id in the model, e.g. `NK-1`.'),
      statement: z.string(),
      kind: z.enum(PROVISION_KINDS),
      required: z.boolean(),
      verified: z.boolean().describe('False for provisions whose source was not verified: shown to staff only, until staff confirm one.'),
      outcome: z.enum(PROVISION_OUTCOMES).describe('The outcome that counts: the staff one when there is one, else the machine one.'),
      machine_outcome: z.enum(PROVISION_OUTCOMES),
      reason: z.string().describe('Why, in words a person can check against the evidence.'),
      weaker_because: z.enum(WEAKER_REASONS).nullable().describe('For a machine outcome of `weaker`: its named reason (an exception, a limit, a narrower scope, "may" instead of "shall"); null otherwise.'),
      evidence: z.array(
        z
          .object({ start: wire.int, end: wire.int, excerpt: z.string(), deleted: z.string().describe('Struck matter that stood there.').optional() })
          .describe('A passage of the stored normalized text: character offsets and the words.'),
      ),
      override: z.object({ outcome: z.enum(PROVISION_OUTCOMES), note: z.string().nullable(), decided_at: wire.dateTime }).nullable(),
    })
    .describe('One provision of a model policy, checked against one text.'),
);

const AdoptionScore = component(
  'AdoptionScore',
  z.object({
    model: z.string().describe('The model policy id (the policy it models).'),
    model_version: wire.int,
    score: share.describe('Weighted share of the counted supporting provisions adopted (weaker counts half).'),
    threat_score: share,
    adoption: z.enum(ADOPTION_GRADES),
    level: z.enum(ADOPTION_LEVELS),
    stance: z.enum(STANCES).nullable(),
    copy_score: share.describe('Share of a model exemplar reproduced word for word.'),
    scored_at: z.string(),
    provisions: z.array(AdoptionProvision),
    hidden_provisions: wire.int.describe('Unverified provisions left out of this public answer.'),
  }),
);

const BillAdoption = component(
  'BillAdoption',
  z.object({
    bill_id: wire.int,
    versions: z.array(
      z
        .object({
          text_id: wire.int,
          note: z.string(),
          url: z.string().nullable(),
          date: wire.date.nullable(),
          media_type: z.string().nullable(),
          format: z.string(),
          hash: z.string().describe('sha256 of the normalized text.'),
          fetched_at: wire.dateTime,
          latest: z.boolean(),
          scores: z.array(AdoptionScore),
        })
        .describe('One stored text version, oldest first.'),
    ),
    comparisons: z.array(
      z
        .object({
          model: z.string(),
          from_text_id: wire.int,
          to_text_id: wire.int,
          text_changed: z.boolean(),
          score_delta: z.number(),
          summary: z.string(),
          provisions: z.array(
            z.object({ id: z.string(), from: z.enum(PROVISION_OUTCOMES), to: z.enum(PROVISION_OUTCOMES), change: z.enum(['strengthened', 'weakened', 'unchanged']), reason: z.string() }),
          ),
        })
        .describe('How a version changed from the one before it, provision by provision.'),
    ),
  }),
);

const JurisdictionAdoption = component(
  'JurisdictionAdoption',
  z.object({
    jurisdiction: z.object({
      id: z.string(),
      name: z.string(),
      classification: z.enum(JURISDICTION_CLASSIFICATIONS),
      state_code: z.string().nullable(),
      parent_id: z.string().nullable(),
    }),
    level: z.enum(ADOPTION_LEVELS),
    score: share,
    threat_score: share,
    stance: z.enum(STANCES).nullable(),
    inherited: z.boolean().describe("True when the law is the parent jurisdiction's (a state law counts for its cities)."),
    source: z
      .object({
        kind: z.enum(['bill', 'law']),
        id: wire.int,
        identifier: z.string().nullable(),
        title: z.string(),
        jurisdiction_id: z.string(),
        jurisdiction_name: z.string(),
        text_id: wire.int,
        version: z.string(),
        in_force_on: wire.date.nullable(),
      })
      .describe('The law in force whose text gives the score: an enacted bill (its latest scored version) or a curated law.'),
  }),
);

const ProvisionOverride = component(
  'ProvisionOverride',
  z.object({
    bill_id: wire.int,
    model: z.string(),
    provision: z.string(),
    outcome: z.enum(PROVISION_OUTCOMES),
    note: z.string().nullable(),
    text_id: wire.int,
    text_hash: z.string().describe('The text decided on: the override applies while the text keeps this hash.'),
    decided_at: wire.dateTime,
  }),
);

const overridePath = z.strictObject({
  id: recordId('id').describe('The bill id'),
  model: oneString('model').regex(/^[a-z][a-z0-9-]*$/, 'model must be a model policy id such as no-knock').describe('The model policy id'),
  provision: oneString('provision').regex(/^[A-Z]+-T?\d+$/, 'provision must be a provision id such as NK-1').describe('The provision id, e.g. NK-1'),
});

const ranking = z.object({ policy: z.string(), results: z.array(JurisdictionAdoption) });

/** Which model and which jurisdictions to compare (a state code names the state itself here). */
const compareQuery = z.strictObject({
  policy: policyIdParam,
  jurisdiction: jurisdictionRefParam.describe('The jurisdictions to compare, in order: OCD ids or state codes, comma-separated or repeated (at most 12).'),
});

const AdoptionComparison = component(
  'AdoptionComparison',
  z.object({
    policy: z.string(),
    columns: z.array(z.object({
      id: z.string(), name: z.string(), score: z.number(), summary: z.string().describe('"7 of 15 provisions; 5 of 6 required"'), words: z.string(),
      source: z.object({ kind: z.enum(['bill', 'law']), id: wire.int, identifier: z.string().nullable(), title: z.string(), jurisdiction_id: z.string(), jurisdiction_name: z.string(), text_id: wire.int, version: z.string(), in_force_on: z.string().nullable() }).nullable(),
      inherited: z.boolean(),
    })),
    rows: z.array(z.object({
      id: z.string(), statement: z.string(), required: z.boolean(), kind: z.string(),
      cells: z.array(z.object({ outcome: z.string().describe('adopted, weaker, mentioned, absent, repealed, contradicted, or no-law'), reason: z.string() })),
    })),
  }),
);

export const adoptionContract = {
  getBillAdoption: defineOperation({
    method: 'get',
    path: '/api/bills/{id}/adoption',
    summary:
      'How far each stored text version of a bill adopts the model policies, provision by provision, with evidence, reasons and version-to-version changes',
    description: 'Staff also see unverified provisions; such an answer is `Cache-Control: private, no-store`.',
    access: 'public-read',
    params: z.strictObject({ id: recordId('id').describe('The bill id') }),
    query: noQuery,
    answers: { 200: { description: "The bill's adoption", json: BillAdoption } },
    errors: ['BadRequest', 'NotFound'],
  }),
  rankAdoption: defineOperation({
    method: 'get',
    path: '/api/adoption',
    summary: "Jurisdictions ranked by how far the laws in force there adopt a policy's model (a state law counts for its cities)",
    access: 'public-read',
    query: mapQuery,
    headers: [{ name: 'Accept', description: '`text/csv` for CSV.' }],
    answers: { 200: { description: 'The ranking (or CSV with Accept: text/csv)', json: ranking, text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  exportAdoptionCsv: defineOperation({
    method: 'get',
    path: '/api/adoption.csv',
    summary: 'The adoption ranking as CSV',
    access: 'public-read',
    query: mapQuery,
    answers: { 200: { description: 'CSV, one jurisdiction a row', text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  compareAdoption: defineOperation({
    method: 'get',
    path: '/api/adoption/compare',
    summary: 'Jurisdictions side by side on one model policy: each one\'s law in force and its outcome per provision',
    access: 'public-read',
    query: compareQuery,
    headers: [{ name: 'Accept', description: '`text/csv` for the table as CSV.' }],
    answers: { 200: { description: 'The comparison (or CSV)', json: AdoptionComparison, text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  exportComparisonCsv: defineOperation({
    method: 'get',
    path: '/api/adoption/compare.csv',
    summary: 'The comparison as CSV: one row per provision, one column per jurisdiction, plus a summary row',
    access: 'public-read',
    query: compareQuery,
    answers: { 200: { description: 'CSV', text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  setOverride: defineOperation({
    method: 'put',
    path: '/api/bills/{id}/adoption/{model}/{provision}',
    summary:
      'Set the outcome of one provision (staff): wins over the machine, confirms an unverified provision, survives re-scoring while the text is unchanged',
    access: 'staff',
    params: overridePath,
    body: z.strictObject({
      outcome: z.enum(PROVISION_OUTCOMES, { message: `outcome must be one of ${PROVISION_OUTCOMES.join(', ')}` }),
      note: z.string().max(5000).nullable().optional(),
      text_id: z.number().int().positive().describe('The version decided on; default the latest scored one.').optional(),
      _csrf: csrfField,
    }),
    answers: { 200: { description: 'The override', json: ProvisionOverride } },
    errors: ['NotFound'],
  }),
  clearOverride: defineOperation({
    method: 'delete',
    path: '/api/bills/{id}/adoption/{model}/{provision}',
    summary: "Withdraw a provision override: the machine's outcome counts again",
    access: 'staff',
    params: overridePath,
    answers: { 204: { description: 'Withdrawn' } },
    errors: ['NotFound'],
  }),
};
