import type { BillAdoption, ProvisionView, ScoreView } from '../../../core/adoption/adoption-views.js';
import { markSpans, passage, renderBillAdoption } from '../../../web/pages/bill-adoption.js';
import { ADOPTION_BUCKETS, adoptionBucket } from '../../../web/pages/adoption-parts.js';
import { renderMap } from '../../../web/map/map-render.js';

const XSS = '<script>alert(1)</script>';
// The evidence sentence of Virginia's § 19.2-56 B, with hostile markup around it.
const TEXT = `B. ${XSS} Intro & more. No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant. Tail <b>bold</b>.`;
const BAN = 'No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.';
const START = TEXT.indexOf(BAN);

function provision(overrides: Partial<ProvisionView>): ProvisionView {
  return {
    id: 'NK-1', statement: 'No-knock warrants are banned.', kind: 'ban', required: true, verified: true, outcome: 'adopted', machine_outcome: 'adopted',
    reason: "found 'No law-enforcement officer shall seek, execute, or participate'; no 'unless' in the clause",
    evidence: [{ start: START, end: START + BAN.length, excerpt: BAN }], override: null, ...overrides,
  };
}

function score(provisions: ProvisionView[], overrides: Partial<ScoreView> = {}): ScoreView {
  return {
    model: 'no-knock', model_version: 1, score: 0.6, threat_score: 0, adoption: 'full', level: 'adopted', stance: 'supports', copy_score: 0,
    scored_at: '2026-11-24T00:00:00.000Z', provisions, hidden_provisions: 0, ...overrides,
  };
}

const ADOPTION: BillAdoption = {
  bill_id: 7,
  versions: [
    { text_id: 1, note: 'Introduced', url: 'https://lis.virginia.gov/introduced', date: '2020-08-18', media_type: 'text/html', format: 'html', hash: 'a', fetched_at: '2026-11-24T00:00:00.000Z', latest: false,
      scores: [score([provision({ outcome: 'absent', machine_outcome: 'absent', evidence: [], reason: 'no wording for this provision' })], { score: 0, adoption: 'none', level: 'none', stance: null })] },
    { text_id: 2, note: `Enrolled ${XSS}`, url: 'javascript:alert(1)', date: '2020-10-28', media_type: 'text/html', format: 'html', hash: 'b', fetched_at: '2026-11-24T00:00:00.000Z', latest: true,
      scores: [score([
        provision({}),
        provision({ id: 'NK-9', statement: 'Evidence from a no-knock entry is excluded.', required: false, outcome: 'weaker', machine_outcome: 'absent', reason: 'set by staff', evidence: [],
          override: { outcome: 'weaker', note: `Staff note ${XSS}`, decided_at: '2026-11-24T00:00:00.000Z' } }),
      ], { hidden_provisions: 2 })] },
  ],
  comparisons: [{
    model: 'no-knock', from_text_id: 1, to_text_id: 2, text_changed: true, score_delta: 0.6, summary: 'NK-1 strengthened',
    provisions: [{ id: 'NK-1', from: 'absent', to: 'adopted', change: 'strengthened', reason: 'absent → adopted' }, { id: 'NK-9', from: 'absent', to: 'absent', change: 'unchanged', reason: '' }],
  }],
};

describe('bill page: model-policy adoption', () => {
  const out = renderBillAdoption({ adoption: ADOPTION, text: TEXT, policyNames: new Map([['no-knock', 'No-knock warrant ban']]) }).value;

  test('a checklist item per provision with its outcome and reason, the matching passage marked in the stored text', () => {
    expect(out).toContain('<li class="provision outcome-adopted" data-provision="NK-1">');
    expect(out).toContain('Adopted</span> <strong>NK-1</strong> No-knock warrants are banned.');
    expect(out).toContain('no &#39;unless&#39; in the clause');
    expect(out).toContain(`<blockquote class="passage">B. &lt;script&gt;alert(1)&lt;/script&gt; Intro &amp; more. <mark>${BAN}</mark> Tail &lt;b&gt;bold&lt;/b&gt;.</blockquote>`);
    // The full text: evidence marked by offset, an anchor the checklist links to, everything else escaped.
    expect(out).toContain(`&lt;script&gt;alert(1)&lt;/script&gt; Intro &amp; more. <span class="anchor" id="ev-2-no-knock-NK-1"></span><mark>${BAN}</mark>`);
    expect(out).toContain('href="#ev-2-no-knock-NK-1"');
    expect(out).not.toContain(XSS);
    expect(out).not.toContain('<b>');
  });

  test('staff overrides are labelled with the machine outcome beside them; hidden provisions are counted', () => {
    expect(out).toContain('<li class="provision outcome-weaker" data-provision="NK-9">');
    expect(out).toContain('Set by staff: Weaker (machine: Absent) — Staff note &lt;script&gt;');
    expect(out).toContain('2 unverified provisions not shown until staff confirm them.');
  });

  test('the version switcher links each version; the latest is shown with what changed since the one before', () => {
    expect(out).toContain('<a href="?version=1#adoption">Introduced');
    expect(out).toContain('<strong aria-current="true">Enrolled &lt;script&gt;');
    expect(out).toContain('<h3>Since Introduced</h3>');
    // The change is named by the provision's words, with the passage as a redline (new words in <ins>).
    expect(out).toContain('<li class="change-strengthened"><strong>No-knock warrants are banned.</strong> strengthened (Absent → Adopted)<blockquote class="passage redline"><ins>No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.</ins></blockquote></li>');
    // One line a reader can check, and words that agree with the 60% beside them.
    expect(out).toContain('<p class="adoption-summary"><strong>1 of 2 provisions (1 more weaker); 1 of 1 required</strong></p>');
    expect(out).toContain('<span class="tag level-required">Every required provision adopted</span> Score <strong>60%</strong>');
    expect(out).not.toContain('Adopted in full');
    expect(out).not.toContain('change-unchanged');
    // A scraped javascript: URL never becomes a link.
    expect(out).not.toContain('href="javascript:');
    const first = renderBillAdoption({ adoption: ADOPTION, selectedTextId: 1, text: 'Nothing here.' }).value;
    expect(first).toContain('<strong aria-current="true">Introduced');
    expect(first).not.toContain('Since');
    expect(first).toContain('<li class="provision outcome-absent" data-provision="NK-1">');
  });

  test('no stored text says so', () => {
    expect(renderBillAdoption({ adoption: { bill_id: 1, versions: [], comparisons: [] }, text: null }).value).toContain('No bill text stored yet');
  });

  test('overlapping spans merge into one mark; offsets past the end are clamped', () => {
    expect(markSpans('abcdefgh', [{ start: 1, end: 4, id: 'x' }, { start: 3, end: 6 }, { start: 7, end: 99 }]).value)
      .toBe('a<span class="anchor" id="x"></span><mark>bcdef</mark>g<mark>h</mark>');
    expect(passage('one two three four five', { start: 8, end: 13 }, 4).value).toBe('… two <mark>three</mark> four …');
    expect(passage('one two three four five', { start: 8, end: 13 }, 2).value).toBe('… <mark>three</mark> four …');
  });
});

describe('map: adoption view', () => {
  test('score buckets colour the shapes and make the legend', () => {
    expect([1, 0.6, 0.3, 0.1, 0].map(adoptionBucket)).toEqual(['adopt-75', 'adopt-50', 'adopt-25', 'adopt-1', 'adopt-0']);
    const svg = renderMap({
      policyId: 'no-knock', colors: {}, legend: [...ADOPTION_BUCKETS],
      states: [{ fips: '51', id: 'va', name: 'Virginia', status: 'none', href: '/j/va', legendKey: 'adopt-50' }],
      cities: [{ id: 'richmond', name: `Richmond ${XSS}`, lat: 37.54, lon: -77.44, status: 'none', href: '/j/richmond', legendKey: 'adopt-50' }],
    });
    expect(svg).toContain('class="state legend-adopt-50" fill="#3182bd"');
    expect(svg).toContain('<title>Virginia: adopts 50–74%</title>');
    expect(svg).toContain('class="city legend-adopt-50" fill="#3182bd"');
    expect(svg).toContain('class="legend-adopt-0" fill="#e5e5e5"');
    expect(svg).not.toContain('status-enacted-full');
    expect(svg).not.toContain(XSS);
  });
});
