import * as cheerio from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, selectOne } from '../kit/select.js';
import { austinEnactmentNumbers } from './ordinance-number.js';

/**
 * Parsers of Austin's boards and commissions pages: a body's meetings of a year
 * (`/cityclerk/boards_commissions/meetings/{YYYY}_{bodyId}_{page}.htm`, inside `div#bcic` a flat
 * run of `div.bcic_mtgdate` "May 17, 2016 (Canceled)", `div.bcic_mtgtype` and `div.bcic_doc`
 * links to EDIMS documents, each belonging to the date above it; "Page 1 of 5" in
 * `div.bcic_nav`) and the information center's list of bodies (`select[name=board]`). Real
 * pages: ../shared/reference/cities/austin/.
 */

export type BoardsMeeting = {
  date: string;
  cancelled: boolean;
  /** "Regular Meeting of the Parks and Recreation Board". */
  meetingType: string;
  /** Location or other words the page adds in italics after the type. */
  note: string | null;
  documents: { label: string; url: string; size: string | null; note: string | null; edimsId: number | null; enactmentNumbers: string[] }[];
};

export type BoardsMeetingsPage = {
  /** "Parks and Recreation Board", from "2014 Meetings: Parks and Recreation Board". */
  body: string | null;
  year: number | null;
  page: number;
  pageCount: number;
  nextPageUrl: string | null;
  meetings: BoardsMeeting[];
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "December 9, 2014" → `2014-12-09`; null when unreadable. */
export function longDateToIso(text: string): string | null {
  const match = /([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})/.exec(text);
  if (!match) return null;
  const month = MONTHS.findIndex((m) => m.startsWith(match[1].toLowerCase().slice(0, 3)));
  if (month < 0) return null;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

/**
 * A body's year page. Throws LayoutChangedError (selector and URL) when `div#bcic` is missing,
 * when a document comes before any date, and when a date cannot be read.
 */
export function parseBoardsMeetings(html: string, url: string): BoardsMeetingsPage {
  const $ = cheerio.load(html);
  const root = selectOne($, 'div#bcic', url);
  const heading = cleanText(root.find('h2.edims').first().text());
  const headingMatch = /^(\d{4})\s+Meetings:\s*(.+)$/i.exec(heading);
  const nav = /Page\s+(\d+)\s+of\s+(\d+)/i.exec(cleanText(root.find('.bcic_nav').first().text()));
  const page = nav ? Number(nav[1]) : 1;
  const next = root.find('.bcic_navlinks a').filter((_, a) => cleanText($(a).text()) === String(page + 1)).first().attr('href');
  const meetings: BoardsMeeting[] = [];
  root.children().each((_, el) => {
    const node = $(el);
    if (node.hasClass('bcic_mtgdate')) {
      const text = cleanText(node.text());
      const date = longDateToIso(text);
      if (!date) throw new LayoutChangedError('div#bcic > div.bcic_mtgdate', url, `unreadable meeting date ${JSON.stringify(text)}`);
      meetings.push({ date, cancelled: /cancel/i.test(text), meetingType: '', note: null, documents: [] });
      return;
    }
    const current = meetings[meetings.length - 1];
    if (node.hasClass('bcic_mtgtype')) {
      if (!current) throw new LayoutChangedError('div#bcic > div.bcic_mtgtype', url, 'a meeting type before any meeting date');
      const note = cleanText(node.find('i, em').text()) || null;
      current.meetingType = cleanText(node.clone().find('i, em').remove().end().text()).replace(/\s*-\s*$/, '');
      current.note = note;
      return;
    }
    if (node.hasClass('bcic_doc')) {
      if (!current) throw new LayoutChangedError('div#bcic > div.bcic_doc', url, 'a document before any meeting date');
      const link = node.find('a[href]').last();
      const href = link.attr('href');
      if (!href) return;
      const target = new URL(href, url);
      const size = /\(([\d.,]+\s*[KMG]?B)\)/i.exec(cleanText(node.find('small').text()))?.[1] ?? null;
      // After the link: " - 20141209-003: Renaming parkland at 200 Zilker Clubhouse Road".
      const after = cleanText(node.clone().find('a, small').remove().end().text()).replace(/^-\s*/, '') || null;
      const edimsId = /edims\/document\.cfm$/i.test(target.pathname) ? Number(target.searchParams.get('id')) || null : null;
      current.documents.push({
        label: cleanText(link.text()) || 'Document',
        url: target.toString(),
        size,
        note: after,
        edimsId,
        enactmentNumbers: austinEnactmentNumbers(after ?? ''),
      });
    }
  });
  return {
    body: headingMatch ? headingMatch[2] : null,
    year: headingMatch ? Number(headingMatch[1]) : null,
    page,
    pageCount: nav ? Number(nav[2]) : 1,
    nextPageUrl: next ? new URL(next, url).toString() : null,
    meetings,
  };
}

/** The boards and commissions the information center lists (its `select[name=board]`), with their pages. */
export function parseBoardsDirectory(html: string, url: string): { name: string; url: string }[] {
  const $ = cheerio.load(html);
  const select = selectOne($, 'select[name="board"]', url);
  const boards = select
    .find('option')
    .toArray()
    .flatMap((option) => {
      const value = $(option).attr('value');
      const name = cleanText($(option).text());
      return value && name ? [{ name, url: new URL(value, url).toString() }] : [];
    });
  if (boards.length === 0) throw new LayoutChangedError('select[name="board"] > option', url, 'the list of boards is empty');
  return boards;
}
