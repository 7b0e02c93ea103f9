import { escapeHtml } from '../../../web/escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves other text, including non-ASCII, unchanged', () => {
    expect(escapeHtml('Breonna’s Law — São Paulo 100%')).toBe('Breonna’s Law — São Paulo 100%');
  });

  it('escapes an already-escaped string again rather than trusting it', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('renders null and undefined as empty and stringifies numbers', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});
