import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { extractText } from '../../../scrapers/texts/text-extract.js';
import { normalizeBillText } from '../../../core/texts/bill-text-normalize.js';
import { scoreText } from '../../../core/adoption/text-score.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { TEXT_FORMATS } from '../../../core/vocabulary.js';
import { ScrapeError } from '../../../core/scrape-errors.js';
import { repoRoot } from '../../helpers/reference.js';

/** Official formats beyond ../shared/reference/texts: each read, normalized and scored. */
const models = loadModelPolicies();
const fixture = (name: string): Buffer => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'texts', name));
const outcome = (text: string, policy: string, id: string, options: { bracketDeletions?: boolean } = {}) =>
  scoreText(normalizeBillText(text, options), models.find((m) => m.policyId === policy)!).provisions.find((p) => p.provisionId === id)!;

/** A .docx is a zip of WordprocessingML; only the main part matters to the reader. */
function docx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p>${p}</w:p>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
  return Buffer.from(zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(xml),
  }));
}
const run = (text: string, props = ''): string => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('every official format is read', () => {
  test('DC Council act XML (dc-library): titles before the enacting clause, sections as "Sec. N.", meta left out', async () => {
    const { raw, format, warnings } = await extractText({ body: fixture('dc-act-23-42.xml'), mediaType: 'application/xml', url: 'https://example.test/23-42.xml' });
    expect(format).toBe('dc-xml');
    expect(warnings).toEqual([]);
    const norm = normalizeBillText(raw);
    expect(norm.text.startsWith('Attorney General Limited Grant-Making Authority Emergency Amendment Act of 2019')).toBe(true);
    expect(norm.text).toContain('Sec. 108c. Authority to issue grants for crime reduction and violence interruption.');
    expect(norm.text).toContain('(a) The Attorney General may issue grants not to exceed the total amount of $360,000 for the purposes of crime reduction and violence interruption.');
    expect(norm.text).not.toContain('66 DCR 5271'); // <meta> citation
    expect(norm.text).not.toContain('SignedAct.pdf');
    // The long title ("to authorize the Attorney General to issue grants ...") is before the enacting clause: not adoption.
    expect(norm.operativeStart).toBeGreaterThan(norm.text.indexOf('BE IT ENACTED BY THE COUNCIL OF THE DISTRICT OF COLUMBIA'));
    expect(outcome(raw, 'violence-prevention', 'VP-3').outcome).toBe('adopted');
  });

  test('DC Council law XML: the NEAR Act\'s violence-prevention office, fund and hospital program are adopted', async () => {
    const { raw, format } = await extractText({ body: fixture('dc-law-21-125-near-act-title-1.xml'), mediaType: null, url: null });
    expect(format).toBe('dc-xml');
    const s = scoreText(normalizeBillText(raw), models.find((m) => m.policyId === 'violence-prevention')!);
    const got = Object.fromEntries(s.provisions.map((p) => [p.provisionId, p.outcome]));
    expect(got).toMatchObject({ 'VP-1': 'adopted', 'VP-2': 'adopted', 'VP-4': 'adopted', 'VP-5': 'adopted', 'VP-8': 'adopted', 'VP-T1': 'absent' });
    expect(s.stance).toBe('supports');
    // MPD officers paired with clinicians: a co-responder team is narrower than the model.
    const cri2 = outcome(raw, 'crisis-response', 'CRI-2');
    expect(cri2).toMatchObject({ outcome: 'weaker', weakerBecause: 'scope' });
  });

  test('Congress bill XML (govinfo bill DTD): sections and enumerations, deleted text marked', async () => {
    const xml = `<?xml version="1.0"?><bill bill-stage="Introduced-in-House" dms-id="H1" public-private="public"><form><official-title>To prohibit no-knock warrants.</official-title></form>
      <legis-body><section id="s1"><enum>1.</enum><header>Short title</header><text>This Act may be cited as the "Justice Act".</text></section>
      <section id="s2"><enum>2.</enum><header>Prohibition</header><subsection><enum>(a)</enum><text>No Federal law enforcement officer shall execute a no-knock warrant<deleted-phrase> unless exigent circumstances exist</deleted-phrase>.</text></subsection></section></legis-body></bill>`;
    const { raw, format } = await extractText({ body: xml, mediaType: 'application/xml', url: null });
    expect(format).toBe('us-congress-xml');
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('Sec. 2. Prohibition');
    expect(norm.text).toContain('(a) No Federal law enforcement officer shall execute a no-knock warrant.');
    expect(norm.deleted.map((d) => d.text)).toEqual(['unless exigent circumstances exist']);
    expect(outcome(raw, 'no-knock', 'NK-1').outcome).toBe('adopted');
  });

  test('an unknown XML dialect is read as text with a warning, never refused', async () => {
    const xml = '<?xml version="1.0"?><akomaNtoso><act><meta><identification>x</identification></meta><body><section><num>1</num><content><p>No peace officer may request or execute a no-knock warrant.</p></content></section></body></act></akomaNtoso>';
    const { raw, format, warnings } = await extractText({ body: xml, mediaType: 'application/xml', url: 'https://example.test/act.xml' });
    expect(format).toBe('xml');
    expect(warnings).toEqual([expect.stringMatching(/^unknown XML format \(root <akomantoso>, application\/xml\): read as text/)]);
    expect(normalizeBillText(raw).text).toBe('Sec. 1.\nNo peace officer may request or execute a no-knock warrant.');
    expect(outcome(raw, 'no-knock', 'NK-1').outcome).toBe('adopted');
  });

  test('Word .docx: struck runs and tracked deletions are deleted matter; a struck exception leaves the ban whole', async () => {
    const body = docx([
      run('Be it enacted by the Council: Section 1.'),
      `${run('No officer shall seek or execute a no-knock warrant')}<w:del w:id="1" w:author="Council"><w:r><w:delText> unless exigent circumstances exist</w:delText></w:r></w:del>${run('.')}`,
      `${run('Officers shall wait ')}${run('ten', '<w:strike/>')}${run(' fifteen seconds after knocking.')}`,
      `${run('Warrants may be executed at night.', '<w:strike w:val="true"/>')}${run(' Body cameras shall be worn.', '<w:strike w:val="0"/>')}`,
    ]);
    const { raw, format, warnings } = await extractText({ body, mediaType: null, url: 'ordinance.docx' });
    expect(format).toBe('docx');
    expect(warnings).toEqual([]);
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('No officer shall seek or execute a no-knock warrant.');
    expect(norm.text).toContain('Officers shall wait fifteen seconds after knocking.');
    expect(norm.text).toContain('Body cameras shall be worn.');
    expect(norm.deleted.map((d) => d.text)).toEqual(['unless exigent circumstances exist', 'ten', 'Warrants may be executed at night.']);
    expect(outcome(raw, 'no-knock', 'NK-1').outcome).toBe('adopted');
    expect(outcome(raw, 'no-knock', 'NK-4')).toMatchObject({ outcome: 'adopted', numbers: [expect.objectContaining({ value: 15 })] });
  });

  test('a .docx that is not a zip is an error with its URL', async () => {
    const broken = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from('word/document.xml but not a zip')]);
    await expect(extractText({ body: broken, mediaType: null, url: 'https://example.test/x.docx' })).rejects.toMatchObject({ code: 'docx_unreadable' });
  });

  test('Word 97-2003 .doc is read (word-extractor)', async () => {
    const { raw, format } = await extractText({ body: fixture('word97-sample.doc'), mediaType: 'application/msword', url: null });
    expect(format).toBe('doc');
    expect(normalizeBillText(raw).text).toBe('This is a simple file created with Word 97-SR2.');
  });

  test('RTF (Legistar MatterTextRtf): paragraphs, escapes and \\strike runs', async () => {
    const rtf = '{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}{\\*\\generator Legistar;}\\f0 ORDINANCE NO. 21\\par BE IT ORDAINED BY THE CITY COUNCIL:\\par \\u167?1. No peace officer employed by the City may request or execute a no-knock warrant{\\strike  except in exigent circumstances}.\\par The officer shall wait {\\strike ten}\\strike0  twenty seconds.}';
    const { raw, format } = await extractText({ body: rtf, mediaType: 'application/rtf', url: null });
    expect(format).toBe('rtf');
    const norm = normalizeBillText(raw);
    expect(norm.text).toContain('§1. No peace officer employed by the City may request or execute a no-knock warrant.');
    expect(norm.text).toContain('The officer shall wait twenty seconds.');
    expect(norm.text).not.toContain('Times');
    expect(norm.deleted.map((d) => d.text)).toEqual(['except in exigent circumstances', 'ten']);
    expect(outcome(raw, 'no-knock', 'NK-1').outcome).toBe('adopted');
  });

  test('an unknown media type is read as plain text with a warning; a binary file says it may be garbled', async () => {
    const text = await extractText({ body: Buffer.from('No law enforcement officer shall execute a no-knock warrant.'), mediaType: 'application/x-council-text', url: null });
    expect(text).toMatchObject({ format: 'plain', warnings: ['unknown format (application/x-council-text): read as plain text'] });
    const binary = await extractText({ body: Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x42, 0x00, 0x07]), mediaType: 'application/octet-stream', url: null });
    expect(binary.format).toBe('plain');
    expect(binary.warnings).toContain('the file looks binary: the text read from it may be garbled');
  });

  test('a PDF without text is still an error, not an empty text', async () => {
    await expect(extractText({ body: Buffer.from('%PDF-1.4 garbage'), mediaType: 'application/pdf', url: null })).rejects.toBeInstanceOf(ScrapeError);
  });

  test('every format the extractor returns is in the vocabulary bound to bill_texts.format', () => {
    expect(TEXT_FORMATS).toEqual(expect.arrayContaining(['dc-xml', 'us-congress-xml', 'xml', 'docx', 'doc', 'rtf', 'plain', 'pdf', 'html']));
  });
});
