/** Vocabularies shared by the database, the validation schemas and the API. */

export const JURISDICTION_CLASSIFICATIONS = ['state', 'municipality', 'county', 'school_district'] as const;
export type JurisdictionClassification = (typeof JURISDICTION_CLASSIFICATIONS)[number];

/** Where a bill has got to; ordered, so a later stage never moves back. */
export const STAGES = ['introduced', 'committee', 'passed_one_chamber', 'passed_legislature', 'enacted'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Where a bill or ordinance ended up. `adopted` is the outcome of a resolution (simple, joint,
 * concurrent) or memorial that passed: it binds no one, so it is never counted as a law.
 */
export const STATUSES = ['pending', 'enacted', 'adopted', 'vetoed', 'failed', 'withdrawn', 'overturned'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * What a record is, derived from the source's classification and its identifier
 * (core/bill/bill-kind.ts). Only LAW_KINDS can become law; the rest (resolutions, memorials,
 * appointments...) never count as an enacted law on the map.
 */
export const BILL_KINDS = [
  'bill', 'ordinance', 'budget', 'ballot-measure', 'constitutional-amendment',
  'resolution', 'joint-resolution', 'concurrent-resolution', 'memorial', 'appointment', 'other',
] as const;
export type BillKind = (typeof BILL_KINDS)[number];

/** The kinds that become law when enacted (what the map's "enacted" counts). */
export const LAW_KINDS = ['bill', 'ordinance', 'budget', 'ballot-measure', 'constitutional-amendment'] as const satisfies readonly BillKind[];

/**
 * Which records lists show: `tracked` (the default of search, "What moved" and feeds) is laws
 * (LAW_KINDS) touching at least one tracked policy; `all` is every record.
 */
export const LIST_SCOPES = ['tracked', 'all'] as const;
export type ListScope = (typeof LIST_SCOPES)[number];

/**
 * How much we know about a jurisdiction: `not_tracked` (no source covers it, or none has run
 * for it yet) or `tracked` (a source has run for it since `since`).
 */
export const COVERAGE_STATES = ['not_tracked', 'tracked'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/** Why a jurisdiction is not tracked. */
export const NOT_TRACKED_REASONS = ['no_source', 'not_configured', 'disabled', 'never_run'] as const;
export type NotTrackedReason = (typeof NOT_TRACKED_REASONS)[number];

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

export const SOURCE_KINDS = [
  'openstates', 'openstates-backfill', 'legistar', 'legistar-html', 'virginia-lis', 'california-pubinfo', 'texas-tlo',
  'onbase', 'novusagenda', 'austin-council', 'openstates-events',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const USER_ROLES = ['staff', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a one-time account link is for: an invitation (first password) or a password reset. */
export const ACCOUNT_TOKEN_PURPOSES = ['invite', 'reset'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** The official formats a bill text is read from (`bill_texts.format`). */
export const TEXT_FORMATS = [
  'pdf', 'ca-caml', 'va-statedecoded', 'va-lexis', 'ny-markdown', 'ny-lbdc', 'html', 'plain',
  'dc-xml', 'us-congress-xml', 'xml', 'docx', 'doc', 'rtf',
] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** What a curated law is (the form staff fill in, the API and the seed). */
export const CURATED_LAW_KINDS = ['ordinance', 'statute', 'ballot-measure', 'budget', 'contract', 'resolution', 'court-ruling'] as const;
export type CuratedLawKind = (typeof CURATED_LAW_KINDS)[number];

/** Where a curated law stands: the outcomes a law can have besides a bill's statuses. */
export const CURATED_LAW_OUTCOMES = ['enacted', 'pending', 'failed', 'overturned'] as const;
export type CuratedLawOutcome = (typeof CURATED_LAW_OUTCOMES)[number];

/** How far a curated law's facts were checked against its sources. */
export const VERIFICATIONS = ['VERIFIED', 'PARTIAL'] as const;

/** How much of a model policy a text adopts. */
export const ADOPTION_GRADES = ['full', 'partial', 'none'] as const;

/** A provision's outcome in a text, machine-scored or set by staff. */
export const PROVISION_OUTCOMES = ['adopted', 'weaker', 'mentioned', 'absent', 'repealed', 'contradicted'] as const;

/** How a roll-call vote ended. */
export const VOTE_RESULTS = ['pass', 'fail'] as const;
export type VoteResult = (typeof VOTE_RESULTS)[number];

/**
 * How a member voted, as sources count it (Open States' options, Legistar's vote values
 * mapped onto them); anything else is `other`. `paired`: a member absent for the vote paired
 * with one on the other side, so neither counts (Open States counts it apart).
 */
export const VOTE_OPTIONS = ['yes', 'no', 'abstain', 'absent', 'excused', 'not voting', 'paired', 'other'] as const;
export type VoteOption = (typeof VOTE_OPTIONS)[number];

/** Who acted on a bill: the chamber or body, by role. */
export const ACTOR_CLASSIFICATIONS = ['lower', 'upper', 'legislature', 'executive', 'committee', 'council', 'mayor', 'voters', 'court', 'other'] as const;
export type ActorClassification = (typeof ACTOR_CLASSIFICATIONS)[number];

/**
 * Where a meeting stands as its source shows it: on the calendar, struck out or put off
 * (Legistar "Deferred", NovusAGENDA location "NOTICE OF CANCELLATION"), or cancelled.
 */
export const MEETING_STATUSES = ['scheduled', 'deferred', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
