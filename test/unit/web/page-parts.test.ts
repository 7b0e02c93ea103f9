import { renderAppliedFilters } from '../../../web/pages/filter-parts.js';
import {
  billHref, externalLink, formatDate, highlightPhrase, jurisdictionHref, jurisdictionIdFromPath, queryString, stageStrip, statusBadge,
} from '../../../web/pages/page-parts.js';

const LOUISVILLE = 'ocd-jurisdiction/country:us/state:ky/place:louisville/government';

describe('links', () => {
  test('a US state or place gets its short path (/ky, /ky/louisville); other ids keep the long form, which maps back to the OCD id', () => {
    expect(jurisdictionHref(LOUISVILLE)).toBe('/ky/louisville');
    expect(jurisdictionHref('ocd-jurisdiction/country:us/state:va/government')).toBe('/va');
    expect(jurisdictionHref('ocd-jurisdiction/country:us/state:mn/school_district:minneapolis_public_schools/government')).toBe('/mn/minneapolis_public_schools');
    const other = 'ocd-jurisdiction/country:ca/province:on/government';
    const href = jurisdictionHref(other);
    expect(href).toBe('/jurisdictions/ocd-jurisdiction/country%3Aca/province%3Aon/government');
    expect(jurisdictionIdFromPath(decodeURIComponent(href.slice('/jurisdictions/'.length)))).toBe(other);
    expect(jurisdictionIdFromPath(LOUISVILLE)).toBe(LOUISVILLE);
  });

  test('a bill links to /bills/<state>[/<place>]/<session>/<identifier without spaces>; a bare id to /bills/<id>', () => {
    expect(billHref({ id: 7, session: '2025', identifier: 'HB 1234', jurisdiction: { id: 'ocd-jurisdiction/country:us/state:va/government' } })).toBe('/bills/va/2025/HB1234');
    expect(billHref({ id: 8, session: '2020', identifier: 'O-123-20', jurisdiction: { id: LOUISVILLE } })).toBe('/bills/ky/louisville/2020/O-123-20');
    expect(billHref({ id: 9, session: '2025 Special', identifier: 'SB 1', jurisdiction: { id: 'ocd-jurisdiction/country:us/state:va/government' } })).toBe('/bills/va/2025%20Special/SB1');
    expect(billHref(3125)).toBe('/bills/3125');
  });

  test('only http(s) URLs become links; others show as escaped text', () => {
    expect(externalLink('https://lis.virginia.gov/x?a=1&b=2', 'HB 5099').value).toBe(
      '<a href="https://lis.virginia.gov/x?a=1&amp;b=2" rel="external noopener noreferrer">HB 5099</a>',
    );
    expect(externalLink('javascript:alert(1)', 'bad').value).toBe('bad');
    expect(externalLink(' data:text/html,<b>', '<b>').value).toBe('&lt;b&gt;');
    expect(externalLink(null, 'none').value).toBe('none');
  });

  test('query strings leave out empty values and repeat arrays', () => {
    expect(queryString({ policy: 'no-knock', q: '', stance: undefined, status: ['pending', 'failed'] })).toBe('?policy=no-knock&status=pending&status=failed');
    expect(queryString({})).toBe('');
  });
});

describe('dates', () => {
  test('formats ISO dates in UTC, whatever the time zone', () => {
    expect(formatDate('2020-10-28')).toBe('Oct 28, 2020');
    expect(formatDate('2020-06-11T23:30:00.000Z')).toBe('Jun 11, 2020');
    expect(formatDate(null)).toBe('');
  });
});

describe('stage strip', () => {
  test('an enacted bill: all five stages reached, the last current', () => {
    const out = stageStrip('enacted', 'enacted').value;
    expect(out.match(/class="step step-done"/g)).toHaveLength(4);
    expect(out).toContain('<li class="step step-current" aria-current="step"><span class="step-label">Enacted</span>');
    expect(out).not.toContain('stage-outcome');
  });

  test('a bill that died in committee shows where it stopped, in words', () => {
    const out = stageStrip('committee', 'failed').value;
    expect(out).toContain('<li class="step step-stopped" aria-current="step"><span class="step-label">In committee</span><span class="visually-hidden"> (stopped here: failed)</span>');
    expect(out.match(/step-todo/g)).toHaveLength(3);
    expect(out).toContain('Failed at stage “In committee”.');
  });

  test('a pending bill in its first chamber', () => {
    const out = stageStrip('passed_one_chamber', 'pending').value;
    expect(out.match(/step-done/g)).toHaveLength(2);
    expect(out).toContain('step-current" aria-current="step"><span class="step-label">Passed one chamber');
  });
});

describe('badges and evidence', () => {
  test('a status badge carries words as well as a colour, with the policy colour when given', () => {
    const out = statusBadge('enacted', 'full', {}).value;
    expect(out).toContain('Enacted (full)');
    expect(out).toContain('fill="#0072b2"');
    expect(statusBadge('pending', null, { pending: '#a6dba0' }).value).toContain('fill="#a6dba0"');
    expect(statusBadge('overturned', null, {}).value).toContain('stroke="#fff"'); // the hatch
    expect(statusBadge('enacted', null, {}).value).toContain('Enacted (partial)');
  });

  test('the matched phrase is marked and everything around it escaped', () => {
    expect(highlightPhrase('a <b> no-knock warrant', 'No-Knock').value).toBe('a &lt;b&gt; <mark>no-knock</mark> warrant');
    expect(highlightPhrase('<i>', 'absent').value).toBe('&lt;i&gt;');
  });
});

describe('the applied-filters line', () => {
  test('with no filter it says what the default scope lists, and "every record" only when the scope is all', () => {
    expect(String(renderAppliedFilters('/search', {}, []))).toContain('No filters: every law and ordinance on a tracked policy is listed.');
    expect(String(renderAppliedFilters('/search', { scope: 'all' }, []))).toContain('No filters: every record is listed.');
    const one = String(renderAppliedFilters('/search', { policy: 'no-knock', scope: 'all' }, [{ label: 'Policy', value: 'No-knock warrant ban', param: 'policy' }]));
    expect(one).toContain('Filters applied:');
    expect(one).toContain('href="/search?scope=all"'); // dropping the policy keeps the scope
  });
});
