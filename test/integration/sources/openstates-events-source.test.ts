import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { queryRows } from '../../../db/database.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { openStatesEventsSource } from '../../../scrapers/sources/openstates-events.source.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { importFixtureBills, makeBill, VIRGINIA } from '../../helpers/bill-fixtures.js';
import { repoRoot } from '../../helpers/reference.js';
import { startCitySite, type CitySiteServer } from '../../helpers/city-site-server.js';

/**
 * Legislative hearings from Open States `/events` (a loopback API answering the events page of
 * test/fixtures/cities/openstates-events-va.json, written from the published OpenAPI
 * document): stored as meetings whose agenda items link to the bills by their ocd-bill id.
 */
const events = readFileSync(path.join(repoRoot, 'test/fixtures/cities/openstates-events-va.json'), 'utf8');
const KEY = 'test-openstates-key';

describeEachDatabase('Open States events: hearings as meetings, linked to state bills', (ctx) => {
  let api: CitySiteServer;
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    api = await startCitySite([
      (req) => {
        if (req.path !== '/events') return null;
        if (req.headers['x-api-key'] !== KEY) return { status: 403, type: 'application/json', body: JSON.stringify({ detail: 'Must provide API Key as ?apikey or X-API-KEY.' }) };
        return { type: 'application/json', body: events };
      },
    ]);
    await importFixtureBills(ctx.handle, [makeBill({ source: 'openstates', externalId: 'ocd-bill/6a6c1b1e-0000-4000-8000-000000005099', identifier: 'HB 5099', session: '2020S1', jurisdictionId: VIRGINIA })]);
  });
  afterAll(() => api.close());

  test('one request per page with agendas and participants; the hearing links HB 5099; a malformed event is reported', async () => {
    const source = (await loadSource(ctx.handle, 'openstates-events'))!;
    const summary = await runSource(ctx.handle, testConfig({ OPENSTATES_API_URL: api.baseUrl, OPENSTATES_API_KEY: KEY }), { ...source, settings: { jurisdictions: ['va'], lookbackDays: 7 } }, openStatesEventsSource, {
      trigger: 'cli', params: { today: '2020-08-20' }, today: '2020-08-20',
    });
    expect(summary).toMatchObject({ outcome: 'partial', counts: { requests: 1, created: 2, failed: 1 } });
    expect(summary.errors[0].message).toMatch(/event 2: start_date/);
    const [call] = api.requests;
    expect(call.query.get('jurisdiction')).toBe(VIRGINIA);
    expect(call.query.get('after')).toBe('2020-08-13');
    expect(call.query.getAll('include')).toEqual(['agenda', 'participants', 'links', 'sources']);
    const [hearing] = await queryRows<{ body: string; date: string; time: string; identifier: string }>(
      ctx.handle.db,
      sql`SELECT m.body, m.date::text AS date, m.time, b.identifier FROM meetings m JOIN meeting_items mi ON mi.meeting_id = m.id JOIN bills b ON b.id = mi.bill_id WHERE m.source = 'openstates'`,
    );
    expect(hearing).toEqual({ body: 'Courts of Justice - Criminal', date: '2020-08-25', time: '09:00', identifier: 'HB 5099' });
    const [cancelled] = await queryRows<{ status: string }>(ctx.handle.db, sql`SELECT status FROM meetings WHERE external_id = 'ocd-event/3f1b2c4d-0000-4000-8000-000000000002'`);
    expect(cancelled.status).toBe('cancelled');
  });
});
