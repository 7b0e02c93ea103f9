import { z } from 'zod';
import { clockTimeOf, type NormalizedMeetingInput } from '../../core/meetings/meeting.schema.js';
import { legistarLocalDate } from '../../core/dates.js';
import { eventItemsToAgenda, type LegistarEventItem } from './event-items.js';
import { httpUrlOrNull } from '../kit/urls.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import { addDaysToDate, odataDatetime } from '../../core/dates.js';

/**
 * Legistar Web API events (`GET /v1/{client}/events`): the meetings of a client's bodies.
 * Fields as the API serves them (real response:
 * ../shared/reference/cities/philadelphia/legistar-api_phila_events.json). `EventDate` is the
 * city's local day at midnight; `EventTime` is "2:00 PM".
 */

const optionalText = z.string().nullish().transform((v) => v ?? null);

export const legistarEventSchema = z.object({
  EventId: z.number().int(),
  EventGuid: optionalText,
  EventBodyName: z.string().min(1),
  EventDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'expected a Legistar datetime'),
  EventTime: optionalText,
  EventLocation: optionalText,
  EventAgendaStatusName: optionalText,
  EventAgendaFile: optionalText,
  EventMinutesFile: optionalText,
  EventComment: optionalText,
  EventInSiteURL: optionalText,
  EventLastModifiedUtc: optionalText,
  EventAgendaLastPublishedUTC: optionalText,
  EventMinutesLastPublishedUTC: optionalText,
});
export type LegistarEvent = z.infer<typeof legistarEventSchema>;


/**
 * An event and its items as a meeting of `source`: agenda lines in agenda order, each naming its
 * matter by MatterId (the Legistar source's external id of the bill) and file number. A comment
 * saying the meeting is cancelled or postponed sets its status.
 */
export function eventToMeeting(event: LegistarEvent, items: readonly LegistarEventItem[], ctx: { source: string; jurisdictionId: string }): NormalizedMeetingInput {
  const comment = event.EventComment ?? '';
  const status = /cancel/i.test(comment) || /cancel/i.test(event.EventAgendaStatusName ?? '') ? 'cancelled' : /postpone|defer|recess/i.test(comment) ? 'deferred' : 'scheduled';
  return {
    source: ctx.source,
    externalId: `event:${event.EventId}`,
    jurisdictionId: ctx.jurisdictionId,
    body: event.EventBodyName,
    date: legistarLocalDate(event.EventDate) ?? event.EventDate.slice(0, 10),
    time: clockTimeOf(event.EventTime),
    location: event.EventLocation?.trim() || null,
    status,
    agendaUrl: httpUrlOrNull(event.EventAgendaFile),
    minutesUrl: httpUrlOrNull(event.EventMinutesFile),
    sourceUrl: httpUrlOrNull(event.EventInSiteURL),
    items: eventItemsToAgenda(items)
      .filter((line) => line.title !== '' || line.matterFile !== null)
      .map((line) => ({
        externalId: String(line.eventItemId),
        number: line.agendaNumber,
        title: line.title || line.matterFile || `Item ${line.eventItemId}`,
        section: null,
        matterFile: line.matterFile,
        matterExternalId: line.matterId === null ? null : String(line.matterId),
        action: line.actionName,
        result: line.passed === null ? null : line.passed ? 'Pass' : 'Fail',
      })),
  };
}

/** What changes on an event when its agenda or minutes change: its items are read again then. */
export function eventFingerprint(event: LegistarEvent): string {
  return [event.EventLastModifiedUtc, event.EventAgendaLastPublishedUTC, event.EventMinutesLastPublishedUTC, event.EventAgendaStatusName].join('|');
}

/** What fetchLegistarMeetings needs of the API client. */
export type EventsApi = { events(filter: string): Promise<LegistarEvent[]>; eventItems(eventId: number): Promise<LegistarEventItem[]> };

export type LegistarMeetingsConfig = {
  source: string;
  jurisdictionId: string;
  /** The city's day: the window is `lookbackDays` before it to `aheadDays` after. */
  today: string;
  lookbackDays?: number;
  aheadDays?: number;
  /** Event id → fingerprint of events already stored; unchanged ones are not read again. */
  seen: Readonly<Record<string, string>>;
  /** Filled with the fingerprint of every event of this window that is stored (read now or unchanged): the next run's `seen`. */
  next: Record<string, string>;
};

/**
 * The meetings of a Legistar client in a window around today, each with its agenda
 * (`/events/{id}/eventitems`), skipping events unchanged since the last run. Yields meetings,
 * and `{ error }` for one event whose items could not be read; a refused token or a failing
 * `/events` listing throws. `seen` is updated as events are read.
 */
export async function* fetchLegistarMeetings(api: EventsApi, config: LegistarMeetingsConfig): AsyncGenerator<{ meeting: NormalizedMeetingInput } | { error: ScrapeError }> {
  const from = addDaysToDate(config.today, -(config.lookbackDays ?? 14));
  const to = addDaysToDate(config.today, config.aheadDays ?? 90);
  const events = await api.events(`EventDate ge ${odataDatetime(`${from}T00:00:00`)} and EventDate le ${odataDatetime(`${to}T00:00:00`)}`);
  for (const event of events) {
    const fingerprint = eventFingerprint(event);
    if (config.seen[String(event.EventId)] === fingerprint) {
      config.next[String(event.EventId)] = fingerprint;
      continue;
    }
    try {
      const items = await api.eventItems(event.EventId);
      yield { meeting: eventToMeeting(event, items, config) };
      config.next[String(event.EventId)] = fingerprint;
    } catch (error) {
      if (!(error instanceof ScrapeError) || error.code === 'token_required') throw error;
      yield { error: new ScrapeError(error.code, `event ${event.EventId} (${event.EventBodyName}, ${event.EventDate.slice(0, 10)}): ${error.message}`, { url: error.url, retryable: error.retryable, cause: error }) };
    }
  }
}
