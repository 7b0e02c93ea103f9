import { parsePeople } from '../../../../scrapers/legistar/html/people.parser.js';
import { LayoutChangedError } from '../../../../core/scrape-errors.js';
import { readReference } from '../../../helpers/reference.js';

/** The recorded People.aspx pages (python-legistar-scraper fixtures, 2019-01-07). */
const chicago = readReference('legistar', 'chicago', 'people.html');
const metro = readReference('legistar', 'metro', 'people.html');
const nyc = readReference('legistar', 'nyc', 'people.html');

describe('Chicago members (Person Name, Ward/Office, Ward Office Phone, Fax, E-mail, Website, ward and City Hall addresses)', () => {
  const people = parsePeople(chicago, 'https://chicago.legistar.com/People.aspx');

  test('50 aldermen plus the Mayor and the Clerk', () => {
    expect(people).toHaveLength(52);
    expect(people.filter((p) => /^\d{2}$/.test(p.office ?? ''))).toHaveLength(50);
    expect(people.filter((p) => p.office === 'Mayor').map((p) => p.name)).toEqual(['Emanuel, Rahm']);
    expect(people.filter((p) => p.office === 'Clerk').map((p) => p.name)).toEqual(['Valencia, Anna M.']);
  });

  test('Alderman John Arena, 45th ward, with his e-mail, website and office columns in page order', () => {
    expect(people[0]).toEqual({
      name: 'Arena, John',
      personUrl: 'https://chicago.legistar.com/PersonDetail.aspx?ID=64193&GUID=FDE97551-F20C-4E12-B62A-D7BED405B033&Search=',
      personId: 64193,
      personGuid: 'FDE97551-F20C-4E12-B62A-D7BED405B033',
      office: '45',
      email: 'Ward45@cityofchicago.org',
      website: 'http://ward45.org/',
      otherColumns: [
        { header: 'Ward Office Phone', value: '(773) 286-4545' },
        { header: 'Fax', value: '(773) 685-4527' },
        { header: 'Ward Office Address', value: '4754 North Milwaukee Avenue' },
        { header: 'City', value: 'Chicago' },
        { header: 'State', value: 'IL' },
        { header: 'Zip', value: '60630' },
        { header: 'City Hall Phone', value: '(312) 744-6841 / 5684' },
        { header: 'City Hall Address', value: '121 North LaSalle Street, Room 300' },
        { header: 'City', value: 'Chicago' },
        { header: 'State', value: 'IL' },
        { header: 'Zip', value: '60602' },
      ],
    });
  });

  test('the same person id as the sponsor link on a LegislationDetail page (Moore, Joseph)', () => {
    expect(people.find((p) => p.name === 'Moore, Joseph')).toMatchObject({ office: '49', personId: 60995, email: 'Ward49@cityofchicago.org' });
  });

  test('a website stored with trailing whitespace (Proco Joe Moreno, 1st ward) is read clean', () => {
    expect(people.find((p) => p.name === 'Moreno, Proco Joe')).toMatchObject({ office: '01', website: 'http://www.ward1.org/' });
  });

  test('the Mayor has no e-mail on the page', () => {
    expect(people.find((p) => p.office === 'Mayor')).toMatchObject({ email: null, website: 'http://www.cityofchicago.org/city/en/depts/mayor.html' });
  });
});

describe('LA Metro board (Person Name, E-mail, Web Site)', () => {
  const people = parsePeople(metro, 'https://metro.legistar.com/People.aspx');

  test('15 people; only the CEO lists an e-mail', () => {
    expect(people).toHaveLength(15);
    expect(people.map((p) => p.name)).toContain('Eric Garcetti');
    expect(people.filter((p) => p.email !== null)).toEqual([
      {
        name: 'Phil Washington',
        personUrl: 'https://metro.legistar.com/PersonDetail.aspx?ID=152455&GUID=D0571686-BB35-40FC-9D2A-A1F4C826728C&Search=',
        personId: 152455,
        personGuid: 'D0571686-BB35-40FC-9D2A-A1F4C826728C',
        office: null,
        email: 'washingtonp@metro.net',
        website: null,
        otherColumns: [],
      },
    ]);
  });

  test('Sheila Kuehl is the last row', () => {
    expect(people[14]).toMatchObject({ name: 'Sheila Kuehl', personId: 144853, office: null, website: null });
  });
});

describe('NYC council (Person Name, Web Site)', () => {
  const people = parsePeople(nyc, 'https://legistar.council.nyc.gov/People.aspx');

  test('51 council members, each with a district website', () => {
    expect(people).toHaveLength(51);
    expect(people.every((p) => p.website !== null && p.email === null && p.office === null)).toBe(true);
  });

  test('Jumaane D. Williams (prime sponsor on the bills page) with his district 45 page', () => {
    expect(people.find((p) => p.name === 'Jumaane D. Williams')).toEqual({
      name: 'Jumaane D. Williams',
      personUrl: 'https://nyc.legistar.com/PersonDetail.aspx?ID=42523&GUID=5673B61C-6798-492A-9231-C831FA1DD46B&Search=',
      personId: 42523,
      personGuid: '5673B61C-6798-492A-9231-C831FA1DD46B',
      office: null,
      email: null,
      website: 'http://council.nyc.gov/d45/html/members/home.shtml',
      otherColumns: [],
    });
  });

  test('the shortened link text is not the address: Adrienne E. Adams → district 28', () => {
    expect(people[0]).toMatchObject({ name: 'Adrienne E. Adams', website: 'https://council.nyc.gov/district-28/' });
  });
});

describe('when the page changes', () => {
  const url = 'https://legistar.council.nyc.gov/People.aspx';

  test('a renamed column header fails naming the column, the selector and the URL', () => {
    const renamed = nyc.replace('">Person Name</a>', '">Member</a>');
    expect(renamed).not.toBe(nyc);
    let error: unknown;
    try {
      parsePeople(renamed, url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayoutChangedError);
    const layout = error as LayoutChangedError;
    expect(layout.selector).toBe('table#ctl00_ContentPlaceHolder1_gridPeople_ctl00 > thead > tr > th.rgHeader');
    expect(layout.url).toBe(url);
    expect(layout.message).toContain('missing column(s) name');
    expect(layout.message).toContain('"Member"');
    expect(layout.message).toContain(url);
  });

  test('a grid that parses to zero rows is an error, not an empty council', () => {
    const empty = nyc.replace(/class="rg(Alt)?Row"/g, 'class="rgOther"');
    expect(() => parsePeople(empty, url)).toThrow(LayoutChangedError);
    expect(() => parsePeople(empty, url)).toThrow(/expected at least 1 element\(s\), found 0.*gridPeople_ctl00.*People\.aspx/);
  });

  test('a name without its PersonDetail link fails naming the row', () => {
    const unlinked = metro.replace('PersonDetail.aspx?ID=144854', 'Person.aspx?ID=144854');
    expect(unlinked).not.toBe(metro);
    expect(() => parsePeople(unlinked, 'https://metro.legistar.com/People.aspx')).toThrow(/found 0 \(selector "a\[href\*=\\"PersonDetail\.aspx\\"\]" at https:\/\/metro\.legistar\.com\/People\.aspx \(row 1\)\)/);
  });
});
