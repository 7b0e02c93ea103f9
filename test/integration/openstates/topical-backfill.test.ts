import { mkdtempSync, rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { policies } from '../../../db/schema/index.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { listSourceSchedules } from '../../../db/sources/sources-repository.js';
import { readBillsBySourceIds } from '../../../db/queries/bills-by-source-ids.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { searchPhrasesOf } from '../../../core/classify/search-phrases.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { adapterFor } from '../../../scrapers/sources/adapters.js';
import { createScrapeJobHandler } from '../../../scrapers/scheduler/scrape-job-handler.js';
import { OPENSTATES_BACKFILL_SOURCE, openStatesBackfillSource, setUpBackfill } from '../../../scrapers/sources/openstates-backfill.source.js';
import { planBackfillQueries, readBackfillJob } from '../../../scrapers/openstates/topical-backfill.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { runCli } from '../../helpers/run-cli.js';
import { loadOpenStatesFixtures, startOpenStatesServer, syntheticBill, type FakeJurisdiction, type OpenStatesTestServer } from '../../helpers/openstates-server.js';

const KEY = 'test-key-backfill';
const state = (code: string) => `ocd-jurisdiction/country:us/state:${code}/government`;
const session = (identifier: string, start: string, end: string) => ({ identifier, name: `${identifier} session`, classification: 'primary' as const, start_date: start, end_date: end });
/** The sessions of the recorded bills (Open States' identifiers and dates). */
const JURISDICTIONS: FakeJurisdiction[] = [
  { id: state('va'), name: 'Virginia', abbreviation: 'va', legislative_sessions: [session('2016', '2016-01-13', '2016-03-12'), session('2020S1', '2020-08-18', '2020-11-09')] },
  { id: state('co'), name: 'Colorado', abbreviation: 'co', legislative_sessions: [session('2021A', '2021-01-13', '2021-06-08')] },
  { id: state('ca'), name: 'California', abbreviation: 'ca', legislative_sessions: [session('20212022', '2020-12-07', '2022-11-30')] },
  { id: state('ky'), name: 'Kentucky', abbreviation: 'ky', legislative_sessions: [session('2021RS', '2021-01-05', '2021-03-30')] },
  { id: state('tx'), name: 'Texas', abbreviation: 'tx', legislative_sessions: [session('87R', '2021-01-12', '2021-05-31')] },
  { id: state('nc'), name: 'North Carolina', abbreviation: 'nc', legislative_sessions: [session('2021', '2021-01-13', '2022-07-01')] },
];

/**
 * The recorded bills (test/fixtures/openstates) behind a loopback API v3, plus two that must not
 * be stored: a 2016 Virginia bill (before --since) and a federal bill (a jurisdiction the
 * tracker does not keep). The fake's `q` matches titles only, word by word.
 */
function servedBills() {
  const fixtures = loadOpenStatesFixtures();
  const old = { ...structuredClone(fixtures['va-2020S1-HB5099.json']!), id: 'ocd-bill/00000000-0000-4000-8000-000000002016', session: '2016', identifier: 'HB 2016', title: 'Synthetic test bill: no-knock warrants (2016)', latest_action_date: '2016-03-01', first_action_date: '2016-01-13', updated_at: '2016-04-01T00:00:00+00:00' };
  (old as Record<string, unknown>).actions = [{ organization: { id: 'x', name: 'House', classification: 'lower' }, description: 'Introduced', date: '2016-01-13', classification: ['introduction'], order: 0 }];
  const federal = { ...syntheticBill(9001, { id: 'ocd-jurisdiction/country:us/government', name: 'United States', abbreviation: 'us', legislative_sessions: [] }, '117', '2021-06-01T00:00:00+00:00'), title: 'Synthetic test bill: no-knock warrants (federal)' };
  return [...Object.values(fixtures), old, federal];
}

describeEachDatabase('tracker backfill openstates: topical backfill through the full-text search', (ctx) => {
  let server: OpenStatesTestServer;
  const config = (dailyLimit: string) => testConfig({ OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: dailyLimit });
  const today = new Date().toISOString().slice(0, 10);
  const searches = () => server.requests.filter((r) => r.path === '/bills');

  beforeAll(async () => {
    server = await startOpenStatesServer({ apiKeys: [KEY], bills: servedBills(), jurisdictions: JURISDICTIONS });
    await seedDatabase(ctx.handle.db, { curated: false });
  });
  afterAll(() => server.close());

  test('the plan has one search per phrase of the policies’ rules, none starting like a bill number, none redundant', async () => {
    const queries = planBackfillQueries(searchPhrasesOf(await loadPolicies(ctx.handle)), []);
    const texts = queries.map((q) => q.q);
    expect(texts).toEqual(expect.arrayContaining(['no-knock', 'ketamine', 'decertification', 'peace officer certification', 'crisis 988', 'diversion 911', 'expunge', 'bail']));
    for (const q of texts) expect(q).not.toMatch(/^\w{1,3}\s*\d{1,5}/);
    // `bail` is searched, so `cash bail` (a subset of its results) is not.
    expect(texts).not.toContain('cash bail');
    expect(queries.every((q) => q.jurisdiction === null)).toBe(true);
  });

  test('a day’s share is spent, progress is kept, and the next run resumes where it stopped', async () => {
    const { source, job } = await setUpBackfill(ctx.handle, { since: 2017, jurisdictions: [], today });
    expect(job.queries.length).toBeGreaterThan(30);
    // A 24-request day: 6 are kept for freshness, the backfill may spend 18.
    const first = await runSource(ctx.handle, config('24'), source, openStatesBackfillSource, { trigger: 'cli' });
    expect(first.counts.requests).toBe(18);
    const kept = readBackfillJob((await loadSource(ctx.handle, OPENSTATES_BACKFILL_SOURCE))!.cursor)!;
    expect(kept).toMatchObject({ requests: 18, spent: { day: today, requests: 18 }, finishedOn: null });
    expect((await listSourceSchedules(ctx.handle.db)).find((r) => r.id === OPENSTATES_BACKFILL_SOURCE)).toMatchObject({ enabled: true, schedule: '41 2 * * *' });

    // The next day's run (here: a larger tier) picks up the rest without repeating a search.
    const second = await runSource(ctx.handle, config('100000'), (await loadSource(ctx.handle, OPENSTATES_BACKFILL_SOURCE))!, openStatesBackfillSource, { trigger: 'cli' });
    expect(second.outcome).toBe('ok');
    const done = readBackfillJob((await loadSource(ctx.handle, OPENSTATES_BACKFILL_SOURCE))!.cursor)!;
    expect(done.finishedOn).toBe(today);
    const firstPages = searches().filter((r) => !r.query.get('updated_since')).map((r) => r.query.get('q'));
    expect(firstPages).toHaveLength(job.queries.length);
    expect(new Set(firstPages).size).toBe(job.queries.length);
    for (const r of searches()) {
      expect(r.query.has('session')).toBe(false);
      expect(r.query.get('action_since')).toBe('2017');
      expect(r.query.getAll('include')).toContain('votes');
    }
    // Done: the source switched itself off, so the scheduler stops running it.
    expect((await listSourceSchedules(ctx.handle.db)).find((r) => r.id === OPENSTATES_BACKFILL_SOURCE)!.enabled).toBe(false);
  });

  test('the bills found carry the status, stage, policies and stance the pipeline derived; older and federal bills are left out', async () => {
    const fixtureIds = Object.values(loadOpenStatesFixtures()).map((b) => String(b.id));
    const everFound = await readBillsBySourceIds(ctx.handle.db, 'openstates', fixtureIds);
    // The fake searches titles: the three whose titles name their policy are found (KY SB 4 says only "search warrants").
    expect(everFound.map((b) => `${b.session} ${b.identifier}`).sort()).toEqual(['2020S1 HB 5099', '20212022 SB 2', '2021A HB21-1251']);
    const byBill = new Map(everFound.map((b) => [`${b.session} ${b.identifier}`, b]));
    expect(byBill.get('2020S1 HB 5099')).toMatchObject({ stage: 'enacted', status: 'enacted', policies: [expect.objectContaining({ policy: 'no-knock', stance: 'supports' })] });
    expect(byBill.get('2021A HB21-1251')).toMatchObject({ stage: 'enacted', status: 'enacted', policies: [expect.objectContaining({ policy: 'chemical-restraint', stance: 'supports' })] });
    // "Peace officers: certification: civil rights." names the topic but no direction: the classifier says unclear.
    expect(byBill.get('20212022 SB 2')).toMatchObject({ stage: 'enacted', status: 'enacted', policies: [expect.objectContaining({ policy: 'decertification', stance: 'unclear' })] });
    const stored = await readBillsBySourceIds(ctx.handle.db, 'openstates', ['ocd-bill/00000000-0000-4000-8000-000000002016', 'ocd-bill/11111111-0000-4000-8000-000000009001']);
    expect(stored).toEqual([]);
    // The sessions of the jurisdictions it found bills in were read once each.
    expect(server.requests.filter((r) => r.path.startsWith('/jurisdictions/')).map((r) => r.path).sort()).toEqual([`/jurisdictions/${state('ca')}`, `/jurisdictions/${state('co')}`, `/jurisdictions/${state('va')}`]);
  });

  test('the scheduler skips a finished backfill, and runs it again once staff add a phrase to a rule', async () => {
    const handler = createScrapeJobHandler({ handle: ctx.handle, config: config('100000'), adapterFor, trigger: 'schedule' });
    const fire = { sourceId: OPENSTATES_BACKFILL_SOURCE, params: {} };
    expect(await handler(fire, { id: 'job-1', key: null, attempt: 1 })).toEqual({ status: 'skipped', reason: 'the source is disabled' });

    // Staff add "search warrants" to the no-knock topic rule: the same job gains that search.
    const [noKnock] = await ctx.handle.db.select().from(policies).where(eq(policies.id, 'no-knock'));
    const rules = structuredClone(noKnock!.rules) as { topics: { id: string; search?: string[] }[] };
    rules.topics.find((t) => t.id === 'no-knock')!.search!.push('search warrants');
    await ctx.handle.db.update(policies).set({ rules }).where(eq(policies.id, 'no-knock'));
    const { job } = await setUpBackfill(ctx.handle, { since: 2017, jurisdictions: [], today });
    expect(job.finishedOn).toBeNull();
    expect(job.queries.filter((q) => !q.done).map((q) => q.q)).toEqual(['search warrants']);

    const before = searches().length;
    expect(await handler(fire, { id: 'job-2', key: null, attempt: 1 })).toMatchObject({ status: 'ran', outcome: 'ok' });
    expect(searches().slice(before).map((r) => r.query.get('q'))).toEqual(['search warrants']);
    // Kentucky's SB 4 ("AN ACT relating to search warrants"), signed 2021-04-09, is found now.
    const [ky] = await readBillsBySourceIds(ctx.handle.db, 'openstates', ['ocd-bill/00000000-0000-4000-8000-000000000003']);
    expect(ky).toMatchObject({ identifier: 'SB 4', stage: 'enacted', status: 'enacted' });
    expect((await listSourceSchedules(ctx.handle.db)).find((r) => r.id === OPENSTATES_BACKFILL_SOURCE)!.enabled).toBe(false);
  });
});

describe('the command, as a user runs it', () => {
  let server: OpenStatesTestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startOpenStatesServer({ apiKeys: [KEY], bills: servedBills(), jurisdictions: JURISDICTIONS });
    dir = mkdtempSync(path.join(tmpdir(), 'tracker-backfill-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints the plan (requests, days), then each bill found with stage, status, policies and stance', async () => {
    const env = { DATA_DIR: path.join(dir, 'data'), SEED: 'none', OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: '250' };
    const result = await runCli(['backfill', 'openstates', '--since', '2017', '--jurisdiction', 'va', '--jurisdiction', 'co'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Backfill plan: \d+ searches \(va, co; sessions since 2017\); 0 done\n  requests: 0 spent, at least \d+ left/);
    expect(result.stdout).toMatch(/budget: 190 requests a day \(OPENSTATES_DAILY_LIMIT 250, less 60 kept for freshness\)/);
    expect(result.stdout).toMatch(/Backfill done on \d{4}-\d{2}-\d{2}\./);
    expect(result.stdout).toMatch(/va +2020S1 +HB 5099 +enacted +enacted +Search warrants; prohibition on no-knock search wa… +no-knock \(supports\)/);
    expect(result.stdout).toMatch(/co +2021A +HB21-1251 +enacted +enacted +Appropriate Use Of Chemical Restraints On A Person +chemical-restraint \(supports\)/);
    expect(result.stdout).not.toMatch(/SB 2|HB 2016/);
    expect(server.requests.filter((r) => r.path === '/bills').every((r) => ['ocd-jurisdiction/country:us/state:va/government', 'ocd-jurisdiction/country:us/state:co/government'].includes(r.query.get('jurisdiction')!))).toBe(true);
  }, 180_000);
});
