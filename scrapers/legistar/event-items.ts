import { z } from 'zod';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import { legistarDateTime } from './legistar-api.schema.js';

/**
 * Legistar Web API event items (`GET /v1/{client}/events/{EventId}/eventitems`): the lines of a
 * meeting's agenda and minutes, each optionally linked to a matter. Field list: API.md §1.6;
 * real response: reference/pages/oakland/legistar-api-eventitems-public-safety-2019-04-23.json.
 */

const optionalText = z.string().nullish().transform((v) => v ?? null);
const optionalInt = z.number().int().nullish().transform((v) => v ?? null);

/** GranicusEventItem, only the fields we read; unknown fields are dropped, missing ones read as null. */
export const legistarEventItemSchema = z.object({
  EventItemId: z.number().int(),
  EventItemGuid: optionalText,
  EventItemLastModifiedUtc: legistarDateTime.nullish().transform((v) => v ?? null),
  EventItemEventId: optionalInt,
  // Set when the item is on the agenda / in the minutes; minutes items appear while minutes are still draft.
  EventItemAgendaSequence: optionalInt,
  EventItemMinutesSequence: optionalInt,
  // The printed item number: "1", "7", or a marker such as "*" on notices.
  EventItemAgendaNumber: optionalText,
  EventItemVersion: optionalText,
  EventItemAgendaNote: optionalText,
  EventItemMinutesNote: optionalText,
  EventItemActionId: optionalInt,
  EventItemActionName: optionalText,
  EventItemActionText: optionalText,
  // 1 passed, 0 failed, null when no vote was recorded on the item.
  EventItemPassedFlag: z.union([z.literal(0), z.literal(1)]).nullish().transform((v) => v ?? null),
  EventItemPassedFlagName: optionalText,
  EventItemRollCallFlag: optionalInt,
  EventItemTitle: optionalText,
  EventItemTally: optionalText,
  EventItemConsent: optionalInt,
  EventItemMover: optionalText,
  EventItemSeconder: optionalText,
  EventItemMatterId: optionalInt,
  EventItemMatterGuid: optionalText,
  EventItemMatterFile: optionalText,
  EventItemMatterName: optionalText,
  EventItemMatterType: optionalText,
  EventItemMatterStatus: optionalText,
});
export type LegistarEventItem = z.infer<typeof legistarEventItemSchema>;

/** One line of a meeting's agenda, in agenda order, as the agenda reads it. */
export type AgendaEntry = {
  /** EventItemId: also the id for `/eventitems/{id}/votes`. */
  eventItemId: number;
  eventId: number | null;
  /** Position on the agenda (EventItemAgendaSequence); null for an item only in the minutes. */
  sequence: number | null;
  minutesSequence: number | null;
  /** The printed item number ("4"), when the agenda numbers the item. */
  agendaNumber: string | null;
  /** The linked matter (MatterId is the tracker's Legistar externalId); null for procedural lines (roll call, open forum). */
  matterId: number | null;
  matterFile: string | null;
  matterType: string | null;
  matterStatus: string | null;
  /** The item text, one line per line of the agenda (tabs and runs of spaces collapsed, blank lines dropped). */
  title: string;
  /** Verbatim action ("Approved the Recommendation of Staff, and Forward"); null before the meeting acts. */
  actionName: string | null;
  actionText: string | null;
  /** From EventItemPassedFlag: true / false where a vote was recorded, else null. */
  passed: boolean | null;
  tally: string | null;
  mover: string | null;
  seconder: string | null;
  consent: boolean;
};

/**
 * Validates an `/events/{id}/eventitems` answer. Returns the items; an empty array is a valid
 * answer (a meeting whose agenda is not yet published has no items), not an error. Throws
 * InvalidRecordError (with the URL) when the body is not an array or a row does not fit the schema.
 */
export function parseEventItems(body: unknown, url: string | null): LegistarEventItem[] {
  if (!Array.isArray(body)) throw new InvalidRecordError(`Legistar event items: expected a JSON array, got ${body === null ? 'null' : typeof body}`, url);
  return body.map((row, i) => {
    const parsed = legistarEventItemSchema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
    throw new InvalidRecordError(`Legistar event item ${i} does not fit the schema: ${issues}`, url);
  });
}

/**
 * The agenda of a meeting from its event items, in agenda order. The API returns items in
 * insertion order (Oakland's item 10 comes last), so this sorts by agenda sequence; items only in
 * the minutes follow, by minutes sequence. Every item is kept, procedural ones included:
 * callers wanting matters filter on `matterId !== null`.
 */
export function eventItemsToAgenda(items: readonly LegistarEventItem[]): AgendaEntry[] {
  const order = (n: number | null): number => n ?? Number.MAX_SAFE_INTEGER;
  return [...items]
    .sort(
      (a, b) =>
        order(a.EventItemAgendaSequence) - order(b.EventItemAgendaSequence) ||
        order(a.EventItemMinutesSequence) - order(b.EventItemMinutesSequence) ||
        a.EventItemId - b.EventItemId,
    )
    .map((item) => ({
      eventItemId: item.EventItemId,
      eventId: item.EventItemEventId,
      sequence: item.EventItemAgendaSequence,
      minutesSequence: item.EventItemMinutesSequence,
      agendaNumber: blankToNull(item.EventItemAgendaNumber),
      matterId: item.EventItemMatterId,
      matterFile: blankToNull(item.EventItemMatterFile),
      matterType: blankToNull(item.EventItemMatterType),
      matterStatus: blankToNull(item.EventItemMatterStatus),
      title: agendaText(item.EventItemTitle ?? ''),
      actionName: blankToNull(item.EventItemActionName),
      actionText: blankToNull(item.EventItemActionText),
      passed: item.EventItemPassedFlag === null ? null : item.EventItemPassedFlag === 1,
      tally: blankToNull(item.EventItemTally),
      mover: blankToNull(item.EventItemMover),
      seconder: blankToNull(item.EventItemSeconder),
      consent: item.EventItemConsent === 1,
    }));
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

// Titles are typed into Legistar with tabs for alignment ("Subject:\tOPD-…\t\r\nFrom:\t\tOakland Police Department").
function agendaText(value: string): string {
  return value
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
