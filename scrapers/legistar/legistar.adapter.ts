import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { ActorClassification } from '../../core/vocabulary.js';
import type { HttpClient } from '../kit/http-client.js';
import { InvalidRecordError, ScrapeError } from '../../core/scrape-errors.js';
import { LEGISTAR_API_BASE_URL, LegistarApiClient } from './legistar-api-client.js';
import type { LegistarHistory, LegistarMatter } from './legistar-api.schema.js';
import { legistarUtcInstant, odataDatetime, utcWallTime, wallTimeIn } from '../../core/dates.js';
import { classifyBodies, matterToBill, normalizeHistories, type CouncilTerm, type MatterParts } from './matter-to-bill.js';

/** One Legistar source: a client of the Web API and the jurisdiction it speaks for. */
export type LegistarSourceConfig = {
  client: string;
  /** Default `https://webapi.legistar.com`. */
  baseUrl?: string;
  token?: string | null;
  /** The city's IANA zone: Legistar's local date fields are filtered in it. */
  timezone: string;
  jurisdictionId: string;
  /** Fetch only matters changed or dated since this instant (the previous run's cursor); all when null. */
  since?: Date | null;
  /** Public InSite site for sourceUrl; default `https://<client>.legistar.com`. */
  insiteUrl?: string | null;
  terms?: CouncilTerm[];
  /** Also read `/matters/{id}/indexes` into subjects (one more request per matter; default true). */
  includeIndexes?: boolean;
  /** Also read the latest version's text into extras.text (two more requests per matter; default false). */
  includeText?: boolean;
};

/** What the stream yields: a bill, or a per-matter failure to record and go past. */
export type LegistarBillItem = NormalizedBillInput | { error: ScrapeError };

/** True for the failure items of a LegistarBillStream. */
export function isLegistarError(item: LegistarBillItem): item is { error: ScrapeError } {
  return 'error' in item;
}

/**
 * The bills of one run. Iterate it with `for await`; afterwards `cursor` is the value to pass
 * as `since` next time (an ISO UTC instant), or the old `since` when nothing was seen.
 */
export interface LegistarBillStream extends AsyncIterable<LegistarBillItem> {
  readonly cursor: string | null;
}

/** Fields besides MatterLastModifiedUtc whose change means a matter moved; last-modified alone misses history changes (API.md §1.7). */
const LOCAL_DATE_FIELDS = ['MatterIntroDate', 'MatterPassedDate', 'MatterAgendaDate'] as const;

/**
 * The OData filter for an incremental run: changed since `since` (UTC) or introduced, passed
 * or on an agenda since the local calendar day of `since` in the city's zone. Legistar ORs
 * these in one query; matters() drops a MatterId it has seen, so the result is their union.
 */
export function sinceFilter(since: Date, timeZone: string): string {
  const localDay = `${wallTimeIn(since, timeZone).slice(0, 10)}T00:00:00`;
  return [`MatterLastModifiedUtc ge ${odataDatetime(utcWallTime(since))}`, ...LOCAL_DATE_FIELDS.map((f) => `${f} ge ${odataDatetime(localDay)}`)].join(' or ');
}

/**
 * Fetches a Legistar client's matters as NormalizedBill input, with histories, sponsors,
 * attachments (and topic indexes, optionally text) per matter.
 *
 * - Throws ScrapeError `token_required` when the client refuses us for want of a token, and
 *   any error of the matter listing itself (the run has failed).
 * - Yields `{ error }` for one matter whose details could not be fetched or read, and goes on.
 * - Matters restricted from the public web (MatterRestrictViewViaWeb) are skipped.
 * - The cursor is the newest MatterLastModifiedUtc seen, held back to the oldest matter that
 *   failed so the next run (which filters `ge`) tries that one again.
 */
export function fetchLegistarBills(config: LegistarSourceConfig, http: HttpClient): LegistarBillStream {
  let cursor: string | null = config.since ? config.since.toISOString() : null;
  const api = new LegistarApiClient({ client: config.client, baseUrl: config.baseUrl ?? LEGISTAR_API_BASE_URL, token: config.token }, http);
  const insiteUrl = config.insiteUrl === undefined ? `https://${config.client}.legistar.com` : config.insiteUrl;

  async function* run(): AsyncGenerator<LegistarBillItem> {
    // Bodies first: it tells the council from its committees, and a refused token shows here.
    let bodyRoles: Map<string, ActorClassification> | undefined;
    try {
      bodyRoles = classifyBodies(await api.bodies());
    } catch (error) {
      if (error instanceof ScrapeError && error.code === 'token_required') throw error;
      // Without /bodies the body names still classify well enough; matters are what matter.
      bodyRoles = undefined;
    }
    const context = { client: config.client, jurisdictionId: config.jurisdictionId, insiteUrl, terms: config.terms, bodyRoles };
    const filter = config.since ? sinceFilter(config.since, config.timezone) : undefined;
    let newest: string | null = null;
    let oldestFailed: string | null = null;

    for await (const matter of api.matters({ filter, orderBy: 'MatterLastModifiedUtc' })) {
      if (matter instanceof InvalidRecordError) {
        yield { error: matter };
        continue;
      }
      const modified = legistarUtcInstant(matter.MatterLastModifiedUtc);
      if (matter.MatterRestrictViewViaWeb) {
        if (modified && (newest === null || modified > newest)) newest = modified;
        continue;
      }
      try {
        const parts = await fetchParts(api, matter, config);
        if (modified && (newest === null || modified > newest)) newest = modified;
        yield matterToBill(matter, parts, context);
      } catch (error) {
        if (!(error instanceof ScrapeError) || error.code === 'token_required') throw error;
        if (modified && (oldestFailed === null || modified < oldestFailed)) oldestFailed = modified;
        yield { error: withMatter(error, matter) };
      }
      cursor = pickCursor(config.since, newest, oldestFailed);
    }
    cursor = pickCursor(config.since, newest, oldestFailed);
  }

  const generator = run();
  return {
    [Symbol.asyncIterator]: () => generator,
    get cursor() {
      return cursor;
    },
  };
}

async function fetchParts(api: LegistarApiClient, matter: LegistarMatter, config: LegistarSourceConfig): Promise<MatterParts> {
  const id = matter.MatterId;
  const histories = await api.histories(id);
  const sponsors = await api.sponsors(id);
  const attachments = await api.attachments(id);
  const votes = await memberVotes(api, histories);
  const indexes = config.includeIndexes === false ? [] : await api.matterIndexes(id);
  let text: MatterParts['text'] = null;
  if (config.includeText) {
    const versions = await api.versions(id);
    // Versions come oldest first; the last is the current text.
    const latest = versions[versions.length - 1];
    if (latest) {
      const body = await api.text(id, latest.Key);
      if (body.MatterTextPlain) text = { version: latest.Value ?? body.MatterTextVersion, plain: body.MatterTextPlain };
    }
  }
  return { histories, sponsors, attachments, indexes, text, votes };
}

/**
 * Each member's vote on the history rows taken at a meeting item (python-legistar asks
 * `/eventitems/{MatterHistoryId}/votes` when the row's event, roll-call flag and passed flag
 * are all set). A roll-call item without vote rows is read from its roll call instead.
 */
async function memberVotes(api: LegistarApiClient, histories: LegistarHistory[]): Promise<NonNullable<MatterParts['votes']>> {
  const out: NonNullable<MatterParts['votes']> = {};
  // The rows the bill keeps: a duplicated row (Chicago's second "Passed") is not asked twice.
  for (const row of normalizeHistories(histories)) {
    if (row.MatterHistoryEventId === null || row.MatterHistoryPassedFlag === null || row.MatterHistoryRollCallFlag === null) continue;
    let members = (await api.votes(row.MatterHistoryId)).map((v) => ({ name: v.VotePersonName, value: v.VoteValueName, personId: v.VotePersonId, sort: v.VoteSort }));
    if (members.length === 0 && row.MatterHistoryRollCallFlag === 1) {
      members = (await api.rollCalls(row.MatterHistoryId)).map((r) => ({ name: r.RollCallPersonName, value: r.RollCallValueName, personId: r.RollCallPersonId, sort: r.RollCallSort }));
    }
    if (members.length) out[row.MatterHistoryId] = members;
  }
  return out;
}

function pickCursor(since: Date | null | undefined, newest: string | null, oldestFailed: string | null): string | null {
  const previous = since ? since.toISOString() : null;
  let next = newest ?? previous;
  if (oldestFailed !== null && next !== null && oldestFailed < next) next = oldestFailed;
  if (previous !== null && next !== null && next < previous) next = previous;
  return next;
}

/** Says which matter an error belongs to, keeping its code and URL. */
function withMatter(error: ScrapeError, matter: LegistarMatter): ScrapeError {
  const label = matter.MatterFile ? `${matter.MatterFile} (MatterId ${matter.MatterId})` : `MatterId ${matter.MatterId}`;
  return new ScrapeError(error.code, `${label}: ${error.message}`, { url: error.url, retryable: error.retryable, cause: error });
}
