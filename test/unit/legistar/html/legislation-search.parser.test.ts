import { parseLegislationSearch } from '../../../../scrapers/legistar/html/legislation-search.parser.js';
import { LayoutChangedError } from '../../../../core/scrape-errors.js';
import { readReference } from '../../../helpers/reference.js';

/** The recorded Legislation.aspx search results (python-legistar-scraper fixtures, 2019-01-07). */
const chicago = readReference('legistar', 'chicago', 'bills.html');
const metro = readReference('legistar', 'metro', 'bills.html');
const nyc = readReference('legistar', 'nyc', 'bills.html');

describe('Chicago grid (Record #, Type, Status, Intro Date, Final Action, Main Sponsor\'s Ward/Office, Title)', () => {
  const url = 'https://chicago.legistar.com/Legislation.aspx';
  const page = parseLegislationSearch(chicago, url);

  test('reads every row of the page and the pager total', () => {
    expect(page.rows).toHaveLength(100);
    expect(page.pager).toEqual({ page: 1, pageCount: 6, totalItems: 522 });
  });

  test('the first row is O2018-9628, introduced 12/12/2018', () => {
    expect(page.rows[0]).toEqual({
      file: 'O2018-9628',
      type: 'Ordinance',
      status: 'Introduced',
      title: 'Grant(s) of privilege in public way for Arrive South Loop',
      introDate: '2018-12-12',
      finalActionDate: null,
      lawNumber: null,
      primarySponsor: null,
      committee: null,
      detailUrl: 'https://chicago.legistar.com/LegislationDetail.aspx?ID=3779732&GUID=4020F13A-6774-4D71-92E2-6E63DC0654EB&Options=Advanced&Search=',
      matterId: 3779732,
      matterGuid: '4020F13A-6774-4D71-92E2-6E63DC0654EB',
    });
  });

  test('final action dates are read where the page shows them', () => {
    const filed = page.rows.find((r) => r.file === 'F2018-72');
    expect(filed).toMatchObject({ type: 'Communication', status: 'Placed on File', introDate: '2018-12-12', finalActionDate: '2018-12-12' });
    const last = page.rows[99];
    expect(last).toMatchObject({ file: 'SO2017-4815', status: 'Passed', introDate: '2017-06-28', finalActionDate: '2017-11-21', title: 'Zoning Reclassification Map No. 9-J at 3459 W Belmont Ave - App No. 19268T1' });
  });
});

describe('LA Metro grid (File #, Type, Status, File Created, Final Action, Title)', () => {
  const page = parseLegislationSearch(metro, 'https://metro.legistar.com/Legislation.aspx');

  test('"File Created" is read as the introduction date', () => {
    expect(page.rows).toHaveLength(100);
    expect(page.pager).toEqual({ page: 1, pageCount: 8, totalItems: 765 });
    expect(page.rows[0]).toMatchObject({ file: '2018-0513', type: 'Program', status: 'Agenda Ready', introDate: '2018-08-01', matterId: 3768219 });
    expect(page.rows[0].title).toMatch(/^APPROVE the following actions pertaining to the development and implementation of mobility improvement projects/);
    expect(page.rows[99]).toMatchObject({ file: '2018-0265', type: 'Contract', introDate: '2018-05-02' });
  });
});

describe('NYC grid (File #, Law Number, Type, Status, Committee, Prime Sponsor, Council Member Sponsors, Title)', () => {
  const page = parseLegislationSearch(nyc, 'https://legistar.council.nyc.gov/Legislation.aspx');

  test('columns in another order are still read by their header', () => {
    expect(page.rows).toHaveLength(100);
    expect(page.rows[0]).toMatchObject({
      file: 'Int 1299-2018',
      type: 'Introduction',
      status: 'Laid Over in Committee',
      committee: 'Committee on For-Hire Vehicles',
      primarySponsor: 'Jumaane D. Williams',
      introDate: null,
      title: 'A Local Law to amend the administrative code of the city of New York, in relation to enforcement of prohibitions against unauthorized commuter vans',
    });
    expect(page.rows[1]).toMatchObject({ file: 'Res 0640-2018', type: 'Resolution', committee: 'Committee on Education', primarySponsor: 'Mark Treyger' });
  });

  test('an enacted local law carries its law number', () => {
    expect(page.rows.find((r) => r.file === 'Int 0925-2018')).toMatchObject({ status: 'Enacted', lawNumber: '2018/197' });
  });
});

describe('when the page changes', () => {
  const url = 'https://chicago.legistar.com/Legislation.aspx';

  test('a renamed column header fails naming the column, the selector and the URL', () => {
    const renamed = chicago.replace('>Status</a></th>', '>Current Status</a></th>');
    expect(renamed).not.toBe(chicago);
    let error: unknown;
    try {
      parseLegislationSearch(renamed, url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayoutChangedError);
    const layout = error as LayoutChangedError;
    expect(layout.selector).toBe('table#ctl00_ContentPlaceHolder1_gridMain_ctl00 > thead > tr > th.rgHeader');
    expect(layout.url).toBe(url);
    expect(layout.message).toContain('missing column(s) status');
    expect(layout.message).toContain('"Current Status"');
    expect(layout.message).toContain(url);
  });

  test('a grid with a new id fails naming the grid selector', () => {
    expect(() => parseLegislationSearch(chicago.replaceAll('gridMain_ctl00', 'gridResults_ctl00'), url)).toThrow(/selector "table#ctl00_ContentPlaceHolder1_gridMain_ctl00" at https:\/\/chicago\.legistar\.com\/Legislation\.aspx/);
  });

  test('a grid that parses to zero rows is an error, not an empty result', () => {
    const empty = chicago.replace(/class="rg(Alt)?Row"/g, 'class="rgOther"');
    expect(() => parseLegislationSearch(empty, url)).toThrow(LayoutChangedError);
    expect(() => parseLegislationSearch(empty, url)).toThrow(/expected at least 1 element\(s\), found 0/);
  });
});
