import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { usDateToIso } from '../../core/dates.js';
import { cleanText } from '../kit/select.js';

/**
 * Parsers of the Austin City Council's own meeting pages on austintexas.gov (the council does
 * not use Legistar): the Council Meeting Information Center
 * (`/department/city-council/council/council_meeting_info_center.htm`: a "Next Scheduled
 * Meetings" and a "Recent Meetings" table, each row a `M/D/YYYY` date in `p.edims_no_indent > b`,
 * the meeting's description and a link to its page `/department/city-council/{YYYY}/{YYYYMMDD}-{reg|wrk|spec|ahfc}.htm`)
 * and the year indexes (`/department/city-council/{YYYY}/{YYYY}_master_index.htm`), which link
 * the same meeting pages. Structure: ../shared/reference/cities/README.md §3 (a browser
 * snapshot of the information center exists in CivicPatch/open-data; no page is recorded
 * here), so the parser keys on the meeting-page address pattern, not on table positions.
 */

/** What a meeting page's file name says: `reg` regular, `wrk` work session, `spec` special, `ahfc` housing finance corporation. */
export const AUSTIN_MEETING_KINDS: Record<string, string> = {
  reg: 'Regular Meeting',
  wrk: 'Work Session',
  spec: 'Special Called Meeting',
  ahfc: 'Austin Housing Finance Corporation',
};

export type AustinCouncilMeeting = {
  /** `20260205-reg`: the page's file name, which is unique per meeting. */
  meetingKey: string;
  date: string;
  /** `reg`, `wrk`, `spec`, `ahfc`, or whatever follows the date in the file name. */
  kind: string;
  /** The row's description ("Regular Meeting of the Austin City Council"), else the kind in words. */
  description: string;
  /** The meeting's page (agenda before the meeting, "Meeting Details" after). */
  url: string;
  /** Which table listed it: `upcoming` ("Next Scheduled Meetings"), `recent`, or null on a year index. */
  list: 'upcoming' | 'recent' | null;
  /** Notes under the description ("Speaker registration … will open Monday…"). */
  notes: string[];
};

/** `…/2026/20260205-reg.htm`, absolute or relative. */
const MEETING_PAGE = /(?:^|\/)(\d{4})(\d{2})(\d{2})-([a-z]+)\.htm$/i;

/**
 * Every council meeting the information center or a year index links, once each, in page
 * order. Throws LayoutChangedError (selector and URL) when the page links no meeting page at
 * all, and when a row names a date that disagrees with its link.
 */
export function parseAustinCouncilMeetings(html: string, url: string): AustinCouncilMeeting[] {
  const $ = cheerio.load(html);
  const seen = new Map<string, AustinCouncilMeeting>();
  $('a[href]').each((_, el) => {
    const link = $(el);
    const href = link.attr('href') ?? '';
    const path = href.split(/[?#]/)[0];
    const match = MEETING_PAGE.exec(path);
    if (!match) return;
    const date = `${match[1]}-${match[2]}-${match[3]}`;
    const kind = match[4].toLowerCase();
    const meetingKey = `${match[1]}${match[2]}${match[3]}-${kind}`;
    if (seen.has(meetingKey)) return;
    const row = link.closest('tr');
    const rowDate = row.length ? usDateToIso(cleanText(row.find('b, strong').first().text())) : null;
    if (rowDate && rowDate !== date) {
      throw new LayoutChangedError('tr > td > p > b (meeting date)', url, `the row dated ${rowDate} links the meeting page of ${date} (${href})`);
    }
    const paragraphs = row.length
      ? row
          .children('td')
          .eq(1)
          .find('p')
          .toArray()
          .map((p) => cleanText($(p).text()))
          .filter((t) => t !== '')
      : [];
    seen.set(meetingKey, {
      meetingKey,
      date,
      kind,
      description: paragraphs[0] ?? (cleanText(link.text()).length > 3 ? cleanText(link.text()) : (AUSTIN_MEETING_KINDS[kind] ?? kind)),
      url: new URL(href, url).toString(),
      list: listOf($, row),
      notes: paragraphs.slice(1),
    });
  });
  if (seen.size === 0) {
    throw new LayoutChangedError('a[href$="-reg.htm"], a[href$="-wrk.htm"]', url, 'no council meeting page (YYYYMMDD-kind.htm) is linked');
  }
  return [...seen.values()];
}

/** The heading before the row's table: "Next Scheduled Meetings" or "Recent Meetings". */
function listOf($: CheerioAPI, row: ReturnType<CheerioAPI>): 'upcoming' | 'recent' | null {
  if (row.length === 0) return null;
  const table = row.closest('table');
  const holder = table.parent().is('div.table-responsive') ? table.parent() : table;
  const heading = cleanText(holder.prevAll('h1, h2, h3, h4').first().text());
  if (/next|upcoming|scheduled/i.test(heading)) return 'upcoming';
  if (/recent|past/i.test(heading)) return 'recent';
  return null;
}
