import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { clockTimeOf } from '../../core/meetings/meeting.schema.js';
import { usDateToIso } from '../../core/dates.js';
import { cleanText } from '../kit/select.js';
import { assertNotOnBaseErrorPage } from './onbase-error-page.js';

/**
 * Parser of a Hyland OnBase Agenda Online agenda, in either layout the product serves:
 *
 * - the outline ("accessible view", `/Meetings/ViewMeetingAgenda?meetingId=…&type=agenda`):
 *   nested `div.accessible-section` blocks whose headers call `loadAgendaSection(id)`, and
 *   items whose link calls `loadAgendaItem(id)`;
 * - the converted Word document (`/Documents/ViewAgenda?meetingId=…&doctype=1`): bookmarks and
 *   links calling `loadAgendaItem(id, true)` for a section and `loadAgendaItem(id, false)` for
 *   an item, the item number printed before the link (same paragraph, or the cell before).
 *
 * An item is only what the product marks as one: a section header is never counted, however it
 * is numbered. The page's real error page ("The web page that you have requested is not
 * available", where a site redirects the outline to `/Error`) throws OnBasePageUnavailableError.
 * Real pages: ../shared/reference/cities/{san-diego,onbase-agenda-online}/.
 */

export type OnBaseAgendaItem = {
  /** The id in `loadAgendaItem(id)`: the `itemId` of ViewMeetingAgendaItem. */
  itemId: number;
  /** The printed number ("5", "a", "S500") without its trailing dot; null where the agenda prints none (San Diego). */
  number: string | null;
  title: string;
  /** The innermost named section heading above the item. */
  section: string | null;
  /** Every named heading above the item, outermost first. */
  sectionPath: string[];
};

export type OnBaseAgendaSection = { sectionId: number; number: string | null; title: string };

export type OnBaseAgenda = {
  layout: 'outline' | 'document';
  /** The outline's header (`City Council`), when the page has one. */
  meetingName: string | null;
  meetingDate: string | null;
  /** `HH:MM`, 24-hour. */
  meetingTime: string | null;
  sections: OnBaseAgendaSection[];
  items: OnBaseAgendaItem[];
};

/** `loadAgendaItem(256419)`, `loadAgendaItem(37881,false)`, `loadAgendaSection(86289)`. */
const CALL = /load(AgendaItem|AgendaSection)\(\s*(\d+)\s*(?:,\s*(true|false)\s*)?\)/i;
const LINKS = 'a[onclick*="loadAgenda"], a[href*="loadAgenda"]';
/** An agenda number as printed: "5.", "a.", "12)", "S500.", "A". */
const NUMBER = /^\(?([A-Za-z]{1,2}|\d{1,3}[A-Za-z]?|[A-Za-z]\d{1,4}|[IVXLC]{1,6})[.):]?$/;

type Mark = { kind: 'item' | 'section'; id: number; node: Cheerio<Element> };

/**
 * Parses either agenda layout. Throws OnBasePageUnavailableError for the product's error page,
 * and LayoutChangedError (selector and URL) when the page has neither an item nor a section
 * link: an agenda with headings but no items yet parses to no items.
 */
export function parseOnBaseAgenda(html: string, url: string): OnBaseAgenda {
  const $ = cheerio.load(html);
  assertNotOnBaseErrorPage($, url);
  const marks: Mark[] = [];
  $(LINKS).each((_, el) => {
    const node = $(el);
    const call = CALL.exec(`${node.attr('onclick') ?? ''} ${node.attr('href') ?? ''}`);
    if (!call) return;
    const isSection = call[1].toLowerCase() === 'agendasection' || call[3]?.toLowerCase() === 'true';
    marks.push({ kind: isSection ? 'section' : 'item', id: Number(call[2]), node });
  });
  if (marks.length === 0) {
    throw new LayoutChangedError(LINKS, url, 'no agenda item or section links (loadAgendaItem / loadAgendaSection) on the agenda page');
  }
  const outline = $('div.accessible-section, div.accessible-item').length > 0;
  const header = outline ? readOutlineHeader($) : { meetingName: null, meetingDate: null, meetingTime: null };

  const sections: OnBaseAgendaSection[] = [];
  const sectionTitleById = new Map<number, { title: string; number: string | null }>();
  for (const mark of marks.filter((m) => m.kind === 'section')) {
    if (sectionTitleById.has(mark.id)) continue;
    const label = outline ? outlineLabel($, mark.node, '.accessible-header-text') : documentLabel($, mark.node);
    sectionTitleById.set(mark.id, label);
    if (label.title !== '') sections.push({ sectionId: mark.id, number: label.number, title: label.title });
  }

  const items: OnBaseAgendaItem[] = [];
  const seen = new Set<number>();
  let lastSection: string | null = null;
  for (const mark of marks) {
    if (mark.kind === 'section') {
      const title = sectionTitleById.get(mark.id)?.title ?? '';
      if (title !== '') lastSection = title;
      continue;
    }
    if (seen.has(mark.id)) continue;
    const label = outline ? outlineLabel($, mark.node, '.accessible-item-text') : documentLabel($, mark.node);
    // A bookmark link with no words (an empty `<a>` in the converted document) is not an item.
    if (label.title === '') continue;
    seen.add(mark.id);
    const path = outline ? outlineSectionPath($, mark.node) : [];
    const sectionPath = path.length > 0 ? path : lastSection ? [lastSection] : [];
    items.push({ itemId: mark.id, number: label.number, title: label.title, section: sectionPath[sectionPath.length - 1] ?? null, sectionPath });
  }
  return { layout: outline ? 'outline' : 'document', ...header, sections, items };
}

/** The outline's `<h1>`: the meeting's name, then `3/10/2026 10:00:00 AM`, separated by `<br>`. */
function readOutlineHeader($: CheerioAPI): Pick<OnBaseAgenda, 'meetingName' | 'meetingDate' | 'meetingTime'> {
  const h1 = $('section.content-wrapper h1').filter((_, el) => $(el).closest('.accessible-section, .accessible-item').length === 0).first();
  const lines = (h1.html() ?? '')
    .split(/<br\s*\/?>/i)
    .map((part) => cleanText(cheerio.load(`<p>${part}</p>`)('p').text()))
    .filter((line) => line !== '');
  const when = lines.map((line) => /(\d{1,2}\/\d{1,2}\/\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M))?/i.exec(line)).find((m) => m !== null);
  const name = lines.find((line) => !/\d{1,2}\/\d{1,2}\/\d{4}/.test(line)) ?? null;
  return { meetingName: name, meetingDate: usDateToIso(when?.[1] ?? null), meetingTime: clockTimeOf(when?.[2] ?? null) };
}

/**
 * An outline link's title (its text span, else the link's own words) and the number printed
 * in front of the span ("5. <span>…</span>"), if any.
 */
function outlineLabel($: CheerioAPI, link: Cheerio<Element>, textClass: string): { title: string; number: string | null } {
  const span = link.find(textClass).first();
  const full = cleanText(link.text());
  if (span.length === 0) return splitLeadingNumber(full);
  const title = cleanText(span.text());
  const rest = cleanText(link.clone().find(textClass).remove().end().text());
  return { title, number: numberOf(rest) };
}

/** Headings above an outline item, outermost first, skipping unnamed ones (Maricopa's empty level-2 headers). */
function outlineSectionPath($: CheerioAPI, link: Cheerio<Element>): string[] {
  return link
    .parents('div.accessible-section')
    .toArray()
    .reverse()
    .map((section) => {
      const headerLink = $(section).children('.accessible-item-view-header').find(LINKS).first();
      return headerLink.length ? outlineLabel($, headerLink as Cheerio<Element>, '.accessible-header-text').title : '';
    })
    .filter((title) => title !== '');
}

/**
 * A document link's words, and its number: the text before the link in its paragraph
 * (Santa Barbara: `<span>1.</span> … <a>`), else the cell before the link's cell
 * (Concord, Anchorage: a two-cell table row "a." | title).
 */
function documentLabel($: CheerioAPI, link: Cheerio<Element>): { title: string; number: string | null } {
  const words = splitLeadingNumber(cleanText(link.text()));
  if (words.number) return words;
  const paragraph = link.closest('p');
  if (paragraph.length) {
    const before = cleanText(textBefore($, paragraph, link));
    const number = numberOf(before);
    if (number) return { title: words.title, number };
  }
  const cell = link.closest('td');
  if (cell.length) {
    const previous = cell.prevAll('td').first();
    const number = numberOf(cleanText(previous.text()));
    if (number) return { title: words.title, number };
  }
  return words;
}

/** The text of `container` that comes before `target` in document order. */
function textBefore($: CheerioAPI, container: Cheerio<AnyNode>, target: Cheerio<Element>): string {
  const stop = target.get(0);
  let out = '';
  let done = false;
  const walk = (nodes: AnyNode[]): void => {
    for (const node of nodes) {
      if (done) return;
      if (node === stop) {
        done = true;
        return;
      }
      if (node.type === 'text') out += (node as unknown as { data: string }).data;
      else if ('children' in node) walk(node.children as AnyNode[]);
    }
  };
  walk(container.get(0) && 'children' in container.get(0)! ? ((container.get(0) as Element).children as AnyNode[]) : []);
  return out;
}

/** "5. TITLE" → number 5 and the title; text without a leading number stays whole. */
function splitLeadingNumber(text: string): { title: string; number: string | null } {
  const match = /^(\(?(?:[A-Za-z]{1,2}|\d{1,3}[A-Za-z]?|[A-Za-z]\d{1,4})[.)])\s+(\S.*)$/.exec(text);
  if (!match) return { title: text, number: null };
  return { title: match[2], number: numberOf(match[1]) };
}

function numberOf(text: string): string | null {
  const match = NUMBER.exec(text.replace(/\u00a0/g, ' ').trim());
  return match ? match[1] : null;
}
