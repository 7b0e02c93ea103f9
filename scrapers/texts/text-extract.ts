import { ScrapeError } from '../../core/scrape-errors.js';
import type { TextFormat } from '../../core/vocabulary.js';
import { extractCaliforniaCaml, extractHtmlText, extractLexisStatute, extractStateDecoded } from './markup-text-extract.js';
import { extractNyMarkdown } from './ny-markdown-text-extract.js';
import { extractPdfText } from './pdf-text-extract.js';


export type ExtractInput = { body: Buffer | string; mediaType: string | null; url: string | null };
/** `raw` still has line numbers and page headers; deleted matter is wrapped in deletion marks. */
export type ExtractedText = { raw: string; format: TextFormat };

function sniffFormat(mediaType: string, head: string, url: string): TextFormat {
  if (mediaType.includes('pdf') || head.startsWith('%PDF')) return 'pdf';
  if (/<caml:MeasureDoc\b/.test(head)) return 'ca-caml';
  if (/<legislativeDoc\b/.test(head)) return 'va-lexis';
  if (/<law>\s*<structure>|<section_number>/.test(head)) return 'va-statedecoded';
  if (mediaType.includes('markdown') || /\.md($|\?)/.test(url) || /^##\s+Full Text\s*$/m.test(head)) return 'ny-markdown';
  if (mediaType.includes('html') || /<html\b|<body\b|<p\b/i.test(head)) {
    return /EXPLANATION--Matter in/i.test(head) ? 'ny-lbdc' : 'html';
  }
  if (mediaType.includes('xml') || head.trimStart().startsWith('<?xml')) {
    throw new ScrapeError('unsupported_format', `unknown XML bill format (${mediaType || 'no media type'})`);
  }
  return 'plain';
}

/**
 * Returns the text of one bill version, picking the parser from the media type and the
 * content (PDF, California CAML, State Decoded and LexisNexis Virginia Code XML, NY
 * Markdown, NY LBDC pages, other HTML, plain text). Feed `raw` to `normalizeBillText`.
 * Throws ScrapeError (`unsupported_format`, `pdf_unreadable`, `pdf_no_text`) or
 * LayoutChangedError when a known format parses to nothing; none of these are retryable.
 */
export async function extractText(input: ExtractInput): Promise<ExtractedText> {
  const url = input.url ?? null;
  const mediaType = (input.mediaType ?? '').toLowerCase();
  const body = input.body;
  const isPdf = Buffer.isBuffer(body) ? body.subarray(0, 5).toString('latin1') === '%PDF-' : false;
  try {
    if (isPdf || (Buffer.isBuffer(body) && mediaType.includes('pdf'))) {
      return { raw: await extractPdfText(body as Buffer, url), format: 'pdf' };
    }
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
    const format = sniffFormat(mediaType, text.slice(0, 1 << 20), url ?? '');
    switch (format) {
      case 'pdf': return { raw: await extractPdfText(Buffer.from(text, 'latin1'), url), format };
      case 'ca-caml': return { raw: extractCaliforniaCaml(text, url), format };
      case 'va-statedecoded': return { raw: extractStateDecoded(text, url), format };
      case 'va-lexis': return { raw: extractLexisStatute(text, url), format };
      case 'ny-markdown': return { raw: extractNyMarkdown(text, url), format };
      case 'ny-lbdc':
      case 'html': return { raw: extractHtmlText(text, url), format };
      default: return { raw: text, format: 'plain' };
    }
  } catch (err) {
    if (err instanceof ScrapeError && err.url === null && url !== null) {
      throw new ScrapeError(err.code, `${err.message} (${url})`, { url, cause: err });
    }
    throw err;
  }
}
