import { ScrapeError } from '../../core/scrape-errors.js';
import type { TextFormat } from '../../core/vocabulary.js';
import { extractCaliforniaCaml, extractHtmlText, extractLexisStatute, extractStateDecoded } from './markup-text-extract.js';
import { extractNyMarkdown } from './ny-markdown-text-extract.js';
import { extractPdfText } from './pdf-text-extract.js';
import { extractRtfText } from './rtf-text-extract.js';
import { extractDocText, extractDocxText } from './word-text-extract.js';
import { extractDcCouncilXml, extractGenericXml, isCongressXml, isDcCouncilXml, xmlRootName } from './xml-text-extract.js';

export type ExtractInput = { body: Buffer | string; mediaType: string | null; url: string | null };
/**
 * `raw` still has line numbers and page headers; deleted matter is wrapped in deletion
 * marks. `warnings` say what the reader should know (a format read as plain text).
 */
export type ExtractedText = { raw: string; format: TextFormat; warnings: string[] };

const ZIP = 'PK\u0003\u0004';
const OLE = '\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1';

function sniffBinary(body: Buffer, mediaType: string, url: string): TextFormat | null {
  const head = body.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF-') || (mediaType.includes('pdf') && !mediaType.includes('xml'))) return 'pdf';
  if (head.startsWith(ZIP) && (mediaType.includes('wordprocessingml') || /\.docx($|\?)/i.test(url) || body.includes('word/document.xml'))) return 'docx';
  if (head === OLE) return 'doc';
  return null;
}

function sniffText(mediaType: string, head: string, url: string): TextFormat {
  if (head.trimStart().startsWith('{\\rtf') || mediaType.includes('rtf')) return 'rtf';
  if (/<caml:MeasureDoc\b/.test(head)) return 'ca-caml';
  if (/<legislativeDoc\b/.test(head)) return 'va-lexis';
  if (/<law>\s*<structure>|<section_number>/.test(head)) return 'va-statedecoded';
  if (isDcCouncilXml(head)) return 'dc-xml';
  if (isCongressXml(head)) return 'us-congress-xml';
  if (mediaType.includes('markdown') || /\.md($|\?)/.test(url) || /^##\s+Full Text\s*$/m.test(head)) return 'ny-markdown';
  const xmlish = mediaType.includes('xml') || head.trimStart().startsWith('<?xml');
  if (!xmlish && (mediaType.includes('html') || /<html\b|<body\b|<p\b/i.test(head))) {
    return /EXPLANATION--Matter in/i.test(head) ? 'ny-lbdc' : 'html';
  }
  if (xmlish) return 'xml';
  return 'plain';
}

/** Share of characters that are control or replacement characters: a binary file read as text. */
function garbledShare(text: string): number {
  const sample = text.slice(0, 4000);
  if (sample.length === 0) return 0;
  const bad = sample.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return bad / sample.length;
}

/**
 * Returns the text of one bill version, picking the parser from the media type and the
 * content: PDF, Word (.docx, .doc), RTF, California CAML, DC Council XML, Congress bill
 * XML, State Decoded and LexisNexis Virginia Code XML, NY Markdown, NY LBDC pages, other
 * HTML, other XML (every element's text, with a warning) and plain text. A format it does
 * not know is read as plain text with a warning, never refused. Feed `raw` to
 * `normalizeBillText`. Throws ScrapeError (`pdf_unreadable`, `pdf_no_text`,
 * `docx_unreadable`, `doc_unreadable`) or LayoutChangedError when a known format parses to
 * nothing; none of these are retryable.
 */
export async function extractText(input: ExtractInput): Promise<ExtractedText> {
  const url = input.url ?? null;
  const mediaType = (input.mediaType ?? '').toLowerCase();
  const body = input.body;
  const warnings: string[] = [];
  try {
    const binary = Buffer.isBuffer(body) ? sniffBinary(body, mediaType, url ?? '') : null;
    if (binary === 'pdf') return { raw: await extractPdfText(body as Buffer, url), format: 'pdf', warnings };
    if (binary === 'docx') return { raw: extractDocxText(body as Buffer, url), format: 'docx', warnings };
    if (binary === 'doc') return { raw: await extractDocText(body as Buffer, url), format: 'doc', warnings };
    const text = (Buffer.isBuffer(body) ? body.toString('utf8') : body).replace(/^\ufeff/, '');
    const format = sniffText(mediaType, text.slice(0, 1 << 20), url ?? '');
    switch (format) {
      case 'rtf': return { raw: extractRtfText(text), format, warnings };
      case 'ca-caml': return { raw: extractCaliforniaCaml(text, url), format, warnings };
      case 'va-statedecoded': return { raw: extractStateDecoded(text, url), format, warnings };
      case 'va-lexis': return { raw: extractLexisStatute(text, url), format, warnings };
      case 'dc-xml': return { raw: extractDcCouncilXml(text, url), format, warnings };
      case 'us-congress-xml': return { raw: extractGenericXml(text, url), format, warnings };
      case 'ny-markdown': return { raw: extractNyMarkdown(text, url), format, warnings };
      case 'ny-lbdc':
      case 'html': return { raw: extractHtmlText(text, url), format, warnings };
      case 'xml': {
        warnings.push(`unknown XML format (root <${xmlRootName(text) ?? '?'}>${mediaType ? `, ${mediaType}` : ''}): read as text, every element's words, metadata left out`);
        return { raw: extractGenericXml(text, url), format, warnings };
      }
      default: {
        const known = mediaType === '' || mediaType.startsWith('text/plain');
        if (!known) warnings.push(`unknown format (${mediaType}): read as plain text`);
        if (garbledShare(text) > 0.05) warnings.push('the file looks binary: the text read from it may be garbled');
        return { raw: text, format: 'plain', warnings };
      }
    }
  } catch (err) {
    if (err instanceof ScrapeError && err.url === null && url !== null) {
      throw new ScrapeError(err.code, `${err.message} (${url})`, { url, cause: err });
    }
    throw err;
  }
}
