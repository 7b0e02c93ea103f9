/**
 * A tiny HTML template tag that escapes every interpolated value unless it is already
 * `SafeHtml`. Pages are built only with it, so scraped text (titles, action text, sponsor
 * names) can never become markup by forgetting a call to `escapeHtml`.
 */
import { escapeHtml } from '../escape-html.js';

/** Markup that is already safe: produced by `html` or vouched for with `trustedHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, safe markup, lists of these; nothing for null/undefined/false. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value as string | number);
}

/** Builds markup from a template, escaping every interpolation that is not `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/**
 * Marks a string as markup without escaping. Only for output of renderers that escape
 * their own input (the SVG map); never for data.
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins fragments with a separator (the separator is escaped text). */
export function joinHtml(parts: readonly HtmlValue[], separator: string): SafeHtml {
  return new SafeHtml(parts.map(render).filter((p) => p !== '').join(escapeHtml(separator)));
}
