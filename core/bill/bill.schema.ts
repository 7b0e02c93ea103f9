import { z } from 'zod';
import { calendarDayMessage, isCalendarDay } from '../dates.js';
import { ACTOR_CLASSIFICATIONS, VOTE_OPTIONS, VOTE_RESULTS } from '../vocabulary.js';

/**
 * The one shape every source adapter yields, for state bills and city ordinances alike.
 * Adapters never touch the database: they produce these records, the pipeline validates
 * them here (bad records are reported with their URL, never half-written) and upserts.
 */

/** `YYYY-MM-DD`; sources' partial or timestamped dates are cut to this before validation. */
export const isoDate = z.string().refine(isCalendarDay, calendarDayMessage('date'));


export const normalizedActionSchema = z.object({
  date: isoDate.nullable(),
  description: z.string().min(1, 'action description is empty'),
  actor: z.string().nullable().default(null),
  actorClassification: z.enum(ACTOR_CLASSIFICATIONS).nullable().default(null),
  /** The source's own classification strings (Open States vocabulary, Legistar action names). */
  sourceClassification: z.array(z.string()).default([]),
  /** Legistar's MatterHistoryPassedFlag (1 passed, 0 failed) when the source has it. */
  passed: z.boolean().nullable().default(null),
});
export type NormalizedAction = z.infer<typeof normalizedActionSchema>;

export const normalizedSponsorSchema = z.object({
  name: z.string().min(1),
  classification: z.string().nullable().default(null),
  primary: z.boolean().default(false),
  personId: z.string().nullable().default(null),
});
export type NormalizedSponsor = z.infer<typeof normalizedSponsorSchema>;

export const normalizedDocumentSchema = z.object({
  kind: z.enum(['version', 'document']),
  note: z.string().default(''),
  date: isoDate.nullable().default(null),
  classification: z.string().nullable().default(null),
  url: z.string().url(),
  mediaType: z.string().nullable().default(null),
});
export type NormalizedDocument = z.infer<typeof normalizedDocumentSchema>;

/** One member's vote in a roll call. */
export const normalizedVoterSchema = z.object({
  name: z.string().min(1),
  option: z.enum(VOTE_OPTIONS),
  personId: z.string().nullable().default(null),
});

/** A roll-call vote on the bill: the motion, when, by which body, how it ended, the tally and (where given) each member's vote. */
export const normalizedVoteSchema = z.object({
  date: isoDate.nullable(),
  motion: z.string().min(1, 'vote motion is empty'),
  result: z.enum(VOTE_RESULTS).nullable().default(null),
  /** The body that voted, as the source names it (chamber, committee, council). */
  organization: z.string().nullable().default(null),
  chamber: z.enum(ACTOR_CLASSIFICATIONS).nullable().default(null),
  /** Count per option (`yes`, `no`, ...); options the source does not count are left out. */
  counts: z.partialRecord(z.enum(VOTE_OPTIONS), z.number().int().min(0)).default({}),
  voters: z.array(normalizedVoterSchema).default([]),
  /** The source's id for the vote event (Open States `ocd-vote/...`, Legistar EventItemId). */
  sourceId: z.string().nullable().default(null),
});
export type NormalizedVote = z.infer<typeof normalizedVoteSchema>;

export const normalizedBillSchema = z.object({
  /** Source id: `openstates`, `legistar:louisville`, `virginia-lis`, ... */
  source: z.string().min(1),
  /** The source's own id for the record: `ocd-bill/<uuid>`, a Legistar MatterId, `HB1`... */
  externalId: z.string().min(1),
  jurisdictionId: z.string().regex(/^ocd-jurisdiction\//, 'expected an ocd-jurisdiction id'),
  /** The session identifier as Open States writes it (`2025`, `2020S1`, `88`, `20252026`); a council's year or term. */
  session: z.string().min(1),
  /** As the legislature writes it, normalized to `HB 1` form for state bills; a city's file number. */
  identifier: z.string().min(1),
  title: z.string().min(1, 'title is empty'),
  abstract: z.string().nullable().default(null),
  otherTitles: z.array(z.string()).default([]),
  /** bill | resolution | joint resolution | concurrent resolution | ordinance | constitutional amendment | other ... */
  classification: z.string().default('bill'),
  subjects: z.array(z.string()).default([]),
  /** Origin chamber: lower | upper | legislature (unicameral) | council. */
  chamber: z.string().nullable().default(null),
  actions: z.array(normalizedActionSchema).default([]),
  sponsors: z.array(normalizedSponsorSchema).default([]),
  documents: z.array(normalizedDocumentSchema).default([]),
  votes: z.array(normalizedVoteSchema).default([]),
  /** Chapter, act or ordinance number once enacted (Legistar MatterEnactmentNumber, CA chapter). */
  enactmentNumber: z.string().nullable().default(null),
  /**
   * Status facts a source states outright (Legistar MatterStatusName, Virginia's
   * passed/failed/approved/vetoed flags): hints for the status model beside the actions.
   */
  statusHints: z.array(z.string()).default([]),
  sourceUrl: z.string().url().nullable().default(null),
  /** When the source last changed the record (for "prefer the fresher facts"). */
  sourceUpdatedAt: z.string().nullable().default(null),
  extras: z.record(z.string(), z.unknown()).default({}),
});
export type NormalizedBill = z.infer<typeof normalizedBillSchema>;
/** What adapters build: defaults may be left out. */
export type NormalizedBillInput = z.input<typeof normalizedBillSchema>;
