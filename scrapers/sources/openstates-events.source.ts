import { openStatesEventsSettingsSchema } from '../../core/sources/city-source-settings.js';
import { addDaysToDate } from '../../core/dates.js';
import { DrizzleQuotaStore } from '../../db/sources/api-quota-store.js';
import { OpenStatesClient } from '../openstates/openstates-client.js';
import { readOpenStatesEvents } from '../openstates/openstates-events.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import { resolveStateJurisdiction } from './openstates.source.js';
import { todayIn } from './agenda-run.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/**
 * Legislative hearings from Open States `/events` (kind `openstates-events`): for each
 * jurisdiction in the settings (or the `jurisdiction` run parameter), the events since
 * `lookbackDays` ago that take up bills, every page, stored as meetings whose agenda items link
 * to the bills by their `ocd-bill/…` id. Spends the same daily key budget as the bill sync
 * (OPENSTATES_DAILY_LIMIT), so it is off until staff list jurisdictions.
 */
export const openStatesEventsSource: SourceAdapter = {
  kind: 'openstates-events',
  notConfigured: ({ config }) => (config.openstates.apiKey ? null : 'OPENSTATES_API_KEY is not set (request a free key at https://open.pluralpolicy.com/accounts/profile/)'),
  start(ctx: AdapterContext) {
    const settings = openStatesEventsSettingsSchema.parse(ctx.source.settings);
    const client = new OpenStatesClient({
      baseUrl: ctx.config.openstates.apiUrl,
      apiKey: ctx.config.openstates.apiKey ?? undefined,
      requestsPerMinute: ctx.config.openstates.rateLimitPerMinute,
      requestsPerDay: ctx.config.openstates.dailyLimit,
      quotaStore: new DrizzleQuotaStore(ctx.handle.db),
    });
    const given = ctx.params.jurisdiction === undefined ? settings.jurisdictions : [ctx.params.jurisdiction].flat().map(String);
    const jurisdictions = given.map(resolveStateJurisdiction);
    const after = addDaysToDate(todayIn('UTC', ctx.params.today), -settings.lookbackDays);

    async function* items(): AsyncGenerator<SourceItem> {
      for (const jurisdiction of jurisdictions) {
        for (let page = 1; ; page++) {
          const { body, url } = await client.searchEvents({ jurisdiction, after, page, require_bills: true });
          const read = readOpenStatesEvents(body, url);
          for (const problem of read.problems) yield { error: problem, url: problem.url };
          for (const meeting of read.meetings) yield { meeting };
          if (read.page === null || read.maxPage === null || read.page >= read.maxPage) break;
        }
      }
    }
    return { items: items(), requests: () => client.requests, cursorAfter: () => ({ ...ctx.source.cursor, readFrom: `${ctx.config.openstates.apiUrl}/events` }) };
  },
};
