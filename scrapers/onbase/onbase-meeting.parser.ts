import * as cheerio from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { clockTimeOf } from '../../core/meetings/meeting.schema.js';
import { usDateToIso } from '../../core/dates.js';
import { cleanText } from '../kit/select.js';
import { assertNotOnBaseErrorPage } from './onbase-error-page.js';

/**
 * Parser of an OnBase Agenda Online meeting page (`/Meetings/ViewMeeting?id=…&doctype=…`): a
 * shell whose script loads the agenda by AJAX. What it gives: the meeting's name and time from
 * `<title>` on newer sites ("Regular Meeting - 2/10/2026 6:30:00 PM - OnBase Agenda Online"),
 * the two agenda addresses the script builds (outline `Meetings/ViewMeetingAgenda` only on
 * sites with the accessible view, document `Documents/ViewAgenda` on all), and the packet PDF.
 * Real pages: ../shared/reference/cities/onbase-agenda-online/*_view_meeting*.html.
 */

export type OnBaseMeetingPage = {
  meetingId: number;
  /** From `<title>`; null on sites whose title is the generic "View Meeting". */
  name: string | null;
  date: string | null;
  time: string | null;
  /** The outline (accessible view); null on sites that only serve the document. */
  outlineUrl: string | null;
  documentUrl: string | null;
  packetUrl: string | null;
};

const OUTLINE = /['"]([^'"]*\/Meetings\/ViewMeetingAgenda\?meetingId=(\d+)[^'"]*)['"]/i;
const DOCUMENT = /['"]([^'"]*\/Documents\/ViewAgenda\?meetingId=(\d+)[^'"]*)['"]/i;

/**
 * Reads a ViewMeeting page. `type` fills the script's `AGENDATYPEVALUE` placeholder (`agenda`,
 * `summary`, `minutes`); the document's `doctype` is appended as the script does. Throws
 * OnBasePageUnavailableError for the error page, LayoutChangedError when the script builds
 * neither agenda address.
 */
export function parseOnBaseMeetingPage(html: string, url: string, type = 'agenda'): OnBaseMeetingPage {
  const $ = cheerio.load(html);
  assertNotOnBaseErrorPage($, url);
  const script = $('script')
    .toArray()
    .map((el) => $(el).html() ?? '')
    .join('\n');
  const outline = OUTLINE.exec(script);
  const document = DOCUMENT.exec(script);
  if (!outline && !document) {
    throw new LayoutChangedError('script: Meetings/ViewMeetingAgenda | Documents/ViewAgenda', url, 'the meeting page no longer builds an agenda address');
  }
  const doctype = { agenda: 1, minutes: 2, summary: 3 }[type] ?? 1;
  const fill = (address: string): string => new URL(address.replace('AGENDATYPEVALUE', encodeURIComponent(type)), url).toString();
  // The script ends the document address with `&doctype=' + doctype`: complete it the same way.
  const documentUrl = document ? fill(/doctype=$/.test(document[1]) ? `${document[1]}${doctype}` : /doctype=\d/.test(document[1]) ? document[1] : `${document[1]}&doctype=${doctype}`) : null;
  const title = cleanText($('title').first().text());
  const parts = /^(.*?)\s+-\s+(\d{1,2}\/\d{1,2}\/\d{4})\s+(\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M)\s+-\s+OnBase Agenda Online$/i.exec(title);
  const packet = $('a#lnkAgendaPacket').attr('href');
  const id = Number((outline ?? document)![2]);
  return {
    meetingId: id,
    name: parts ? cleanText(parts[1]) : null,
    date: parts ? usDateToIso(parts[2]) : null,
    time: parts ? clockTimeOf(parts[3]) : null,
    outlineUrl: outline ? fill(outline[1]) : null,
    documentUrl,
    packetUrl: packet ? new URL(packet, url).toString() : null,
  };
}
