import { load } from 'cheerio';
import type { NormalizedAction, NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { ActorClassification } from '../../core/vocabulary.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, selectAll, selectOne, textOf } from '../kit/select.js';

/**
 * South Carolina "Bill Information" page (scstatehouse.gov): a session heading
 * ("Session 119 - (2011-2012)"), the bill number in `font.number`, then "General Bill, By
 * <sponsors>", the full title, and a history table of date / body / action rows.
 * Recorded example: ../shared/reference/pages/south-carolina/bill-status-S0494-2011.html.
 */

export const SOUTH_CAROLINA_SOURCE = 'south-carolina-legislature';
export const SOUTH_CAROLINA_JURISDICTION_ID = 'ocd-jurisdiction/country:us/state:sc/government';

/** What the page shows. */
export type SouthCarolinaBillStatus = {
  /** Open States session identifier: the General Assembly number (`119`). */
  session: string;
  sessionYears: string;
  identifier: string;
  /** `General Bill`, `Joint Resolution`, ... */
  billType: string;
  sponsors: string[];
  title: string;
  actions: NormalizedAction[];
};

const HISTORY_ROWS = 'a[name] ~ table tr';
const BODIES: Record<string, { actor: string; classification: ActorClassification }> = {
  Senate: { actor: 'Senate', classification: 'upper' },
  House: { actor: 'House', classification: 'lower' },
  Governor: { actor: 'Governor', classification: 'executive' },
};

/**
 * Parses the page. Dates are `MM/DD/YY` (20YY). Throws LayoutChangedError (selector + URL)
 * when the session heading, bill number, "By ..." line or history table is missing, or a
 * history row is not date / body / action.
 */
export function parseSouthCarolinaBillStatus(html: string, url: string): SouthCarolinaBillStatus {
  const $ = load(html);
  const heading = cleanText(selectAll($, 'div', url).filter((_, div) => /^Session \d+ - \(\d{4}-\d{4}\)$/.test(cleanText($(div).text()))).first().text());
  const sessionMatch = /^Session (\d+) - \((\d{4}-\d{4})\)$/.exec(heading);
  if (!sessionMatch) throw new LayoutChangedError('div:contains("Session")', url, 'no "Session NNN - (YYYY-YYYY)" heading');
  const number = textOf($, 'font.number', url);
  const byLine = cleanText(selectOne($, 'font.number', url).parent('b').text()).slice(number.length).trim();
  const by = /^(.+?), By (.+)$/.exec(byLine);
  if (!by) throw new LayoutChangedError('font.number + "By"', url, `bill line ${JSON.stringify(byLine)} is not "<type>, By <sponsors>"`);
  // The title is the anchor's text after the bold bill line.
  const anchor = selectOne($, 'font.number', url).closest('a');
  const title = cleanText(anchor.clone().children('b').remove().end().text());
  if (title === '') throw new LayoutChangedError('a[name] title', url, 'the bill title is empty');

  const actions = selectAll($, HISTORY_ROWS, url).toArray().map((row, index): NormalizedAction => {
    const cells = $(row).children('td').toArray().map((cell) => cleanText($(cell).text()));
    const date = cells.length === 3 ? /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(cells[0]) : null;
    if (!date || cells[2] === '') throw new LayoutChangedError(HISTORY_ROWS, url, `history row ${index + 1} is not date / body / action: ${JSON.stringify(cells)}`);
    const body = BODIES[cells[1]];
    return {
      date: `20${date[3]}-${date[1]}-${date[2]}`,
      description: cells[2],
      actor: body?.actor ?? (cells[1] || null),
      actorClassification: body?.classification ?? null,
      sourceClassification: [],
      passed: null,
    };
  });
  return {
    session: sessionMatch[1],
    sessionYears: sessionMatch[2],
    identifier: normalizeBillIdentifier(number),
    billType: by[1],
    sponsors: by[2].split(/,\s*|\s+and\s+/).map((s) => s.trim()).filter((s) => s !== ''),
    title,
    actions,
  };
}

const CLASSIFICATIONS: Record<string, string> = {
  'General Bill': 'bill',
  'Joint Resolution': 'joint resolution',
  'Concurrent Resolution': 'concurrent resolution',
  'Simple Resolution': 'resolution',
};

/** The page in the common shape. Never throws. */
export function toSouthCarolinaBill(status: SouthCarolinaBillStatus, url: string): NormalizedBillInput {
  return {
    source: SOUTH_CAROLINA_SOURCE,
    externalId: `${status.session}-${status.identifier}`,
    jurisdictionId: SOUTH_CAROLINA_JURISDICTION_ID,
    session: status.session,
    identifier: status.identifier,
    title: status.title,
    classification: CLASSIFICATIONS[status.billType] ?? 'other',
    chamber: status.identifier.startsWith('S') ? 'upper' : 'lower',
    actions: status.actions,
    sponsors: status.sponsors.map((name, index) => ({ name, classification: index === 0 ? 'primary' : 'cosponsor', primary: index === 0, personId: null })),
    sourceUrl: url,
    extras: { sessionYears: status.sessionYears, billType: status.billType },
  };
}
