import { z } from 'zod';

/**
 * Zod schemas of the Legistar Web API records we read (https://webapi.legistar.com/Help),
 * only the fields we use: unknown fields are dropped, missing optional ones read as null.
 * Field lists: /work/shared/reference/legistar/API.md §1.3–1.5 and the recorded responses
 * in reference/legistar/.
 */

/** `2013-03-13T00:00:00` or `2014-05-24T04:10:20.03`: no offset, ever. */
export const legistarDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/, 'expected a Legistar datetime (YYYY-MM-DDTHH:MM:SS)');

const optionalText = z.string().nullish().transform((v) => v ?? null);
const optionalDate = legistarDateTime.nullish().transform((v) => v ?? null);
const optionalInt = z.number().int().nullish().transform((v) => v ?? null);

/** GranicusMatter: one piece of legislation (ordinance, resolution, appointment, minutes...). */
export const legistarMatterSchema = z.object({
  MatterId: z.number().int(),
  MatterGuid: optionalText,
  MatterLastModifiedUtc: optionalDate,
  MatterFile: optionalText,
  MatterName: optionalText,
  MatterTitle: optionalText,
  MatterTypeId: optionalInt,
  MatterTypeName: optionalText,
  MatterStatusId: optionalInt,
  MatterStatusName: optionalText,
  MatterBodyId: optionalInt,
  MatterBodyName: optionalText,
  MatterIntroDate: optionalDate,
  MatterAgendaDate: optionalDate,
  MatterPassedDate: optionalDate,
  MatterEnactmentDate: optionalDate,
  MatterEnactmentNumber: optionalText,
  MatterRequester: optionalText,
  MatterNotes: optionalText,
  MatterVersion: optionalText,
  MatterRestrictViewViaWeb: z.boolean().nullish().transform((v) => v ?? false),
});
export type LegistarMatter = z.infer<typeof legistarMatterSchema>;

/** GranicusMatterHistory: one action on a matter (real rows: reference/legistar/chicago/*_event.json). */
export const legistarHistorySchema = z.object({
  MatterHistoryId: z.number().int(),
  MatterHistoryEventId: optionalInt,
  MatterHistoryVersion: optionalText,
  MatterHistoryActionDate: optionalDate,
  MatterHistoryActionName: optionalText,
  MatterHistoryActionText: optionalText,
  MatterHistoryActionBodyId: optionalInt,
  MatterHistoryActionBodyName: optionalText,
  // 1 passed, 0 failed, null for actions that are not votes.
  MatterHistoryPassedFlag: z.union([z.literal(0), z.literal(1)]).nullish().transform((v) => v ?? null),
  MatterHistoryPassedFlagName: optionalText,
  MatterHistoryTally: optionalText,
  // Non-null on actions taken at a meeting's item; 1 marks a roll-call item (API.md §1.3).
  MatterHistoryRollCallFlag: optionalInt,
  MatterHistoryMatterStatusId: optionalInt,
});
export type LegistarHistory = z.infer<typeof legistarHistorySchema>;

/** `/eventitems/{id}/votes`: one member's vote on an item (real rows: reference/cities/legistar-api/seattle_eventitems_123047_votes.json). */
export const legistarVoteSchema = z.object({
  VoteId: optionalInt,
  VotePersonId: optionalInt,
  VotePersonName: optionalText,
  VoteValueName: optionalText,
  VoteSort: optionalInt,
  VoteResult: optionalInt,
  VoteEventItemId: optionalInt,
});
export type LegistarVote = z.infer<typeof legistarVoteSchema>;

/** `/eventitems/{id}/rollcalls`: one member's answer to a roll call on an item. */
export const legistarRollCallSchema = z.object({
  RollCallPersonId: optionalInt,
  RollCallPersonName: optionalText,
  RollCallValueName: optionalText,
  RollCallSort: optionalInt,
  RollCallResult: optionalInt,
  RollCallEventItemId: optionalInt,
});
export type LegistarRollCall = z.infer<typeof legistarRollCallSchema>;

export const legistarSponsorSchema = z.object({
  MatterSponsorId: z.number().int(),
  MatterSponsorMatterId: optionalInt,
  MatterSponsorMatterVersion: optionalText,
  MatterSponsorNameId: optionalInt,
  MatterSponsorBodyId: optionalInt,
  MatterSponsorName: optionalText,
  MatterSponsorSequence: optionalInt,
});
export type LegistarSponsor = z.infer<typeof legistarSponsorSchema>;

export const legistarAttachmentSchema = z.object({
  MatterAttachmentId: z.number().int(),
  MatterAttachmentName: optionalText,
  MatterAttachmentHyperlink: optionalText,
  MatterAttachmentFileName: optionalText,
  MatterAttachmentMatterVersion: optionalText,
  MatterAttachmentLastModifiedUtc: optionalDate,
  MatterAttachmentShowOnInternetPage: z.boolean().nullish().transform((v) => v ?? true),
});
export type LegistarAttachment = z.infer<typeof legistarAttachmentSchema>;

/** `/matters/{id}/versions`: `[{"Key": "<MatterTextId>", "Value": "<version label>"}]`. */
export const legistarVersionSchema = z.object({
  Key: z.union([z.string(), z.number()]).transform((v) => String(v)),
  Value: optionalText,
});
export type LegistarVersion = z.infer<typeof legistarVersionSchema>;

export const legistarTextSchema = z.object({
  MatterTextId: z.number().int(),
  MatterTextMatterId: optionalInt,
  MatterTextVersion: optionalText,
  MatterTextPlain: optionalText,
  MatterTextLastModifiedUtc: optionalDate,
});
export type LegistarText = z.infer<typeof legistarTextSchema>;

/** `/matters/{id}/indexes`: the client's topic tags on a matter (real: reference/legistar/metro/matter_index.json). */
export const legistarMatterIndexSchema = z.object({
  MatterIndexId: z.number().int(),
  MatterIndexMatterId: optionalInt,
  MatterIndexIndexId: optionalInt,
  MatterIndexName: optionalText,
});
export type LegistarMatterIndex = z.infer<typeof legistarMatterIndexSchema>;

/** `/indexes`: the client's topic vocabulary (real: reference/legistar/metro/all_indexes.json). */
export const legistarIndexSchema = z.object({
  IndexId: z.number().int(),
  IndexName: optionalText,
  IndexActiveFlag: optionalInt,
  IndexUsedFlag: optionalInt,
});
export type LegistarIndex = z.infer<typeof legistarIndexSchema>;

export const legistarBodySchema = z.object({
  BodyId: z.number().int(),
  BodyName: optionalText,
  BodyTypeId: optionalInt,
  // "Primary Legislative Body" marks the council itself.
  BodyTypeName: optionalText,
  BodyActiveFlag: optionalInt,
});
export type LegistarBody = z.infer<typeof legistarBodySchema>;

export const legistarMatterTypeSchema = z.object({
  MatterTypeId: z.number().int(),
  MatterTypeName: optionalText,
  MatterTypeActiveFlag: optionalInt,
  MatterTypeDescription: optionalText,
});
export type LegistarMatterType = z.infer<typeof legistarMatterTypeSchema>;

export const legistarMatterStatusSchema = z.object({
  MatterStatusId: z.number().int(),
  MatterStatusName: optionalText,
  MatterStatusActiveFlag: optionalInt,
  MatterStatusDescription: optionalText,
});
export type LegistarMatterStatus = z.infer<typeof legistarMatterStatusSchema>;
