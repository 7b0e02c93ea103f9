import { load } from 'cheerio';
import type { NormalizedAction, NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { normalizeBillIdentifier } from '../../core/bill/identifier.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { cleanText, columnIndex, selectAll, selectOne, textOf } from '../kit/select.js';
import { MISSOURI_JURISDICTION_ID, MISSOURI_SOURCE, missouriDateToIso, parseMissouriDatedText } from './missouri-dates.js';

/**
 * Missouri House pages (house.mo.gov `BillSummaryPrn.aspx` and `BillActionsPrn.aspx`).
 * The summary is a `th` label / `td` value table; the activity history is a table whose
 * header row reads Date | Jrn Pg | Activity Description. Recorded examples:
 * ../shared/reference/pages/missouri/house-bill-*.html.
 */

/** What the House bill summary page shows. */
export type MissouriHouseBillSummary = {
  identifier: string;
  title: string;
  sponsor: string;
  coSponsors: string[];
  lrNumber: string | null;
  lastAction: { date: string; description: string };
  governorAction: { date: string; description: string } | null;
  billString: string | null;
  proposedEffectiveDate: string | null;
};

const SUMMARY_TABLE = '#BillDetails table';

/**
 * Parses `BillSummaryPrn.aspx`. Throws LayoutChangedError (selector + URL) when the bill
 * header, description, Sponsor or Last Action row is missing or unreadable.
 */
export function parseMissouriHouseBillSummary(html: string, url: string): MissouriHouseBillSummary {
  const $ = load(html);
  const fields = new Map<string, string>();
  selectAll(selectOne($, SUMMARY_TABLE, url), 'th', url).each((_, th) => {
    fields.set(cleanText($(th).text()).replace(/:$/, ''), cleanText($(th).next('td').text()));
  });
  const required = (label: string): string => {
    const value = fields.get(label);
    if (!value) throw new LayoutChangedError(`${SUMMARY_TABLE} th:contains("${label}:")`, url, `no "${label}" row; rows were ${JSON.stringify([...fields.keys()])}`);
    return value;
  };
  const lastAction = parseMissouriDatedText(required('Last Action'));
  if (!lastAction) throw new LayoutChangedError(`${SUMMARY_TABLE} th:contains("Last Action:")`, url, `last action ${JSON.stringify(fields.get('Last Action'))} is not "M/D/YYYY - text"`);
  const coSponsorCell = $(SUMMARY_TABLE).find('th').filter((_, th) => cleanText($(th).text()) === 'Co-Sponsor:').next('td');
  return {
    identifier: normalizeBillIdentifier(textOf($, '#BillDetails .entry-title', url)),
    title: textOf($, '#BillDetails .BillDescription', url),
    sponsor: required('Sponsor'),
    // The page lists the first co-sponsors and links the rest as "et al."
    coSponsors: coSponsorCell.find('a').toArray().map((a) => cleanText($(a).text())).filter((name) => name !== 'et al.'),
    lrNumber: fields.get('LR Number') || null,
    lastAction,
    governorAction: parseMissouriDatedText(fields.get('Governor Action') ?? ''),
    billString: fields.get('Bill String') || null,
    proposedEffectiveDate: fields.get('Proposed Effective Date') || null,
  };
}

/** What the House activity history page shows. */
export type MissouriHouseActivity = { heading: string; session: string; actions: NormalizedAction[] };

const ACTIVITY_TABLE = 'table[border="1"]';
const ACTOR_SUFFIX: Record<string, Pick<NormalizedAction, 'actor' | 'actorClassification'>> = {
  H: { actor: 'House', actorClassification: 'lower' },
  S: { actor: 'Senate', actorClassification: 'upper' },
  G: { actor: 'Governor', actorClassification: 'executive' },
};

/**
 * Parses `BillActionsPrn.aspx`. Columns are found by header text. A row with no date
 * continues the previous activity's description (the page splits long notes over rows).
 * The action's actor comes from the `(H)`, `(S)`, `(G)` suffix the House writes.
 * Throws LayoutChangedError when the table or a header is missing, or a dated row is unreadable.
 */
export function parseMissouriHouseActivity(html: string, url: string): MissouriHouseActivity {
  const $ = load(html);
  const table = selectOne($, ACTIVITY_TABLE, url);
  const rows = selectAll(table, 'tr', url, { min: 2 }).toArray();
  const headers = $(rows[0]).children('td, th').toArray().map((cell) => $(cell).text());
  const columns = columnIndex(headers, { date: /^Date$/i, description: /^Activity Description$/i }, `${ACTIVITY_TABLE} tr:first-child`, url);
  const actions: NormalizedAction[] = [];
  for (const row of rows.slice(1)) {
    const cells = $(row).children('td').toArray().map((cell) => cleanText($(cell).text()));
    if (cells.length === 0 || cells.every((c) => c === '')) continue;
    const dateText = cells[columns.date] ?? '';
    const description = cells[columns.description] ?? '';
    if (dateText === '') {
      const previous = actions.at(-1);
      if (!previous || description === '') throw new LayoutChangedError(`${ACTIVITY_TABLE} tr`, url, `an undated row with nothing to continue: ${JSON.stringify(cells)}`);
      previous.description = `${previous.description} ${description}`;
      continue;
    }
    const date = missouriDateToIso(dateText);
    if (!date || description === '') throw new LayoutChangedError(`${ACTIVITY_TABLE} tr`, url, `unreadable activity row ${JSON.stringify(cells)}`);
    const suffix = /\(([HSG])\)$/.exec(description);
    actions.push({ date, description, ...(suffix ? ACTOR_SUFFIX[suffix[1]] : { actor: null, actorClassification: null }), sourceClassification: [], passed: null });
  }
  return {
    heading: cleanText($('b').filter((_, b) => /Activity History for/.test($(b).text())).first().text()),
    session: cleanText($('font').filter((_, f) => /General Assembly/.test($(f).text())).first().text()),
    actions,
  };
}

/**
 * A House bill in the common shape from its summary and (optionally) its activity history.
 * `session` is the Open States identifier (`2011`). Never throws.
 */
export function toMissouriHouseBill(summary: MissouriHouseBillSummary, activity: MissouriHouseActivity | null, session: string, url: string): NormalizedBillInput {
  const actions: NormalizedAction[] = activity?.actions.length
    ? activity.actions
    : [{ date: summary.lastAction.date, description: summary.lastAction.description, ...(ACTOR_SUFFIX[/\(([HSG])\)$/.exec(summary.lastAction.description)?.[1] ?? ''] ?? { actor: null, actorClassification: null }), sourceClassification: [], passed: null }];
  return {
    source: MISSOURI_SOURCE,
    externalId: `${session}-${summary.identifier}`,
    jurisdictionId: MISSOURI_JURISDICTION_ID,
    session,
    identifier: summary.identifier,
    title: summary.title,
    classification: 'bill',
    chamber: summary.identifier.startsWith('S') ? 'upper' : 'lower',
    actions,
    sponsors: [
      { name: summary.sponsor, classification: 'primary', primary: true, personId: null },
      ...summary.coSponsors.map((name) => ({ name, classification: 'cosponsor', primary: false, personId: null })),
    ],
    statusHints: summary.governorAction ? [summary.governorAction.description] : [],
    sourceUrl: url,
    extras: { lrNumber: summary.lrNumber, billString: summary.billString, lastAction: summary.lastAction, governorAction: summary.governorAction },
  };
}
