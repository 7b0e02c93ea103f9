import * as cheerio from 'cheerio';
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { cleanText, columnIndex, selectAll, selectOne } from '../../kit/select.js';
import { usDateToIso } from '../../../core/dates.js';
import { optionalColumns } from './legislation-search.parser.js';

/**
 * Parser of the InSite meeting calendar (`Calendar.aspx`, Telerik RadGrid `gridCalendar`).
 * Columns are client-configurable (Chicago "Notice"/"Summary"/"Captions", LA Metro
 * "Recap/Minutes"/"eComment", NYC "Meeting Topic"/"Minutes"/"Multimedia"), so cells are read
 * by header text. Real pages: reference/legistar/{chicago,metro,nyc}/events.html.
 */

export const CALENDAR_GRID = 'table#ctl00_ContentPlaceHolder1_gridCalendar_ctl00';
const HEADER_CELLS = `${CALENDAR_GRID} > thead > tr > th.rgHeader`;
const DATA_ROWS = `${CALENDAR_GRID} > tbody > tr.rgRow, ${CALENDAR_GRID} > tbody > tr.rgAltRow`;

/** How the calendar shows a meeting: as planned, struck out / "Deferred" (NYC), or marked CANCELLED (Chicago). */
export const MEETING_STATUSES = ['scheduled', 'deferred', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** One meeting row of the calendar, as the page shows it (the date converted to YYYY-MM-DD). */
export type CalendarMeeting = {
  /** The "Name" column: the body that meets ("City Council", "Committee on Public Safety"). */
  body: string;
  /** DepartmentDetail.aspx of the body; NYC shows the name without a link. */
  bodyUrl: string | null;
  date: string;
  /** The clock time as shown ("10:00 AM"); null when the cell holds none (NYC shows "Deferred" there). */
  time: string | null;
  location: string | null;
  /** NYC's "Meeting Topic", when shown and filled. */
  topic: string | null;
  /**
   * Words the page adds beside the time and place: the italic line under the location
   * ("CANCELLED", "Jointly with the Committee on Aging") and non-time text in the time cell
   * ("Deferred"), joined with "; ".
   */
  note: string | null;
  status: MeetingStatus;
  /** MeetingDetail.aspx; null when the client marks the meeting "Not viewable by the public" (LA Metro). */
  detailUrl: string | null;
  agendaUrl: string | null;
  /** "Minutes" (NYC) or "Recap/Minutes" (LA Metro). */
  minutesUrl: string | null;
  /** Links under the other headed columns (Notice, Summary, Video, Audio...), labelled by header. */
  otherLinks: { label: string; url: string }[];
  /** ID and GUID of MeetingDetail.aspx, or of the iCal link when the detail link is withheld. */
  meetingId: number | null;
  meetingGuid: string | null;
};

const REQUIRED = {
  body: /^name$/i,
  date: /^(meeting\s*)?date$/i,
  time: /^(meeting\s*)?time$/i,
  location: /^(meeting\s*)?location$/i,
};

const OPTIONAL: Record<string, RegExp> = {
  topic: /^meeting\s*topic$/i,
  details: /^meeting\s*details$/i,
  agenda: /^agenda$/i,
  minutes: /^(recap\s*\/\s*)?minutes$/i,
};

const CLOCK_TIME = /^\d{1,2}:\d{2}\s*[AP]\.?M\.?$/i;

/**
 * Parses one page of the meeting calendar. Throws LayoutChangedError (naming the selector and
 * URL) when the grid or a required column (Name, Meeting Date, Meeting Time, Meeting Location)
 * is missing, when a row's date is unreadable, and when the grid has no rows. With
 * `allowNoRecords`, a grid that says RadGrid's "No records to display" (a body or year with no
 * meetings) yields an empty list instead; zero rows without that message still throws.
 */
export function parseCalendar(html: string, url: string, options: { allowNoRecords?: boolean } = {}): CalendarMeeting[] {
  const $ = cheerio.load(html);
  selectOne($, CALENDAR_GRID, url);
  const headers = selectAll($, HEADER_CELLS, url).toArray().map((th) => cleanText($(th).text()));
  const columns = columnIndex(headers, REQUIRED, HEADER_CELLS, url);
  const optional = optionalColumns(headers, OPTIONAL);
  const known = new Set<number>([...Object.values(columns), ...Object.values(optional).filter((i): i is number => i !== undefined)]);
  const noRecords = options.allowNoRecords === true && $(`${CALENDAR_GRID} > tbody > tr.rgNoRecords`).length > 0;
  const rows = selectAll($, DATA_ROWS, url, { min: noRecords ? 0 : 1 });
  return rows.toArray().map((tr, i) => {
    const row = $(tr);
    const cells = row.children('td');
    const where = `${url} (row ${i + 1})`;
    const text = (index: number | undefined): string | null => (index === undefined ? null : cleanText(cells.eq(index).text()) || null);
    const link = (index: number | undefined): string | null => (index === undefined ? null : cellUrl(cells.eq(index), url));

    const date = usDateToIso(text(columns.date));
    if (!date) throw new LayoutChangedError(HEADER_CELLS, where, `unreadable meeting date ${JSON.stringify(text(columns.date))}`);

    const rawTime = text(columns.time);
    const time = rawTime && CLOCK_TIME.test(rawTime) ? rawTime : null;
    // The location cell is "place<br><em>comment</em>"; the comment is not part of the place.
    const locationCell = cells.eq(columns.location).clone();
    const comment = cleanText(locationCell.find('em').text()) || null;
    locationCell.find('em').remove();
    const notes = [time === null ? rawTime : null, comment].filter((n): n is string => n !== null);
    const note = notes.length > 0 ? notes.join('; ') : null;

    const bodyCell = cells.eq(columns.body);
    const detailUrl = link(optional.details);
    // LA Metro withholds the detail link on some meetings; the iCal link carries the same ID and GUID.
    const idSource = detailUrl ?? cellUrl(row.find('a[href*="M=IC"]').first(), url);
    const params = idSource ? new URL(idSource).searchParams : null;
    const id = Number(params?.get('ID'));

    const otherLinks = headers.flatMap((label, index) => {
      if (known.has(index) || label === '') return [];
      const target = link(index);
      return target ? [{ label, url: target }] : [];
    });

    return {
      body: cleanText(bodyCell.text()),
      bodyUrl: cellUrl(bodyCell.find('a[href*="DepartmentDetail.aspx"]').first(), url),
      date,
      time,
      location: cleanText(locationCell.text()) || null,
      topic: text(optional.topic),
      note,
      status: meetingStatus(row.find('strike').length > 0, note),
      detailUrl,
      agendaUrl: link(optional.agenda),
      minutesUrl: link(optional.minutes),
      otherLinks,
      meetingId: Number.isInteger(id) && id > 0 ? id : null,
      meetingGuid: params?.get('GUID') ?? null,
    };
  });
}

function meetingStatus(struckOut: boolean, note: string | null): MeetingStatus {
  if (note && /cancel/i.test(note)) return 'cancelled';
  if (note && /defer|postpone/i.test(note)) return 'deferred';
  // NYC strikes a row through when the meeting will not take place as listed.
  return struckOut ? 'deferred' : 'scheduled';
}

/**
 * The absolute URL of the first usable link in a grid cell, or null. A "Not available" link
 * has no href; video links open a popup from onclick (`OpenTelerikWindow('Video.aspx?…')`)
 * while their href points back at the page itself, so the onclick target wins.
 */
export function cellUrl(cell: Cheerio<AnyNode>, base: string): string | null {
  for (const node of cell.find('a').addBack('a').toArray()) {
    const attribs = 'attribs' in node ? node.attribs : {};
    const popup = /(?:radopen|OpenTelerikWindow)\('([^']+)'/.exec(attribs.onclick ?? '')?.[1];
    // Some clients store addresses with trailing whitespace, URL-encoded (chicago People.aspx: "http://www.ward1.org%20%0a").
    const href = (popup ?? attribs.href ?? '').trim().replace(/(%20|%0a|%0d|%09)+$/i, '');
    if (href === '' || href === '#' || /^javascript:/i.test(href)) continue;
    try {
      return new URL(href, base).toString();
    } catch {
      // An unparseable address is no link; try the next anchor.
    }
  }
  return null;
}
