import { z } from 'zod';
import { HttpClient, HttpStatusError } from '../kit/http-client.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import { austinCouncilSettingsSchema } from '../../core/sources/city-source-settings.js';
import type { NormalizedAgendaItemInput, NormalizedMeetingInput } from '../../core/meetings/meeting.schema.js';
import { listAgendaAppearances } from '../../db/meetings/agenda-appearances.js';
import { AUSTIN_MEETING_KINDS, parseAustinCouncilMeetings, type AustinCouncilMeeting } from '../austin/austin-council.parser.js';
import { parseAgendaText, parseAustinAgendaPage, type AustinAgendaItem } from '../austin/austin-agenda.parser.js';
import { parseBoardsMeetings } from '../austin/boards-meetings.parser.js';
import { austinEnactmentDate } from '../austin/ordinance-number.js';
import { extractPdfText } from '../texts/pdf-text-extract.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import { agendaMatter, agendaMatterBills, compileAgendaRules, groupAppearances, titleKey, type AgendaEnactment, type AgendaRules } from './agenda-matters.js';
import { addDays, cityJurisdiction, settledSince, todayIn } from './agenda-run.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/**
 * Austin's City Council (not on Legistar): the Council Meeting Information Center and any
 * configured year indexes list the meetings; each meeting page in the look-back window not
 * read before gives the agenda's numbered items, their EDIMS backup and, after the meeting,
 * the enactment numbers (`20230816-008`) of what passed. Configured boards and commissions
 * pages add their meetings, each agenda read from its EDIMS PDF through the text extractor.
 * Items that take up a matter become records of the city (keyed by title, so the agenda item
 * and the adopted ordinance are one record); an enactment number marks the record enacted.
 */

const cursorSchema = z.object({ read: z.record(z.string(), z.string()).default({}) });

const COUNCIL = 'Austin City Council';

export const austinCouncilSource: SourceAdapter = {
  kind: 'austin-council',
  notConfigured: ({ source }) => (source.jurisdictionId ? null : 'the source names no jurisdiction (add the city to db/seed/cities.json)'),
  start(ctx: AdapterContext) {
    const settings = austinCouncilSettingsSchema.parse(ctx.source.settings);
    const cursor = cursorSchema.parse(ctx.source.cursor);
    const city = cityJurisdiction(ctx.source);
    const http = new HttpClient({ minIntervalMs: settings.minIntervalMs });
    const today = todayIn(city.timezone, ctx.params.today);
    const oldest = addDays(today, -settings.lookbackDays);
    const read: Record<string, string> = Object.fromEntries(Object.entries(cursor.read).filter(([, date]) => date >= oldest));
    const due = (key: string, date: string) => date >= oldest && !(read[key] && settledSince(date, today));

    async function* items(): AsyncGenerator<SourceItem> {
      const rules = compileAgendaRules(settings);
      const keys = new Set<string>();
      const enactments = new Map<string, AgendaEnactment>();
      const council = new Map<string, AustinCouncilMeeting>();
      for (const url of [settings.infoCenterUrl, ...settings.yearIndexUrls]) {
        const page = await http.getText(url);
        for (const meeting of parseAustinCouncilMeetings(page.body, page.url)) if (!council.has(meeting.meetingKey)) council.set(meeting.meetingKey, meeting);
      }
      for (const meeting of council.values()) {
        if (!due(meeting.meetingKey, meeting.date)) continue;
        let agenda: AustinAgendaItem[];
        try {
          const page = await http.getText(meeting.url);
          agenda = parseAustinAgendaPage(page.body, page.url);
        } catch (error) {
          // A meeting page not posted yet (404) is that meeting's problem, not the run's.
          if (!(error instanceof HttpStatusError) || error.retryable) throw error;
          yield { error, url: error.url };
          continue;
        }
        yield { meeting: councilMeeting(meeting, agenda, ctx.source.id, city.id, rules, keys, enactments) };
        if (settledSince(meeting.date, today)) read[meeting.meetingKey] = meeting.date;
      }
      for (const template of settings.boardPages) {
        const url = template.replace('{year}', today.slice(0, 4));
        const fetched = await http.getText(url);
        const page = parseBoardsMeetings(fetched.body, fetched.url);
        for (const meeting of page.meetings) {
          const readKey = `${url}#${meeting.date}`;
          if (!due(readKey, meeting.date)) continue;
          const agendaDoc = meeting.documents.find((d) => /^agenda$/i.test(d.label) && d.edimsId !== null);
          let lines: AustinAgendaItem[] = [];
          if (agendaDoc && !meeting.cancelled) {
            try {
              const pdf = await http.getBuffer(agendaDoc.url);
              lines = parseAgendaText(await extractPdfText(pdf.body, agendaDoc.url));
            } catch (error) {
              if (!(error instanceof ScrapeError) || error.retryable) throw error;
              yield { error, url: error.url };
            }
          }
          // Recommendations adopted at the meeting are listed as documents ("20141209-003: Renaming parkland …"):
          // kept on the meeting with their numbers; a board's recommendation is not a law of the city.
          const recommendations: NormalizedAgendaItemInput[] = meeting.documents.flatMap((d) =>
            d.enactmentNumbers.map((number) => ({ title: (d.note ?? d.label).replace(/^\d{8}-\d{3,4}:\s*/, '') || d.label, section: d.label, matterFile: number, url: d.url })),
          );
          const body = page.body ?? 'Board or commission';
          yield {
            meeting: {
              source: ctx.source.id,
              externalId: `${body}/${meeting.date}`,
              jurisdictionId: city.id,
              body,
              name: meeting.meetingType || null,
              date: meeting.date,
              location: meeting.note,
              status: meeting.cancelled ? 'cancelled' : 'scheduled',
              agendaUrl: agendaDoc?.url ?? null,
              minutesUrl: meeting.documents.find((d) => /minutes/i.test(d.label))?.url ?? null,
              sourceUrl: url,
              items: [...lines.map((line) => ({ number: line.number, title: line.title, section: line.section, url: agendaDoc?.url ?? null })), ...recommendations],
            },
          };
          if (settledSince(meeting.date, today)) read[readKey] = meeting.date;
        }
      }
      const stored = await listAgendaAppearances(ctx.handle.db, ctx.source.id, [...keys]);
      yield* agendaMatterBills(groupAppearances(stored), enactments, { source: ctx.source.id, jurisdictionId: city.id, councilBody: COUNCIL });
    }
    return { items: items(), requests: () => http.requests, cursorAfter: () => ({ read, readFrom: settings.infoCenterUrl }) };
  },
};

/** A council meeting with its agenda; matters keyed by title, their enactment numbers noted. */
function councilMeeting(
  meeting: AustinCouncilMeeting,
  agenda: AustinAgendaItem[],
  source: string,
  jurisdictionId: string,
  rules: AgendaRules,
  keys: Set<string>,
  enactments: Map<string, AgendaEnactment>,
): NormalizedMeetingInput {
  return {
    source,
    externalId: meeting.meetingKey,
    jurisdictionId,
    body: COUNCIL,
    name: AUSTIN_MEETING_KINDS[meeting.kind] ?? meeting.description,
    date: meeting.date,
    status: meeting.notes.some((n) => /cancel/i.test(n)) ? 'cancelled' : 'scheduled',
    agendaUrl: meeting.url,
    sourceUrl: meeting.url,
    items: agenda.map((item) => {
      // Keyed by title: the agenda item and, after the vote, the same item with its ordinance number are one matter.
      const legislative = agendaMatter({ title: item.title, sectionPath: item.section ? [item.section] : [] }, { ...rules, matterPattern: null }) !== null;
      const key = legislative ? titleKey(item.title) : null;
      const number = item.enactmentNumbers[0] ?? null;
      if (key) {
        keys.add(key);
        const date = number ? austinEnactmentDate(number) : null;
        if (number && date && !enactments.has(key)) {
          enactments.set(key, { number, draftNumber: null, kind: /\bordinance\b/i.test(item.title) ? 'ordinance' : /\bresolution\b/i.test(item.title) ? 'resolution' : 'other', date, title: item.title, url: item.documents[0]?.url ?? null });
        }
      }
      return { number: item.number, title: item.title, section: item.section, matterFile: number, matterExternalId: key, url: item.documents[0]?.url ?? null };
    }),
  };
}
