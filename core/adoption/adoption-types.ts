import type { ProvisionKind, WeakerReason } from './model-policy.schema.js';
import type { PROVISION_OUTCOMES, Stance } from '../vocabulary.js';

export type Outcome = (typeof PROVISION_OUTCOMES)[number];
export type { Stance };

/** A span of the normalized text; `excerpt === text.slice(start, end)`. `deleted` is struck matter that stood there. */
export type EvidenceSpan = { start: number; end: number; excerpt: string; deleted?: string };

export type NumberFound = { label: string; value: number; unit: string; model: number; comparator: 'at-least' | 'at-most'; meets: boolean };

export type ProvisionResult = {
  provisionId: string;
  statement: string;
  kind: ProvisionKind;
  weight: number;
  required: boolean;
  verified: boolean;
  outcome: Outcome;
  /** Why, in words a staff member can check against the evidence. A weaker outcome's reason starts with its named reason. */
  reason: string;
  /** For `weaker`: what makes it weaker (an exception, a longer limit, a narrower scope, "may" instead of "shall"). */
  weakerBecause?: WeakerReason;
  /** Empty only when the outcome is `absent`. The first span is the main one. */
  evidence: EvidenceSpan[];
  numbers: NumberFound[];
  scopeLevel?: string;
  /** Share of the best-matching exemplar reproduced word for word (0..1). */
  copyScore: number;
  copyEvidence?: EvidenceSpan;
};

export type VersionScore = {
  policyId: string;
  modelVersion: number;
  textHash: string;
  /** Weighted share of the verified supporting provisions adopted (weaker counts half), 0..1. */
  score: number;
  /** The same over verified threat provisions, 0..1. */
  threatScore: number;
  /** `full` when every verified required provision is adopted. */
  adoption: 'full' | 'partial' | 'none';
  /** null when the text has nothing on this policy. */
  stance: Stance | null;
  /** Best word-level alignment against any exemplar, 0..1. */
  copyScore: number;
  provisions: ProvisionResult[];
};
