import { describeEachDatabase } from '../../helpers/test-database.js';
import { testApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/openapi-check.js';
import { finishRun, startRun } from '../../../db/runs/scrape-runs.js';
import { emptyCounts } from '../../../core/sources/source-health.js';
import { sources } from '../../../db/schema/index.js';
import { LOUISVILLE, VIRGINIA, loadApiFixtures } from './api-fixtures.js';

type Standing = { policy: string; status: string; strength: string | null; bills: { identifier: string }[]; laws: { title: string; outcome: string }[]; pending: { identifier: string }[]; threats: { identifier: string }[] };
const standing = (body: { policies: Standing[] }, policy: string) => body.policies.find((p) => p.policy === policy)!;

describeEachDatabase('GET /api/jurisdictions', (ctx) => {
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    await loadApiFixtures(ctx.handle, { curated: true });
    client = api(testApp(ctx.handle));
  });

  test('lists every jurisdiction, states first then by name', async () => {
    const { body } = await client.get('/api/jurisdictions').expect(200);
    const kinds = body.results.map((j: { classification: string }) => j.classification);
    expect(kinds.lastIndexOf('state')).toBeLessThan(kinds.findIndex((k: string) => k !== 'state'));
    expect(body.results.filter((j: { classification: string }) => j.classification === 'state').length).toBeGreaterThanOrEqual(50);
    expect(body.results.find((j: { id: string }) => j.id === VIRGINIA)).toMatchObject({ name: 'Virginia', state_code: 'VA', fips: '51', coverage: 'scraped' });
  });

  test('filters by classification and state', async () => {
    const kentucky = (await client.get('/api/jurisdictions?state=ky').expect(200)).body.results.map((j: { name: string }) => j.name);
    expect(kentucky[0]).toBe('Kentucky');
    expect(kentucky).toContain('Louisville/Jefferson County Metro Government');
    const cities = (await client.get('/api/jurisdictions?classification=municipality&state=KY').expect(200)).body.results;
    expect(cities.map((j: { id: string }) => j.id)).toContain(LOUISVILLE);
    expect(cities.every((j: { classification: string; state_code: string }) => j.classification === 'municipality' && j.state_code === 'KY')).toBe(true);
    const bad = await client.get('/api/jurisdictions?classification=city&state=Kentucky').expect(400);
    expect(bad.body.error.details.map((d: { parameter: string }) => d.parameter).sort()).toEqual(['classification', 'state']);
  });

  test('a state page says per policy where it stands and why: bills behind it, threats, nothing elsewhere', async () => {
    const { body } = await client.get(`/api/jurisdictions/${encodeURIComponent(VIRGINIA)}`).expect(200);
    expect(body).toMatchObject({ id: VIRGINIA, name: 'Virginia', classification: 'state', timezone: 'America/New_York' });
    expect(body.policies).toHaveLength(8);
    const noKnock = standing(body, 'no-knock');
    // HB 5099 prohibits no-knock warrants outright: the machine's strength is full.
    expect(noKnock).toMatchObject({ status: 'enacted', strength: 'full' });
    expect(noKnock.bills.map((b) => b.identifier)).toEqual(['HB 5099']);
    expect(noKnock.threats.map((b) => b.identifier)).toEqual(['HB 9']);
    expect(standing(body, 'bail-funds')).toMatchObject({ status: 'none', strength: null, bills: [], laws: [], threats: [] });
  });

  test('a city page shows curated laws beside bills, and the id may be sent with its slashes unescaped', async () => {
    const { body } = await client.get(`/api/jurisdictions/${LOUISVILLE}`).expect(200);
    const noKnock = standing(body, 'no-knock');
    expect(noKnock).toMatchObject({ status: 'enacted', strength: 'full' });
    expect(noKnock.bills.map((b) => b.identifier)).toEqual(['O-090-20']);
    expect(noKnock.laws).toEqual([expect.objectContaining({ outcome: 'enacted', title: expect.stringMatching(/No-Knock/i) })]);
  });

  test('source freshness: never until a covering source succeeds, then when it last did', async () => {
    const first = (await client.get(`/api/jurisdictions/${encodeURIComponent(LOUISVILLE)}`).expect(200)).body;
    expect(first.freshness).toMatchObject({ last_success_at: null, age_seconds: null });
    await ctx.handle.db.insert(sources).values({ id: 'legistar:louisville', kind: 'legistar', name: 'Louisville Metro Council', jurisdictionId: LOUISVILLE }).onConflictDoNothing();
    const runId = await startRun(ctx.handle.db, { sourceId: 'legistar:louisville', kind: 'legistar', trigger: 'cli' });
    await finishRun(ctx.handle.db, runId, { outcome: 'ok', counts: emptyCounts(), errors: [] });
    const after = (await client.get(`/api/jurisdictions/${encodeURIComponent(LOUISVILLE)}`).expect(200)).body;
    expect(after.freshness.sources).toEqual(['legistar:louisville']);
    expect(Date.now() - Date.parse(after.freshness.last_success_at)).toBeLessThan(60_000);
    expect(after.freshness.age_seconds).toBeLessThan(60);
  });

  test('an unknown jurisdiction is a 404; a double-escaped id is not silently decoded twice', async () => {
    const missing = await client.get('/api/jurisdictions/ocd-jurisdiction%2Fcountry%3Aus%2Fstate%3Azz%2Fgovernment').expect(404);
    expect(missing.body.error.message).toBe('jurisdiction ocd-jurisdiction/country:us/state:zz/government not found');
    await client.get('/api/jurisdictions/ocd-jurisdiction%252Fcountry%253Aus%252Fstate%253Ava%252Fgovernment').expect(404);
    const extra = await client.get(`/api/jurisdictions/${encodeURIComponent(VIRGINIA)}?policy=no-knock`).expect(400);
    expect(extra.body.error.details).toEqual([{ parameter: 'policy', message: 'unknown query parameter' }]);
  });
});
