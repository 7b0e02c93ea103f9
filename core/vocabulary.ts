/** Vocabularies shared by the database, the validation schemas and the API. */

export const JURISDICTION_CLASSIFICATIONS = ['state', 'municipality', 'county', 'school_district'] as const;
export type JurisdictionClassification = (typeof JURISDICTION_CLASSIFICATIONS)[number];

/** Where a bill has got to; ordered, so a later stage never moves back. */
export const STAGES = ['introduced', 'committee', 'passed_one_chamber', 'passed_legislature', 'enacted'] as const;
export type Stage = (typeof STAGES)[number];

export const STATUSES = ['pending', 'enacted', 'vetoed', 'failed', 'withdrawn', 'overturned'] as const;
export type Status = (typeof STATUSES)[number];

export const STANCES = ['supports', 'opposes', 'unclear'] as const;
export type Stance = (typeof STANCES)[number];

export const STRENGTHS = ['full', 'partial'] as const;
export type Strength = (typeof STRENGTHS)[number];

/** Where a jurisdiction stands on a policy (POLICIES.md). */
export const MAP_STATUSES = ['enacted', 'pending', 'failed', 'none', 'overturned'] as const;
export type MapStatus = (typeof MAP_STATUSES)[number];

export const DECISIONS = ['confirm', 'reject', 'add'] as const;
export type Decision = (typeof DECISIONS)[number];

export const RUN_OUTCOMES = ['running', 'ok', 'partial', 'failed'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const SOURCE_KINDS = ['openstates', 'legistar', 'legistar-html', 'virginia-lis', 'california-pubinfo', 'texas-tlo'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const USER_ROLES = ['staff', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
