import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { unzipSync, strFromU8 } from 'fflate';
import WordExtractor from 'word-extractor';
import { ScrapeError } from '../../core/scrape-errors.js';
import { markDeleted } from '../../core/texts/deletion-marks.js';

/** A run property that is on unless its w:val says otherwise ("0", "false", "off"). */
function isOn(prop: Element | undefined): boolean {
  if (!prop) return false;
  const v = (prop.attribs['w:val'] ?? '').toLowerCase();
  return v !== '0' && v !== 'false' && v !== 'off' && v !== 'none';
}

function child(el: Element, name: string): Element | undefined {
  return el.children.find((c): c is Element => c.type === 'tag' && (c as Element).name === name);
}

/**
 * Renders WordprocessingML: paragraphs (`w:p`) as paragraphs, `w:tab` and `w:br` as a
 * space and a line break; tracked deletions (`w:del`, `w:delText`) and struck runs
 * (`w:strike`, `w:dstrike`, the way bill drafters show deleted law) wrapped in deletion
 * marks; tracked insertions kept.
 */
function renderWordml(nodes: AnyNode[], out: string[], deleted: boolean): void {
  for (const node of nodes) {
    if (node.type !== 'tag') continue;
    const el = node as Element;
    switch (el.name) {
      case 'w:p': {
        const inner: string[] = [];
        renderWordml(el.children, inner, deleted);
        out.push(`${inner.join('')}\n\n`);
        break;
      }
      case 'w:del': {
        const inner: string[] = [];
        renderWordml(el.children, inner, true);
        out.push(markDeleted(inner.join('')));
        break;
      }
      case 'w:r': {
        const props = child(el, 'w:rPr');
        const struck = props !== undefined && (isOn(child(props, 'w:strike')) || isOn(child(props, 'w:dstrike')));
        const inner: string[] = [];
        renderWordml(el.children, inner, deleted || struck);
        out.push(struck && !deleted ? markDeleted(inner.join('')) : inner.join(''));
        break;
      }
      case 'w:t': case 'w:delText': out.push(el.children.map((c) => (c.type === 'text' ? c.data : '')).join('')); break;
      case 'w:tab': out.push(' '); break;
      case 'w:br': case 'w:cr': out.push('\n'); break;
      case 'w:rPr': case 'w:pPr': case 'w:sectPr': case 'w:instrText': break;
      default: renderWordml(el.children, out, deleted);
    }
  }
}

/**
 * Returns the text of a Word .docx file: the main document part, struck and tracked-deleted
 * runs marked as deleted. Throws ScrapeError `docx_unreadable` when it is not a zip with
 * `word/document.xml`.
 */
export function extractDocxText(body: Buffer, url: string | null): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(body), { filter: (f) => f.name === 'word/document.xml' });
  } catch (err) {
    throw new ScrapeError('docx_unreadable', `cannot open the Word file: ${(err as Error).message}`, { url, cause: err });
  }
  const part = files['word/document.xml'];
  if (!part) throw new ScrapeError('docx_unreadable', 'the Word file has no word/document.xml', { url });
  const $ = cheerio.load(strFromU8(part), { xml: true });
  const out: string[] = [];
  renderWordml($('w\\:body').toArray(), out, false);
  return out.join('');
}

/**
 * Returns the body text of a Word 97-2003 .doc file (word-extractor reads the OLE
 * container; tracked deletions are left out by it). Throws ScrapeError `doc_unreadable`
 * when the file cannot be read.
 */
export async function extractDocText(body: Buffer, url: string | null): Promise<string> {
  try {
    const doc = await new WordExtractor().extract(body);
    return doc.getBody();
  } catch (err) {
    throw new ScrapeError('doc_unreadable', `cannot read the Word 97-2003 file: ${(err as Error).message}`, { url, cause: err });
  }
}
