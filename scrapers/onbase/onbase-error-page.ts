import type { CheerioAPI } from 'cheerio';
import { ScrapeError } from '../../core/scrape-errors.js';
import { cleanText } from '../kit/select.js';

/**
 * OnBase Agenda Online answers a page it will not serve (an outline on a site that only
 * publishes the converted document, an unknown meeting) by redirecting to `/Error`: a 200 page
 * titled "Error - OnBase Agenda Online" with a `div.alert-danger` saying "The web page that
 * you have requested is not available". Real pages:
 * ../shared/reference/cities/onbase-agenda-online/*_notfound.html.
 */
export class OnBasePageUnavailableError extends ScrapeError {
  constructor(url: string, message: string) {
    super('page_unavailable', `OnBase Agenda Online would not serve ${url}: "${message}"`, { url });
    this.name = 'OnBasePageUnavailableError';
  }
}

/** Throws OnBasePageUnavailableError when the page is the product's error page. */
export function assertNotOnBaseErrorPage($: CheerioAPI, url: string): void {
  const title = cleanText($('title').first().text());
  if (!/^Error\s*-\s*OnBase Agenda Online$/i.test(title)) return;
  const alert = cleanText($('.alert-danger, .alert').first().text());
  throw new OnBasePageUnavailableError(url, alert || title);
}
