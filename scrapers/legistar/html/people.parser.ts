import * as cheerio from 'cheerio';
import { cleanText, columnIndex, selectAll, selectOne } from '../../kit/select.js';
import { cellUrl } from './calendar.parser.js';
import { optionalColumns } from './legislation-search.parser.js';

/**
 * Parser of the InSite members grid (`People.aspx`, Telerik RadGrid `gridPeople`). Columns are
 * client-configurable: NYC shows only Person Name and Web Site, LA Metro adds E-mail, Chicago
 * adds Ward/Office and two sets of office phone and address columns (with repeated headers
 * "City", "State", "Zip"), so cells are read by header text. Real pages:
 * reference/legistar/{chicago,metro,nyc}/people.html.
 */

export const PEOPLE_GRID = 'table#ctl00_ContentPlaceHolder1_gridPeople_ctl00';
const HEADER_CELLS = `${PEOPLE_GRID} > thead > tr > th.rgHeader`;
const DATA_ROWS = `${PEOPLE_GRID} > tbody > tr.rgRow, ${PEOPLE_GRID} > tbody > tr.rgAltRow`;

/** One person of the grid, as the page shows it. */
export type LegistarPerson = {
  /** As written: "Arena, John" (Chicago, last name first) or "Adrienne E. Adams" (NYC, LA Metro). */
  name: string;
  /** Absolute PersonDetail.aspx URL. */
  personUrl: string;
  personId: number | null;
  personGuid: string | null;
  /**
   * The seat or role column where the client shows one: Chicago's "Ward/Office" holds a ward
   * number ("45") or an office ("Mayor", "Clerk"). Null when the client shows no such column.
   */
  office: string | null;
  email: string | null;
  website: string | null;
  /** The other non-empty cells in page order, labelled by header (headers may repeat). */
  otherColumns: { header: string; value: string }[];
};

const REQUIRED = { name: /^(person\s*)?name$/i };

const OPTIONAL: Record<string, RegExp> = {
  office: /^(ward\s*\/\s*office|ward|district|office|title|role|position|department)$/i,
  email: /^e-?mail$/i,
  website: /^web\s*site$/i,
};

/**
 * Parses the People.aspx members grid. Throws LayoutChangedError (naming the selector and URL)
 * when the grid or its name column is missing, when a name has no PersonDetail link, and when
 * the grid has no rows (a council always has members).
 */
export function parsePeople(html: string, url: string): LegistarPerson[] {
  const $ = cheerio.load(html);
  selectOne($, PEOPLE_GRID, url);
  const headers = selectAll($, HEADER_CELLS, url).toArray().map((th) => cleanText($(th).text()));
  const columns = columnIndex(headers, REQUIRED, HEADER_CELLS, url);
  const optional = optionalColumns(headers, OPTIONAL);
  const known = new Set<number>([columns.name, ...Object.values(optional).filter((i): i is number => i !== undefined)]);
  return selectAll($, DATA_ROWS, url)
    .toArray()
    .map((tr, i) => {
      const cells = $(tr).children('td');
      const text = (index: number | undefined): string | null => (index === undefined ? null : cleanText(cells.eq(index).text()) || null);
      const nameCell = cells.eq(columns.name);
      const link = selectOne(nameCell, 'a[href*="PersonDetail.aspx"]', `${url} (row ${i + 1})`);
      const personUrl = new URL(link.attr('href') ?? '', url).toString();
      const params = new URL(personUrl).searchParams;
      const id = Number(params.get('ID'));
      const mailto = optional.email === undefined ? null : cells.eq(optional.email).find('a[href^="mailto:"]').attr('href');
      return {
        name: cleanText(nameCell.text()),
        personUrl,
        personId: Number.isInteger(id) && id > 0 ? id : null,
        personGuid: params.get('GUID'),
        office: text(optional.office),
        email: mailto ? decodeURIComponent(mailto.slice('mailto:'.length)).trim() || null : text(optional.email),
        // The cell text is shortened for display ("http://council....bers/home.shtml"): read the link.
        website: optional.website === undefined ? null : cellUrl(cells.eq(optional.website), url),
        otherColumns: headers.flatMap((header, index) => {
          const value = known.has(index) ? null : text(index);
          return value === null ? [] : [{ header, value }];
        }),
      };
    });
}
