import { parse } from 'csv-parse/sync';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { startOpenStatesServer, type OpenStatesTestServer } from '../../helpers/openstates-server.js';
import { recordedFakeJurisdiction } from '../../helpers/recorded-sessions.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { openStatesSource } from '../../../scrapers/sources/openstates.source.js';
import { testConfig } from '../../helpers/test-app.js';
import { VIRGINIA, loadApiFixtures } from './api-fixtures.js';

type Coverage = { state: string; reason: string | null; since: string | null; message: string; enable: string | null; sources: string[] };
type Entry = { id: string; name: string; status: string; coverage: Coverage };

const ALABAMA = 'ocd-jurisdiction/country:us/state:al/government';
const TEXAS = 'ocd-jurisdiction/country:us/state:tx/government';
const SAN_DIEGO = 'ocd-jurisdiction/country:us/state:ca/place:san_diego/government';
const CHICAGO = 'ocd-jurisdiction/country:us/state:il/place:chicago/government';
const KEY = 'coverage-key';

describeEachDatabase('coverage on the map and the jurisdiction API', (ctx) => {
  let server: OpenStatesTestServer;
  const entry = (results: Entry[], id: string) => results.find((e) => e.id === id)!;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle, { curated: true });
    // A commending resolution that names a policy, and its adoption: it is no law.
    await importFixtureBills(ctx.handle, [makeBill({
      identifier: 'HR 807', externalId: 'va-2026-hr807', session: '2026', classification: 'resolution', title: 'Commending the officers who wrote the no-knock warrant policy',
      actions: [{ date: '2026-02-02', description: 'Agreed to by House by voice vote', actorClassification: 'lower', sourceClassification: [] }],
    })]);
    server = await startOpenStatesServer({ apiKeys: [KEY], bills: [], jurisdictions: [recordedFakeJurisdiction('tx')] });
  });
  afterAll(() => server.close());

  test('without an Open States key, a state with no data is not tracked and says what would enable it; never a bare "none"', async () => {
    const { body } = await api(testApp(ctx.handle)).get('/api/map?policy=no-knock').expect(200);
    expect(entry(body.results, ALABAMA)).toMatchObject({
      status: 'none',
      coverage: { state: 'not_tracked', reason: 'not_configured', since: null, sources: ['openstates'], enable: expect.stringContaining('add an Open States API key') },
    });
    expect(entry(body.results, ALABAMA).coverage.message).toBe('Not tracked: Open States API v3 (every state) is not set up. To track Alabama, add an Open States API key (a free key from https://open.pluralpolicy.com/accounts/profile/, set as OPENSTATES_API_KEY).');
    // Chicago left Legistar for its own site, which nothing reads: no source at all.
    expect(entry(body.results, CHICAGO).coverage).toMatchObject({ state: 'not_tracked', reason: 'no_source', sources: [] });
    expect(entry(body.results, CHICAGO).coverage.message).toContain('its council publishes on its own website');
    // San Diego has its OnBase source, which has not run yet.
    expect(entry(body.results, SAN_DIEGO).coverage).toMatchObject({ state: 'not_tracked', reason: 'never_run', sources: ['onbase:san_diego'] });
    expect(entry(body.results, SAN_DIEGO).coverage.message).toContain('has not run for San Diego yet');
    // Virginia has bills: tracked (since its first recorded run; these came in before any).
    expect(entry(body.results, VIRGINIA)).toMatchObject({ status: 'enacted', coverage: { state: 'tracked', reason: null } });
    const csv = parse((await api(testApp(ctx.handle)).get('/api/map.csv?policy=no-knock').expect(200)).text, { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.jurisdiction === ALABAMA)).toMatchObject({ status: 'none', coverage: 'not_tracked', tracked_since: '' });
  });

  test('with a key but no run yet a state is "not tracked yet"; after a run that found nothing it is tracked since that run, nothing found', async () => {
    const env = { OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: '100000' };
    const before = (await api(testApp(ctx.handle, env)).get(`/api/jurisdictions/${TEXAS}`).expect(200)).body;
    expect(before.coverage).toMatchObject({ state: 'not_tracked', reason: 'never_run' });
    // The map is served from memory: the run below must make it rebuild (coverage bumps the rollup version).
    const app = testApp(ctx.handle, env);
    const cached = (await api(app).get('/api/map?policy=no-knock&classification=state').expect(200)).body;
    expect(entry(cached.results, TEXAS)).toMatchObject({ status: 'none', coverage: { state: 'not_tracked', reason: 'never_run' } });

    await ensureSource(ctx.handle.db, { id: 'openstates', kind: 'openstates', name: 'Open States' });
    const summary = await runSource(ctx.handle, testConfig(env), (await loadSource(ctx.handle, 'openstates'))!, openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['tx'], session: ['89R'] }, today: '2026-11-24',
    });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { fetched: 0 } });
    const after = (await api(app).get(`/api/jurisdictions/${TEXAS}`).expect(200)).body;
    expect(after.coverage).toMatchObject({ state: 'tracked', reason: null, sources: ['openstates', 'texas-tlo'] });
    expect(Date.parse(after.coverage.since)).toBeGreaterThan(Date.now() - 120_000);
    expect(after.coverage.message).toMatch(/^Tracked since [A-Z][a-z]{2} \d{1,2}, \d{4} by Open States API v3 \(every state\)\.$/);
    expect(after.policies.every((p: { status: string }) => p.status === 'none')).toBe(true);
    const map = (await api(app).get('/api/map?policy=no-knock&classification=state').expect(200)).body;
    expect(entry(map.results, TEXAS)).toMatchObject({ status: 'none', coverage: { state: 'tracked' } });
  });

  test('resolutions never count as enacted on the map, and lists default to everything in the API but filter by kind and scope', async () => {
    const client = api(testApp(ctx.handle));
    const all = (await client.get('/api/bills?jurisdiction=va').expect(200)).body.results as { identifier: string; kind: string; status: string }[];
    expect(all.find((b) => b.identifier === 'HR 807')).toMatchObject({ kind: 'resolution', status: 'adopted' });
    const va = entry((await client.get('/api/map?policy=no-knock').expect(200)).body.results, VIRGINIA) as Entry & { bills: { identifier: string }[] };
    expect(va.bills.map((b) => b.identifier)).toEqual(['HB 5099']);
    const tracked = (await client.get('/api/bills?jurisdiction=va&scope=tracked').expect(200)).body.results as { identifier: string }[];
    expect(tracked.map((b) => b.identifier).sort()).toEqual(['HB 5099', 'HB 9']);
    expect((await client.get('/api/bills?kind=resolution').expect(200)).body.results.map((b: { identifier: string }) => b.identifier)).toEqual(['HR 807']);
    const changes = (await client.get('/api/changes?since=2000-01-01&jurisdiction=va&scope=tracked').expect(200)).body.results as { bill: { identifier: string } }[];
    expect(new Set(changes.map((c) => c.bill.identifier))).toEqual(new Set(['HB 5099', 'HB 9']));
    const feed = (await client.get('/api/feeds/changes.atom?jurisdiction=va').expect(200)).text;
    expect(feed).not.toContain('HR 807');
    expect(feed).not.toContain('HB 1100');
    expect((await client.get('/api/feeds/changes.atom?jurisdiction=va&scope=all').expect(200)).text).toContain('HR 807');
    await client.get('/api/bills?scope=some').expect(400);
  });
});
