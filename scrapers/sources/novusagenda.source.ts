import * as cheerio from 'cheerio';
import { CookieJar, HttpClient } from '../kit/http-client.js';
import { postbackFields, readAspNetForm } from '../kit/aspnet-form.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { novusagendaSettingsSchema } from '../../core/sources/city-source-settings.js';
import type { NormalizedMeetingInput } from '../../core/meetings/meeting.schema.js';
import { listAgendaAppearances } from '../../db/meetings/agenda-appearances.js';
import { ITEMS_GRID, parseNovusSearchPage, type NovusItem, type NovusMeeting } from '../novusagenda/novusagenda.parser.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import { agendaMatter, agendaMatterBills, compileAgendaRules, groupAppearances } from './agenda-matters.js';
import { cityJurisdiction } from './agenda-run.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/**
 * A city on NovusAGENDA (Houston; any other NovusAGENDA city is a registry entry). Per run:
 * the public search page (its meetings grid and first page of agenda items), then the items
 * grid page by page through ASP.NET postbacks (the page's form posted back with the pager's
 * "Next Page" event target), up to `maxPages`. Every meeting is stored with its items (section
 * = the item's category); items that take up a matter (a category listed in
 * `legislationCategories`, or any category not skipped) become records of the city, keyed by
 * the number the registry's `matterPattern` finds in the title ("Ordinance No. 2022-10"),
 * else by the title. A pager that does not move on, or a grid whose columns changed, fails the
 * run naming the selector and URL.
 */
export const novusagendaSource: SourceAdapter = {
  kind: 'novusagenda',
  notConfigured: ({ source }) => (source.jurisdictionId ? null : 'the source names no jurisdiction (add the city to db/seed/cities.json)'),
  start(ctx: AdapterContext) {
    const settings = novusagendaSettingsSchema.parse(ctx.source.settings);
    const city = cityJurisdiction(ctx.source);
    const http = new HttpClient({ minIntervalMs: settings.minIntervalMs });

    async function* items(): AsyncGenerator<SourceItem> {
      const rules = compileAgendaRules(settings);
      const legislation = new Set(settings.legislationCategories.map((c) => c.trim().toUpperCase()));
      const cookies = new CookieJar();
      let fetched = await http.getText(settings.url, { cookies });
      let page = parseNovusSearchPage(fetched.body, fetched.url);
      const meetings = new Map<number, NovusMeeting>(page.meetings.map((m) => [m.meetingId, m]));
      const agendaItems: NovusItem[] = [...page.items];
      for (let pages = 1; page.nextItemsPage && pages < settings.maxPages; pages++) {
        const form = readAspNetForm(cheerio.load(fetched.body), fetched.url);
        const before = page.itemsPager?.page ?? pages;
        fetched = await http.postForm(form.action, postbackFields(form, page.nextItemsPage), { cookies, headers: { referer: fetched.url } });
        page = parseNovusSearchPage(fetched.body, fetched.url);
        const after = page.itemsPager?.page ?? before + 1;
        if (after !== before + 1) {
          throw new LayoutChangedError(`${ITEMS_GRID} .rgPager .rgCurrentPage`, fetched.url, `posted back for items page ${before + 1} but the grid shows page ${after}`);
        }
        agendaItems.push(...page.items);
        for (const m of page.meetings) if (!meetings.has(m.meetingId)) meetings.set(m.meetingId, m);
      }

      const byMeeting = new Map<number, NovusItem[]>();
      for (const item of agendaItems) {
        // A line without a cover sheet ("Roll Call") names no meeting: find it by day and meeting type.
        const meetingId = item.meetingId ?? [...meetings.values()].find((m) => m.date === item.date && m.meetingType === item.meetingType)?.meetingId;
        if (meetingId === undefined) continue;
        byMeeting.set(meetingId, [...(byMeeting.get(meetingId) ?? []), item]);
      }
      const keys = new Set<string>();
      for (const meetingId of new Set([...meetings.keys(), ...byMeeting.keys()])) {
        const lines = byMeeting.get(meetingId) ?? [];
        const listed = meetings.get(meetingId);
        const head = listed ?? { date: lines[0].date, meetingType: lines[0].meetingType ?? 'Council Meeting', location: lines[0].location, cancelled: false, agendaUrl: null, minutesUrl: null };
        const meeting: NormalizedMeetingInput = {
          source: ctx.source.id,
          externalId: String(meetingId),
          jurisdictionId: city.id,
          body: head.meetingType || 'Council Meeting',
          date: head.date,
          location: head.cancelled ? null : head.location,
          status: head.cancelled ? 'cancelled' : 'scheduled',
          agendaUrl: head.agendaUrl,
          minutesUrl: head.minutesUrl,
          sourceUrl: head.agendaUrl ?? settings.url,
          items: lines.map((line) => {
            const category = line.category?.toUpperCase() ?? '';
            const listedAsLegislation = legislation.size === 0 || legislation.has(category);
            const matter = listedAsLegislation ? agendaMatter({ title: line.title, sectionPath: line.category ? [line.category] : [] }, rules) : null;
            if (matter) keys.add(matter.key);
            return {
              externalId: line.itemId === null ? null : String(line.itemId),
              title: line.title,
              section: line.category,
              matterFile: matter?.file ?? null,
              matterExternalId: matter?.key ?? null,
              url: line.coverSheetUrl,
            };
          }),
        };
        yield { meeting };
      }
      const stored = await listAgendaAppearances(ctx.handle.db, ctx.source.id, [...keys]);
      yield* agendaMatterBills(groupAppearances(stored), new Map(), { source: ctx.source.id, jurisdictionId: city.id, councilBody: 'City Council' });
    }
    return { items: items(), requests: () => http.requests, cursorAfter: () => ({ readFrom: settings.url }) };
  },
};
