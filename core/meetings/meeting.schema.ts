import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isoDate } from '../bill/bill.schema.js';
import { stableStringify } from '../bill/content-hash.js';
import { MEETING_STATUSES } from '../vocabulary.js';

/**
 * The one shape every source gives a meeting in (a council or committee session, a
 * legislative hearing): Legistar events, OnBase and NovusAGENDA agendas, Austin's council
 * pages, Open States `/events`. Adapters yield it beside bills; the pipeline validates it here
 * and stores it with its agenda items, each linked to a bill by the matter it names.
 */

/** `HH:MM` on a 24-hour clock, the meeting's local time. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (24-hour)');

export const normalizedAgendaItemSchema = z.object({
  /** The source's id of the agenda line (OnBase item id, Legistar EventItemId, NovusAGENDA ItemID). */
  externalId: z.string().min(1).nullable().default(null),
  /** The number printed on the agenda ("5", "a", "S500"), when there is one. */
  number: z.string().min(1).nullable().default(null),
  title: z.string().min(1, 'agenda item title is empty'),
  /** The agenda heading it sits under ("CONSENT, ORDINANCES TO BE INTRODUCED:", "ORDINANCES"). */
  section: z.string().min(1).nullable().default(null),
  /** The city's file / matter number the item names (`260239`, `O-2026-93`): how it links to a bill. */
  matterFile: z.string().min(1).nullable().default(null),
  /** The bill's external id in `matterSource` (a Legistar MatterId), when the source links it outright. */
  matterExternalId: z.string().min(1).nullable().default(null),
  /** Verbatim action and result, once the meeting has acted ("Approved", "Pass"). */
  action: z.string().min(1).nullable().default(null),
  result: z.string().min(1).nullable().default(null),
  url: z.string().url().nullable().default(null),
});
export type NormalizedAgendaItem = z.infer<typeof normalizedAgendaItemSchema>;

export const normalizedMeetingSchema = z.object({
  /** The source id, as on bills: `legistar:phila`, `onbase:sandiego`, `openstates`. */
  source: z.string().min(1),
  /** The source's id of the meeting (Legistar EventId, OnBase meetingId, `ocd-event/...`). */
  externalId: z.string().min(1),
  jurisdictionId: z.string().regex(/^ocd-jurisdiction\//, 'expected an ocd-jurisdiction id'),
  /** The body that meets: "City Council", "Committee on Public Safety", a legislative committee. */
  body: z.string().min(1, 'meeting body is empty'),
  /** The meeting's own title when the source gives one ("Tuesday Agenda Revised Added S500-S505"). */
  name: z.string().min(1).nullable().default(null),
  /** The local calendar day of the meeting. */
  date: isoDate,
  time: clockTime.nullable().default(null),
  location: z.string().min(1).nullable().default(null),
  status: z.enum(MEETING_STATUSES).default('scheduled'),
  agendaUrl: z.string().url().nullable().default(null),
  minutesUrl: z.string().url().nullable().default(null),
  /** The meeting's own page at the source. */
  sourceUrl: z.string().url().nullable().default(null),
  /**
   * Which source's external ids `items[].matterExternalId` are (default: this meeting's own
   * source). Agenda items link to bills through it, else by the city's file number.
   */
  matterSource: z.string().min(1).nullable().default(null),
  items: z.array(normalizedAgendaItemSchema).default([]),
});
export type NormalizedMeeting = z.infer<typeof normalizedMeetingSchema>;
export type NormalizedMeetingInput = z.input<typeof normalizedMeetingSchema>;

/**
 * A clock time as sources print it ("10:00 AM", "9:30:00 AM", "2:00 PM", "18:30") as `HH:MM`;
 * null when there is none or it cannot be read.
 */
export function clockTimeOf(value: string | null | undefined): string | null {
  const match = /^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp])?\.?\s*[Mm]?\.?\s*$/.exec(value ?? '');
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const half = match[3]?.toUpperCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    if (half === 'P' && hour !== 12) hour += 12;
    if (half === 'A' && hour === 12) hour = 0;
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Hash of everything a meeting record says: an unchanged meeting writes nothing on re-import. */
export function meetingContentHash(meeting: NormalizedMeeting): string {
  return createHash('sha256').update(stableStringify(meeting)).digest('hex');
}

export type NormalizedAgendaItemInput = z.input<typeof normalizedAgendaItemSchema>;
