import { renderFreshness } from '../../../web/pages/jurisdiction-page.js';

const never = { last_success_at: null, age_seconds: null, sources: [], bills_fetched_at: null, curated_updated_at: '2026-11-20T12:00:00Z', status_computed_at: null };
const now = new Date('2026-11-24T12:00:00Z');

describe('freshness box on a jurisdiction page', () => {
  test('a city not on a scraped platform says so honestly, naming where its council publishes', () => {
    const text = String(renderFreshness(never, 'not_scraped', now, 'onbase'));
    expect(text).toContain('Not yet scraped (its council publishes on Hyland OnBase Agenda Online): the laws shown are curated by staff.');
    expect(text).toMatch(/Bills last fetched<\/dt><dd><span class="muted">never/);
    expect(text).toMatch(/4 days/);
  });

  test('a scraped jurisdiction says its bills are collected automatically', () => {
    expect(String(renderFreshness({ ...never, bills_fetched_at: '2026-11-24T11:00:00Z' }, 'scraped', now, 'legistar'))).toContain(
      'Bills are collected automatically from the official site.',
    );
  });
});
