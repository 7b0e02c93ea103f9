import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { LayoutChangedError } from '../../../core/scrape-errors.js';
import { parseSouthCarolinaBillStatus, toSouthCarolinaBill } from '../../../scrapers/south-carolina/south-carolina-bill.parser.js';
import { readReference } from '../../helpers/reference.js';

const html = readReference('pages', 'south-carolina', 'bill-status-S0494-2011.html');
const URL = 'http://www.scstatehouse.gov/sess119_2011-2012/bills/494.htm';

describe('South Carolina bill status (real S 0494, session 119)', () => {
  const status = parseSouthCarolinaBillStatus(html, URL);

  it('reads the bill line, sponsors and title', () => {
    expect(status).toMatchObject({ session: '119', sessionYears: '2011-2012', identifier: 'S 494', billType: 'General Bill', sponsors: ['Cleary', 'Bryant', 'Cromer', 'Ford'] });
    expect(status.title).toMatch(/^A BILL TO AMEND SECTION 40-15-110, AS AMENDED, CODE OF LAWS OF SOUTH CAROLINA, 1976, .* UNDER CERTAIN CONDITIONS\.$/);
  });

  it('reads the ten history rows with their body and date', () => {
    expect(status.actions).toHaveLength(10);
    expect(status.actions[0]).toMatchObject({ date: '2011-02-02', actor: 'Senate', actorClassification: 'upper', description: 'Introduced and read first time (Senate Journal-page 10)' });
    expect(status.actions[5]).toMatchObject({ date: '2011-04-27', description: 'Roll call Ayes-34 Nays-1 (Senate Journal-page 28)' });
    expect(status.actions[7]).toMatchObject({ date: '2011-04-28', actor: 'House', actorClassification: 'lower', description: 'Introduced and read first time' });
    expect(status.actions.at(-1)).toMatchObject({ date: '2011-04-28', actor: null, description: "Scrivener's error corrected" });
  });

  it('normalizes to a valid bill', () => {
    const bill = normalizedBillSchema.parse(toSouthCarolinaBill(status, URL));
    expect(bill).toMatchObject({ externalId: '119-S 494', session: '119', identifier: 'S 494', classification: 'bill', chamber: 'upper', jurisdictionId: 'ocd-jurisdiction/country:us/state:sc/government' });
    expect(bill.sponsors[0]).toMatchObject({ name: 'Cleary', primary: true });
  });

  it('throws LayoutChangedError when the history table is missing', () => {
    // In memory from bill-status-S0494-2011.html: the history <table> turned into a <div>.
    const noTable = html.replace('<table ;="" style="margin: 5px 0pt 0pt; width: 100%;"', '<div style="margin: 5px 0pt 0pt; width: 100%;"');
    try {
      parseSouthCarolinaBillStatus(noTable.replace('</tbody></table></div>', '</tbody></div></div>'), URL);
      throw new Error('expected a LayoutChangedError');
    } catch (error) {
      expect(error).toBeInstanceOf(LayoutChangedError);
      expect((error as LayoutChangedError).selector).toBe('a[name] ~ table tr');
      expect((error as LayoutChangedError).url).toBe(URL);
    }
  });
});
