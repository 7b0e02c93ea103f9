import * as cheerio from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { clockTimeOf } from '../../core/meetings/meeting.schema.js';
import { usDateToIso } from '../../core/dates.js';
import { cleanText } from '../kit/select.js';
import { assertNotOnBaseErrorPage } from './onbase-error-page.js';

/**
 * Parser of an OnBase Agenda Online meeting list: the site's home page (tabs "Upcoming" and
 * "Recent") or its meeting search results (one tab per year). Each meeting is the group of
 * `ViewMeeting?id={meetingId}&doctype={1 agenda, 2 minutes, 3 summary}` links sharing an id;
 * each link's `title` says "View Agenda for {meeting name} {body} on {M/D/YYYY h:mm:ss AM}".
 * Real pages: ../shared/reference/cities/san-diego/onbase_*_home_*.html and *_meetings-search_*.
 */

export type OnBaseDocumentLink = {
  /** 1 agenda, 2 minutes, 3 summary (results), as OnBase numbers them. */
  doctype: number;
  /** The button's words ("Agenda", "Summary", "Public Comment"). */
  label: string;
  url: string;
};

export type OnBaseListedMeeting = {
  meetingId: number;
  /** The meeting's own title ("Tuesday Agenda Revised Added S500-S505"). */
  name: string;
  /** The meeting type the site files it under ("City Council", "Rules Committee"), read from the link titles. */
  body: string | null;
  date: string;
  /** `HH:MM`, 24-hour; null when the title gives no time. */
  time: string | null;
  /** The tab it is listed in: `upcoming`, `recent`, or a year (`2022`) on search results. */
  list: string | null;
  documents: OnBaseDocumentLink[];
};

const MEETING_LINKS = 'a[href*="/ViewMeeting?"], a[href^="ViewMeeting?"], a[href*="Meetings/ViewMeeting?"]';
const TITLE = /^View\s+(\w+)\s+for\s+(.+?)\s+on\s+(\d{1,2}\/\d{1,2}\/\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M))?\s*$/i;

/**
 * Every meeting linked from a home or search page, in page order, its documents merged.
 * A page with the meeting list but no meeting in it (a quiet month) parses to an empty list;
 * a page with neither throws LayoutChangedError (selector and URL), as does a link whose
 * meeting date cannot be read. The product's error page throws OnBasePageUnavailableError.
 */
export function parseOnBaseMeetingList(html: string, url: string): OnBaseListedMeeting[] {
  const $ = cheerio.load(html);
  assertNotOnBaseErrorPage($, url);
  const links = $(MEETING_LINKS);
  if (links.length === 0) {
    if ($('#meetings-list').length > 0) return [];
    throw new LayoutChangedError(`${MEETING_LINKS}, #meetings-list`, url, 'neither a meeting list nor a ViewMeeting link on the page');
  }
  const byId = new Map<number, OnBaseListedMeeting>();
  links.each((i, el) => {
    const link = $(el);
    const href = link.attr('href') ?? '';
    const target = new URL(href, url);
    const id = Number(target.searchParams.get('id'));
    const doctype = Number(target.searchParams.get('doctype') ?? '1');
    if (!Number.isInteger(id) || id <= 0) throw new LayoutChangedError(MEETING_LINKS, `${url} (link ${i + 1})`, `meeting link without an id: ${JSON.stringify(href)}`);
    // The meeting's title sits in the row beside its buttons: `div.six.columns > p`.
    const rowName = cleanText(link.closest('.row').find('p').not(':has(a)').first().text());
    const title = TITLE.exec(cleanText(link.attr('title') ?? ''));
    const groupDate = cleanText(link.closest('.border, .row').find('p.date strong, span.visuallyhidden').first().text());
    const date = usDateToIso(title?.[3] ?? groupDate);
    if (!date) throw new LayoutChangedError(`${MEETING_LINKS}[title]`, `${url} (meeting ${id})`, `unreadable meeting date in ${JSON.stringify(link.attr('title') ?? groupDate)}`);
    const described = title?.[2] ?? '';
    const name = rowName || described || `Meeting ${id}`;
    const body = described.startsWith(name) ? cleanText(described.slice(name.length)) || null : null;
    const pane = link.closest('.tab-pane').attr('id') ?? null;
    const entry = byId.get(id) ?? {
      meetingId: id,
      name,
      body,
      date,
      time: clockTimeOf(title?.[4] ?? null),
      list: pane ? pane.replace(/^meetings?-list-/, '') : null,
      documents: [],
    };
    if (!entry.documents.some((d) => d.doctype === doctype)) {
      entry.documents.push({ doctype, label: cleanText(link.text()) || (title?.[1] ?? ''), url: target.toString() });
    }
    byId.set(id, entry);
  });
  return [...byId.values()];
}
