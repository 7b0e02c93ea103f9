import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { markDeleted } from '../../core/texts/deletion-marks.js';

/** Elements that are metadata, history or notes in legislative XML, never law. */
const METADATA = new Set([
  'meta', 'metadata', 'history', 'annotations', 'annotation', 'citations', 'citation-list', 'recency', 'codify:annotation',
  'dc:title', 'dublincore', 'pubinfo', 'distribution-code', 'calendar', 'action', 'action-date', 'action-desc', 'docinfo',
  'script', 'style', 'notes', 'sourcecredit', 'editorial-note', 'aftertext',
]);
/** Deleted matter in legislative XML dialects (USLM, Akoma Ntoso, bill DTDs). */
const DELETED = new Set(['del', 'deleted', 'deleted-text', 'deleted-phrase', 'strike', 's', 'akn:del', 'uslm:del']);
/** Inline elements: their text joins the surrounding line instead of starting a paragraph. */
const INLINE = new Set([
  'num', 'enum', 'em', 'i', 'b', 'u', 'strong', 'span', 'cite', 'ref', 'term', 'quote', 'quoted-phrase', 'inline', 'sup', 'sub',
  'date', 'short-title', 'external-xref', 'internal-xref', 'xref', 'a', 'ins', 'insert', 'inserted-text', 'added-phrase',
  'marker', 'prefix', 'label', 'designator', 'desig', 'italic', 'bold', 'text',
]);

function localName(el: Element): string {
  return el.name.toLowerCase();
}

/**
 * Renders legislative XML to text: each block element a paragraph, numbers and labels
 * inline with the text that follows them ("(a) The ..."), metadata left out, deleted
 * matter wrapped in deletion marks. `heading` elements become paragraphs of their own.
 */
function renderXml(nodes: AnyNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push(node.data.replace(/\s+/g, ' '));
      continue;
    }
    if (node.type !== 'tag') continue;
    const el = node as Element;
    const name = localName(el);
    if (METADATA.has(name) || name.startsWith('codify:') || name.startsWith('codified:') || name.startsWith('cache:')) continue;
    if (DELETED.has(name)) {
      const inner: string[] = [];
      renderXml(el.children, inner);
      out.push(markDeleted(inner.join('')));
      continue;
    }
    // "<section><num>101</num>...": "Sec. 101." so sections split and "section 101 is repealed" finds it.
    const first = el.children.find((c): c is Element => c.type === 'tag' && !/^(?:codify|codified|cache|meta):/.test((c as Element).name));
    if (name === 'section' && first && (localName(first) === 'num' || localName(first) === 'enum')) {
      const num = cheerio.load(first, { xml: true }).root().text().trim().replace(/^(?:sec(?:tion)?\.?\s*)/i, '').replace(/\.$/, '');
      out.push(`\n\nSec. ${num}. `);
      // "Sec. 108c. Authority to issue grants ..." reads as one heading line.
      const rest = el.children.filter((c) => c !== first);
      const heading = rest.find((c): c is Element => c.type === 'tag' && !/^(?:codify|codified|cache|meta):/.test((c as Element).name));
      if (heading && (localName(heading) === 'heading' || localName(heading) === 'header')) {
        renderXml(heading.children, out);
        out.push('\n\n');
        renderXml(rest.filter((c) => c !== heading), out);
      } else {
        renderXml(rest, out);
      }
      out.push('\n\n');
      continue;
    }
    if (INLINE.has(name)) {
      renderXml(el.children, out);
      if (name === 'num' || name === 'enum' || name === 'prefix' || name === 'designator' || name === 'desig') out.push(' ');
      continue;
    }
    out.push('\n\n');
    renderXml(el.children, out);
    out.push('\n\n');
  }
}

function renderAll(sel: Cheerio<AnyNode>): string {
  const out: string[] = [];
  renderXml(sel.toArray(), out);
  return out.join('');
}

/** The root element's name, without a namespace prefix: "document", "section", "bill". */
export function xmlRootName(xml: string): string | null {
  const m = /<(?!\?|!)([\w:.-]+)[\s>/]/.exec(xml.replace(/<!--[\s\S]*?-->/g, ''));
  return m ? m[1].replace(/^[\w.-]+:/, '').toLowerCase() : null;
}

/** True for the DC Council's dc-library XML (acts, laws and Code sections; https://github.com/DCCouncil/law-xml). */
export function isDcCouncilXml(head: string): boolean {
  return /xmlns(?::\w+)?="https:\/\/code\.dccouncil\.(?:us|gov)\/schemas\/dc-library"/.test(head);
}

/** True for bill XML from Congress (govinfo "bill" DTD or USLM). */
export function isCongressXml(head: string): boolean {
  return /<(?:bill|resolution|amendment-doc)\b[^>]*\b(?:bill-stage|bill-type|dms-id|public-private)=/.test(head) || /xmlns(?::\w+)?="http:\/\/schemas\.gpo\.gov\/xml\/uslm"/.test(head);
}

/**
 * Returns the text of a DC Council act, law or Code section (dc-library XML): the short
 * and long titles first (they are not law: the enacting clause "BE IT ENACTED BY THE
 * COUNCIL ..." follows them), then each section and paragraph with its number inline;
 * the `<meta>` block, annotations and codification notes are left out. Throws
 * LayoutChangedError when the document has no text at all.
 */
export function extractDcCouncilXml(xml: string, url: string | null): string {
  const $ = cheerio.load(xml, { xml: true });
  const root = $.root().children().first();
  const parts: string[] = [];
  // A Code section's own number and heading read as "§ 5-331.16. Heading." like other codes.
  if (localName(root.get(0) as Element) === 'section') {
    const num = root.children('num').first().text().trim();
    const heading = root.children('heading').first().text().trim();
    if (num || heading) parts.push(`§ ${num}. ${heading}`.trim());
    root.children('num, heading').remove();
  } else {
    for (const type of ['short', 'long']) {
      const h = root.children(`heading[type="${type}"]`).first().text().trim();
      if (h) parts.push(h);
    }
    root.children('num, heading').remove();
  }
  parts.push(renderAll(root.children()));
  const text = parts.join('\n\n');
  if (text.replace(/\s/g, '') === '') throw new LayoutChangedError('document > text', url, 'DC Council XML has no text');
  return text;
}

/**
 * Returns the text of any other XML document (Congress bill XML, Akoma Ntoso, a
 * legislature's own dialect): every element's text, blocks as paragraphs, metadata and
 * history left out, deleted matter marked. Throws LayoutChangedError when nothing is left.
 */
export function extractGenericXml(xml: string, url: string | null): string {
  const $: CheerioAPI = cheerio.load(xml, { xml: true });
  const text = renderAll($.root().children());
  if (text.replace(/\s/g, '') === '') throw new LayoutChangedError('(root)', url, 'XML document has no text');
  return text;
}
