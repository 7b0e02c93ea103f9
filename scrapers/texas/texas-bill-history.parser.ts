import { load } from 'cheerio';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, selectOne, textOf } from '../kit/select.js';
import {
  TEXAS_ACTORS, TEXAS_JURISDICTION_ID, TEXAS_SOURCE, parseTexasActionLine, parseTexasLegSess, texasBillKind,
} from './texas-session.js';

/**
 * TLO bill history page, `https://capitol.texas.gov/BillLookup/History.aspx?LegSess=87R&Bill=SB6`.
 * Field ids documented in FEEDS.md (from tlc.texas.gov's Bill_History_Screen help and
 * openstates-scrapers): `cellLastAction`, `cellCaptionVersion`, `cellCaptionText`,
 * `cellSubjects`. `cellAuthors` is read when present (not documented there, so optional).
 * The session and bill number come from the page URL, because that is what identifies the bill:
 * the same number exists in several called sessions.
 * No real History.aspx page is recorded yet; the tests use a hand-made page.
 */

/**
 * Parses a History.aspx page. Throws LayoutChangedError (selector + URL) when a documented
 * field is missing or the last action is not `MM/DD/YYYY <H|S|E> text`, and a RangeError when
 * the URL has no `LegSess` and `Bill`.
 */
export function parseTexasBillHistory(html: string, url: string): NormalizedBillInput {
  const query = new URL(url).searchParams;
  const legSessParam = query.get('LegSess');
  const billParam = query.get('Bill');
  if (!legSessParam || !billParam) throw new RangeError(`Texas history URL needs LegSess and Bill: ${url}`);
  const session = parseTexasLegSess(legSessParam);
  const identifier = normalizeBillIdentifier(billParam);

  const $ = load(html);
  const caption = textOf($, '#cellCaptionText', url);
  const captionVersion = textOf($, '#cellCaptionVersion', url);
  const lastActionText = textOf($, '#cellLastAction', url);
  const lastAction = parseTexasActionLine(lastActionText);
  if (!lastAction) throw new LayoutChangedError('#cellLastAction', url, `last action ${JSON.stringify(lastActionText)} is not "MM/DD/YYYY H text"`);
  if (caption === '') throw new LayoutChangedError('#cellCaptionText', url, 'the caption is empty');
  // Subjects are separated by <br>; read each text node rather than the run-together text.
  const subjects = selectOne($, '#cellSubjects', url).contents().toArray()
    .filter((node) => node.type === 'text')
    .map((node) => cleanText($(node).text()))
    .filter((s) => s !== '');
  const authorsCell = $('#cellAuthors');
  const authors = authorsCell.length === 1
    ? cleanText(authorsCell.text()).split('|').map((a) => a.trim()).filter((a) => a !== '')
    : [];
  const kind = texasBillKind(identifier);
  const actor = TEXAS_ACTORS[lastAction.chamber];
  return {
    source: TEXAS_SOURCE,
    externalId: `${session.legSess}-${identifier}`,
    jurisdictionId: TEXAS_JURISDICTION_ID,
    session: session.openStatesSession,
    identifier,
    title: caption,
    classification: kind?.classification ?? 'other',
    chamber: kind?.chamber ?? null,
    subjects,
    actions: [{ date: lastAction.date, description: lastAction.description, actor: actor.actor, actorClassification: actor.classification, sourceClassification: [], passed: null }],
    sponsors: authors.map((name, index) => ({ name, classification: index === 0 ? 'primary' : 'cosponsor', primary: index === 0, personId: null })),
    sourceUrl: url,
    extras: { legSess: session.legSess, captionVersion },
  };
}
