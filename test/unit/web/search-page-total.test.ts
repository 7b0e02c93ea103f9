import { renderSearchPage } from '../../../web/pages/search-page.js';

const page = (total: number, totalIsEstimate: boolean) =>
  renderSearchPage({ form: { q: 'warrant', sort: 'relevance' }, policies: [], jurisdictions: [], results: [], total, totalIsEstimate, start: 0, next: null });

describe('search page counts', () => {
  test('more matches than are counted read "10,000+"; an exact count reads as a number', () => {
    expect(page(10_000, true)).toContain('10,000+ bills match');
    expect(page(1_234, false)).toContain('1,234 bills match');
  });

  test('best match says it ranks the 500 most recent matches', () => {
    expect(page(12, false)).toContain('Best match ranks the 500 most recent matching bills');
  });
});
