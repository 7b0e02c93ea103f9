import { z } from 'zod';
import { HttpClient } from '../../scrapers/kit/http-client.js';
import { LayoutChangedError } from '../../core/scrape-errors.js';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { CHECKPOINT, type SourceItem } from '../../scrapers/pipeline/import-bills.js';
import type { SourceAdapter } from '../../scrapers/sources/source-adapter.js';

/**
 * A real (if tiny) source for tests: it fetches JSON pages over HTTP from the loopback
 * server in test-source-server.ts with the project's HttpClient, validates each page, and
 * yields NormalizedBill records built from what it fetched. Settings: `url` (the feed),
 * `jurisdictionId`, and optional `timeoutMs` / `maxAttempts` for the HTTP client.
 */

export const TEST_SOURCE_KIND = 'test-json';

const settingsSchema = z.object({
  url: z.string().url(),
  jurisdictionId: z.string().min(1),
  timeoutMs: z.number().int().positive().default(5000),
  maxAttempts: z.number().int().positive().default(2),
});

const pageSchema = z.object({
  bills: z.array(z.object({ id: z.string(), identifier: z.string(), title: z.string(), session: z.string() })),
  next: z.number().int().positive().nullable(),
});

/** The adapter; `adapterFor` below is the lookup workers and schedulers are given in tests. */
export const testSourceAdapter: SourceAdapter = {
  kind: TEST_SOURCE_KIND,
  notConfigured: ({ source }) => (settingsSchema.safeParse(source.settings).success ? null : 'settings.url and settings.jurisdictionId are required'),
  start(ctx) {
    const settings = settingsSchema.parse(ctx.source.settings);
    const client = new HttpClient({ minIntervalMs: 0, baseDelayMs: 20, maxDelayMs: 50, maxAttempts: settings.maxAttempts, timeoutMs: settings.timeoutMs });
    let pagesRead = 0;
    let lastId: string | null = null;
    async function* items(): AsyncGenerator<SourceItem> {
      for (let page: number | null = 1; page !== null; ) {
        const url = `${settings.url}?page=${page}`;
        const { body } = await client.getJson(url);
        const parsed = pageSchema.safeParse(body);
        if (!parsed.success) throw new LayoutChangedError('bills[]', url, `page ${page} is not a bill list: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
        for (const b of parsed.data.bills) {
          const bill: NormalizedBillInput = {
            source: ctx.source.id,
            externalId: b.id,
            jurisdictionId: settings.jurisdictionId,
            session: b.session,
            identifier: b.identifier,
            title: b.title,
            sourceUrl: url,
          };
          lastId = b.id;
          yield bill;
        }
        yield CHECKPOINT;
        pagesRead += 1;
        page = parsed.data.next;
      }
    }
    return {
      items: items(),
      requests: () => client.requests,
      cursorAfter: () => ({ pagesRead, lastId }),
    };
  },
};

/** Adapter lookup for tests: only the test kind exists. */
export function testAdapterFor(kind: string): SourceAdapter {
  if (kind === TEST_SOURCE_KIND) return testSourceAdapter;
  throw new Error(`no adapter for source kind "${kind}"`);
}
