import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import type { NormalizedBillInput } from '../../../core/bill/bill.schema.js';
import { clockTimeOf, type NormalizedMeetingInput } from '../../../core/meetings/meeting.schema.js';
import { LayoutChangedError, ScrapeError } from '../../../core/scrape-errors.js';
import { addDaysToDate } from '../../../core/dates.js';
import type { LegistarHtmlSettings } from '../../../core/sources/city-source-settings.js';
import { CookieJar, type HttpClient } from '../../kit/http-client.js';
import { nextPagePostback, postbackFields, readAspNetForm, searchButton, withField } from '../../kit/aspnet-form.js';
import type { CouncilTerm } from '../matter-to-bill.js';
import { parseCalendar } from './calendar.parser.js';
import { parseLegislationDetail } from './legislation-detail.parser.js';
import { parseLegislationSearch, SEARCH_GRID, type LegislationSearchRow } from './legislation-search.parser.js';
import { parseMeetingDetail } from './meeting-detail.parser.js';
import { billFromLegislationDetail } from './legistar-html.adapter.js';

/**
 * The live Legistar InSite crawler: a client's public web site read as a browser would, for
 * clients whose Web API is closed (Philadelphia's, since it asked for a token). Legislation:
 * the search form (`Legislation.aspx`) posted with the year filter, every results page through
 * the grid's pager postbacks, and the `LegislationDetail.aspx` page (history, sponsors,
 * attachments) of every matter whose row changed since the last run. Meetings: the
 * `Calendar.aspx` grid and, for recent and coming meetings, their `MeetingDetail.aspx` agenda.
 * Bills and meetings come out in the same shape and under the same source id as the API's
 * (`legistar:<client>`, MatterId as external id), so either can stand in for the other.
 */

export type LegistarCrawlConfig = {
  client: string;
  jurisdictionId: string;
  terms?: CouncilTerm[];
  settings: LegistarHtmlSettings;
  /** `YYYY-MM-DD` in the city: which meetings are recent enough to read their agendas. */
  today: string;
  /** What each file's search row looked like when its detail page was last read (from the cursor). */
  seen: Record<string, string>;
};

export type LegistarCrawlItem = NormalizedBillInput | { meeting: NormalizedMeetingInput } | { error: ScrapeError; url?: string | null };

export type LegistarCrawl = {
  items: AsyncGenerator<LegistarCrawlItem>;
  /** Files whose detail page was read, with their row fingerprint: the next run's `seen`. */
  seen: () => Record<string, string>;
};

/** Starts a crawl; nothing is fetched until `items` is iterated. */
export function crawlLegistarSite(config: LegistarCrawlConfig, http: HttpClient): LegistarCrawl {
  const seen: Record<string, string> = { ...config.seen };
  const site = config.settings.insiteUrl.replace(/\/+$/, '');
  const source = `legistar:${config.client}`;

  async function* items(): AsyncGenerator<LegistarCrawlItem> {
    const cookies = new CookieJar();
    const changed: LegislationSearchRow[] = [];
    for await (const row of searchRows(http, cookies, `${site}/Legislation.aspx`, config.settings)) {
      if (seen[row.file] !== fingerprint(row)) changed.push(row);
    }
    let budget = config.settings.maxDetailPages;
    for (const row of changed) {
      if (budget-- <= 0) break;
      try {
        const page = await http.getText(row.detailUrl, { cookies });
        yield billFromLegislationDetail(parseLegislationDetail(page.body, row.detailUrl), { client: config.client, jurisdictionId: config.jurisdictionId, terms: config.terms });
        seen[row.file] = fingerprint(row);
      } catch (error) {
        // A changed layout ends the run; one matter the site will not serve does not.
        if (!(error instanceof ScrapeError) || error instanceof LayoutChangedError || error.retryable) throw error;
        yield { error, url: error.url };
      }
    }
    yield* meetings(http, cookies, `${site}/Calendar.aspx`, config, source);
  }
  return { items: items(), seen: () => seen };
}

/**
 * Every row of the legislation search for the configured years: the form posted with its
 * search button, then each next page through the grid's pager. A pager that does not move
 * on fails the run (it would otherwise read page 1 forever).
 */
async function* searchRows(http: HttpClient, cookies: CookieJar, url: string, settings: LegistarHtmlSettings): AsyncGenerator<LegislationSearchRow> {
  const form = await http.getText(url, { cookies });
  const $form = cheerio.load(form.body);
  let fields = readAspNetForm($form, form.url);
  for (const name of ['ctl00$ContentPlaceHolder1$lstYears', 'ctl00$ContentPlaceHolder1$lstYearsAdvanced']) {
    if (fields.fields.some(([n]) => n === name)) fields = { ...fields, fields: withField(fields.fields, name, settings.searchYears) };
  }
  let page = await http.postForm(fields.action, postbackFields(fields, searchButton($form, form.url, ['btnSearch', 'btnSearch2'])), { cookies, headers: { referer: form.url } });
  for (let read = 1; ; read++) {
    const parsed = parseLegislationSearch(page.body, page.url);
    yield* parsed.rows;
    const $ = cheerio.load(page.body);
    const next = nextPagePostback($, SEARCH_GRID);
    if (!next || read >= settings.maxSearchPages) return;
    const current = parsed.pager?.page ?? read;
    const form = readAspNetForm($, page.url);
    page = await http.postForm(form.action, postbackFields(form, next), { cookies, headers: { referer: page.url } });
    const after = parseLegislationSearch(page.body, page.url).pager?.page;
    if (after !== undefined && after !== current + 1) {
      throw new LayoutChangedError(`${SEARCH_GRID} .rgPager`, page.url, `posted back for results page ${current + 1} but the grid shows page ${after}`);
    }
  }
}

/**
 * The calendar's meetings, each with its agenda (MeetingDetail) when the meeting is within
 * the look-back window or ahead and the client lets the public see it.
 */
async function* meetings(http: HttpClient, cookies: CookieJar, url: string, config: LegistarCrawlConfig, source: string): AsyncGenerator<LegistarCrawlItem> {
  const calendar = await http.getText(url, { cookies });
  const oldest = addDaysToDate(config.today, -config.settings.lookbackDays);
  for (const row of parseCalendar(calendar.body, calendar.url, { allowNoRecords: true })) {
    const id = row.meetingId ?? row.meetingGuid;
    if (id === null) continue;
    const meeting: NormalizedMeetingInput = {
      source,
      externalId: `web:${id}`,
      jurisdictionId: config.jurisdictionId,
      body: row.body,
      name: row.topic,
      date: row.date,
      time: clockTimeOf(row.time),
      location: row.location,
      status: row.status,
      agendaUrl: row.agendaUrl,
      minutesUrl: row.minutesUrl,
      sourceUrl: row.detailUrl ?? calendar.url,
      items: [],
    };
    if (row.detailUrl && row.date >= oldest) {
      try {
        const page = await http.getText(row.detailUrl, { cookies });
        const detail = parseMeetingDetail(page.body, row.detailUrl);
        meeting.location = detail.location ?? meeting.location;
        meeting.items = detail.items.map((item) => ({
          number: item.agendaNumber,
          title: item.title || item.file || 'Agenda item',
          section: item.type,
          matterFile: item.file,
          matterExternalId: item.matterId === null ? null : String(item.matterId),
          action: item.action,
          result: item.result,
          url: item.matterUrl,
        }));
      } catch (error) {
        if (!(error instanceof ScrapeError) || error instanceof LayoutChangedError || error.retryable) throw error;
        yield { error, url: error.url };
      }
    }
    yield { meeting };
  }
}

/** What a search row shows that a change on the detail page would change too. */
function fingerprint(row: LegislationSearchRow): string {
  return createHash('sha256').update([row.status, row.type, row.title, row.introDate, row.finalActionDate, row.lawNumber].join('|')).digest('hex').slice(0, 16);
}
