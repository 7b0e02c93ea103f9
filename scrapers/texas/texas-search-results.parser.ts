import { load } from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, selectAll, textOf } from '../kit/select.js';
import {
  TEXAS_ACTORS, TEXAS_JURISDICTION_ID, TEXAS_SOURCE, parseTexasActionLine, parseTexasLegSess, texasBillKind, texasHistoryUrl,
} from './texas-session.js';

/**
 * TLO bill search results (`capitol.texas.gov/Search/BillSearchResults.aspx`). Each result is a
 * small table: a link to `BillLookup/History.aspx?LegSess=86R&Bill=HB21` holding the bill
 * number, then labelled cells "Author", "Last Action", "Caption Version", "Caption". Fields are
 * found by their label text, not by position. Recorded example:
 * ../shared/reference/pages/texas/tlo-bill-search-results-86R-2019.html.
 */

/** One search result as the page shows it. */
export type TexasSearchResult = {
  legSess: string;
  /** `HB 21`. */
  identifier: string;
  author: string;
  lastAction: { date: string; chamber: 'H' | 'S' | 'E'; description: string };
  captionVersion: string;
  caption: string;
  historyUrl: string;
};

/** A results page: matches, or TLO's explicit "no bills were found" answer. */
export type TexasSearchPage =
  | { kind: 'matches'; legislature: string; from: number; to: number; total: number; results: TexasSearchResult[] }
  | { kind: 'no-matches'; legislature: string };

const RESULT_LINK = 'a[href*="History.aspx?LegSess="]';
const NO_MATCHES_TEXT = 'No bills were found matching the entered search criteria.';
const LABELS = { author: 'Author', lastAction: 'Last Action', captionVersion: 'Caption Version', caption: 'Caption' } as const;

/**
 * Parses a results page. Returns `{ kind: 'no-matches' }` only when TLO says so in words;
 * throws LayoutChangedError (selector + URL) when the match count, a result's link or one of
 * its labelled fields is missing, or when the count of results disagrees with "Bills 1 through 25".
 */
export function parseTexasSearchResults(html: string, url: string): TexasSearchPage {
  const $ = load(html);
  const legislature = textOf($, '#lblLegislature', url);
  const matches = textOf($, '#lblMatches', url);
  if (matches === '') {
    if (cleanText($('body').text()).includes(NO_MATCHES_TEXT)) return { kind: 'no-matches', legislature };
    throw new LayoutChangedError('#lblMatches', url, `the match count is empty and the page does not say "${NO_MATCHES_TEXT}"`);
  }
  const count = /^Bills ([\d,]+) through ([\d,]+) out of ([\d,]+) match(?:es)?\.$/.exec(matches);
  if (!count) throw new LayoutChangedError('#lblMatches', url, `unexpected match count text ${JSON.stringify(matches)}`);
  const [from, to, total] = count.slice(1).map((n) => Number(n.replace(/,/g, '')));
  const links = selectAll($, RESULT_LINK, url, { min: 1 });
  if (links.length !== to - from + 1) {
    throw new LayoutChangedError(RESULT_LINK, url, `the page says results ${from} to ${to} but has ${links.length} result links`);
  }
  const results = links.toArray().map((link) => readResult($, $(link), url));
  return { kind: 'matches', legislature, from, to, total, results };
}

function readResult($: CheerioAPI, link: Cheerio<AnyNode>, url: string): TexasSearchResult {
  const href = link.attr('href') ?? '';
  const query = /LegSess=([^&]+)&Bill=([^&"\s]+)/.exec(href);
  if (!query) throw new LayoutChangedError(RESULT_LINK, url, `result link ${JSON.stringify(href)} has no LegSess and Bill`);
  const legSess = parseTexasLegSess(decodeURIComponent(query[1])).legSess;
  const identifier = normalizeBillIdentifier(cleanText(link.text()));
  const table = link.closest('table');
  const fields = labelledFields($, table);
  const value = (key: keyof typeof LABELS): string => {
    const found = fields.get(LABELS[key]);
    if (found === undefined || found === '') {
      throw new LayoutChangedError(`table:has(${RESULT_LINK}) strong:contains("${LABELS[key]}")`, url, `result ${identifier} has no "${LABELS[key]}" field`);
    }
    return found;
  };
  const lastActionText = value('lastAction');
  const lastAction = parseTexasActionLine(lastActionText);
  if (!lastAction) throw new LayoutChangedError(`table:has(${RESULT_LINK}) em`, url, `result ${identifier}: last action ${JSON.stringify(lastActionText)} is not "MM/DD/YYYY H text"`);
  return {
    legSess,
    identifier,
    author: value('author'),
    lastAction,
    captionVersion: value('captionVersion'),
    caption: value('caption'),
    historyUrl: texasHistoryUrl(legSess, identifier),
  };
}

/** Label → value for a result table: `<strong>Author</strong>: Canales` or a label cell followed by a value cell. */
function labelledFields($: CheerioAPI, table: Cheerio<AnyNode>): Map<string, string> {
  const fields = new Map<string, string>();
  table.find('td').each((_, cell) => {
    const strong = $(cell).children('strong').first();
    if (strong.length === 0) return;
    const label = cleanText(strong.text()).replace(/:$/, '');
    const inline = cleanText($(cell).text()).slice(cleanText(strong.text()).length).replace(/^:\s*/, '');
    fields.set(label, inline !== '' ? inline : cleanText($(cell).next('td').text()));
  });
  return fields;
}

/**
 * A search result in the common shape: identity (session + number), caption as title, author,
 * and the last action as the only action the results page shows. Never throws.
 */
export function toTexasNormalizedBill(result: TexasSearchResult): NormalizedBillInput {
  const session = parseTexasLegSess(result.legSess);
  const kind = texasBillKind(result.identifier);
  const actor = TEXAS_ACTORS[result.lastAction.chamber];
  return {
    source: TEXAS_SOURCE,
    externalId: `${session.legSess}-${result.identifier}`,
    jurisdictionId: TEXAS_JURISDICTION_ID,
    session: session.openStatesSession,
    identifier: result.identifier,
    title: result.caption,
    classification: kind?.classification ?? 'other',
    chamber: kind?.chamber ?? null,
    actions: [{ date: result.lastAction.date, description: result.lastAction.description, actor: actor.actor, actorClassification: actor.classification, sourceClassification: [], passed: null }],
    sponsors: [{ name: result.author, classification: 'primary', primary: true, personId: null }],
    sourceUrl: result.historyUrl,
    extras: { legSess: session.legSess, captionVersion: result.captionVersion },
  };
}
