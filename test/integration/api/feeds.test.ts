import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { KENTUCKY, LOUISVILLE, loadApiFixtures } from './api-fixtures.js';

type Entry = { id: string; title: string; updated: string; link: { '@_rel': string; '@_href': string } | { '@_rel': string; '@_href': string }[]; summary: string; category?: { '@_term': string } | { '@_term': string }[] };
type Feed = { feed: { id: string; title: string; updated: string; link: { '@_href': string }; entry?: Entry | Entry[] } };

const parser = new XMLParser({ ignoreAttributes: false });
const entriesOf = (xml: string): Entry[] => {
  expect(XMLValidator.validate(xml)).toBe(true);
  const entry = (parser.parse(xml) as Feed).feed.entry;
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
};

describeEachDatabase('GET /api/feeds/changes.atom', (ctx) => {
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle);
    client = api(testApp(ctx.handle, { PUBLIC_URL: 'https://tracker.example.org' }));
  });

  test('a policy feed is valid Atom listing only changes to bills on that policy, newest first', async () => {
    const res = await client.get('/api/feeds/changes.atom?policy=no-knock').expect(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = (parser.parse(res.text) as Feed).feed;
    expect(feed.title).toBe('Bill changes — No-knock warrant ban');
    expect(feed.link['@_href']).toBe('https://tracker.example.org/api/feeds/changes.atom?policy=no-knock');
    const entries = entriesOf(res.text);
    expect(entries.map((e) => e.title).sort()).toEqual([
      'Kentucky SB 4: enacted (enacted)',
      'Louisville/Jefferson County Metro Government O-090-20: enacted (enacted)',
      'Virginia HB 5099: enacted (enacted)',
      'Virginia HB 9: committee (pending)',
    ]);
    const updated = entries.map((e) => e.updated);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(feed.updated).toBe(updated[0]);
    const hb9 = entries.find((e) => e.title.startsWith('Virginia HB 9'))!;
    const links = Array.isArray(hb9.link) ? hb9.link : [hb9.link];
    // The entry opens the bill's page (HTML), not its JSON.
    expect(links.map((l) => l['@_href'])).toEqual([expect.stringMatching(/^https:\/\/tracker\.example\.org\/bills\/va\/[^/]+\/HB9$/), 'https://lis.virginia.gov/bill-details/20261/HB9']);
    expect(links.map((l) => (l as { '@_type'?: string })['@_type'])).toEqual(['text/html', undefined]);
    expect(hb9.summary).toContain('Referred to Committee for Courts of Justice');
  });

  test('a jurisdiction feed takes an OCD id or a state code', async () => {
    const city = await client.get(`/api/feeds/changes.atom?jurisdiction=${encodeURIComponent(LOUISVILLE)}`).expect(200);
    expect(entriesOf(city.text).map((e) => e.title)).toEqual(['Louisville/Jefferson County Metro Government O-090-20: enacted (enacted)']);
    expect((parser.parse(city.text) as Feed).feed.title).toBe('Bill changes — Louisville/Jefferson County Metro Government');
    const state = await client.get('/api/feeds/changes.atom?jurisdiction=KY').expect(200);
    expect(entriesOf(state.text)).toHaveLength(2);
    const both = await client.get(`/api/feeds/changes.atom?jurisdiction=${encodeURIComponent(KENTUCKY)}&policy=decertification`).expect(200);
    expect(entriesOf(both.text)).toEqual([]);
  });

  test('scraped text is escaped: markup in a title stays text and the feed stays well-formed', async () => {
    await importFixtureBills(ctx.handle, [
      makeBill({
        identifier: 'HB 13',
        externalId: 'feed-escape',
        session: '1998',
        jurisdictionId: 'ocd-jurisdiction/country:us/state:wv/government',
        title: 'No-knock warrants <script>alert("x")</script> & "quotes" \u0001',
        sourceUrl: 'https://example.org/bill?a=1&b=<2>',
      }),
    ]);
    const res = await client.get('/api/feeds/changes.atom?jurisdiction=WV').expect(200);
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(res.text).toContain('href="https://example.org/bill?a=1&amp;b=&lt;2&gt;"');
    // A feed reader shows the markup as the text it was, minus the control character XML forbids.
    const [entry] = entriesOf(res.text);
    expect(entry.summary).toContain('No-knock warrants <script>alert("x")</script> & "quotes" .');
    expect(entry.title).toBe('West Virginia HB 13: enacted (enacted)');
  });

  test('supports conditional GET and CORS like every public read', async () => {
    const first = await client.get('/api/feeds/changes.atom?policy=decertification').expect(200);
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    await client.get('/api/feeds/changes.atom?policy=decertification').set('If-None-Match', first.headers.etag).expect(304);
  });

  test('an unknown policy or a malformed jurisdiction is a 400 naming it', async () => {
    const res = await client.get('/api/feeds/changes.atom?policy=curfews&jurisdiction=Kentucky').expect(400);
    expect(res.body.error.details.map((d: { parameter: string }) => d.parameter)).toEqual(['jurisdiction']);
    const unknown = await client.get('/api/feeds/changes.atom?policy=curfews').expect(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ parameter: 'policy', message: expect.stringContaining('unknown policy curfews') })]);
  });
});
