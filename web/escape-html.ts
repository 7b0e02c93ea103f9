const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML and SVG, in element content and in quoted attribute values alike
 * (all five special characters, so it is safe in either quote style). Null and undefined
 * become the empty string; numbers are stringified. Scraped text is untrusted: every value
 * that reaches markup goes through here.
 */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}
