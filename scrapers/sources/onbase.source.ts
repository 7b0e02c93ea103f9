import { z } from 'zod';
import { CookieJar, HttpClient } from '../kit/http-client.js';
import { ScrapeError, LayoutChangedError } from '../../core/scrape-errors.js';
import { onbaseSettingsSchema, type OnBaseSettings } from '../../core/sources/city-source-settings.js';
import type { NormalizedMeetingInput } from '../../core/meetings/meeting.schema.js';
import { listAgendaAppearances } from '../../db/meetings/agenda-appearances.js';
import { parseOnBaseMeetingList, type OnBaseListedMeeting } from '../onbase/onbase-meetings.parser.js';
import { parseOnBaseMeetingPage } from '../onbase/onbase-meeting.parser.js';
import { parseOnBaseAgenda, type OnBaseAgenda } from '../onbase/onbase-agenda.parser.js';
import { OnBasePageUnavailableError } from '../onbase/onbase-error-page.js';
import { parseClerkEnactments } from '../san-diego/clerk-enactments.parser.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import { agendaMatter, agendaMatterBills, compileAgendaRules, fileKey, groupAppearances, titleKey, type AgendaEnactment } from './agenda-matters.js';
import { addDays, cityJurisdiction, settledSince, todayIn } from './agenda-run.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/**
 * A city on Hyland OnBase Agenda Online (San Diego; Tucson, Maricopa, Sacramento County, Tampa
 * and the others are a registry entry with their site addresses). Per run, for each site: the
 * home page's upcoming and recent meetings; for each meeting in the look-back window not read
 * before (or still ahead), its meeting page and agenda, as the outline where the site serves it
 * and as the converted document where it answers the outline with its error page. Every meeting
 * is stored with its agenda; each agenda line that takes up a matter becomes (or updates) a
 * record of the city with an "on the agenda" action per meeting; the clerk's list of final
 * resolutions and ordinances, when configured, marks matters enacted. A page whose layout
 * changed fails the run (selector and URL); one meeting the site will not serve is reported
 * and the run goes on.
 */

const cursorSchema = z.object({
  /** `{site}#{meetingId}` → the meeting's date, for meetings read and settled (a week past). */
  read: z.record(z.string(), z.string()).default({}),
});

export const onbaseSource: SourceAdapter = {
  kind: 'onbase',
  notConfigured: ({ source }) => (source.jurisdictionId ? null : 'the source names no jurisdiction (add the city to db/seed/cities.json)'),
  start(ctx: AdapterContext) {
    const settings = onbaseSettingsSchema.parse(ctx.source.settings);
    const cursor = cursorSchema.parse(ctx.source.cursor);
    const city = cityJurisdiction(ctx.source);
    const http = new HttpClient({ minIntervalMs: settings.minIntervalMs });
    const today = todayIn(city.timezone, ctx.params.today);
    const read: Record<string, string> = Object.fromEntries(Object.entries(cursor.read).filter(([, date]) => date >= addDays(today, -settings.lookbackDays)));

    async function* items(): AsyncGenerator<SourceItem> {
      const rules = compileAgendaRules(settings);
      const skipMeetings = new RegExp(settings.skipMeetings, 'iu');
      const keys = new Set<string>();
      for (const site of settings.sites) {
        const root = site.url.endsWith('/') ? site.url : `${site.url}/`;
        const cookies = new CookieJar();
        // The home page and any configured searches; a meeting listed on two of them is read once.
        const meetings: OnBaseListedMeeting[] = [];
        for (const page of site.pages) {
          const list = await http.getText(new URL(page, root).toString(), { cookies });
          for (const meeting of parseOnBaseMeetingList(list.body, list.url)) if (!meetings.some((m) => m.meetingId === meeting.meetingId)) meetings.push(meeting);
        }
        for (const listed of meetings) {
          const agendaLink = listed.documents.find((d) => d.doctype === 1);
          const readKey = `${root}#${listed.meetingId}`;
          if (!agendaLink || skipMeetings.test(listed.name)) continue;
          if (listed.date < addDays(today, -settings.lookbackDays) || (read[readKey] && settledSince(listed.date, today))) continue;
          let agenda: { page: OnBaseAgenda; url: string };
          try {
            agenda = await readAgenda(http, cookies, root, listed, agendaLink.url);
          } catch (error) {
            // A site that changed its layout fails the run; one meeting it will not serve does not.
            if (!(error instanceof ScrapeError) || error instanceof LayoutChangedError || error.retryable) throw error;
            yield { error, url: error.url };
            continue;
          }
          const meeting: NormalizedMeetingInput = {
            source: ctx.source.id,
            externalId: `${new URL(root).pathname.replace(/^\/|\/$/g, '') || new URL(root).host}/${listed.meetingId}`,
            jurisdictionId: city.id,
            body: listed.body ?? site.body ?? agenda.page.meetingName ?? 'Council',
            name: listed.name,
            date: listed.date,
            time: listed.time ?? agenda.page.meetingTime,
            status: /cancel/i.test(listed.name) ? 'cancelled' : 'scheduled',
            agendaUrl: agenda.url,
            sourceUrl: agendaLink.url,
            items: agenda.page.items.map((item) => {
              const matter = agendaMatter(item, rules);
              if (matter) keys.add(matter.key);
              return {
                externalId: String(item.itemId),
                number: item.number,
                title: item.title,
                section: item.section,
                matterFile: matter?.file ?? null,
                matterExternalId: matter?.key ?? null,
                url: new URL(`Meetings/ViewMeetingAgendaItem?meetingId=${listed.meetingId}&itemId=${item.itemId}&isSection=false&type=agenda`, root).toString(),
              };
            }),
          };
          yield { meeting };
          if (settledSince(listed.date, today)) read[readKey] = listed.date;
        }
      }
      const enactments = settings.enactments ? await readEnactments(http, settings.enactments) : [];
      // Which stored matter each enactment closes: by drafting or enacted number, else by title.
      const candidates = (e: AgendaEnactment) => [...(e.draftNumber ? [fileKey(e.draftNumber)] : []), fileKey(e.number), titleKey(e.title)];
      const stored = await listAgendaAppearances(ctx.handle.db, ctx.source.id, [...new Set([...keys, ...enactments.flatMap(candidates)])]);
      const lines = groupAppearances(stored);
      const byKey = new Map<string, AgendaEnactment>();
      for (const enactment of enactments) {
        const key = candidates(enactment).find((k) => lines.has(k)) ?? titleKey(enactment.title);
        if (!byKey.has(key)) byKey.set(key, enactment);
      }
      yield* agendaMatterBills(lines, byKey, { source: ctx.source.id, jurisdictionId: city.id, councilBody: settings.sites[0]?.body ?? 'City Council' });
    }
    return { items: items(), requests: () => http.requests, cursorAfter: () => ({ read, readFrom: settings.sites.map((s) => s.url).join(' ') }) };
  },
};

/**
 * A meeting's agenda: the meeting page first (it sets the session cookie and names the agenda
 * addresses), then the outline, and the converted document when the site answers the outline
 * with its error page.
 */
async function readAgenda(http: HttpClient, cookies: CookieJar, root: string, listed: OnBaseListedMeeting, meetingUrl: string): Promise<{ page: OnBaseAgenda; url: string }> {
  const shell = await http.getText(meetingUrl, { cookies });
  const addresses = parseOnBaseMeetingPage(shell.body, shell.url);
  const outlineUrl = addresses.outlineUrl ?? new URL(`Meetings/ViewMeetingAgenda?meetingId=${listed.meetingId}&type=agenda`, root).toString();
  const documentUrl = addresses.documentUrl ?? new URL(`Documents/ViewAgenda?meetingId=${listed.meetingId}&type=agenda&doctype=1`, root).toString();
  const ajax = { cookies, headers: { 'x-requested-with': 'XMLHttpRequest', referer: shell.url } };
  try {
    const outline = await http.getText(outlineUrl, ajax);
    return { page: parseOnBaseAgenda(outline.body, outline.url), url: outlineUrl };
  } catch (error) {
    if (!(error instanceof OnBasePageUnavailableError)) throw error;
  }
  const document = await http.getText(documentUrl, ajax);
  return { page: parseOnBaseAgenda(document.body, document.url), url: documentUrl };
}

/** The newest pages of the clerk's list of final resolutions and ordinances. */
async function readEnactments(http: HttpClient, list: NonNullable<OnBaseSettings['enactments']>): Promise<AgendaEnactment[]> {
  const out: AgendaEnactment[] = [];
  let next: string | null = list.url;
  for (let page = 0; page < list.pages && next; page++) {
    const fetched = await http.getText(next);
    const parsed = parseClerkEnactments(fetched.body, fetched.url);
    out.push(...parsed.enactments);
    if (parsed.enactments.length === 0) break;
    next = parsed.nextPageUrl ?? withPage(list.url, page + 1);
  }
  return out;
}

/** Drupal pages its views with `?page=N` (0-based). */
function withPage(url: string, page: number): string {
  const target = new URL(url);
  target.searchParams.set('page', String(page));
  return target.toString();
}
