import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText } from '../kit/select.js';
import { austinEnactmentNumbers } from './ordinance-number.js';

/**
 * Parser of an Austin City Council meeting page (`/department/city-council/{YYYY}/{YYYYMMDD}-reg.htm`):
 * the agenda, and after the meeting the same page with the council's actions. No copy of such a
 * page is recorded (../shared/reference/cities/README.md §3), so this reads what any such page
 * must have rather than one layout: numbered agenda items ("12. Approve an ordinance …") in
 * paragraphs, list items or table cells of the EDIMS content block, the headings they sit under,
 * their EDIMS backup links (`services.austintexas.gov/edims/document.cfm?id=…`) and the
 * enactment numbers written beside them (`20230816-008`). Also used for the agenda text of an
 * EDIMS PDF, through parseAgendaText.
 */

export type AustinAgendaItem = {
  /** The printed number: "12", "3a". */
  number: string;
  title: string;
  section: string | null;
  /** Enactment numbers in the item's text (an adopted ordinance: `Ordinance No. 20230816-008`). */
  enactmentNumbers: string[];
  /** EDIMS and other document links of the item. */
  documents: { label: string; url: string }[];
};

const CONTENT = '#edims, #bcic, .field--name-body, main, #main-content, body';
const ITEM_START = /^(\d{1,3}[a-z]?)\.\s+(\S.*)$/is;
const SECTION_WORDS = /^[A-Z0-9][A-Z0-9 ,&'’()\/:-]{3,}$/;

/**
 * The numbered items of a meeting page, in page order. Throws LayoutChangedError (selector and
 * URL) when the page has no content block or no numbered item at all.
 */
export function parseAustinAgendaPage(html: string, url: string): AustinAgendaItem[] {
  const $ = cheerio.load(html);
  const content = $(CONTENT).first();
  if (content.length === 0) throw new LayoutChangedError(CONTENT, url, 'no content block');
  const items: AustinAgendaItem[] = [];
  let section: string | null = null;
  content.find('h1, h2, h3, h4, h5, p, li, td, div').each((_, el) => {
    const node = $(el);
    // Only innermost blocks: a div or cell that holds paragraphs is read through them.
    if (node.find('p, li, td, div, h1, h2, h3, h4, h5').length > 0) return;
    const text = cleanText(node.text());
    if (text === '') return;
    const tag = 'tagName' in el ? el.tagName.toLowerCase() : '';
    const start = ITEM_START.exec(text);
    if (start) {
      items.push({ number: start[1].toLowerCase(), title: start[2], section, enactmentNumbers: austinEnactmentNumbers(text), documents: links($, node, url) });
      return;
    }
    if (/^h[1-5]$/.test(tag) || (SECTION_WORDS.test(text) && text.length < 120 && node.find('a').length === 0)) {
      section = text;
      return;
    }
    // A paragraph after an item (its backup links, "Ordinance No. 20230816-008 was approved") belongs to it.
    const last = items[items.length - 1];
    if (last) {
      for (const number of austinEnactmentNumbers(text)) if (!last.enactmentNumbers.includes(number)) last.enactmentNumbers.push(number);
      last.documents.push(...links($, node, url).filter((d) => !last.documents.some((e) => e.url === d.url)));
    }
  });
  if (items.length === 0) throw new LayoutChangedError(`${CONTENT} p, li, td (text "N. …")`, url, 'no numbered agenda item on the meeting page');
  return items;
}

/**
 * The numbered items of an agenda's plain text (an EDIMS PDF through the text extractor):
 * lines "3. NEW BUSINESS" open an item, lines "a. Northeast Austin …" under it are sub-items
 * (numbered "3a"), indented continuation lines join the item before. Times at the end of a line
 * ("6:05") are dropped. Returns [] for a text with no numbered line (a notice).
 */
export function parseAgendaText(text: string): AustinAgendaItem[] {
  const items: AustinAgendaItem[] = [];
  let parent: string | null = null;
  let current: AustinAgendaItem | null = null;
  // Only a line right under an item's title continues it; prose below a heading does not.
  let continuing = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+\d{1,2}:\d{2}\s*$/, '').replace(/[\s\u00a0]+/g, ' ').trim();
    if (line === '') {
      continuing = false;
      continue;
    }
    const top = /^(\d{1,2})\.\s+(\S.*)$/.exec(line);
    const sub = /^([a-z])[.)]\s+(\S.*)$/.exec(line);
    if (top) {
      parent = top[1];
      current = { number: top[1], title: top[2], section: null, enactmentNumbers: austinEnactmentNumbers(line), documents: [] };
      items.push(current);
      continuing = true;
    } else if (sub && parent !== null) {
      const under = items.find((i) => i.number === parent);
      current = { number: `${parent}${sub[1]}`, title: sub[2], section: under?.title ?? null, enactmentNumbers: austinEnactmentNumbers(line), documents: [] };
      items.push(current);
      continuing = true;
    } else if (current && continuing && /^[a-z(]/.test(line) && current.title.length < 400) {
      // A wrapped title ("(Commissioners / Catellus / Staff)") continues the item above.
      current.title = `${current.title} ${line}`;
    } else {
      continuing = false;
    }
  }
  return items;
}

function links($: CheerioAPI, node: Cheerio<AnyNode>, base: string): { label: string; url: string }[] {
  return node
    .find('a[href]')
    .toArray()
    .flatMap((a) => {
      const href = $(a).attr('href') ?? '';
      if (/^(#|javascript:|mailto:)/i.test(href)) return [];
      try {
        return [{ label: cleanText($(a).text()) || 'Document', url: new URL(href, base).toString() }];
      } catch {
        return [];
      }
    });
}
