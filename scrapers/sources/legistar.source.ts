import { HttpClient } from '../kit/http-client.js';
import { fetchLegistarBills } from '../legistar/legistar.adapter.js';
import { loadCityRegistry } from '../../db/seed/city-registry.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';
import { withCheckpoints } from './with-checkpoints.js';

/** The registry entry of a Legistar client. @throws naming the unknown client. */
export function legistarCity(client: string) {
  const city = loadCityRegistry().find((c) => c.client === client);
  if (!city) throw new Error(`no city with Legistar client "${client}" in db/seed/cities.json`);
  return city;
}

/**
 * One city council through the Legistar Web API, incrementally from the cursor (the newest
 * MatterLastModifiedUtc stored) or from `since`.
 */
export const legistarSource: SourceAdapter = {
  kind: 'legistar',
  start(ctx: AdapterContext) {
    const client = String(ctx.source.settings.client ?? ctx.source.id.replace(/^legistar:/, ''));
    const city = legistarCity(client);
    const http = new HttpClient({ minIntervalMs: 250 });
    const sinceText = typeof ctx.params.since === 'string' ? ctx.params.since : typeof ctx.source.cursor.since === 'string' ? ctx.source.cursor.since : null;
    const stream = fetchLegistarBills(
      {
        client,
        baseUrl: `${ctx.config.legistar.apiUrl}`,
        token: typeof ctx.source.settings.token === 'string' ? ctx.source.settings.token : null,
        timezone: city.timezone,
        jurisdictionId: city.id,
        since: sinceText ? new Date(sinceText) : null,
        insiteUrl: city.insiteUrl,
        terms: city.terms,
      },
      http,
    );
    return {
      // Each matter costs five or more requests: write every 20 rather than every batch.
      items: withCheckpoints(stream, 20),
      requests: () => http.requests,
      cursorAfter: () => (stream.cursor ? { since: stream.cursor } : ctx.source.cursor),
    };
  },
};
