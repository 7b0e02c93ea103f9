import { PDFParse } from 'pdf-parse';
import { ScrapeError } from '../../core/scrape-errors.js';

/**
 * Returns the text layer of a PDF, pages joined by blank lines. pdf-parse v2 is a class
 * (`new PDFParse({ data })` then `getText()`), not v1's function. Strike-through in a PDF is
 * drawn, not tagged, so old and new wording both come through (the README's "$9.50 $12.77").
 * Throws ScrapeError `pdf_unreadable` when pdf.js cannot open the file, and `pdf_no_text`
 * when it has no text layer (a scan).
 */
export async function extractPdfText(body: Buffer, url: string | null): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(body), verbosity: 0 });
  try {
    const result = await parser.getText({ pageJoiner: '\n\n' });
    const text = result.pages.length > 0 ? result.pages.map((p) => p.text).join('\n\n') : result.text;
    if (text.replace(/[\s\d+-]/g, '') === '') {
      throw new ScrapeError('pdf_no_text', 'PDF has no text layer (scanned?)', { url });
    }
    return text;
  } catch (err) {
    if (err instanceof ScrapeError) throw err;
    throw new ScrapeError('pdf_unreadable', `cannot read PDF: ${(err as Error).message}`, { url, cause: err });
  } finally {
    await parser.destroy();
  }
}
