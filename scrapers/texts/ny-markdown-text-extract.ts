import { LayoutChangedError } from '../../core/scrape-errors.js';

/**
 * Returns the bill text of a NY-Legislative-Git Markdown file: everything under
 * "## Full Text". The header above it (title, Bill ID, sponsor, summary) was written by
 * that repo's script, not by the legislature, so it must not be scored. Throws
 * LayoutChangedError when the heading is missing.
 */
export function extractNyMarkdown(markdown: string, url: string | null): string {
  const match = /^##\s+Full Text\s*$/m.exec(markdown);
  if (!match) throw new LayoutChangedError('## Full Text', url, 'NY Markdown text has no "## Full Text" heading');
  return markdown.slice(match.index + match[0].length);
}
