import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../../db/connect.js';
import { openScratchDatabase } from '../../../db/scratch-database.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, policies, users } from '../../../db/schema/index.js';
import { recordDecision } from '../../../db/bills/record-decision.js';
import { databaseKinds } from '../../helpers/test-database.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

/*
 * `tracker classify --evaluate` on a database holding staff decisions, run as a user runs it
 * (a child process), on the embedded database and on PostgreSQL. The bills are real Virginia
 * 2025 titles (LIS BILLS.CSV) and HB 5099 of 2020; the decisions are what a reviewer would record.
 */
const TITLES: Record<string, string> = {
  'HB 1847': 'Admission to bail; creates rebuttable presumptions against bail.',
  'HB 1873': 'Release of accused on secured or unsecured bond.',
  'HB 2474': 'School resource officers and school security officers; crisis intervention training.',
  'HB 1393': 'Virginia Retirement System; return to work for law-enforcement officers, certification.',
  'HB 5099': 'Search warrants; no-knock warrants prohibited',
};

/** Imports the bills and records the decisions; returns the machine rows stored, to check evaluation writes nothing. */
async function prepare(handle: DatabaseHandle): Promise<number> {
  await seedDatabase(handle.db, { curated: false });
  await importFixtureBills(handle, Object.entries(TITLES).map(([identifier, title]) => makeBill({ identifier, title, externalId: identifier, session: '2025' })));
  const [staff] = await handle.db.insert(users).values({ email: 'reviewer@example.org', name: 'Reviewer', passwordHash: 'x' }).returning();
  const id = async (identifier: string) => (await handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, identifier)))[0].id;
  await recordDecision(handle.db, await id('HB 1847'), 'bail-funds', { decision: 'confirm', stance: 'opposes' }, staff.id);
  await recordDecision(handle.db, await id('HB 1873'), 'bail-funds', { decision: 'confirm', stance: 'supports' }, staff.id);
  await recordDecision(handle.db, await id('HB 2474'), 'police-free-schools', { decision: 'reject' }, staff.id);
  await recordDecision(handle.db, await id('HB 1393'), 'decertification', { decision: 'add' }, staff.id);
  await recordDecision(handle.db, await id('HB 5099'), 'no-knock', { decision: 'confirm', stance: 'supports', strength: 'partial' }, staff.id);
  const [row] = (await handle.db.execute(sql`SELECT count(*)::int AS n FROM bill_policies`) as unknown as { rows: { n: number }[] }).rows;
  return row.n;
}

for (const kind of databaseKinds()) {
  describe(`tracker classify --evaluate [${kind}]`, () => {
    let env: Record<string, string>;
    let open: () => Promise<DatabaseHandle>;
    let cleanup: () => Promise<void>;
    let machineRows: number;
    const work = mkdtempSync(path.join(tmpdir(), 'tracker-evaluate-'));

    beforeAll(async () => {
      if (kind === 'pglite') {
        const dataDir = path.join(work, 'data');
        open = () => openDatabase({ databaseUrl: null, dataDir });
        env = { DATA_DIR: dataDir };
        cleanup = async () => undefined;
      } else {
        const scratch = await openScratchDatabase(process.env.TEST_DATABASE_URL!, 'tracker_evaluate');
        open = async () => scratch;
        env = { DATABASE_URL: scratch.url! };
        cleanup = () => scratch.close();
      }
      const handle = await open();
      await migrateDatabase(handle);
      machineRows = await prepare(handle);
      if (kind === 'pglite') await handle.close();
    }, 120_000);
    afterAll(async () => {
      await cleanup();
      rmSync(work, { recursive: true, force: true });
    });

    test('prints precision and recall per policy and per stance, and the rules behind each miss', async () => {
      const result = await runCli(['classify', '--evaluate'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = result.stdout;
      expect(out).toContain('Current rules against 5 staff decision(s) (3 confirm, 1 add, 1 reject):');
      // Policy alone: HB 1847, HB 1873, HB 5099 found; HB 2474 tagged against a reject; HB 1393 missed.
      expect(out).toMatch(/policy alone\s+0\.75\s+0\.75\s+3\s+1\s+1/);
      expect(out).toMatch(/policy \+ stance\s+0\.50\s+0\.67\s+2\s+2\s+1/);
      expect(out).toMatch(/ {4}bail-funds\s+0\.50\s+0\.50\s+1\s+1\s+1/);
      expect(out).toMatch(/ {4}supports\s+1\.00\s+0\.50\s+1\s+0\s+1/);
      expect(out).toContain('strength: 0 of 1 staff strengths matched');
      expect(out).toContain('VA HB 1873 (bill');
      expect(out).toMatch(/VA HB 1873 \(bill \d+\) bail-funds: staff say supports, the machine says unclear \(wrong-stance\)\n {6}supports:release "unsecured bond" \(title\)/);
      expect(out).toMatch(/VA HB 2474 \(bill \d+\) police-free-schools: staff say not about it, the machine says unclear \(false-positive\)/);
      expect(out).toMatch(/VA HB 1393 \(bill \d+\) decertification: staff say about it \(stance not given\), the machine says no match \(false-negative\)\n {6}score 0\.08 below the threshold 0\.50\n {6}exclusion:retirement "Retirement" \(title\)/);
      expect(out).toMatch(/VA HB 5099 \(bill \d+\) no-knock: staff say supports \(partial\), the machine says supports \(full\) \(wrong-strength\)\n {6}supports:ban "prohibited" \(title\)/);
    }, 180_000);

    test('a dry run of a rule edit shows the figures after it and each decision it fixes or breaks; nothing is written', async () => {
      const file = path.join(work, 'bail-rules.json');
      const handle = await open();
      const [policy] = await handle.db.select().from(policies).where(eq(policies.id, 'bail-funds'));
      if (kind === 'pglite') await handle.close();
      const rules = structuredClone(policy.rules) as { stance: { supports: { id: string; pattern: string; weight: number }[] } };
      rules.stance.supports.push({ id: 'either-bond', pattern: '\\bsecured or unsecured bond\\b', weight: 0.9 });
      writeFileSync(file, JSON.stringify({ rules }));
      const result = await runCli(['classify', '--evaluate', '--policy', 'bail-funds', '--rules', file], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Current rules against 2 staff decision(s) (2 confirm, 0 add, 0 reject) on bail-funds:');
      expect(result.stdout).toMatch(/Edited rules \(.*bail-rules\.json\) against the same decisions:\n\n.*\n {2}policy alone\s+1\.00\s+1\.00\s+2\s+0\s+0\n {2}policy \+ stance\s+1\.00\s+1\.00\s+2\s+0\s+0/);
      expect(result.stdout).toMatch(/What the edit changes \(1\):\n {2}fixed {2}VA HB 1873 \(bill \d+\) bail-funds: staff say supports; unclear -> supports \(partial\)/);

      const after = await open();
      const [row] = (await after.db.execute(sql`SELECT count(*)::int AS n FROM bill_policies`) as unknown as { rows: { n: number }[] }).rows;
      const [stored] = await after.db.select().from(policies).where(eq(policies.id, 'bail-funds'));
      if (kind === 'pglite') await after.close();
      expect(row.n).toBe(machineRows);
      expect(stored.rules).toEqual(policy.rules);
    }, 180_000);

    test('bad use is refused with the reason: rules without a policy, a broken pattern', async () => {
      const lonely = await runCli(['classify', '--evaluate', '--rules', 'x.json'], env);
      expect(lonely.code).toBe(2);
      expect(lonely.stderr).toMatch(/--rules needs --policy <id>/);
      const file = path.join(work, 'broken.json');
      writeFileSync(file, JSON.stringify({ rules: { topics: [{ id: 'x', pattern: '(bail', weight: 0.5 }], stance: {} } }));
      const broken = await runCli(['classify', '--evaluate', '--policy', 'bail-funds', '--rules', file], env);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/topics\.0\.pattern: invalid regular expression/);
    }, 180_000);
  });
}
