import * as cheerio from 'cheerio';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { usDateToIso } from '../../../core/dates.js';
import { cleanText, columnIndex, selectAll, selectOne } from '../../kit/select.js';
import { cellUrl } from './calendar.parser.js';
import { optionalColumns } from './legislation-search.parser.js';

/**
 * Parser of an InSite `MeetingDetail.aspx` page: the meeting's header (`ctl00_ContentPlaceHolder1_`
 * `hypName`, `lblDate`, `lblTime`, `lblLocation`, agenda and minutes status and links) and its
 * agenda grid `gridMain` (File #, Ver., Agenda #, Name, Type, Title, Action, Result, Action
 * Details, …: read by header text; every value wrapped in `<font>`). Real page:
 * ../shared/reference/cities/legistar-web/charlottenc_legistar_MeetingDetail.aspx_ID1365278.html.
 */

const PREFIX = '#ctl00_ContentPlaceHolder1_';
export const MEETING_ITEMS_GRID = `table${PREFIX}gridMain_ctl00`;
const HEADER_CELLS = `${MEETING_ITEMS_GRID} > thead > tr > th.rgHeader`;
const DATA_ROWS = `${MEETING_ITEMS_GRID} > tbody > tr.rgRow, ${MEETING_ITEMS_GRID} > tbody > tr.rgAltRow`;

export type MeetingDetailItem = {
  /** The matter's file number ("15-25599"); null for a line without a matter. */
  file: string | null;
  /** LegislationDetail.aspx of the matter, and its ID (the API's MatterId). */
  matterUrl: string | null;
  matterId: number | null;
  version: string | null;
  /** "1." on the page, kept without the dot: "1". */
  agendaNumber: string | null;
  name: string | null;
  type: string | null;
  title: string;
  action: string | null;
  result: string | null;
  /** HistoryDetail.aspx (the vote), from the "Action details" popup. */
  actionDetailsUrl: string | null;
};

export type MeetingDetail = {
  url: string;
  meetingId: number | null;
  meetingGuid: string | null;
  body: string;
  bodyUrl: string | null;
  date: string;
  time: string | null;
  location: string | null;
  agendaStatus: string | null;
  minutesStatus: string | null;
  agendaUrl: string | null;
  minutesUrl: string | null;
  items: MeetingDetailItem[];
};

/**
 * Parses a MeetingDetail page. Throws LayoutChangedError (selector and URL) when the body name,
 * the date or the agenda grid is missing, when the grid lacks a Title column, or when it has no
 * rows without saying "No records to display" (an agenda not yet published).
 */
export function parseMeetingDetail(html: string, url: string): MeetingDetail {
  const $ = cheerio.load(html);
  const field = (id: string): string | null => {
    const found = $(`${PREFIX}${id}`);
    return found.length === 0 ? null : cleanText(found.first().text()) || null;
  };
  const link = (id: string): string | null => {
    const found = $(`a${PREFIX}${id}`);
    return found.length === 0 ? null : cellUrl(found.first(), url);
  };
  const body = cleanText(selectOne($, `${PREFIX}hypName`, url).text());
  const dateText = cleanText(selectOne($, `${PREFIX}lblDate`, url).text());
  const date = usDateToIso(dateText);
  if (!body) throw new LayoutChangedError(`${PREFIX}hypName`, url, 'the meeting body is empty');
  if (!date) throw new LayoutChangedError(`${PREFIX}lblDate`, url, `unreadable meeting date ${JSON.stringify(dateText)}`);
  const params = new URL(url).searchParams;
  const id = Number(params.get('ID'));

  selectOne($, MEETING_ITEMS_GRID, url);
  const headers = selectAll($, HEADER_CELLS, url).toArray().map((th) => cleanText($(th).text()));
  const columns = columnIndex(headers, { title: /^title$/i }, HEADER_CELLS, url);
  const optional = optionalColumns(headers, {
    file: /^(file|record)\s*#$/i,
    version: /^ver\.?$/i,
    agendaNumber: /^agenda\s*#$/i,
    name: /^name$/i,
    type: /^type$/i,
    action: /^action$/i,
    result: /^result$/i,
    details: /^action\s*details$/i,
  });
  const noRecords = $(`${MEETING_ITEMS_GRID} > tbody > tr.rgNoRecords`).length > 0;
  const items = selectAll($, DATA_ROWS, url, { min: noRecords ? 0 : 1 })
    .toArray()
    .map((tr) => {
      const cells = $(tr).children('td');
      const text = (index: number | undefined): string | null => (index === undefined ? null : cleanText(cells.eq(index).text()) || null);
      const fileCell = optional.file === undefined ? null : cells.eq(optional.file);
      const matterUrl = fileCell ? cellUrl(fileCell.find('a[href*="LegislationDetail.aspx"]'), url) : null;
      const matterId = matterUrl ? Number(new URL(matterUrl).searchParams.get('ID')) : NaN;
      return {
        file: text(optional.file),
        matterUrl,
        matterId: Number.isInteger(matterId) && matterId > 0 ? matterId : null,
        version: text(optional.version),
        agendaNumber: text(optional.agendaNumber)?.replace(/\.$/, '') ?? null,
        name: text(optional.name),
        type: text(optional.type),
        title: text(columns.title) ?? '',
        action: text(optional.action),
        result: text(optional.result),
        actionDetailsUrl: optional.details === undefined ? null : cellUrl(cells.eq(optional.details), url),
      };
    })
    .filter((item) => item.title !== '' || item.file !== null);
  return {
    url,
    meetingId: Number.isInteger(id) && id > 0 ? id : null,
    meetingGuid: params.get('GUID'),
    body,
    bodyUrl: link('hypName'),
    date,
    time: field('lblTime'),
    location: field('lblLocation'),
    agendaStatus: field('lblAgendaStatus'),
    minutesStatus: field('lblMinutesStatus'),
    agendaUrl: link('hypAgenda'),
    minutesUrl: link('hypMinutes'),
    items,
  };
}
