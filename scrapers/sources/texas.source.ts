import { z } from 'zod';
import { HttpClient, HttpStatusError } from '../kit/http-client.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import { parseTexasBillHistory } from '../texas/texas-bill-history.parser.js';
import { parseTexasSearchResults, type TexasSearchResult } from '../texas/texas-search-results.parser.js';
import { parseTexasLegSess, type TexasSession } from '../texas/texas-session.js';
import { CHECKPOINT, type SourceItem } from '../pipeline/import-bills.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/** Texas Legislature Online. */
export const TEXAS_TLO_URL = 'https://capitol.texas.gov';

const settingsSchema = z.object({
  baseUrl: z.string().url().default(TEXAS_TLO_URL),
  /** Milliseconds between two requests to TLO: it serves HTML pages, one per bill. */
  minIntervalMs: z.number().int().min(0).default(1500),
  /** TLO subject codes (`I0085`...) that narrow the search; all bills of the session when empty. */
  subjects: z.array(z.string().regex(/^[A-Z]\d{4}$/)).default([]),
});

const cursorSchema = z.object({
  lastSession: z.string().optional(),
  /** Per bill of `lastSession`, the search result's last action and caption version when its history page was read. */
  seen: z.record(z.string(), z.string()).default({}),
});

/**
 * The TLO session code for `--session` as Open States writes it (`89` regular, `891` first
 * called session) or as TLO does (`89R`, `891`). @throws RangeError for anything else.
 */
export function texasLegSessFor(session: string): TexasSession {
  const trimmed = session.trim();
  return parseTexasLegSess(/^\d{2}$/.test(trimmed) ? `${trimmed}R` : trimmed);
}

/** The regular session sitting now or last: the 86th Legislature met in 2019, one every two years. */
function currentRegularSession(today = new Date()): string {
  const year = today.getUTCFullYear();
  const startYear = year % 2 === 1 ? year : year - 1;
  return `${86 + (startYear - 2019) / 2}R`;
}

/**
 * A BillSearchResults.aspx URL: every criterion spelled out in the order TLO writes it, since
 * TLO starts a fresh search when one is missing (EdVinyard/TxBillSearch `_query_without_id`).
 * `CP` is the page; the pager links on a real results page have the same shape
 * (../shared/reference/pages/texas/tlo-bill-search-results-86R-2019.html).
 */
export function texasSearchUrl(baseUrl: string, session: TexasSession, subjects: string[], page: number): string {
  const sess = session.calledSession === null ? 'R' : String(session.calledSession);
  const criteria = [
    `CP=${page}`, 'shCmte=False', 'shComp=False', 'shSumm=False', 'NSP=1', 'SPL=False', 'SPC=False', 'SPA=False', `SPS=${subjects.length > 0 ? 'True' : 'False'}`,
    `Leg=${session.legislature}`, `Sess=${sess}`, 'ChamberH=True', 'ChamberS=True', 'BillType=B;JR;;;;;', 'AuthorCode=', 'SponsorCode=', 'ASAndOr=O',
    'IsPA=True', 'IsJA=False', 'IsCA=False', 'IsPS=True', 'IsJS=False', 'IsCS=False', 'CmteCode=', 'CmteStatus=', 'OnDate=', 'FromDate=', 'ToDate=',
    'FromTime=', 'ToTime=', 'LastAction=False', 'Actions=', 'AAO=', `Subjects=${subjects.map((s) => `${s};`).join('')}`, `SAO=${subjects.length > 0 ? 'O' : ''}`, 'TT=',
  ];
  return new URL(`/Search/BillSearchResults.aspx?${criteria.join('&')}`, baseUrl).toString();
}

/** What changes on a bill's history page shows in its search result too: re-read the page when this differs. */
function resultKey(result: TexasSearchResult): string {
  const a = result.lastAction;
  return `${a.date} ${a.chamber} ${a.description} | ${result.captionVersion}`;
}

/**
 * Texas Legislature Online, one session (`session` param, else the cursor's, else the current
 * regular session): pages through the bill search results (optionally narrowed to
 * `settings.subjects`) and reads the History.aspx page of every bill whose last action or
 * caption version changed since the last successful run. A results page saying "No bills were
 * found" yields nothing; any page that no longer parses fails the run (selector and URL).
 * Base URL: `settings.baseUrl`.
 */
export const texasSource: SourceAdapter = {
  kind: 'texas-tlo',
  start(ctx: AdapterContext) {
    const settings = settingsSchema.parse(ctx.source.settings);
    const cursor = cursorSchema.parse(ctx.source.cursor);
    const http = new HttpClient({ minIntervalMs: settings.minIntervalMs });
    const given = typeof ctx.params.session === 'string' && ctx.params.session !== '' ? ctx.params.session : cursor.lastSession ?? currentRegularSession();
    const session = texasLegSessFor(given);
    const before = cursor.lastSession === session.legSess ? cursor.seen : {};
    const seen: Record<string, string> = { ...before };

    async function* items(): AsyncGenerator<SourceItem> {
      let pageSize = 0;
      for (let page = 1; ; page++) {
        const url = texasSearchUrl(settings.baseUrl, session, settings.subjects, page);
        const fetched = await http.getText(url);
        const results = parseTexasSearchResults(fetched.body, url);
        if (results.kind === 'no-matches') return;
        // A pager that ignored CP would serve page 1 forever.
        if (page === 1) pageSize = results.to - results.from + 1;
        else if (results.from !== (page - 1) * pageSize + 1) {
          throw new LayoutChangedError('#lblMatches', url, `asked for results page ${page} but got results ${results.from} to ${results.to}`);
        }
        for (const result of results.results) {
          if (result.legSess !== session.legSess) {
            throw new LayoutChangedError('a[href*="History.aspx?LegSess="]', url, `searched session ${session.legSess} but result ${result.identifier} is of ${result.legSess}`);
          }
          const key = resultKey(result);
          if (before[result.identifier] === key) continue;
          // The search result links capitol.texas.gov; read the page from the configured host.
          const historyUrl = new URL(new URL(result.historyUrl).pathname + new URL(result.historyUrl).search, settings.baseUrl).toString();
          let html: string;
          try {
            html = (await http.getText(historyUrl)).body;
          } catch (error) {
            // One bill TLO refuses (404...) is that bill's failure; a site that keeps failing ends the run.
            if (!(error instanceof HttpStatusError) || error.retryable) throw error;
            yield { error, url: historyUrl };
            continue;
          }
          yield parseTexasBillHistory(html, historyUrl);
          seen[result.identifier] = key;
        }
        yield CHECKPOINT; // a killed run keeps the bills of every results page before this one
        if (results.to >= results.total) return;
      }
    }
    return {
      items: items(),
      requests: () => http.requests,
      cursorAfter: () => ({ lastSession: session.legSess, seen }),
    };
  },
};
