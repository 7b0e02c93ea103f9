import { load } from 'cheerio';
import type { NormalizedAction, NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, selectAll, selectOne, textOf } from '../kit/select.js';
import { MISSOURI_JURISDICTION_ID, MISSOURI_SOURCE, missouriDateToIso, parseMissouriDatedText } from './missouri-dates.js';

/**
 * Missouri Senate bill pages (senate.mo.gov `<yy>info/BTS_Web/Bill.aspx` and `Actions.aspx`,
 * ASP.NET 1.x markup keyed by span ids: `lblBillNum`, `lblBriefDesc`, `lblLastAction`, ...).
 * Recorded examples: ../shared/reference/pages/missouri/senate-bill-*.html (2011).
 */

/** What the Senate bill detail page shows. */
export type MissouriSenateBillDetail = {
  identifier: string;
  title: string;
  sponsor: string;
  lrNumber: string;
  lastAction: { date: string; description: string };
  /** The bill's current form, e.g. `CCS SS SCS SB 70`. */
  billString: string;
  effectiveDate: string | null;
  houseHandler: string | null;
  summary: string | null;
};

/**
 * Parses `Bill.aspx`. Throws LayoutChangedError (selector + URL) when a labelled span is
 * missing or the last action is not `M/D/YYYY - text`.
 */
export function parseMissouriSenateBillDetail(html: string, url: string): MissouriSenateBillDetail {
  const $ = load(html);
  const lastActionText = textOf($, '#lblLastAction', url);
  const lastAction = parseMissouriDatedText(lastActionText);
  if (!lastAction) throw new LayoutChangedError('#lblLastAction', url, `last action ${JSON.stringify(lastActionText)} is not "M/D/YYYY - text"`);
  const optional = (selector: string) => {
    const found = $(selector);
    const text = found.length === 1 ? cleanText(found.text()) : '';
    return text === '' ? null : text;
  };
  return {
    identifier: normalizeBillIdentifier(textOf($, '#lblBillNum', url)),
    title: textOf($, '#lblBriefDesc', url),
    sponsor: textOf($, '#hlSponsor', url),
    lrNumber: textOf($, '#lblLRNum', url),
    lastAction,
    billString: textOf($, '#lblBillTitle', url),
    effectiveDate: optional('#lblEffDate'),
    houseHandler: optional('#hlHSponsor'),
    summary: optional('#lblSummary'),
  };
}

/** What the Senate actions page shows: the bill and its dated actions, oldest first. */
export type MissouriSenateActions = { identifier: string; title: string; actions: NormalizedAction[] };

const ACTIONS_TABLE = '#Table5 div > table';

/**
 * Parses `Actions.aspx`: a header with the bill number and description, then a table of
 * date / action / journal-page rows with no header row. Throws LayoutChangedError when the
 * table is missing or a row does not start with a M/D/YYYY date.
 */
export function parseMissouriSenateActions(html: string, url: string): MissouriSenateActions {
  const $ = load(html);
  const rows = selectAll(selectOne($, ACTIONS_TABLE, url), 'tr', url, { min: 1 });
  const actions = rows.toArray().map((row, index): NormalizedAction => {
    const cells = $(row).children('td').toArray().map((cell) => cleanText($(cell).text()));
    const date = cells.length === 3 ? missouriDateToIso(cells[0]) : null;
    if (!date || cells[1] === '') {
      throw new LayoutChangedError(`${ACTIONS_TABLE} tr`, url, `action row ${index + 1} is not date / action / journal: ${JSON.stringify(cells)}`);
    }
    return { date, description: cells[1], ...actorOf(cells[1]), sourceClassification: [], passed: null };
  });
  return { identifier: normalizeBillIdentifier(textOf($, '#lblBillNum', url)), title: textOf($, '#lblBriefDesc', url), actions };
}

/**
 * The Senate writes the chamber as a letter inside the text ("S Third Read and Passed",
 * "Referred H Judiciary Committee"); the Governor is named outright.
 */
function actorOf(description: string): Pick<NormalizedAction, 'actor' | 'actorClassification'> {
  if (/\bGovernor\b/.test(description) && !/Delivered to Governor/.test(description)) return { actor: 'Governor', actorClassification: 'executive' };
  if (/(^|\s)H(\s|$)/.test(description) || /House Speaker/.test(description)) return { actor: 'House', actorClassification: 'lower' };
  if (/(^|\s)S(\s|$)/.test(description) || /Senate President/.test(description)) return { actor: 'Senate', actorClassification: 'upper' };
  return { actor: null, actorClassification: null };
}

/**
 * A Senate bill in the common shape from its detail page and (optionally) its actions page.
 * `session` is the Open States identifier, the regular session's year (`2011`). Never throws.
 */
export function toMissouriSenateBill(detail: MissouriSenateBillDetail, actions: MissouriSenateActions | null, session: string, url: string): NormalizedBillInput {
  const list: NormalizedAction[] = actions?.actions.length
    ? actions.actions
    : [{ date: detail.lastAction.date, description: detail.lastAction.description, actor: null, actorClassification: null, sourceClassification: [], passed: null }];
  return {
    source: MISSOURI_SOURCE,
    externalId: `${session}-${detail.identifier}`,
    jurisdictionId: MISSOURI_JURISDICTION_ID,
    session,
    identifier: detail.identifier,
    title: detail.title,
    abstract: detail.summary,
    classification: /^[HS]J?R /.test(detail.identifier) ? 'resolution' : 'bill',
    chamber: detail.identifier.startsWith('S') ? 'upper' : 'lower',
    actions: list,
    sponsors: [
      { name: detail.sponsor, classification: 'primary', primary: true, personId: null },
      ...(detail.houseHandler ? [{ name: detail.houseHandler, classification: 'house handler', primary: false, personId: null }] : []),
    ],
    sourceUrl: url,
    extras: { lrNumber: detail.lrNumber, billString: detail.billString, effectiveDate: detail.effectiveDate, lastAction: detail.lastAction },
  };
}
