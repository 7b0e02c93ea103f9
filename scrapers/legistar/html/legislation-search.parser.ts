import * as cheerio from 'cheerio';
import type { Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { cleanText, columnIndex, selectAll, selectOne } from '../../kit/select.js';
import { usDateToIso } from '../../../core/dates.js';

/**
 * Parser of the InSite legislation search grid (`Legislation.aspx`, Telerik RadGrid
 * `gridMain`). Columns are client-configurable (Chicago "Record #"/"Intro Date", LA Metro
 * "File #"/"File Created", NYC adds "Law Number", "Prime Sponsor"...), so cells are read by
 * header text. Real pages: reference/legistar/{chicago,metro,nyc}/bills.html.
 */

export const SEARCH_GRID = 'table#ctl00_ContentPlaceHolder1_gridMain_ctl00';
const HEADER_CELLS = `${SEARCH_GRID} > thead > tr > th.rgHeader`;
const DATA_ROWS = `${SEARCH_GRID} > tbody > tr.rgRow, ${SEARCH_GRID} > tbody > tr.rgAltRow`;

/** One row of the grid, as the page shows it (dates converted to YYYY-MM-DD). */
export type LegislationSearchRow = {
  file: string;
  type: string;
  status: string;
  title: string;
  /** "Intro Date" (Chicago) or "File Created" (LA Metro); null when the client shows neither. */
  introDate: string | null;
  finalActionDate: string | null;
  /** NYC's "Law Number" (the enacted local law), when shown and filled. */
  lawNumber: string | null;
  /** "Prime Sponsor" (NYC). */
  primarySponsor: string | null;
  committee: string | null;
  /** Absolute LegislationDetail.aspx URL. */
  detailUrl: string;
  matterId: number | null;
  matterGuid: string | null;
};

export type LegislationSearchPage = {
  rows: LegislationSearchRow[];
  /** From the pager: "Page 1 of 6, items 1 to 100 of 522"; null when the grid has no pager. */
  pager: { page: number; pageCount: number; totalItems: number } | null;
};

const REQUIRED = {
  file: /^(file|record)\s*#$/i,
  type: /^type$/i,
  status: /^status$/i,
  title: /^title$/i,
};

const OPTIONAL: Record<string, RegExp> = {
  introDate: /^(intro(duction)?\s*date|file\s*created)$/i,
  finalActionDate: /^final\s*action$/i,
  // NYC's "Law Number"; Albuquerque's "Enactment #".
  lawNumber: /^(law\s*number|enactment\s*#)$/i,
  // Chicago's "Main Sponsor's Ward/Office" holds a ward number ("03"), not a name: not matched here.
  primarySponsor: /^(prime\s*sponsor|main\s*sponsor|sponsor)$/i,
  committee: /^(committee|in control)$/i,
};

/**
 * Parses one page of the legislation search grid. Throws LayoutChangedError (naming the
 * selector and URL) when the grid, a required column (File/Record #, Type, Status, Title)
 * or the detail link is missing, and when the grid has no rows.
 */
export function parseLegislationSearch(html: string, url: string): LegislationSearchPage {
  const $ = cheerio.load(html);
  selectOne($, SEARCH_GRID, url);
  const headers = selectAll($, HEADER_CELLS, url).toArray().map((th) => $(th).text());
  const columns = columnIndex(headers, REQUIRED, HEADER_CELLS, url);
  const optional = optionalColumns(headers, OPTIONAL);
  const rows = selectAll($, DATA_ROWS, url).toArray().map((tr, i) => {
    const cells = $(tr).children('td');
    const cell = (index: number | undefined): Cheerio<Element> | null => (index === undefined ? null : cells.eq(index));
    const text = (index: number | undefined): string | null => {
      const c = cell(index);
      return c ? cleanText(c.text()) || null : null;
    };
    const fileCell = cell(columns.file) as Cheerio<Element>;
    const link = selectOne(fileCell as Cheerio<AnyNode>, 'a[href*="LegislationDetail.aspx"]', `${url} (row ${i + 1})`);
    const detailUrl = new URL(link.attr('href') ?? '', url).toString();
    const params = new URL(detailUrl).searchParams;
    const id = Number(params.get('ID'));
    return {
      file: cleanText(fileCell.text()),
      type: text(columns.type) ?? '',
      status: text(columns.status) ?? '',
      title: text(columns.title) ?? '',
      introDate: usDateToIso(text(optional.introDate)),
      finalActionDate: usDateToIso(text(optional.finalActionDate)),
      lawNumber: text(optional.lawNumber),
      primarySponsor: text(optional.primarySponsor),
      committee: text(optional.committee),
      detailUrl,
      matterId: Number.isInteger(id) && id > 0 ? id : null,
      matterGuid: params.get('GUID'),
    };
  });
  return { rows, pager: parsePager(cleanText($(`${SEARCH_GRID} > thead > tr.rgPager .rgInfoPart`).first().text())) };
}

/** Header name → column index for the headers present (no error when one is absent). */
export function optionalColumns(headers: string[], patterns: Record<string, RegExp>): Record<string, number | undefined> {
  const cleaned = headers.map(cleanText);
  const out: Record<string, number | undefined> = {};
  for (const [key, pattern] of Object.entries(patterns)) {
    const index = cleaned.findIndex((h) => pattern.test(h));
    out[key] = index < 0 ? undefined : index;
  }
  return out;
}

function parsePager(text: string): LegislationSearchPage['pager'] {
  const match = /Page\s+(\d+)\s+of\s+(\d+),\s*items\s+\d+\s+to\s+\d+\s+of\s+(\d+)/i.exec(text);
  return match ? { page: Number(match[1]), pageCount: Number(match[2]), totalItems: Number(match[3]) } : null;
}
