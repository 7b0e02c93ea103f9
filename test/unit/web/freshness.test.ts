import { renderFreshness } from '../../../web/pages/jurisdiction-page.js';
import { coverageOf, sourcesCovering, type CoverageSource } from '../../../core/coverage/jurisdiction-coverage.js';
import { openStatesConfigProblem } from '../../../core/sources/source-config.js';

const never = { last_success_at: null, age_seconds: null, sources: [], bills_fetched_at: null, curated_updated_at: '2026-11-20T12:00:00Z', status_computed_at: null };
const now = new Date('2026-11-24T12:00:00Z');
const SAN_DIEGO = { id: 'ocd-jurisdiction/country:us/state:ca/place:san_diego/government', name: 'San Diego', classification: 'municipality', platform: 'onbase' };
const VIRGINIA = { id: 'ocd-jurisdiction/country:us/state:va/government', name: 'Virginia', classification: 'state', platform: 'openstates' };
const openStates = (apiKey: string | null): CoverageSource => ({
  id: 'openstates', kind: 'openstates', name: 'Open States', jurisdictionId: null, enabled: true, problem: openStatesConfigProblem({ openstates: { apiKey, apiUrl: '', rateLimitPerMinute: 10, dailyLimit: 250 } }),
});

describe('coverage and freshness box on a jurisdiction page', () => {
  test('a city no source covers says so, naming where its council publishes, and never shows a command line', () => {
    const text = String(renderFreshness(never, coverageOf(SAN_DIEGO, [], [], false), now));
    expect(text).toContain('Not tracked: no source covers San Diego yet (its council publishes on Hyland OnBase Agenda Online).');
    expect(text).toMatch(/Bills last fetched<\/dt><dd><span class="muted">never/);
    expect(text).toMatch(/4 days/);
    expect(text).not.toMatch(/npm |tracker --/);
  });

  test('a state whose only source lacks its key says what would enable it', () => {
    const coverage = coverageOf(VIRGINIA, sourcesCovering(VIRGINIA, [openStates(null)]), [], false);
    expect(coverage).toMatchObject({ state: 'not_tracked', reason: 'not_configured' });
    expect(String(renderFreshness(never, coverage, now))).toContain('To track it: add an Open States API key');
  });

  test('a tracked jurisdiction says since when, and by which source', () => {
    const coverage = coverageOf(VIRGINIA, sourcesCovering(VIRGINIA, [openStates('k')]), [{ sourceId: 'openstates', firstRunAt: '2026-03-02T10:00:00.000Z', lastRunAt: '2026-11-24T09:00:00.000Z' }], true);
    expect(String(renderFreshness({ ...never, bills_fetched_at: '2026-11-24T11:00:00Z' }, coverage, now))).toContain('Tracked since Mar 2, 2026 by Open States.');
  });
});
