import type { BillDetail } from '../../../db/queries/bill-detail.js';
import type { JurisdictionDetail } from '../../../db/queries/jurisdictions-query.js';
import type { MapEntry, PolicyRow } from '../../../db/queries/policy-map.js';
import { renderBillPage } from '../../../web/pages/bill-page.js';
import { renderErrorPage } from '../../../web/pages/error-page.js';
import { renderHomePage, renderMapTable, toMapInput } from '../../../web/pages/home-page.js';
import { renderJurisdictionPage } from '../../../web/pages/jurisdiction-page.js';
import { renderPolicyPage } from '../../../web/pages/policy-page.js';
import { renderSearchPage } from '../../../web/pages/search-page.js';
import { renderReviewPage } from '../../../web/pages/staff-review-page.js';
import { renderSourceRunsPage, renderSourcesPage } from '../../../web/pages/staff-sources-page.js';
import type { RunWithErrors, SourceHealth } from '../../../core/sources/source-health.js';
import { coverageOf } from '../../../core/coverage/jurisdiction-coverage.js';

const XSS = '<script>alert(1)</script>';
const NO_KNOCK: PolicyRow = { id: 'no-knock', name: 'No-knock warrant ban', summary: 'Ban or restrict no-knock warrants.', principles: ['Knock, announce, wait.'], colors: { pending: '#a6dba0' } };
const CRISIS: PolicyRow = { id: 'crisis-response', name: 'Crisis response', summary: 'Send health workers.', principles: [], colors: {} };

/** Tracked since a run on 2026-03-02 (what core/coverage says of a place a source has read). */
const TRACKED = coverageOf({ id: 'x', name: 'x', classification: 'state' }, [], [{ sourceId: 'openstates', firstRunAt: '2026-03-02T00:00:00.000Z', lastRunAt: '2026-11-20T00:00:00.000Z' }], true);

function entry(overrides: Partial<MapEntry>): MapEntry {
  return {
    id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', classification: 'state', state_code: 'VA', fips: '51', latitude: null, longitude: null,
    coverage: TRACKED, status: 'none', strength: null, bills: [], bill_count: overrides.bills?.length ?? 0, laws: [], threats: [], threat_count: overrides.threats?.length ?? 0, ...overrides,
  };
}

const ENTRIES: MapEntry[] = [
  entry({ status: 'enacted', strength: 'partial', bills: [{ id: 7, identifier: 'HB 5099', title: 'Search warrants; no-knock warrants prohibited', status: 'enacted', url: 'https://lis.virginia.gov/x' }] }),
  entry({ id: 'ocd-jurisdiction/country:us/state:ky/government', name: 'Kentucky', state_code: 'KY', fips: '21' }),
  entry({
    id: 'ocd-jurisdiction/country:us/state:ky/place:louisville/government', name: 'Louisville', classification: 'municipality', state_code: 'KY', fips: null, latitude: 38.25, longitude: -85.76,
    status: 'enacted', strength: 'full', laws: [{ id: 1, identifier: null, title: "Breonna's Law", status: 'enacted', url: 'https://louisvilleky.gov/breonna' }],
  }),
  entry({
    id: 'ocd-jurisdiction/country:us/state:ky/place:lexington/government', name: `Lexington ${XSS}`, classification: 'municipality', state_code: 'KY', fips: null,
    latitude: 38.04, longitude: -84.5, status: 'overturned', threats: [{ id: 9, identifier: 'SB 1', title: 'Preempt bans', status: 'pending', url: null }],
  }),
];

/** The CSP refuses inline script and style: no page may depend on either. */
function expectCspClean(page: string): void {
  expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  expect(page).not.toMatch(/\sstyle=/i);
  expect(page).not.toMatch(/<style/i);
  expect(page).not.toMatch(/\son[a-z]+=/i);
  expect(page).not.toContain(XSS);
}

describe('home page', () => {
  test('the map input puts states by FIPS and places as markers, each linking to its page', () => {
    const input = toMapInput(NO_KNOCK, ENTRIES);
    expect(input.states.map((s) => [s.fips, s.status, s.strength])).toEqual([['51', 'enacted', 'partial'], ['21', 'none', null]]);
    expect(input.cities.map((c) => c.name)).toEqual(['Louisville', `Lexington ${XSS}`]);
    expect(input.cities[0].href).toBe('/ky/louisville');
  });

  test('the table lists the same facts, most advanced first, with words for each status', () => {
    const table = renderMapTable(NO_KNOCK, ENTRIES).value;
    const rows = [...table.matchAll(/<tr data-status="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['enacted-full', 'enacted-partial', 'overturned', 'none']);
    expect(table).toContain('Enacted (full)');
    expect(table).toContain('Overturned');
    expect(table).toContain('<a href="/bills/7">HB 5099</a>');
    expect(table).toContain('<a href="https://louisvilleky.gov/breonna" rel="external noopener noreferrer">Breonna&#39;s Law</a>');
    expect(table).toContain('Lexington &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(table).toContain('<td data-sort-value="1"><a href="/ky/lexington">1 bill</a></td>'); // threats
  });

  test('the page has the switcher, the CSV link, the map without its inline style, and nothing the CSP refuses', () => {
    const page = renderHomePage({ policies: [NO_KNOCK, CRISIS], policy: NO_KNOCK, entries: ENTRIES });
    expect(page).toContain('<a href="/?policy=no-knock" aria-current="page">No-knock warrant ban</a>');
    expect(page).toContain('<a href="/?policy=crisis-response">Crisis response</a>');
    expect(page).toContain('href="/api/map.csv?policy=no-knock"');
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(page).toMatch(/<script src="\/static\/table-sort\.js\?v=[0-9a-f]{10}" defer><\/script>/);
    expectCspClean(page);
  });
});

function bill(overrides: Partial<BillDetail> = {}): BillDetail {
  return {
    id: 7, jurisdiction: { id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', classification: 'state' }, session: '2020S1', identifier: 'HB 5099',
    title: `No-knock warrants ${XSS}`, classification: 'bill', kind: 'bill', stage: 'committee', status: 'pending', latest_action: { date: '2020-08-18', description: 'Referred' },
    policies: [{ policy: 'no-knock', stance: 'supports', source: 'staff', score: 0.95, strength: 'full' }], source_url: 'https://lis.virginia.gov/bill-details/20202/HB5099',
    updated_at: '2026-01-01T00:00:00.000Z', abstract: null, other_titles: [], subjects: [], chamber: 'lower', enactment_number: null, introduced_on: '2020-08-18',
    actions: [
      { date: '2020-08-18', description: 'Prefiled <b>and</b> printed', actor: 'House', classification: ['introduction'] },
      { date: '2020-09-01', description: 'Passed House', actor: null, classification: ['passage'] },
    ],
    sponsors: [{ name: `Del. ${XSS}`, classification: 'primary', primary: true }],
    versions: [{ note: 'Introduced', date: '2020-08-18', url: 'https://lis.virginia.gov/text.pdf', media_type: 'application/pdf', classification: null }],
    documents: [{ note: 'Fiscal note', date: null, url: 'javascript:alert(1)', media_type: null, classification: null }],
    votes: [
      { date: '2020-08-26', motion: 'Reported from Courts of Justice with amendment', result: 'pass', organization: 'Courts of Justice', chamber: 'committee', counts: { yes: 14, no: 7 }, voters: [] },
      {
        date: '2020-09-04', motion: 'Read third time and passed House', result: 'pass', organization: 'House', chamber: 'lower', counts: { yes: 56, no: 41, 'not voting': 1 },
        voters: [{ name: 'Aird', option: 'yes', person_id: null }, { name: `Bagby ${XSS}`, option: 'yes', person_id: null }, { name: 'Gilbert', option: 'no', person_id: null }],
      },
    ],
    history: [{ changed_at: '2026-01-02T00:00:00.000Z', from_stage: 'introduced', to_stage: 'committee', from_status: 'pending', to_status: 'pending', action_date: '2020-08-18', action_description: 'Referred' }],
    evidence: [{ policy: 'no-knock', stance: 'supports', strength: 'full', strength_source: 'staff', source: 'staff', decision: 'confirm', needs_review: null, evidence: [{ field: 'title', phrase: 'no-knock', excerpt: `No-knock warrants ${XSS}`, rule: 'topic:x' }] }],
    sources: [{ source: 'openstates', external_id: 'ocd-bill/1', url: 'https://openstates.org/x', fetched_at: '2026-01-01T00:00:00.000Z' }],
    hearings: [],
    ...overrides,
  };
}

describe('bill page', () => {
  test('each roll call is one compact line with its tally; members’ votes open below it, escaped', () => {
    const page = renderBillPage({ bill: bill(), policies: [NO_KNOCK] });
    expect(page).toContain('<h2 id="votes-heading">Votes (2 roll calls)</h2>');
    expect(page).toContain('<li><time datetime="2020-08-26">Aug 26, 2020</time> <span class="actor">Courts of Justice</span> Reported from Courts of Justice with amendment <span class="tag vote-pass">Passed</span> <span class="tally">Yes 14 · No 7</span></li>');
    expect(page).toContain('<details><summary><time datetime="2020-09-04">Sep 4, 2020</time> <span class="actor">House</span> Read third time and passed House <span class="tag vote-pass">Passed</span> <span class="tally">Yes 56 · No 41 · Not voting 1</span></summary>');
    expect(page).toContain('<dt>Yes (2)</dt><dd>Aird, Bagby &lt;script&gt;alert(1)&lt;/script&gt;</dd><dt>No (1)</dt><dd>Gilbert</dd>');
    expectCspClean(page);
    expect(renderBillPage({ bill: bill({ votes: [] }), policies: [NO_KNOCK] })).toContain('No roll-call votes recorded.');
  });

  test('title, stage strip, timeline, sponsors, documents, policies and history, all escaped', () => {
    const page = renderBillPage({ bill: bill(), policies: [NO_KNOCK] });
    expect(page).toContain('<h1>No-knock warrants &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(page).toContain('aria-current="step"><span class="step-label">In committee');
    expect(page).toContain('<time datetime="2020-08-18">Aug 18, 2020</time> Prefiled &lt;b&gt;and&lt;/b&gt; printed <span class="actor">(House)</span>');
    expect(page).toContain('<li class="decisive"><time datetime="2020-09-01">Sep 1, 2020</time> Passed House</li>');
    expect(page).toContain('Del. &lt;script&gt;');
    expect(page).toContain('<a href="https://lis.virginia.gov/text.pdf" rel="external noopener noreferrer">Introduced</a>');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('Confirmed by staff');
    expect(page).toContain('<mark>No-knock</mark>');
    expect(page).toContain('In committee</td>'); // change history
    expect(page).toContain('href="https://lis.virginia.gov/bill-details/20202/HB5099"');
    expectCspClean(page);
  });

  test('a bill matched to nothing says so', () => {
    expect(renderBillPage({ bill: bill({ evidence: [], policies: [] }), policies: [NO_KNOCK] })).toContain('Not matched to any tracked policy.');
  });
});

describe('jurisdiction page', () => {
  const detail: JurisdictionDetail = {
    id: 'ocd-jurisdiction/country:us/state:ky/place:louisville/government', name: 'Louisville', classification: 'municipality', state_code: 'KY', fips: null,
    latitude: 38.25, longitude: -85.76, platform: 'legistar', coverage: TRACKED, parent_id: 'ocd-jurisdiction/country:us/state:ky/government', timezone: null, url: null, upcoming_meetings: [], last_read: null,
    freshness: {
      last_success_at: null, age_seconds: null, sources: [], bills_fetched_at: '2026-01-09T00:00:00.000Z', curated_updated_at: '2026-01-01T00:00:00.000Z', status_computed_at: null,
    },
    policies: [
      {
        policy: 'no-knock', name: 'No-knock warrant ban', status: 'enacted', strength: 'full', bills: [], pending: [], threats: [],
        laws: [{
          id: 1, policy: 'no-knock', stance: 'supports', strength: 'full', kind: 'ordinance', title: "Breonna's Law", identifier: 'Ord. 069-2020', body: 'Metro Council',
          adopted_on: '2020-06-11', effective_on: null, voided_on: null, outcome: 'enacted', summary: null, history: [], source_urls: ['https://louisvilleky.gov/breonna'],
          verification: 'VERIFIED', note: null, bill_id: null,
        }],
      },
      { policy: 'crisis-response', name: 'Crisis response', status: 'none', strength: null, bills: [], laws: [], pending: [], threats: [] },
    ],
  };

  test('one row per policy with status, the law with its citation and official source, and freshness', () => {
    const page = renderJurisdictionPage({
      jurisdiction: detail, policies: [NO_KNOCK, CRISIS], now: new Date('2026-01-10T00:00:00Z'),
      parent: { id: 'ocd-jurisdiction/country:us/state:ky/government', name: 'Kentucky', classification: 'state', state_code: 'KY', fips: '21', latitude: null, longitude: null, platform: null, coverage: 'scraped', parent_id: null },
    });
    expect(page.match(/<tr id="policy-/g)).toHaveLength(2);
    expect(page).toContain('Enacted (full)');
    expect(page).toContain('<span class="mono">(Ord. 069-2020)</span>');
    expect(page).toContain('href="https://louisvilleky.gov/breonna" rel="external noopener noreferrer">Official source (louisvilleky.gov)</a>');
    expect(page).toContain('<time datetime="2026-01-09T00:00:00.000Z">Jan 9, 2026</time> <span class="muted">(24 hours ago)</span>');
    expect(page).toContain('<a href="/ky">Kentucky</a>');
    expectCspClean(page);
  });
});

describe('policy, search, review and error pages', () => {
  test('the policy page lists principles and the jurisdictions by status', () => {
    const page = renderPolicyPage({ policy: NO_KNOCK, policies: [NO_KNOCK, CRISIS], entries: ENTRIES });
    expect(page).toContain('<li>Knock, announce, wait.</li>');
    expect(page).toMatch(/Enacted \(full\) <span class="muted small">\(1\)<\/span>[\s\S]*Louisville/);
    expect(page).toContain('<a href="/bills/9">SB 1</a>'); // threat
    expectCspClean(page);
  });

  test('the search page keeps the filters in the form, counts results and links the next page', () => {
    const page = renderSearchPage({
      form: { q: `warrant ${XSS}`, policy: 'no-knock', stance: 'supports' }, policies: [NO_KNOCK], jurisdictions: [], total: 45, start: 0, next: 'abc',
      results: [{ ...bill(), title: 'Search warrants' }],
    });
    expect(page).toContain('value="warrant &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('<option value="no-knock" selected>');
    expect(page).toContain('<option value="supports" selected>');
    expect(page).toContain('45 bills match, showing 1–1.');
    expect(page).toContain('href="/search?q=warrant+%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;policy=no-knock&amp;stance=supports&amp;after=abc&amp;start=1" rel="next"');
    expectCspClean(page);
  });

  test('the review queue has one form per item with the CSRF token and the keystroke script', () => {
    const page = renderReviewPage({
      items: [{
        billId: 7, policyId: 'no-knock', score: 0.9, stance: 'supports', strength: null, evidence: [], needsReview: null, decision: null, decidedStance: null, decidedStrength: null, note: null,
        bill: { identifier: 'HB 1', title: XSS, session: '2025', stage: 'committee', status: 'pending', sourceUrl: null, latestActionOn: null },
        jurisdiction: { id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia' },
      }],
      total: 1, policies: [NO_KNOCK], viewer: { name: 'Sam', email: 's@example.org', csrfToken: 'tok"en' },
    });
    expect(page).toContain('<form method="post" action="/staff/review/7/no-knock"');
    expect(page).toContain('<input type="hidden" name="_csrf" value="tok&quot;en">');
    expect(page).toContain('data-key="c"');
    expect(page).toMatch(/<script src="\/static\/review-keys\.js\?v=/);
    expectCspClean(page);
  });

  test('a 400 page names each bad parameter', () => {
    const page = renderErrorPage({ status: 400, title: 'Bad request', message: 'invalid', details: [{ parameter: 'status', message: `must be one of ${XSS}` }] });
    expect(page).toContain('<li><code>status</code>: must be one of &lt;script&gt;');
    expectCspClean(page);
  });
});

describe('staff sources pages', () => {
  const NOW = new Date('2026-01-10T12:00:00Z');
  const VIEWER = { name: 'Sam', email: 's@example.org', csrfToken: 'tok"en' };
  const run = (overrides: Partial<RunWithErrors>): RunWithErrors => ({
    id: 1, sourceId: 'legistar:louisville', kind: 'legistar', trigger: 'schedule', outcome: 'ok', startedAt: '2026-01-10T10:00:00.000Z', finishedAt: '2026-01-10T10:00:02.000Z',
    durationMs: 2000, requests: 3, fetched: 12, created: 1, updated: 0, unchanged: 11, failed: 0, flag: null, errorCount: 0, firstError: null, params: {}, errors: [], ...overrides,
  });
  const source = (overrides: Partial<SourceHealth>): SourceHealth => ({
    sourceId: 'legistar:louisville', kind: 'legistar', name: 'Louisville council', jurisdictionId: null, enabled: true, schedule: '7 * * * 1-5', timezone: 'America/Kentucky/Louisville',
    configured: true, status: 'ok', running: false, lastRun: run({}), lastSuccess: run({}), consecutiveFailures: 0, dataFreshAt: '2026-01-10T10:00:02.000Z', dataAgeMs: 7_198_000, stale: false,
    notConfigured: null, ...overrides,
  });

  test('the list puts failing sources first, in words and red, and flags probable site changes and stale data', () => {
    const page = renderSourcesPage({
      now: NOW,
      viewer: VIEWER,
      sources: [
        source({}),
        source({ sourceId: 'openstates', name: `Open States ${XSS}`, status: 'failing', consecutiveFailures: 4, lastSuccess: null, dataFreshAt: null, dataAgeMs: null, lastRun: run({ outcome: 'failed', flag: 'failing' }) }),
        source({ sourceId: 'virginia-lis', name: 'Virginia LIS', status: 'probable-site-change', stale: true, dataAgeMs: 4 * 86_400_000 }),
      ],
    });
    expect(page.indexOf('data-source="openstates"')).toBeLessThan(page.indexOf('data-source="virginia-lis"'));
    expect(page.indexOf('data-source="virginia-lis"')).toBeLessThan(page.indexOf('data-source="legistar:louisville"'));
    expect(page).toContain('<span class="source-status outcome-failing">Failing</span> <span class="small">(4 failures in a row)</span>');
    expect(page).toContain('<span class="source-status outcome-probable-site-change">Probable site change</span>');
    expect(page).toContain('4 days <span class="tag tag-stale">Stale</span>');
    expect(page).toContain('1 source failing');
    expect(page).toContain('Open States &lt;script&gt;');
    expectCspClean(page);
  });

  test('a source whose last run failed (not yet three in a row) is never under "No source is failing"', () => {
    const page = renderSourcesPage({ now: NOW, viewer: VIEWER, sources: [source({}), source({ sourceId: 'virginia-lis', name: 'Virginia LIS', status: 'failed', consecutiveFailures: 1, lastRun: run({ outcome: 'failed' }) })] });
    expect(page).not.toMatch(/No source (is failing|needs attention)/);
    expect(page).toContain('1 source whose last run failed');
    expect(page.indexOf('notice error')).toBeLessThan(page.indexOf('data-source="virginia-lis"'));
    expect(renderSourcesPage({ now: NOW, viewer: VIEWER, sources: [source({})] })).toContain('No source needs attention');
  });

  test('a source missing its API key says so, on its row and above the table', () => {
    const detail = 'OPENSTATES_API_KEY is not set (request a free key at https://open.pluralpolicy.com/accounts/profile/)';
    const page = renderSourcesPage({
      now: NOW, viewer: VIEWER,
      sources: [source({}), source({ sourceId: 'openstates', kind: 'openstates', name: 'Open States', status: 'never-run', lastRun: null, lastSuccess: null, dataFreshAt: null, dataAgeMs: null, notConfigured: detail })],
    });
    expect(page).toContain('1 source not configured</strong> (OPENSTATES_API_KEY is not set');
    expect(page).toContain(`<span class="source-status outcome-failed">Not configured</span> <span class="small">${detail}</span>`);
    expect(page.indexOf('data-source="openstates"')).toBeLessThan(page.indexOf('data-source="legistar:louisville"'));
  });

  test('one source: the schedule form with the CSRF token, and each run with its errors and their URLs', () => {
    const page = renderSourceRunsPage({
      now: NOW,
      viewer: VIEWER,
      source: source({ status: 'failed', consecutiveFailures: 1 }),
      runs: [run({ id: 9, outcome: 'failed', errors: [{ url: 'https://webapi.legistar.com/v1/louisville/matters?x=<b>', message: `HTTP 503 ${XSS}`, code: 'http_status' }] }), run({ id: 8 })],
      olderBefore: 8,
      paged: false,
      form: { values: { schedule: 'sometimes', timezone: 'UTC', enabled: true }, errors: { schedule: 'invalid cron expression "sometimes"' } },
      saved: null,
    });
    expect(page).toContain('<form method="post" action="/staff/sources/legistar%3Alouisville"');
    expect(page).toContain('<input type="hidden" name="_csrf" value="tok&quot;en">');
    expect(page).toContain('value="sometimes" maxlength="200" spellcheck="false" autocomplete="off" aria-invalid="true" aria-describedby="schedule-error"');
    expect(page).toContain('<p class="field-error" id="schedule-error">invalid cron expression &quot;sometimes&quot;</p>');
    expect(page).toContain('<input type="checkbox" name="enabled" value="on" checked>');
    expect(page).toContain('Last run failed');
    expect(page).toContain('HTTP 503 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('href="https://webapi.legistar.com/v1/louisville/matters?x=&lt;b&gt;"');
    expect(page).toContain('href="/staff/sources/legistar%3Alouisville?before=8" rel="next">Older runs</a>');
    expect(page.match(/<tr id="run-/g)).toHaveLength(2);
    expectCspClean(page);
  });
});
