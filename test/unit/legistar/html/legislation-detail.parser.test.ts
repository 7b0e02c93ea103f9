import { parseLegislationDetail } from '../../../../scrapers/legistar/html/legislation-detail.parser.js';
import { billFromLegislationDetail } from '../../../../scrapers/legistar/html/legistar-html.adapter.js';
import { LayoutChangedError } from '../../../../core/scrape-errors.js';
import { normalizedBillSchema } from '../../../../core/bill/bill.schema.js';
import { readReference } from '../../../helpers/reference.js';

/** Recorded chicago.legistar.com LegislationDetail page for R2012-1118 (2013-09-27). */
const html = readReference('pages', 'chicago', 'legistar-LegislationDetail-R2012-1118.html');
const url = 'https://chicago.legistar.com/LegislationDetail.aspx?ID=1255978&GUID=8051C1E6-DED6-433B-AC9A-0FE436051C9F';

describe('Chicago R2012-1118', () => {
  const detail = parseLegislationDetail(html, url);

  test('header fields as shown on the page', () => {
    expect(detail).toMatchObject({
      matterId: 1255978,
      matterGuid: '8051C1E6-DED6-433B-AC9A-0FE436051C9F',
      file: 'R2012-1118',
      type: 'Resolution',
      status: 'Adopted',
      introDate: '2012-12-12',
      finalActionDate: '2012-12-12',
      title: 'Resolution calling on the President and the United States Congress to end tax cuts for the wealthy and balance the Federal Budget that will create jobs and strengthen communities',
    });
  });

  test('sponsors keep the comma inside "Last, First" names', () => {
    // The whole council co-sponsored: 49 linked names.
    expect(detail.sponsors).toHaveLength(49);
    expect(detail.sponsors[0]).toEqual({ name: 'Moore, Joseph', url: 'https://chicago.legistar.com/PersonDetail.aspx?ID=60995&GUID=FE2F5131-67D8-4FF3-8AD6-38962CDCA1EF' });
    expect(detail.sponsors.map((s) => s.name)).toContain('Brookins, Jr., Howard');
    expect(detail.sponsors[11].name).toBe('Burke, Edward M.');
    expect(detail.sponsors[48].name).toBe('Mell, Richard F.');
  });

  test('the attachment links to its file', () => {
    expect(detail.attachments).toEqual([{ name: 'R2012-1118.pdf', url: 'https://chicago.legistar.com/View.ashx?M=F&ID=2259121&GUID=DDDEF99D-2A11-4E48-93C4-B8083A1ED208' }]);
  });

  test('the history grid row: 12/12/2012, City Council, Referred, journal page 44787', () => {
    expect(detail.history).toEqual([
      {
        date: '2012-12-12',
        version: null,
        journalPage: '44787',
        actionBy: 'City Council',
        action: 'Referred',
        result: null,
        actionDetailsUrl: 'https://chicago.legistar.com/HistoryDetail.aspx?ID=6534991&GUID=253AA818-B592-4594-8237-0A617AA41766',
        meetingDetailsUrl: null,
      },
    ]);
  });

  test('becomes a valid NormalizedBill under the same source id as the API adapter', () => {
    const bill = normalizedBillSchema.parse(billFromLegislationDetail(detail, { client: 'chicago', jurisdictionId: 'ocd-jurisdiction/country:us/state:il/place:chicago/government' }));
    expect(bill).toMatchObject({
      source: 'legistar:chicago',
      externalId: '1255978',
      identifier: 'R2012-1118',
      session: '2012',
      classification: 'resolution',
      statusHints: ['Adopted'],
      sourceUrl: url,
    });
    expect(bill.actions).toEqual([{ date: '2012-12-12', description: 'Referred', actor: 'City Council', actorClassification: 'council', sourceClassification: ['Referred'], passed: null }]);
    expect(bill.sponsors[0]).toEqual({ name: 'Moore, Joseph', classification: 'primary', primary: true, personId: null });
    expect(bill.documents[0]).toMatchObject({ kind: 'document', note: 'R2012-1118.pdf', mediaType: 'application/pdf' });
  });
});

describe('when the detail page changes', () => {
  test('a renamed history column fails naming the column, selector and URL', () => {
    const renamed = html.replace('>Action&nbsp;By</a>', '>Acted&nbsp;By</a>');
    expect(renamed).not.toBe(html);
    expect(() => parseLegislationDetail(renamed, url)).toThrow(LayoutChangedError);
    expect(() => parseLegislationDetail(renamed, url)).toThrow(/missing column\(s\) actionBy .*selector "table#ctl00_ContentPlaceHolder1_gridLegislation_ctl00 > thead > tr > th\.rgHeader" at https:\/\/chicago\.legistar\.com\/LegislationDetail\.aspx\?ID=1255978/);
  });

  test('a missing file number label fails naming its id', () => {
    const renamed = html.replace('ctl00_ContentPlaceHolder1_lblFile2', 'ctl00_ContentPlaceHolder1_lblRecord2');
    expect(() => parseLegislationDetail(renamed, url)).toThrow(/selector "#ctl00_ContentPlaceHolder1_lblFile2"/);
  });

  test('history rows that vanish without "No records to display" are an error', () => {
    const empty = html.replace(/class="rg(Alt)?Row"/g, 'class="rgOther"');
    expect(() => parseLegislationDetail(empty, url)).toThrow(/found 0/);
  });
});
