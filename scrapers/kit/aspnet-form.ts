import type { CheerioAPI } from 'cheerio';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import type { FormFields } from './http-client.js';
import { cleanText, selectOne } from './select.js';

/**
 * ASP.NET WebForms pages (Legistar InSite, NovusAGENDA) page and search by posting their one
 * `<form>` back with its hidden state (`__VIEWSTATE`, Legistar 2013's `__VSTATE`,
 * `__EVENTVALIDATION`, Telerik `…_ClientState` fields) and an event target: what a browser
 * does when `javascript:__doPostBack('target','argument')` runs or a submit button is pressed.
 */

/** The form as a browser would submit it: where to, and the successful controls in document order. */
export type AspNetForm = { action: string; fields: [string, string][] };

/** What to post to move on: an event target (a pager link), or a submit button's name and value. */
export type Postback = { eventTarget: string; eventArgument: string } | { button: string; value: string };

/**
 * Reads the page's form as a browser would submit it: hidden, text and password inputs,
 * checked checkboxes and radios, selected options and textareas, without any button.
 * @throws LayoutChangedError (selector and URL) when the page has no form or no view state.
 */
export function readAspNetForm($: CheerioAPI, url: string, formSelector = 'form'): AspNetForm {
  const form = selectOne($, `${formSelector}:has(input[name="__VIEWSTATE"], input[name="__VSTATE"])`, url);
  const fields: [string, string][] = [];
  form.find('input, select, textarea').each((_, el) => {
    const node = $(el);
    const name = node.attr('name');
    if (!name || node.is('[disabled]')) return;
    const tag = 'tagName' in el ? el.tagName.toLowerCase() : '';
    if (tag === 'select') {
      const chosen = node.find('option[selected]');
      const options = chosen.length > 0 ? chosen : node.find('option').first();
      options.each((__, option) => {
        fields.push([name, $(option).attr('value') ?? $(option).text()]);
      });
      return;
    }
    if (tag === 'textarea') {
      fields.push([name, node.text()]);
      return;
    }
    const type = (node.attr('type') ?? 'text').toLowerCase();
    if (['submit', 'image', 'button', 'reset', 'file'].includes(type)) return;
    if ((type === 'checkbox' || type === 'radio') && !node.is('[checked]')) return;
    fields.push([name, node.attr('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')]);
  });
  const action = form.attr('action');
  return { action: new URL(action && action.trim() !== '' ? action : url, url).toString(), fields };
}

/** The fields with `name` set to `value` (replacing every earlier value of that name, or added). */
export function withField(fields: FormFields, name: string, value: string): [string, string][] {
  const out = fields.filter(([n]) => n !== name).map(([n, v]) => [n, v] as [string, string]);
  const at = fields.findIndex(([n]) => n === name);
  out.splice(at < 0 ? out.length : at, 0, [name, value]);
  return out;
}

/** The form fields for a postback: event target and argument set, or the pressed button added. */
export function postbackFields(form: AspNetForm, postback: Postback): [string, string][] {
  if ('button' in postback) {
    const cleared = withField(withField(form.fields, '__EVENTTARGET', ''), '__EVENTARGUMENT', '');
    return [...cleared, [postback.button, postback.value]];
  }
  return withField(withField(form.fields, '__EVENTTARGET', postback.eventTarget), '__EVENTARGUMENT', postback.eventArgument);
}

/**
 * The target and argument of `javascript:__doPostBack('ctl00$…$ctl04','')`; null for any other
 * link. Re-serialized pages write the `$` of control names as `%24`.
 */
export function parseDoPostBack(href: string | undefined): { eventTarget: string; eventArgument: string } | null {
  const match = /__doPostBack\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)/.exec(href ?? '');
  if (!match) return null;
  return { eventTarget: safeDecode(match[1]), eventArgument: safeDecode(match[2]) };
}

/**
 * The postback that shows the next page of a Telerik RadGrid, or null on its last page. Reads
 * the pager inside `grid`: a "Next Page" link or button (NextPrev pagers), else the page number
 * after the current one (numeric pagers, as Legistar's Legislation grid uses).
 */
export function nextPagePostback($: CheerioAPI, grid: string): Postback | null {
  const pager = $(`${grid} .rgPager`).first();
  if (pager.length === 0) return null;
  const current = Number(cleanText(pager.find('.rgCurrentPage').first().text()));
  const info = readPagerInfo(cleanText(pager.find('.rgInfoPart').first().text()));
  if (info?.page !== undefined && info.page >= info.pageCount) return null;
  if (info && info.page === undefined && Number.isInteger(current) && current >= info.pageCount) return null;
  const nextLink = pager.find('a[title="Next Page"]').first();
  const fromLink = parseDoPostBack(nextLink.attr('href'));
  if (fromLink) return fromLink;
  const nextButton = pager.find('input[title="Next Page"], input.rgPageNext, button.rgPageNext').first();
  const buttonName = nextButton.attr('name');
  if (buttonName && !nextButton.is('[disabled]')) return { button: buttonName, value: nextButton.attr('value') ?? ' ' };
  const following = pager.find('.rgCurrentPage').first().nextAll('a').first();
  return parseDoPostBack(following.attr('href'));
}

/** What a RadGrid pager says: "Page 1 of 5, items 1 to 100 of 406" or "34 items in 3 pages". */
export type PagerInfo = { page?: number; pageCount: number; totalItems: number };

export function readPagerInfo(text: string): PagerInfo | null {
  const legistar = /Page\s+(\d+)\s+of\s+(\d+),\s*items\s+\d+\s+to\s+\d+\s+of\s+(\d+)/i.exec(text);
  if (legistar) return { page: Number(legistar[1]), pageCount: Number(legistar[2]), totalItems: Number(legistar[3]) };
  const telerik = /(\d+)\s+items?\s+in\s+(\d+)\s+pages?/i.exec(text);
  if (telerik) return { pageCount: Number(telerik[2]), totalItems: Number(telerik[1]) };
  return null;
}

/** The pressed submit button of a search form: the first whose name or value says "search". */
export function searchButton($: CheerioAPI, url: string, names: readonly string[]): { button: string; value: string } {
  for (const name of names) {
    const found = $(`input[type="submit"][name$="${name}"], input[type="image"][name$="${name}"]`).first();
    const full = found.attr('name');
    if (full) return { button: full, value: found.attr('value') ?? '' };
  }
  throw new LayoutChangedError(names.map((n) => `input[type="submit"][name$="${n}"]`).join(', '), url, 'no search button on the search form');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
