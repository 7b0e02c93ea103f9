import type { NormalizedBillInput } from '../../../core/bill/bill.schema.js';
import type { HttpClient } from '../../kit/http-client.js';
import { ScrapeError } from '../../../core/scrape-errors.js';
import { classifyBody, classifyMatterType, sessionFor, type CouncilTerm } from '../matter-to-bill.js';
import { parseLegislationDetail, type LegislationDetail } from './legislation-detail.parser.js';

/**
 * The `legistar-html` source: Legistar InSite pages for clients whose Web API is closed
 * (e.g. a token we do not have). Same NormalizedBill shape and `source` id as the API adapter
 * (`legistar:<client>`, external id the MatterId) so the two can stand in for each other.
 */

export type LegistarHtmlConfig = {
  client: string;
  jurisdictionId: string;
  terms?: CouncilTerm[];
};

/** What the stream yields: a bill, or a page that failed (fetch or layout) to record and go past. */
export type LegistarHtmlItem = NormalizedBillInput | { error: ScrapeError };

/**
 * A parsed LegislationDetail page as NormalizedBill input. The page's history has no passed
 * flag, so `passed` comes from the Result column ("Pass" / "Fail").
 */
export function billFromLegislationDetail(detail: LegislationDetail, config: LegistarHtmlConfig): NormalizedBillInput {
  // InSite lists the newest action first; reverse, then a stable sort by date keeps same-day order.
  const actions = [...detail.history]
    .reverse()
    .filter((row) => row.action !== '')
    .map((row) => ({
      date: row.date,
      description: row.action,
      actor: row.actionBy,
      actorClassification: row.actionBy ? classifyBody(row.actionBy) : null,
      sourceClassification: [row.action],
      passed: /^pass/i.test(row.result ?? '') ? true : /^fail/i.test(row.result ?? '') ? false : null,
    }))
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  return {
    source: `legistar:${config.client}`,
    externalId: detail.matterId !== null ? String(detail.matterId) : detail.file,
    jurisdictionId: config.jurisdictionId,
    session: sessionFor(detail.introDate ?? detail.finalActionDate, config.terms),
    identifier: detail.file,
    title: detail.title,
    otherTitles: detail.name && detail.name !== detail.title ? [detail.name] : [],
    classification: classifyMatterType(detail.type),
    chamber: 'council',
    actions,
    sponsors: detail.sponsors.map((s, i) => ({ name: s.name, classification: i === 0 ? 'primary' : 'cosponsor', primary: i === 0, personId: null })),
    documents: detail.attachments.map((a) => ({ kind: 'document' as const, note: a.name, date: null, classification: null, url: a.url, mediaType: /\.pdf$/i.test(a.name) ? 'application/pdf' : null })),
    statusHints: detail.status ? [detail.status] : [],
    sourceUrl: detail.url,
    extras: { legistar: { matterGuid: detail.matterGuid, matterTypeName: detail.type, introDate: detail.introDate, passedDate: detail.finalActionDate, inControl: detail.inControl } },
  };
}

/**
 * Fetches and maps LegislationDetail pages (from a search grid, an RSS feed or a saved list).
 * A page that cannot be fetched or parsed is yielded as `{ error }` with its URL.
 */
export async function* fetchLegistarHtmlBills(detailUrls: Iterable<string>, config: LegistarHtmlConfig, http: HttpClient): AsyncGenerator<LegistarHtmlItem> {
  for (const url of detailUrls) {
    try {
      const page = await http.getText(url);
      yield billFromLegislationDetail(parseLegislationDetail(page.body, url), config);
    } catch (error) {
      if (!(error instanceof ScrapeError)) throw error;
      yield { error };
    }
  }
}
