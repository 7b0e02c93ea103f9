import { extractText } from '../../../scrapers/texts/text-extract.js';
import { normalizeBillText } from '../../../core/texts/bill-text-normalize.js';
import { ScrapeError } from '../../../core/scrape-errors.js';
import { readReferenceBuffer } from '../../helpers/reference.js';
import { adoptionFixture, referenceText } from '../adoption/reference-texts.js';

describe('extractText + normalizeBillText on the real reference texts', () => {
  test('California CAML: bill sections only, EnSpace kept as a space, digest and history left out', async () => {
    const { raw, format } = await extractText({ body: readReferenceBuffer('texts', 'ca-2025-SB275-enrolled.xml'), mediaType: 'application/xml', url: null });
    expect(format).toBe('ca-caml');
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('SECTION 1. Section 14020 of the Unemployment Insurance Code is amended to read:');
    expect(norm.text).toContain('(a) ');
    expect(norm.text).not.toMatch(/\(a\)[A-Z]/);
    // The Legislative Counsel's digest is not enacted text.
    expect(norm.text).not.toContain('Existing law provides that the California Workforce Development Board');
    expect(norm.text).not.toContain('PASSED_ASSEMBLY');
  });

  test('State Decoded Virginia Code: subsection B carries the ban; the history line is left out', async () => {
    const norm = await referenceText('va-code-19.2-56-statedecoded-2026.xml');
    expect(norm.text.startsWith('§ 19.2-56. (Effective July 1, 2026) To whom search warrant directed')).toBe(true);
    expect(norm.text).toContain('B. No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.');
    expect(norm.text).not.toContain('Code 1950, § 19.1-86');
  });

  test('LexisNexis Virginia Code 2016: statute text without citation keys or history', async () => {
    const norm = await referenceText('va-code-19.2-56-lexis-2016.xml');
    expect(norm.text.startsWith('§ 19.2-56. To whom search warrant directed')).toBe(true);
    expect(norm.text).toContain('as provided in § 19.2-57.');
    expect(norm.text).not.toContain('#7159#');
    expect(norm.text).not.toContain('Code 1950');
    expect(norm.text).not.toMatch(/no-knock/i);
  });

  test('Virginia LIS PDF: text layer read with pdf-parse v2, line-number column and page marker dropped', async () => {
    const { raw, format } = await extractText({ body: readReferenceBuffer('texts', 'va-2026-HB1-introduced.pdf'), mediaType: 'application/pdf', url: null });
    expect(format).toBe('pdf');
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('§ 40.1-28.10. Minimum wages.');
    expect(norm.text).toContain('Be it enacted by the General Assembly of Virginia:');
    expect(norm.text).not.toMatch(/\b1 2 3 4 5\b/);
    expect(norm.text).not.toContain('-- 1 of 1 --');
    expect(norm.operativeStart).toBeGreaterThan(norm.text.indexOf('Be it enacted'));
  });

  test('NY Markdown: repo header dropped, [bracketed] old law removed and kept aside, page headers and hyphenation fixed', async () => {
    const norm = await referenceText('ny-2023-S1573A-amended.md');
    expect(norm.text).not.toContain('Bill ID');
    expect(norm.text).not.toContain('EXPLANATION');
    expect(norm.text).toContain('REPRESENTED IN SENATE AND ASSEMBLY, DO ENACT AS FOLLOWS');
    expect(norm.text).toContain('(1) only deposit money as bail for a defendant, provided, however,');
    expect(norm.text).not.toContain('two thousand dollars');
    expect(norm.deleted.map((d) => d.text)).toEqual(expect.arrayContaining([
      'in the amount of two thousand dollars or less',
      'charged with one or more misdemeanors',
    ]));
    for (const d of norm.deleted) expect(d.at).toBeLessThanOrEqual(norm.text.length);
    const s4820 = await referenceText('ny-2023-S4820-introduced.md');
    expect(s4820.text).not.toMatch(/S\. 4820 \d/);
    expect(s4820.text).toContain('educational programs');
  });

  test('NY LBDC page: only the bill text, no line numbers, no memo; <S> deletions removed, new matter kept', async () => {
    const { raw, format } = await extractText({ body: readReferenceBuffer('texts', 'ny-2023-S6169B-lbdc-page.html'), mediaType: 'text/html', url: null });
    expect(format).toBe('ny-lbdc');
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('Section 1. This act shall be known and may be cited as the "voting integrity and verification act of New York (VIVA NY)".');
    expect(norm.text).toContain('§ 2. Section 1-104 of the election law');
    expect(norm.text).toContain('for the same election district shall be identical');
    expect(norm.text).not.toContain('for the same polling place');
    expect(norm.text).not.toContain('MEMORANDUM');
    expect(norm.text).toContain('mark it privately and independently.');
    expect(norm.deleted.map((d) => d.text)).toEqual(['polling place', 'polling place']);
  });

  test('sections and sentences are character spans of the normalized text', async () => {
    const norm = await referenceText('ny-2023-S4820-introduced.md');
    expect(norm.sections.map((s) => s.heading).slice(0, 4)).toEqual(['', 'Section 1.', '§ 2.', '§ 3.']);
    expect(norm.text.slice(norm.sections[1].start, norm.sections[1].start + 11)).toBe('Section 1. ');
    for (let i = 1; i < norm.sections.length; i++) expect(norm.sections[i].start).toBe(norm.sections[i - 1].end);
    // "6:00 A.M. and 9:00 P.M., unless" stays one sentence: initials are not sentence ends.
    const withHours = norm.sentences.map((s) => norm.text.slice(s.start, s.end)).find((s) => s.includes('between the hours of 6:00 A.M. and 9:00 P.M.'));
    expect(withHours).toContain('unless the warrant expressly authorizes execution');
    for (const s of norm.sentences) expect(s.end).toBeGreaterThan(s.start);
  });

  test('hash: same text, same hash; SB 275 introduced and enrolled differ', async () => {
    const a = await referenceText('ca-2025-SB275-introduced.xml');
    const again = await referenceText('ca-2025-SB275-introduced.xml');
    const b = await referenceText('ca-2025-SB275-enrolled.xml');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.hash).toBe(a.hash);
    expect(b.hash).not.toBe(a.hash);
  });

  test('struck text (HTML <strike>, CAML deletion marks) never reaches the enacted text', async () => {
    const { raw } = await extractText({ body: adoptionFixture('struck-ban.caml.xml'), mediaType: null, url: null });
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('A search warrant shall be executed as provided by law.');
    expect(norm.text).not.toMatch(/no-knock/);
    expect(norm.deleted).toHaveLength(2);
    const html = await extractText({ body: '<html><body><p>Officers shall <del>not</del> knock and <s>wait</s> announce.</p></body></html>', mediaType: 'text/html', url: null });
    expect(normalizeBillText(html.raw).text).toBe('Officers shall knock and announce.');
  });

  test('brackets are deletions only under the LBDC convention or when asked', () => {
    expect(normalizeBillText('See [Reserved] below.').text).toBe('See [Reserved] below.');
    expect(normalizeBillText('Wait [ten] FIFTEEN seconds.', { bracketDeletions: true }).text).toBe('Wait FIFTEEN seconds.');
  });

  test('an XML document with no words and a PDF without text are errors, not empty texts', async () => {
    await expect(extractText({ body: '<?xml version="1.0"?><foo/>', mediaType: 'application/xml', url: 'https://example.test/x.xml' }))
      .rejects.toBeInstanceOf(ScrapeError);
    await expect(extractText({ body: Buffer.from('%PDF-1.4 garbage'), mediaType: 'application/pdf', url: null }))
      .rejects.toMatchObject({ code: 'pdf_unreadable' });
  });
});
