import * as cheerio from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { usDateToIso } from '../../core/dates.js';
import { cleanText, selectAll } from '../kit/select.js';

/**
 * Parser of the San Diego City Clerk's list of final council resolutions and ordinances
 * (`https://www.sandiego.gov/city-clerk/officialdocs/council-resolutions-ordinances?page=N`,
 * 0-based pages, newest first). Structure, from the fact sheet
 * (../shared/reference/cities/README.md §1b; no page of it is recorded): a Drupal view
 * `table.views-table > tbody > tr` with the adoption date (`MM/DD/YYYY`), the number pair
 * (`O-22072/ O-2026-93`: the enacted number, then the drafting number; `R-` for a
 * resolution) and the title linking to its PDF on docs.sandiego.gov.
 */

export const CLERK_ENACTMENT_KINDS = ['ordinance', 'resolution', 'other'] as const;

export type ClerkEnactment = {
  /** The day the council adopted it. */
  date: string;
  kind: (typeof CLERK_ENACTMENT_KINDS)[number];
  /** The enacted number: `O-22072`, `R-316678`. */
  number: string;
  /** The drafting number the agenda used: `O-2026-93`, `R-2026-341`. */
  draftNumber: string | null;
  title: string;
  /** The signed document (PDF). */
  url: string | null;
};

export type ClerkEnactmentsPage = { enactments: ClerkEnactment[]; nextPageUrl: string | null };

const TABLE = 'table.views-table';
const ROWS = `${TABLE} > tbody > tr`;
const NEXT = 'a[rel="next"], li.pager__item--next a, li.pager-next a';

/**
 * One page of the list. A page past the end (Drupal's empty view) parses to no rows; a page
 * with neither the table nor the empty view, a row without three cells, or an unreadable date
 * throws LayoutChangedError naming the selector and URL.
 */
export function parseClerkEnactments(html: string, url: string): ClerkEnactmentsPage {
  const $ = cheerio.load(html);
  if ($(TABLE).length === 0) {
    if ($('.view-empty').length > 0) return { enactments: [], nextPageUrl: null };
    throw new LayoutChangedError(`${TABLE}, .view-empty`, url, 'neither the list of resolutions and ordinances nor an empty result');
  }
  const enactments = selectAll($, ROWS, url, { min: 0 })
    .toArray()
    .map((tr, i) => {
      const cells = $(tr).children('td');
      const where = `${url} (row ${i + 1})`;
      if (cells.length < 3) throw new LayoutChangedError(`${ROWS} > td`, where, `expected date, number and title cells, found ${cells.length}`);
      const dateText = cleanText(cells.eq(0).text());
      const date = usDateToIso(dateText);
      if (!date) throw new LayoutChangedError(`${ROWS} > td:nth-child(1)`, where, `unreadable adoption date ${JSON.stringify(dateText)}`);
      const numbers = cleanText(cells.eq(1).text())
        .split('/')
        .map((n) => n.replace(/\s+/g, ''))
        .filter((n) => n !== '');
      if (numbers.length === 0) throw new LayoutChangedError(`${ROWS} > td:nth-child(2)`, where, 'no resolution or ordinance number');
      const link = cells.eq(2).find('a').first();
      const href = link.attr('href');
      const number = numbers[0].toUpperCase();
      return {
        date,
        kind: number.startsWith('O-') ? 'ordinance' : number.startsWith('R-') ? 'resolution' : 'other',
        number,
        draftNumber: numbers[1]?.toUpperCase() ?? null,
        title: cleanText((link.length ? link : cells.eq(2)).text()),
        url: href ? new URL(href, url).toString() : null,
      } satisfies ClerkEnactment;
    })
    .filter((e) => e.title !== '');
  const next = $(NEXT).first().attr('href');
  return { enactments, nextPageUrl: next ? new URL(next, url).toString() : null };
}
