import * as cheerio from 'cheerio';
import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { selectAll, selectOne } from '../kit/select.js';
import { markDeleted } from '../../core/texts/deletion-marks.js';

/** Elements whose content is struck-through (deleted) matter in HTML and XML bill texts. */
const DELETION_TAGS = new Set(['s', 'strike', 'del', 'caml:strike', 'xhtml:strike', 'xhtml:s', 'xhtml:del', 'pt-deleted']);
const SKIP_TAGS = new Set(['script', 'style', 'head', 'nav', 'select', 'option', 'button', 'input', 'noscript', 'form:hidden']);
const BLOCK_TAGS = new Set([
  'p', 'div', 'pre', 'li', 'ul', 'ol', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section',
  'blockquote', 'center', 'hr', 'xhtml:p', 'caml:billsection', 'caml:content',
  'caml:preamble', 'caml:lawsection', 'bodytext', 'heading', 'level',
]);
/** Class names that LIS, leginfo and others use for struck text. */
const DELETION_CLASS = /(^|\s)(strike|strikethrough|deleted?|del)(\s|$)/i;

function isDeletion(el: Element): boolean {
  const name = el.name.toLowerCase();
  if (DELETION_TAGS.has(name)) return true;
  const cls = el.attribs?.class ?? '';
  const style = el.attribs?.style ?? '';
  return DELETION_CLASS.test(cls) || /line-through/i.test(style);
}

/**
 * Renders nodes to text: blocks become blank-line-separated paragraphs, `<br>` a newline,
 * CAML's empty EnSpace/ThinSpace spans a space (an HTML extractor would glue "(a)The"),
 * struck elements are wrapped in deletion markers so they never count as enacted.
 */
function renderNodes(nodes: AnyNode[], out: string[], pre: boolean): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push(pre ? node.data : node.data.replace(/\s+/g, ' '));
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (SKIP_TAGS.has(name) || node.type !== 'tag') continue;
    if (name === 'br') { out.push('\n'); continue; }
    if (name === 'span' && /(^|\s)(EnSpace|ThinSpace|EmSpace)(\s|$)/.test(el.attribs?.class ?? '')) { out.push(' '); continue; }
    if (isDeletion(el)) {
      const inner: string[] = [];
      renderNodes(el.children, inner, pre);
      out.push(markDeleted(inner.join('')));
      continue;
    }
    // A section number and its action line read as one paragraph: "SECTION 1. Section 14020 of ...".
    if (name === 'caml:num' || name === 'caml:actionline') {
      renderNodes(el.children, out, pre);
      out.push(' ');
      continue;
    }
    const block = BLOCK_TAGS.has(name);
    if (block) out.push('\n\n');
    renderNodes(el.children, out, pre || name === 'pre');
    if (block) out.push('\n\n');
  }
}

/** Renders a selection with the bill-text rules above (blocks, line breaks, struck matter marked). */
export function render(sel: Cheerio<AnyNode>): string {
  const out: string[] = [];
  renderNodes(sel.toArray(), out, false);
  return out.join('');
}

/**
 * California CAML keeps amendment marks as processing instructions. Deleted matter is
 * either between `xm-deletion_mark_start/end` or held in `<?xm-deletion_mark data="..."?>`;
 * turn both into an element the renderer treats as struck, and drop the other marks.
 */
function rewriteCamlMarks(xml: string): string {
  return xml
    .replace(/<\?xm-deletion_mark_start\?>([\s\S]*?)<\?xm-deletion_mark_end\?>/g, '<pt-deleted>$1</pt-deleted>')
    .replace(/<\?xm-deletion_mark\s+data="([^"]*)"\s*\?>/g, (_m, data: string) => `<pt-deleted>${data}</pt-deleted>`)
    .replace(/<\?xm-[^?]*\?>/g, '');
}

/**
 * Returns the enacted text of a California CAML bill (`caml:MeasureDoc`): the bill
 * sections only. The Legislative Counsel's digest and the action history are not law.
 * Throws LayoutChangedError when there is no `caml:Bill`.
 */
export function extractCaliforniaCaml(xml: string, url: string | null): string {
  const $ = cheerio.load(rewriteCamlMarks(xml), { xml: true });
  const bill = selectOne($, 'caml\\:Bill', url);
  const parts: string[] = [];
  const title = $('caml\\:Title').first().text().trim();
  if (title) parts.push(title);
  const sections = bill.find('caml\\:BillSection');
  if (sections.length === 0) {
    parts.push(render(bill));
  } else {
    bill.find('caml\\:Preamble').each((_i, el) => { parts.push(render($(el))); });
    sections.each((_i, el) => { parts.push(render($(el))); });
  }
  return parts.join('\n\n');
}

/**
 * Returns the text of a State Decoded `<law>` file: "§ number. catch line", then each
 * `<section prefix>` as "A. ..." (nested prefixes kept). The history line is left out.
 * Throws LayoutChangedError when `<text>` is missing.
 */
export function extractStateDecoded(xml: string, url: string | null): string {
  const $ = cheerio.load(xml, { xml: true });
  const text = selectOne($, 'law > text', url);
  const number = $('law > section_number').first().text().trim();
  const catchLine = $('law > catch_line').first().text().trim();
  const parts: string[] = [`§ ${number}. ${catchLine}`];
  const walk = (sel: Cheerio<AnyNode>): void => {
    sel.children().each((_i, child) => {
      const el = $(child);
      if ((child as Element).name !== 'section') return;
      const prefix = el.attr('prefix');
      const own: string[] = [];
      renderNodes(el.contents().toArray().filter((n) => !(n.type === 'tag' && (n as Element).name === 'section')), own, false);
      parts.push(`${prefix ? `${prefix}. ` : ''}${own.join('').trim()}`);
      walk(el);
    });
  };
  walk(text);
  if (parts.length === 1) parts.push(render(text));
  return parts.join('\n\n');
}

/**
 * Returns the text of a LexisNexis `legislativeDoc`: the section heading and the statute
 * body, without the history group and metadata. Throws LayoutChangedError when there is
 * no `statute`.
 */
export function extractLexisStatute(xml: string, url: string | null): string {
  const $ = cheerio.load(xml, { xml: true });
  const statute = selectOne($, 'statute', url);
  statute.find('history, metadata, classification, locator').remove();
  const heading = statute.find('heading').first();
  const head = `${heading.find('desig').first().text().trim()} ${heading.find('title').first().text().trim()}`.trim();
  heading.remove();
  return `${head}\n\n${render(statute)}`;
}

/** Line-numbered lines in an LBDC `<pre>` block: "    12  text". */
const LINE_NUMBERED = /^\s{2,}\d{1,2}\s{2}/m;

/**
 * Returns the bill text of a New York LBDC "Legislative Information" page: the `<pre>`
 * blocks of the bill (line-numbered, or carrying the EXPLANATION footer), not the status,
 * votes or sponsor's memo. `<S>` deletions come out marked. Throws LayoutChangedError
 * when no such block exists.
 */
export function extractNyLbdcPage($: CheerioAPI, url: string | null): string {
  const blocks = selectAll($, 'pre', url).toArray().filter((el) => {
    const t = $(el).text();
    return LINE_NUMBERED.test(t) || /EXPLANATION--Matter in/i.test(t);
  });
  if (blocks.length === 0) throw new LayoutChangedError('pre', url, 'no bill-text <pre> block (line-numbered) on the LBDC page');
  return blocks.map((el) => render($(el))).join('\n\n');
}

/**
 * Returns the readable text of an HTML page: the LBDC bill blocks when it is an LBDC page,
 * otherwise the body with navigation and scripts left out. Throws LayoutChangedError when
 * the page has no text.
 */
export function extractHtmlText(html: string, url: string | null): string {
  const $ = cheerio.load(html);
  if (/EXPLANATION--Matter in/i.test(html) && $('pre').length > 0) return extractNyLbdcPage($, url);
  $('script, style, nav, header, footer, noscript, form select').remove();
  const body = $('body').length > 0 ? $('body') : $.root();
  const text = render(body);
  if (text.trim() === '') throw new LayoutChangedError('body', url, 'HTML page has no text');
  return text;
}
