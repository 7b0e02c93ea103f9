import { HttpClient } from '../kit/http-client.js';
import { scrapeVirginiaSession } from '../virginia/virginia-session.scraper.js';
import type { SourceItem } from '../pipeline/import-bills.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/** The LIS session code for today's regular session (`20261`), when none is given. */
function currentSessionCode(): string {
  return `${new Date().getUTCFullYear()}1`;
}

/** Virginia's LIS file share: BILLS.CSV and HISTORY.CSV of one session (two requests). */
export const virginiaSource: SourceAdapter = {
  kind: 'virginia-lis',
  start(ctx: AdapterContext) {
    const http = new HttpClient({ minIntervalMs: 2500 });
    const code = typeof ctx.params.session === 'string' ? ctx.params.session : currentSessionCode();
    async function* items(): AsyncGenerator<SourceItem> {
      const { bills, rejected } = await scrapeVirginiaSession({ getText: async (url) => (await http.getText(url)).body }, code);
      for (const error of rejected) yield { error, url: error.url };
      yield* bills;
    }
    return { items: items(), requests: () => http.requests, cursorAfter: () => ({ ...ctx.source.cursor, lastSession: code }) };
  },
};
