import { z } from 'zod';
import { clockTimeOf, type NormalizedMeetingInput } from '../../core/meetings/meeting.schema.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import { httpUrlOrNull } from '../kit/urls.js';

/**
 * Open States API v3 events (`GET /events?include=agenda&include=participants…`): legislative
 * hearings and floor sessions, each agenda item naming the bills it takes up. Field names from
 * the published OpenAPI document (../shared/reference/openstates-v3-openapi.json, `Event`,
 * `EventAgendaItem`, `EventRelatedEntity`, `CompactBill`).
 */

const link = z.object({ url: z.string(), note: z.string().nullish() });

export const openStatesEventSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  jurisdiction: z.object({ id: z.string(), name: z.string(), classification: z.string().nullish() }),
  description: z.string().nullish(),
  classification: z.string().nullish(),
  start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected start_date to begin with YYYY-MM-DD'),
  end_date: z.string().nullish(),
  all_day: z.boolean().nullish(),
  status: z.string().nullish(),
  deleted: z.boolean().nullish(),
  location: z.object({ name: z.string().nullish(), url: z.string().nullish() }).nullish(),
  links: z.array(link).nullish(),
  sources: z.array(link).nullish(),
  participants: z.array(z.object({ name: z.string(), entity_type: z.string(), note: z.string().nullish() })).nullish(),
  agenda: z
    .array(
      z.object({
        description: z.string(),
        order: z.number().int().nullish(),
        classification: z.array(z.string()).nullish(),
        related_entities: z
          .array(
            z.object({
              name: z.string(),
              entity_type: z.string(),
              note: z.string().nullish(),
              bill: z.object({ id: z.string(), identifier: z.string(), session: z.string().nullish(), title: z.string().nullish() }).nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});
export type OpenStatesEvent = z.infer<typeof openStatesEventSchema>;

const eventListSchema = z.object({ results: z.array(z.unknown()), pagination: z.object({ page: z.number(), max_page: z.number() }).passthrough() });


/**
 * An event as a meeting of source `openstates`: the committee (an organization participant)
 * as its body, the day and time of `start_date` as written (local), and one agenda item per
 * bill an agenda line relates (or one per line without a bill), linked by the bill's
 * `ocd-bill/…` id, which is the Open States source's external id of the bill.
 */
export function openStatesEventToMeeting(event: OpenStatesEvent): NormalizedMeetingInput {
  const committee = event.participants?.find((p) => p.entity_type === 'organization')?.name;
  const status = /cancel/i.test(event.status ?? '') ? 'cancelled' : /postpone|resched/i.test(event.status ?? '') ? 'deferred' : 'scheduled';
  const time = event.all_day ? null : clockTimeOf(/[T ](\d{2}:\d{2})/.exec(event.start_date)?.[1] ?? null);
  const lines = [...(event.agenda ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return {
    source: 'openstates',
    externalId: event.id,
    jurisdictionId: event.jurisdiction.id,
    body: committee ?? event.name,
    name: committee && committee !== event.name ? event.name : null,
    date: event.start_date.slice(0, 10),
    time,
    location: event.location?.name?.trim() || null,
    status,
    sourceUrl: httpUrlOrNull(event.sources?.[0]?.url) ?? httpUrlOrNull(event.links?.[0]?.url),
    agendaUrl: httpUrlOrNull(event.links?.find((l) => /agenda/i.test(l.note ?? ''))?.url),
    items: lines.flatMap((line, i) => {
      const bills = (line.related_entities ?? []).filter((e) => e.entity_type === 'bill' && e.bill);
      const title = line.description.trim() || `Agenda item ${i + 1}`;
      if (bills.length === 0) return [{ number: line.order === null || line.order === undefined ? null : String(line.order), title }];
      return bills.map((e) => ({
        number: line.order === null || line.order === undefined ? null : String(line.order),
        title: e.bill!.title?.trim() ? `${e.bill!.identifier}: ${e.bill!.title.trim()}` : title,
        section: title !== e.bill!.title ? title : null,
        matterFile: e.bill!.identifier,
        matterExternalId: e.bill!.id,
      }));
    }),
  };
}

/**
 * Reads a saved `/events` answer (a list page `{results, pagination}`, an array, or one event).
 * Returns the meetings and, per malformed event, an InvalidRecordError with its position; never
 * throws for bad content except JSON that is not an events payload at all.
 */
export function readOpenStatesEvents(body: unknown, url: string | null): { meetings: NormalizedMeetingInput[]; problems: InvalidRecordError[]; page: number | null; maxPage: number | null } {
  const list = eventListSchema.safeParse(body);
  const raw: unknown[] = list.success ? list.data.results : Array.isArray(body) ? body : body && typeof body === 'object' && 'id' in body ? [body] : [];
  if (!list.success && raw.length === 0 && !Array.isArray(body)) throw new InvalidRecordError('expected an Open States events page {results, pagination}, an array of events or one event', url);
  const meetings: NormalizedMeetingInput[] = [];
  const problems: InvalidRecordError[] = [];
  raw.forEach((value, i) => {
    const parsed = openStatesEventSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(new InvalidRecordError(`event ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`, url));
      return;
    }
    if (parsed.data.deleted) return;
    meetings.push(openStatesEventToMeeting(parsed.data));
  });
  return { meetings, problems, page: list.success ? list.data.pagination.page : null, maxPage: list.success ? list.data.pagination.max_page : null };
}
