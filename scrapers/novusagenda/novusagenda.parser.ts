import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, columnIndex, selectAll } from '../kit/select.js';
import { nextPagePostback, readPagerInfo, type Postback } from '../kit/aspnet-form.js';

/**
 * Parser of a NovusAGENDA (Granicus) public search page (`/agendapublic/`, `meetingsgeneral.aspx`):
 * two Telerik RadGrids, meetings (`…SearchAgendasMeetings_radGridMeetings_ctl00`) and agenda
 * items (`…SearchAgendasMeetings_radGridItems_ctl00`), their ids prefixed
 * `ctl00_ContentPlaceHolder1_` on master-page deployments (Bakersfield, Houston). Columns are
 * read by header text (Dinuba has no "Item Video" column, only Dinuba shows minutes); the
 * agenda and cover-sheet links open by `window.open('MeetingView.aspx?MeetingID=…')` with no
 * href. The items grid pages by postback ("34 items in 3 pages"). Written against the
 * product from two cities' pages: ../shared/reference/cities/novusagenda/.
 */

export type NovusMeeting = {
  meetingId: number;
  date: string;
  /** "Council Meeting", "Planning Commission Meeting". */
  meetingType: string;
  /** As shown, truncated by the site with "..." when long; "NOTICE OF CANCELLATION" marks a cancelled meeting. */
  location: string | null;
  cancelled: boolean;
  agendaUrl: string | null;
  agendaPdfUrl: string | null;
  minutesUrl: string | null;
};

export type NovusItem = {
  /** Null for a line without a cover sheet ("Roll Call"). */
  itemId: number | null;
  /** From the cover-sheet link; null without one (match the meeting by date and type). */
  meetingId: number | null;
  date: string;
  /** The item's title: often starting with its number ("Ordinance No. 2022-10 …", "ZC 20-0062"). */
  title: string;
  /** The agenda section ("PUBLIC HEARING", "CONSENT CALENDAR NON-PUBLIC HEARING"; Houston's "ORDINANCES"). */
  category: string | null;
  meetingType: string | null;
  location: string | null;
  coverSheetUrl: string | null;
};

export type NovusSearchPage = {
  meetings: NovusMeeting[];
  items: NovusItem[];
  /** "34 items in 3 pages" and the page shown. */
  itemsPager: { page: number; pageCount: number; totalItems: number } | null;
  /** The postback to the next page of items; null on the last page or when there is one page. */
  nextItemsPage: Postback | null;
};

export const MEETINGS_GRID = 'table[id$="SearchAgendasMeetings_radGridMeetings_ctl00"]';
export const ITEMS_GRID = 'table[id$="SearchAgendasMeetings_radGridItems_ctl00"]';

/**
 * Parses both grids. Throws LayoutChangedError naming the selector and URL when a grid is
 * missing, a required column is gone (Meeting Date / Meeting Type; Date / Title / Category), a
 * date is unreadable, or a row's link no longer names its meeting or item. A grid that says
 * "No records to display" parses to no rows.
 */
export function parseNovusSearchPage(html: string, url: string): NovusSearchPage {
  const $ = cheerio.load(html);
  selectAll($, MEETINGS_GRID, url, { min: 1, max: 1 });
  const itemsGrid = selectAll($, ITEMS_GRID, url, { min: 1, max: 1 });
  const meetings = gridRows($, MEETINGS_GRID, url, { date: /^meeting\s*date$/i, meetingType: /^meeting\s*type$/i }, { location: /location/i, agenda: /online\s*agenda/i, pdf: /download\s*agenda/i, minutes: /minutes/i }).map(
    ({ cells, columns, where }) => {
      const agendaUrl = windowOpenUrl(cells.eq(columns.agenda ?? -1), url);
      const meetingId = idFrom(agendaUrl, 'MeetingID') ?? idFrom(anchorHref(cells.eq(columns.pdf ?? -1), url), 'MeetingID');
      if (meetingId === null) throw new LayoutChangedError(`${MEETINGS_GRID} a[onclick*="MeetingID="]`, where, 'the meeting row links no MeetingID');
      const location = text(cells, columns.location);
      return {
        meetingId,
        date: gridDate(text(cells, columns.date), `${MEETINGS_GRID} (Meeting Date)`, where),
        meetingType: text(cells, columns.meetingType) ?? '',
        location,
        cancelled: /cancel/i.test(location ?? ''),
        agendaUrl,
        agendaPdfUrl: anchorHref(cells.eq(columns.pdf ?? -1), url),
        minutesUrl: columns.minutes === undefined ? null : windowOpenUrl(cells.eq(columns.minutes), url) ?? anchorHref(cells.eq(columns.minutes), url),
      };
    },
  );
  const items = gridRows($, ITEMS_GRID, url, { date: /^date$/i, title: /^title$/i, category: /^category$/i, item: /online\s*item/i }, { meetingType: /^meeting\s*type$/i, location: /^location$/i }).map(
    ({ cells, columns, where }) => {
      // Procedural lines ("Roll Call") have an empty link: no cover sheet, no ids.
      const coverSheetUrl = windowOpenUrl(cells.eq(columns.item ?? -1), url);
      const itemId = idFrom(coverSheetUrl, 'ItemID');
      const meetingId = idFrom(coverSheetUrl, 'MeetingID');
      if (coverSheetUrl !== null && (itemId === null || meetingId === null)) {
        throw new LayoutChangedError(`${ITEMS_GRID} a[onclick*="CoverSheet.aspx"]`, where, `the cover-sheet link no longer names ItemID and MeetingID: ${coverSheetUrl}`);
      }
      const title = text(cells, columns.title);
      if (!title) throw new LayoutChangedError(`${ITEMS_GRID} (Title)`, where, 'an agenda item without a title');
      return {
        itemId,
        meetingId,
        date: gridDate(text(cells, columns.date), `${ITEMS_GRID} (Date)`, where),
        title,
        category: text(cells, columns.category),
        meetingType: text(cells, columns.meetingType),
        location: text(cells, columns.location),
        coverSheetUrl,
      };
    },
  );
  const info = readPagerInfo(cleanText(itemsGrid.find('.rgInfoPart').first().text()));
  const current = Number(cleanText(itemsGrid.find('.rgPager .rgCurrentPage').first().text())) || 1;
  return {
    meetings,
    items,
    itemsPager: info ? { page: info.page ?? current, pageCount: info.pageCount, totalItems: info.totalItems } : null,
    nextItemsPage: nextPagePostback($, ITEMS_GRID),
  };
}

type Row = { cells: Cheerio<AnyNode>; columns: Record<string, number | undefined>; where: string };

function gridRows($: CheerioAPI, grid: string, url: string, required: Record<string, RegExp>, optional: Record<string, RegExp>): Row[] {
  const headerSelector = `${grid} > thead > tr > th`;
  const headers = $(headerSelector)
    .toArray()
    .map((th) => cleanText($(th).text()));
  const columns: Record<string, number | undefined> = columnIndex(headers, required, headerSelector, url);
  for (const [key, pattern] of Object.entries(optional)) {
    const index = headers.findIndex((h) => pattern.test(h));
    columns[key] = index < 0 ? undefined : index;
  }
  const noRecords = $(`${grid} > tbody > tr.rgNoRecords`).length > 0;
  return selectAll($, `${grid} > tbody > tr.rgRow, ${grid} > tbody > tr.rgAltRow`, url, { min: noRecords ? 0 : 1 })
    .toArray()
    .map((tr, i) => ({ cells: $(tr).children('td'), columns, where: `${url} (${grid.includes('Items') ? 'item' : 'meeting'} row ${i + 1})` }));
}

function text(cells: Cheerio<AnyNode>, index: number | undefined): string | null {
  return index === undefined ? null : cleanText(cells.eq(index).text()) || null;
}

/** `MM/DD/YY` (the grids' format) as `YYYY-MM-DD`; two-digit years are 20YY. */
function gridDate(value: string | null, selector: string, where: string): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(value ?? '');
  if (!match) throw new LayoutChangedError(selector, where, `unreadable date ${JSON.stringify(value)}`);
  const year = match[3].length === 2 ? `20${match[3]}` : match[3];
  return `${year}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

/** The page a link opens by `window.open('MeetingView.aspx?…', …)`, absolute; null when none. */
function windowOpenUrl(scope: Cheerio<AnyNode>, base: string): string | null {
  for (const el of scope.find('a').addBack('a').toArray()) {
    const onclick = 'attribs' in el ? el.attribs.onclick ?? '' : '';
    const target = /window\.open\(\s*'([^']+)'/.exec(onclick)?.[1];
    if (target) return new URL(target.replace(/&amp;/g, '&'), base).toString();
  }
  return null;
}

function anchorHref(scope: Cheerio<AnyNode>, base: string): string | null {
  const href = scope.find('a[href]').filter((_, a) => !/^(#|javascript:)/i.test(a.attribs.href ?? '')).first().attr('href');
  return href ? new URL(href, base).toString() : null;
}

/** A query parameter, case-insensitively (`MeetingID`, `meetingid`), as a positive integer. */
function idFrom(address: string | null, name: string): number | null {
  if (!address) return null;
  for (const [key, value] of new URL(address).searchParams) {
    if (key.toLowerCase() === name.toLowerCase()) {
      const id = Number(value);
      return Number.isInteger(id) && id > 0 ? id : null;
    }
  }
  return null;
}
