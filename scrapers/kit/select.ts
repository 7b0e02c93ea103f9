import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { LayoutChangedError } from '../../core/scrape-errors.js';

/**
 * Cheerio selection that asserts how many elements matched. A parser that silently
 * reads nothing records "no bills" when the site changed; these throw instead,
 * naming the selector and the page URL.
 */
export type Count = { min?: number; max?: number };

export function selectAll($: CheerioAPI | Cheerio<AnyNode>, selector: string, url: string | null, count: Count = { min: 1 }): Cheerio<AnyNode> {
  const found = typeof $ === 'function' ? $(selector) : $.find(selector);
  const min = count.min ?? 1;
  if (found.length < min) {
    throw new LayoutChangedError(selector, url, `expected at least ${min} element(s), found ${found.length}`);
  }
  if (count.max !== undefined && found.length > count.max) {
    throw new LayoutChangedError(selector, url, `expected at most ${count.max} element(s), found ${found.length}`);
  }
  return found;
}

/** Exactly one element. */
export function selectOne($: CheerioAPI | Cheerio<AnyNode>, selector: string, url: string | null): Cheerio<AnyNode> {
  return selectAll($, selector, url, { min: 1, max: 1 });
}

/** The trimmed, whitespace-collapsed text of exactly one element. */
export function textOf($: CheerioAPI | Cheerio<AnyNode>, selector: string, url: string | null): string {
  return cleanText(selectOne($, selector, url).text());
}

/** Collapses runs of whitespace (including non-breaking spaces) and trims. */
export function cleanText(value: string): string {
  return value.replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * Maps a table's header texts to column indexes, so parsers key on what a column is
 * called rather than where it stands (Legistar clients order columns differently).
 * Throws naming every required header that is missing.
 */
export function columnIndex(headers: string[], required: Record<string, RegExp>, selector: string, url: string | null): Record<string, number> {
  const cleaned = headers.map(cleanText);
  const result: Record<string, number> = {};
  const missing: string[] = [];
  for (const [key, pattern] of Object.entries(required)) {
    const index = cleaned.findIndex((h) => pattern.test(h));
    if (index < 0) missing.push(`${key} (${pattern})`);
    else result[key] = index;
  }
  if (missing.length > 0) {
    throw new LayoutChangedError(selector, url, `missing column(s) ${missing.join(', ')}; headers were ${JSON.stringify(cleaned)}`);
  }
  return result;
}
