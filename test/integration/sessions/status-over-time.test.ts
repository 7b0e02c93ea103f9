import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { openDatabase } from '../../../db/connect.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { seedSessions } from '../../../db/seed/session-seed.js';
import { ensureSource } from '../../../db/seed/ensure-sources.js';
import { loadSource } from '../../../db/sources/load-source.js';
import { bills, legislativeSessions, statusChanges } from '../../../db/schema/index.js';
import { listChanges } from '../../../db/queries/changes.js';
import { insertWatch } from '../../../db/alerts/watches-repository.js';
import { enqueueNotifications } from '../../../db/alerts/enqueue-notifications.js';
import { rederiveBills } from '../../../scrapers/pipeline/rederive-bills.js';
import { startRederiveSchedule } from '../../../scrapers/scheduler/rederive-schedule.js';
import { runSource } from '../../../scrapers/sources/run-source.js';
import { openStatesSource } from '../../../scrapers/sources/openstates.source.js';
import { describeEachDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { importFixtureBills, makeBill, VIRGINIA } from '../../helpers/bill-fixtures.js';
import { importBills } from '../../../scrapers/pipeline/import-bills.js';
import { loadPolicies } from '../../../db/policies/load-policies.js';
import { makeStaff } from '../../helpers/alerts-fixtures.js';
import { testConfig } from '../../helpers/test-app.js';
import { startOpenStatesServer, type OpenStatesTestServer } from '../../helpers/openstates-server.js';
import { recordedFakeJurisdiction } from '../../helpers/recorded-sessions.js';
import { runCli } from '../../helpers/run-cli.js';

/*
 * Status that stays true as time passes, on the real session facts: the seeded tables and the
 * recorded /jurisdictions response (test/fixtures/sessions). The bills are synthetic (their
 * wording follows Virginia's LIS), each saying which rule it exercises.
 */

const KEY = 'sessions-test-key';

/** A Virginia bill of `session` referred to committee and never acted on again: pending until its session is over. */
function stuckInCommittee(identifier: string, session: string, day: string, extra: { title?: string; actions?: ReturnType<typeof makeBill>['actions'] } = {}) {
  return makeBill({
    identifier,
    externalId: `va-${session}-${identifier}`,
    session,
    title: extra.title ?? 'Search warrants; no-knock warrants prohibited',
    actions: extra.actions ?? [
      { date: day, description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] },
      { date: day, description: 'Referred to Committee for Courts of Justice', actorClassification: 'lower', sourceClassification: ['referral-committee'] },
    ],
  });
}

async function billRow(handle: TestDatabase, session: string, identifier: string) {
  const [row] = await handle.db.select().from(bills).where(and(eq(bills.jurisdictionId, VIRGINIA), eq(bills.session, session), eq(bills.identifier, identifier)));
  return row;
}

async function cell(handle: TestDatabase, policy: string): Promise<string> {
  const [row] = await queryRows<{ status: string }>(handle.db, sql`SELECT status FROM jurisdiction_policy_status WHERE jurisdiction_id = ${VIRGINIA} AND policy_id = ${policy}`);
  return row?.status ?? 'none';
}

/** A v3 bill as the API serves it, Virginia, with the given actions (`organization.classification` is the actor). */
function apiBill(n: number, session: string, identifier: string, title: string, actions: { date: string; description: string; classification: string[]; actor: string }[]) {
  const org = (classification: string) => ({ id: `ocd-organization/00000000-0000-4000-8000-00000000000${classification.length}`, name: classification, classification });
  return {
    id: `ocd-bill/22222222-0000-4000-8000-${String(n).padStart(12, '0')}`,
    session,
    jurisdiction: { id: VIRGINIA, name: 'Virginia', classification: 'state' },
    from_organization: org('lower'),
    identifier,
    title,
    classification: ['bill'],
    subject: [],
    extras: {},
    created_at: '2025-01-08T00:00:00+00:00',
    updated_at: `2025-04-0${n}T00:00:00+00:00`,
    openstates_url: `https://openstates.org/va/bills/${session}/${identifier.replace(' ', '')}/`,
    actions: actions.map((a, order) => ({ organization: org(a.actor), description: a.description, date: a.date, classification: a.classification, order, related_entities: [] })),
    sponsorships: [],
    sources: [],
    versions: [],
    documents: [],
  };
}

describeEachDatabase('status over time, on real session facts', (ctx) => {
  let server: OpenStatesTestServer;
  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    await ensureSource(ctx.handle.db, { id: 'openstates', kind: 'openstates', name: 'Open States' });
    server = await startOpenStatesServer({
      apiKeys: [KEY],
      bills: [
        // Vetoed, then overridden by the General Assembly as a whole (organization `legislature`), with partial dates between full ones.
        apiBill(1, '2025', 'HB 2001', 'Law-enforcement officers; decertification', [
          { date: '2025-01-08', description: 'Prefiled and ordered printed', classification: ['introduction'], actor: 'lower' },
          { date: '2025', description: 'Read third time and passed House', classification: ['passage'], actor: 'lower' },
          { date: '2025-02', description: 'Passed Senate', classification: ['passage'], actor: 'upper' },
          { date: '2025-03-24', description: 'Vetoed by Governor', classification: ['executive-veto'], actor: 'executive' },
          { date: '2025-04-02', description: 'Veto overridden by the General Assembly', classification: ['veto-override-passage'], actor: 'legislature' },
        ]),
        // Vetoed; the House alone voted to override: the veto stands.
        apiBill(2, '2025', 'HB 2002', 'Search warrants; no-knock entries', [
          { date: '2025-01-08', description: 'Prefiled and ordered printed', classification: ['introduction'], actor: 'lower' },
          { date: '2025-02-04', description: 'Read third time and passed House', classification: ['passage'], actor: 'lower' },
          { date: '2025-02-14', description: 'Passed Senate', classification: ['passage'], actor: 'upper' },
          { date: '2025-03-24', description: 'Vetoed by Governor', classification: ['executive-veto'], actor: 'executive' },
          { date: '2025-04-02', description: 'House overrode Governor\'s veto', classification: ['veto-override-passage'], actor: 'lower' },
        ]),
        // Never left committee: failed once the 2025 session and the grace period were over.
        apiBill(3, '2025', 'HB 2003', 'Crisis response; mobile crisis teams', [
          { date: '2025-01-08', description: 'Prefiled and ordered printed', classification: ['introduction'], actor: 'lower' },
          { date: '2025-01-09', description: 'Referred to Committee for Courts of Justice', classification: ['referral-committee'], actor: 'lower' },
        ]),
      ],
      jurisdictions: [recordedFakeJurisdiction('va')],
    });
  });
  afterAll(() => server.close());

  const config = () => testConfig({ OPENSTATES_API_URL: server.url, OPENSTATES_API_KEY: KEY, OPENSTATES_RATE_LIMIT: '6000', OPENSTATES_DAILY_LIMIT: '100000' });

  test('a first start knows the sessions of all 52 jurisdictions; seeding again changes nothing', async () => {
    const [row] = await queryRows<{ n: string | number }>(ctx.handle.db, sql`SELECT count(DISTINCT jurisdiction_id) AS n FROM legislative_sessions`);
    expect(Number(row.n)).toBe(52);
    const [va2025] = await ctx.handle.db.select().from(legislativeSessions).where(and(eq(legislativeSessions.jurisdictionId, VIRGINIA), eq(legislativeSessions.identifier, '2025')));
    expect(va2025).toMatchObject({ name: '2025 Regular Session', startDate: '2025-01-08', endDate: '2025-02-22' });
    expect((await seedSessions(ctx.handle.db)).size).toBe(0);
  });

  test('the daily sweep fails a bill its session left behind, writes the cause to the change log, feeds alerts and updates the map', async () => {
    const staff = await makeStaff(ctx.handle);
    await insertWatch(ctx.handle.db, { userId: staff.id, billId: null, policyId: null, jurisdictionIds: [VIRGINIA], channel: 'email', target: staff.email, secret: null, feedTokenHash: 'h1', unsubscribeToken: 'u1' });
    await enqueueNotifications(ctx.handle.db, { digestHourUtc: 7, lateCommitGraceSeconds: 0 });

    await importFixtureBills(ctx.handle, [stuckInCommittee('HB 1900', '2025', '2025-01-08')], '2025-02-01');
    expect(await billRow(ctx.handle, '2025', 'HB 1900')).toMatchObject({ stage: 'committee', status: 'pending' });
    expect(await cell(ctx.handle, 'no-knock')).toBe('pending');

    // Inside the governor's 45 days after sine die (2025-02-22) nothing moves.
    expect((await rederiveBills(ctx.handle.db, { mode: 'time', today: '2025-04-08' })).moved).toBe(0);
    const swept = await rederiveBills(ctx.handle.db, { mode: 'time', today: '2025-04-09' });
    expect(swept).toMatchObject({ moved: 1, moves: { 'pending → failed': 1 }, jurisdictions: [VIRGINIA] });

    const bill = await billRow(ctx.handle, '2025', 'HB 1900');
    expect(bill).toMatchObject({ stage: 'committee', status: 'failed', statusChangedOn: '2025-02-22' });
    const [change] = await ctx.handle.db.select().from(statusChanges).where(eq(statusChanges.billId, bill.id)).orderBy(sql`id DESC`).limit(1);
    expect(change).toMatchObject({ fromStatus: 'pending', toStatus: 'failed', actionDate: '2025-02-22', actionDescription: 'session ended 2025-02-22' });
    expect(await cell(ctx.handle, 'no-knock')).toBe('failed');
    const moved = await listChanges(ctx.handle.db, { since: new Date(Date.now() - 60_000), jurisdiction: 'va', limit: 10, scope: 'tracked' });
    expect(moved[0]).toMatchObject({ bill: { identifier: 'HB 1900' }, to_status: 'failed', action_description: 'session ended 2025-02-22' });
    await enqueueNotifications(ctx.handle.db, { digestHourUtc: 7, lateCommitGraceSeconds: 0 });
    const notes = await queryRows<{ payload: { to_status: string; action_description: string } }>(ctx.handle.db, sql`SELECT payload FROM notifications WHERE state = 'pending'`);
    expect(notes.map((n) => [n.payload.to_status, n.payload.action_description])).toContainEqual(['failed', 'session ended 2025-02-22']);

    // A second sweep finds nothing more to move.
    expect((await rederiveBills(ctx.handle.db, { mode: 'time', today: '2025-04-10' })).moved).toBe(0);
  });

  test('a bill continued to the next session stays pending in its session after the session is over', async () => {
    await importFixtureBills(ctx.handle, [stuckInCommittee('HB 1901', '2025', '2025-01-08', {
      actions: [
        { date: '2025-01-08', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] },
        { date: '2025-01-28', description: 'Continued to 2026 in Courts of Justice (14-Y 0-N)', actorClassification: 'lower', sourceClassification: [] },
      ],
    })], '2025-02-01');
    await rederiveBills(ctx.handle.db, { mode: 'time', today: '2026-12-01' });
    expect(await billRow(ctx.handle, '2025', 'HB 1901')).toMatchObject({ status: 'pending' });
  });

  test('a session the API lists without an end date is over once the next regular session has started', async () => {
    // As the real API often sends it: Virginia's 2024 special session with an empty end date.
    await ctx.handle.db.update(legislativeSessions).set({ endDate: null }).where(and(eq(legislativeSessions.jurisdictionId, VIRGINIA), eq(legislativeSessions.identifier, '2024S1')));
    await importFixtureBills(ctx.handle, [stuckInCommittee('HB 6001', '2024S1', '2024-05-13', { title: 'Budget bill for the special session' })], '2024-12-01');
    expect(await billRow(ctx.handle, '2024S1', 'HB 6001')).toMatchObject({ status: 'pending' });
    // The 2025 regular session began 2025-01-08; 45 days later the special session's bill has failed.
    expect((await rederiveBills(ctx.handle.db, { mode: 'time', today: '2025-02-22' })).moved).toBe(0);
    await rederiveBills(ctx.handle.db, { mode: 'time', today: '2025-02-23' });
    const bill = await billRow(ctx.handle, '2024S1', 'HB 6001');
    expect(bill).toMatchObject({ status: 'failed', statusChangedOn: '2025-01-08' });
    const [change] = await ctx.handle.db.select().from(statusChanges).where(eq(statusChanges.billId, bill.id)).orderBy(sql`id DESC`).limit(1);
    expect(change.actionDescription).toBe('session ended by 2025-01-08 (the 2025 Regular Session began)');
  });

  test('the batched writer and the one-bill writer derive session ends and kinds alike; a resolution never counts on the map', async () => {
    // Virginia's 2024 regular session ended 2024-03-09 (seeded table); 2025-06-01 is long past its grace.
    const batched = stuckInCommittee('HB 7001', '2024', '2024-01-10');
    const single = stuckInCommittee('HB 7002', '2024', '2024-01-10');
    const resolution = makeBill({
      identifier: 'HR 7003', externalId: 'va-2024-HR 7003', session: '2024', classification: 'resolution', title: 'Search warrants; no-knock warrants prohibited',
      actions: [
        { date: '2024-01-10', description: 'Prefiled and ordered printed', actorClassification: 'lower', sourceClassification: ['introduction'] },
        { date: '2024-02-01', description: 'Agreed to by House', actorClassification: 'lower', sourceClassification: ['passage'] },
      ],
    });
    const policies = await loadPolicies(ctx.handle);
    const many = await importBills(ctx.handle.db, [batched, resolution], { runId: null, today: '2025-06-01', policies });
    const one = await importBills(ctx.handle.db, [single], { runId: null, today: '2025-06-01', policies, batchSize: 1 });
    expect([many.counts.created, one.counts.created]).toEqual([2, 1]);
    expect([...many.jurisdictionIds, ...one.jurisdictionIds]).toEqual([VIRGINIA, VIRGINIA]);
    for (const identifier of ['HB 7001', 'HB 7002']) {
      const bill = await billRow(ctx.handle, '2024', identifier);
      expect(bill).toMatchObject({ kind: 'bill', stage: 'committee', status: 'failed', statusChangedOn: '2024-03-09', statusHints: [] });
      const [change] = await ctx.handle.db.select().from(statusChanges).where(eq(statusChanges.billId, bill.id));
      expect(change).toMatchObject({ fromStatus: null, toStatus: 'failed', actionDescription: 'session ended 2024-03-09' });
    }
    const hr = await billRow(ctx.handle, '2024', 'HR 7003');
    expect(hr).toMatchObject({ kind: 'resolution', stage: 'passed_legislature', status: 'adopted' });
    // Search finds it by policy; the rollup leaves it out.
    const items = await queryRows<{ policy_id: string; law: boolean }>(ctx.handle.db, sql`SELECT policy_id, law FROM rollup_items WHERE bill_id = ${hr.id}`);
    expect(items.map((i) => [i.policy_id, i.law])).toEqual([['no-knock', false]]);
    const [noKnock] = await queryRows<{ bill_ids: (string | number)[] }>(ctx.handle.db, sql`SELECT bill_ids FROM jurisdiction_policy_status WHERE jurisdiction_id = ${VIRGINIA} AND policy_id = 'no-knock'`);
    expect(noKnock.bill_ids.map(Number)).not.toContain(hr.id);
    const law = await queryRows<{ law: boolean }>(ctx.handle.db, sql`SELECT law FROM rollup_items WHERE bill_id = ${(await billRow(ctx.handle, '2024', 'HB 7001')).id}`);
    expect(law.map((i) => i.law)).toEqual([true]);
  });

  test('an Open States run reads the sessions first (one request, on the quota, once a week), then derives overrides and session ends', async () => {
    const before = server.requests.length;
    const summary = await runSource(ctx.handle, config(), (await loadSource(ctx.handle, 'openstates'))!, openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va'], session: ['2025'] }, today: '2026-11-24',
    });
    expect(summary).toMatchObject({ outcome: 'ok', counts: { created: 3, failed: 0 } });
    const paths = server.requests.slice(before).map((r) => r.path);
    expect(paths[0]).toBe(`/jurisdictions/${VIRGINIA}`);
    expect(server.requests[before].query.getAll('include')).toEqual(['legislative_sessions']);
    expect(paths.slice(1).every((p) => p === '/bills')).toBe(true);
    const [quota] = await queryRows<{ requests: number }>(ctx.handle.db, sql`SELECT requests FROM api_quota_usage`);
    expect(quota.requests).toBe(paths.length);

    expect(await billRow(ctx.handle, '2025', 'HB 2001')).toMatchObject({ stage: 'enacted', status: 'enacted' });
    expect(await billRow(ctx.handle, '2025', 'HB 2002')).toMatchObject({ stage: 'passed_legislature', status: 'vetoed' });
    const stuck = await billRow(ctx.handle, '2025', 'HB 2003');
    expect(stuck).toMatchObject({ stage: 'committee', status: 'failed' });
    const [change] = await ctx.handle.db.select().from(statusChanges).where(eq(statusChanges.billId, stuck.id));
    expect(change).toMatchObject({ fromStatus: null, toStatus: 'failed', actionDescription: 'session ended 2025-02-22', runId: summary.runId });
    // Partial dates (`2025`, `2025-02`) are kept in the API's order, never re-sorted.
    const actions = await queryRows<{ description: string; date: string | null }>(ctx.handle.db, sql`SELECT description, date::text AS date FROM actions WHERE bill_id = ${(await billRow(ctx.handle, '2025', 'HB 2001')).id} ORDER BY position`);
    expect(actions.map((a) => a.description)).toEqual(['Prefiled and ordered printed', 'Read third time and passed House', 'Passed Senate', 'Vetoed by Governor', 'Veto overridden by the General Assembly']);
    expect(actions.map((a) => a.date)).toEqual(['2025-01-08', null, null, '2025-03-24', '2025-04-02']);

    // Six days later: the sessions are a week from due, so no /jurisdictions request.
    const again = server.requests.length;
    await runSource(ctx.handle, config(), (await loadSource(ctx.handle, 'openstates'))!, openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va'], session: ['2025'] }, today: '2026-11-30',
    });
    expect(server.requests.slice(again).map((r) => r.path)).not.toContain(`/jurisdictions/${VIRGINIA}`);
    await runSource(ctx.handle, config(), (await loadSource(ctx.handle, 'openstates'))!, openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va'], session: ['2025'] }, today: '2026-12-01',
    });
    expect(server.requests.slice(again).filter((r) => r.path === `/jurisdictions/${VIRGINIA}`)).toHaveLength(1);
  });

  test("learning a session's end date later re-derives its bills, with the run that learned it", async () => {
    // A tracker that did not know Virginia's 2025 session yet (no row): the bill stayed pending.
    await ctx.handle.db.delete(legislativeSessions).where(and(eq(legislativeSessions.jurisdictionId, VIRGINIA), eq(legislativeSessions.identifier, '2025')));
    await importFixtureBills(ctx.handle, [stuckInCommittee('HB 1950', '2025', '2025-01-10', { title: 'Bail; presumptions against admission to bail' })], '2026-11-24');
    expect(await billRow(ctx.handle, '2025', 'HB 1950')).toMatchObject({ status: 'pending' });
    // The weekly read (the cursor is a week old by 2026-12-08) brings the session back: the bill is re-derived.
    const summary = await runSource(ctx.handle, config(), (await loadSource(ctx.handle, 'openstates'))!, openStatesSource, {
      trigger: 'cli', params: { jurisdiction: ['va'], session: ['2025'] }, today: '2026-12-08',
    });
    expect(summary.rederived).toMatchObject({ moves: { 'pending → failed': 1 } });
    const bill = await billRow(ctx.handle, '2025', 'HB 1950');
    expect(bill.status).toBe('failed');
    const [change] = await ctx.handle.db.select().from(statusChanges).where(eq(statusChanges.billId, bill.id)).orderBy(sql`id DESC`).limit(1);
    expect(change).toMatchObject({ toStatus: 'failed', actionDescription: 'session ended 2025-02-22', runId: summary.runId });
  });

  test('the daily sweep runs on its schedule', async () => {
    await importFixtureBills(ctx.handle, [stuckInCommittee('HB 1960', '2025', '2025-01-10')], '2025-02-01');
    const sweep = await startRederiveSchedule({ handle: ctx.handle, schedule: '* * * * * *', coordinator: null });
    try {
      for (let i = 0; i < 50 && (await billRow(ctx.handle, '2025', 'HB 1960')).status === 'pending'; i++) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await sweep.stop();
    }
    expect(await billRow(ctx.handle, '2025', 'HB 1960')).toMatchObject({ status: 'failed' });
  });
});

describe('tracker rederive on the command line', () => {
  test('re-derives one jurisdiction and prints what moved', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rederive-cli-'));
    try {
      const env = { DATA_DIR: path.join(dir, 'data'), SEED: 'none' };
      const file = path.join(dir, 'bill.json');
      writeFileSync(file, JSON.stringify(apiBill(9, '2025', 'HB 2009', 'Search warrants; no-knock warrants prohibited', [
        { date: '2025-01-08', description: 'Prefiled and ordered printed', classification: ['introduction'], actor: 'lower' },
        { date: '2025-01-09', description: 'Referred to Committee for Courts of Justice', classification: ['referral-committee'], actor: 'lower' },
      ])));
      expect((await runCli(['import', 'openstates', file], env)).code).toBe(0);
      // As a tracker would have stored it during the session, before time moved it.
      const handle = await openDatabase({ databaseUrl: null, dataDir: env.DATA_DIR });
      try {
        expect((await handle.db.select({ status: bills.status }).from(bills))[0].status).toBe('failed');
        await handle.db.update(bills).set({ status: 'pending' });
      } finally {
        await handle.close();
      }
      const result = await runCli(['rederive', '--jurisdiction', 'va'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('rederive: 1 bill(s) checked, 1 bill (1 pending → failed) moved in 1 jurisdiction(s)');
      const bad = await runCli(['rederive', '--jurisdiction', 'zz'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('unknown jurisdiction "zz"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
