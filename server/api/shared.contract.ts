import { z } from 'zod';
import {
  BILL_KINDS, CURATED_LAW_KINDS, CURATED_LAW_OUTCOMES, JURISDICTION_CLASSIFICATIONS, STAGES, STANCES, STATUSES, STRENGTHS, VERIFICATIONS,
} from '../../core/vocabulary.js';
import { component, wire } from './contract-kit.js';

/** Response schemas more than one router answers with. */

export const BillPolicy = component(
  'BillPolicy',
  z
    .object({
      policy: z.string(),
      stance: z.enum(STANCES),
      source: z.enum(['machine', 'staff']).describe('`staff` when a staff decision set it; staff decisions win over the classifier.'),
      score: z.number().nullable(),
      strength: z.enum(STRENGTHS).nullable(),
    })
    .describe('How a bill bears on one policy.'),
);

/** The fields of a bill in lists; a bill's detail adds to them. */
export const billSummaryShape = {
  id: wire.int,
  jurisdiction: z.object({ id: z.string(), name: z.string(), classification: z.enum(JURISDICTION_CLASSIFICATIONS) }),
  session: z.string(),
  identifier: z.string(),
  title: z.string(),
  classification: z.string().describe('bill, resolution, ordinance, ... as the source says'),
  kind: z.enum(BILL_KINDS).describe('What the record is, from its classification and identifier; only bills, ordinances, budgets, ballot measures and amendments can become law.'),
  stage: z.enum(STAGES),
  status: z.enum(STATUSES),
  latest_action: z.object({ date: wire.date.nullable(), description: z.string().nullable() }),
  policies: z.array(BillPolicy),
  source_url: z.string().nullable(),
  updated_at: wire.dateTime,
};

export const BillSummary = component('BillSummary', z.object(billSummaryShape));

export const CuratedLaw = component(
  'CuratedLaw',
  z.object({
    id: wire.int,
    policy: z.string(),
    stance: z.enum(STANCES),
    strength: z.enum(STRENGTHS).nullable(),
    kind: z.enum(CURATED_LAW_KINDS),
    title: z.string(),
    identifier: z.string().nullable(),
    body: z.string().nullable(),
    adopted_on: wire.date.nullable(),
    effective_on: wire.date.nullable(),
    voided_on: wire.date.nullable(),
    outcome: z.enum(CURATED_LAW_OUTCOMES),
    summary: z.string().nullable(),
    history: z.array(z.object({ date: wire.date.nullable(), description: z.string() })),
    source_urls: z.array(z.string()),
    verification: z.enum(VERIFICATIONS).nullable(),
    note: z.string().nullable(),
    bill_id: wire.int.nullable(),
  }),
);
