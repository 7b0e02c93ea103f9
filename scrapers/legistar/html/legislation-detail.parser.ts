import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { cleanText, columnIndex, selectAll, selectOne } from '../../kit/select.js';
import { usDateToIso } from '../../../core/dates.js';
import { optionalColumns } from './legislation-search.parser.js';

/**
 * Parser of an InSite `LegislationDetail.aspx` page: the header fields (span ids
 * `ctl00_ContentPlaceHolder1_lbl…2`) and the history grid `gridLegislation`. Real page:
 * reference/pages/chicago/legistar-LegislationDetail-R2012-1118.html.
 */

const PREFIX = '#ctl00_ContentPlaceHolder1_';
export const HISTORY_GRID = `table${PREFIX}gridLegislation_ctl00`;
const HISTORY_HEADERS = `${HISTORY_GRID} > thead > tr > th.rgHeader`;
const HISTORY_ROWS = `${HISTORY_GRID} > tbody > tr.rgRow, ${HISTORY_GRID} > tbody > tr.rgAltRow`;

/** One row of the history grid as the page shows it. */
export type LegislationHistoryRow = {
  date: string | null;
  /** "Ver." where the client shows versions. */
  version: string | null;
  /** "Journal Page Number" (Chicago). */
  journalPage: string | null;
  actionBy: string | null;
  action: string;
  result: string | null;
  /** HistoryDetail.aspx (votes), opened from the "Action details" link's onclick. */
  actionDetailsUrl: string | null;
  meetingDetailsUrl: string | null;
};

export type LegislationDetail = {
  url: string;
  matterId: number | null;
  matterGuid: string | null;
  file: string;
  name: string | null;
  type: string | null;
  status: string | null;
  introDate: string | null;
  finalActionDate: string | null;
  inControl: string | null;
  title: string;
  sponsors: { name: string; url: string | null }[];
  attachments: { name: string; url: string }[];
  history: LegislationHistoryRow[];
};

/**
 * Parses a LegislationDetail page. Throws LayoutChangedError naming the selector and URL when
 * the file number, title or history grid is missing, when the grid lacks the Date / Action By
 * / Action columns, or when it has no rows without saying "No records to display".
 */
export function parseLegislationDetail(html: string, url: string): LegislationDetail {
  const $ = cheerio.load(html);
  const field = (id: string): string | null => {
    const found = $(`${PREFIX}${id}`);
    return found.length === 0 ? null : cleanText(found.first().text()) || null;
  };
  const file = cleanText(selectOne($, `${PREFIX}lblFile2`, url).text());
  const title = cleanText(selectOne($, `${PREFIX}lblTitle2`, url).text());
  if (!file) throw new LayoutChangedError(`${PREFIX}lblFile2`, url, 'the file number is empty');
  const params = new URL(url).searchParams;
  const id = Number(params.get('ID'));
  return {
    url,
    matterId: Number.isInteger(id) && id > 0 ? id : null,
    matterGuid: params.get('GUID'),
    file,
    name: field('lblName2'),
    type: field('lblType2'),
    status: field('lblStatus2'),
    introDate: usDateToIso(field('lblIntroduced2')),
    finalActionDate: usDateToIso(field('lblPassed2')),
    inControl: field('hypInControlOf2'),
    title,
    // Names hold commas ("Moore, Joseph"): take the links, not the text split on commas.
    sponsors: links($, `${PREFIX}lblSponsors2 a`, url).map((l) => ({ name: l.name, url: l.url })),
    attachments: links($, `${PREFIX}lblAttachments2 a`, url).flatMap((l) => (l.url ? [{ name: l.name, url: l.url }] : [])),
    history: parseHistory($, url),
  };
}

function links($: CheerioAPI, selector: string, base: string): { name: string; url: string | null }[] {
  return $(selector)
    .toArray()
    .map((a) => {
      const href = $(a).attr('href');
      return { name: cleanText($(a).text()), url: href && href !== '#' ? new URL(href, base).toString() : null };
    })
    .filter((l) => l.name !== '');
}

function parseHistory($: CheerioAPI, url: string): LegislationHistoryRow[] {
  selectOne($, HISTORY_GRID, url);
  const headers = selectAll($, HISTORY_HEADERS, url).toArray().map((th) => $(th).text());
  const columns = columnIndex(headers, { date: /^date$/i, actionBy: /^action\s*by$/i, action: /^action$/i }, HISTORY_HEADERS, url);
  const optional = optionalColumns(headers, { version: /^ver\.?$|^version$/i, journalPage: /journal/i, result: /^result$/i, actionDetails: /^action\s*details$/i, meetingDetails: /^meeting\s*details$/i });
  // A matter with no actions yet shows RadGrid's "No records to display" row: that is not a layout change.
  const noRecords = $(`${HISTORY_GRID} > tbody > tr.rgNoRecords`).length > 0;
  const rows = selectAll($, HISTORY_ROWS, url, { min: noRecords ? 0 : 1 });
  return rows.toArray().map((tr) => {
    const cells = $(tr).children('td');
    const text = (index: number | undefined): string | null => (index === undefined ? null : cleanText(cells.eq(index).text()) || null);
    const href = (index: number | undefined): string | null => {
      if (index === undefined) return null;
      const a = cells.eq(index).find('a').first();
      // "Action details" opens a popup: radopen('HistoryDetail.aspx?ID=…&GUID=…', 'HistoryDetail').
      const target = /radopen\('([^']+)'/.exec(a.attr('onclick') ?? '')?.[1] ?? a.attr('href');
      return target && target !== '#' ? new URL(target, url).toString() : null;
    };
    return {
      date: usDateToIso(text(columns.date)),
      version: text(optional.version),
      journalPage: text(optional.journalPage),
      actionBy: text(columns.actionBy),
      action: text(columns.action) ?? '',
      result: text(optional.result),
      actionDetailsUrl: href(optional.actionDetails),
      meetingDetailsUrl: href(optional.meetingDetails),
    };
  });
}
