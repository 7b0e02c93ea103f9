import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { bills, policies } from '../../../db/schema/index.js';
import { recordDecision } from '../../../db/bills/record-decision.js';
import { queryRows } from '../../../db/database.js';
import { createUser } from '../../../server/auth/auth-service.js';
import { createApp } from '../../../server/app.js';
import { createLogger } from '../../../core/logger.js';
import { reclassifyRunner } from '../../../cli/reclassify-runner.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { importFixtureBills, makeBill } from '../../helpers/bill-fixtures.js';

/*
 * The staff rules page: a dry run of a rule edit against every staff decision on the policy
 * (figures before and after, each decision fixed or broken), then saving it, which starts a
 * background re-classification and is never undone by the seed. Real Virginia 2025 titles.
 */
const EMAIL = 'rules@example.org';
const PASSWORD = 'a long and careful passphrase';

describeEachDatabase('classification rules page', (ctx) => {
  let app: ReturnType<typeof createApp>;
  let runner: ReturnType<typeof reclassifyRunner>;
  let cookie: string;
  let csrf: string;
  let hb1873: number;
  let rules: { stance: { supports: { id: string; pattern: string; weight: number }[] } };

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    await importFixtureBills(ctx.handle, [
      makeBill({ identifier: 'HB 1873', externalId: 'hb1873', session: '2025', title: 'Release of accused on secured or unsecured bond.' }),
      makeBill({ identifier: 'HB 1847', externalId: 'hb1847', session: '2025', title: 'Admission to bail; creates rebuttable presumptions against bail.' }),
    ]);
    const user = await createUser(ctx.handle.db, { email: EMAIL, name: 'Rules Editor', password: PASSWORD });
    const id = async (identifier: string) => (await ctx.handle.db.select({ id: bills.id }).from(bills).where(eq(bills.identifier, identifier)))[0].id;
    hb1873 = await id('HB 1873');
    await recordDecision(ctx.handle.db, hb1873, 'bail-funds', { decision: 'confirm', stance: 'supports' }, user.id);
    await recordDecision(ctx.handle.db, await id('HB 1847'), 'bail-funds', { decision: 'confirm', stance: 'opposes' }, user.id);
    const logger = createLogger('silent');
    runner = reclassifyRunner(ctx.handle, logger);
    app = createApp({ handle: ctx.handle, config: testConfig(), logger, reclassify: runner.start });
    const session = await request(app).post('/api/session').send({ email: EMAIL, password: PASSWORD }).expect(201);
    cookie = ([] as string[]).concat(session.headers['set-cookie'] ?? [])[0].split(';')[0];
    csrf = session.body.csrf_token;
    const [policy] = await ctx.handle.db.select().from(policies).where(eq(policies.id, 'bail-funds'));
    rules = structuredClone(policy.rules) as typeof rules;
    rules.stance.supports.push({ id: 'either-bond', pattern: '\\bsecured or unsecured bond\\b', weight: 0.9 });
  });
  afterAll(() => runner.idle());

  test('the page shows the saved rules and how they fare against the staff decisions', async () => {
    const res = await request(app).get('/staff/review/rules?policy=bail-funds').set('Cookie', cookie).expect(200);
    expect(res.text).toContain('<h1>Classification rules: Bail funds and cash bail</h1>');
    expect(res.text).toContain('The saved rules against 2 staff decisions');
    // HB 1847 right (opposes); HB 1873 unclear where staff say supports.
    expect(res.text).toMatch(/<th scope="row">policy \+ stance<\/th><td>0\.50<\/td><td>0\.50<\/td><td>1<\/td><td>1<\/td><td>1<\/td>/);
    expect(res.text).toContain('&quot;presumption-against&quot;');
    expect(res.text).toContain('These are the shipped rules; nobody has edited them yet.');
    await request(app).get('/staff/review/rules?policy=bail-funds').expect(303); // staff only
  });

  test('a dry run shows the figures after the edit and the decision it fixes, and writes nothing', async () => {
    const res = await request(app).post('/staff/review/rules/bail-funds/dry-run').set('Cookie', cookie).type('form')
      .send({ _csrf: csrf, rules: JSON.stringify(rules) }).expect(200);
    expect(res.text).toContain('Dry run: what the edit changes against 2 staff decisions');
    expect(res.text).toMatch(/<th scope="row">policy \+ stance<\/th><td>0\.50<\/td><td>0\.50<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>1\.00<\/td><td>1\.00<\/td><td>2<\/td><td>0<\/td><td>0<\/td>/);
    expect(res.text).toMatch(/<strong>Fixed<\/strong> VA HB 1873 \(bill \d+\): staff say supports; the machine unclear → supports \(partial\)/);
    expect(res.text).toContain('<code>supports:either-bond &quot;secured or unsecured bond&quot; (title)</code>');
    const [stored] = await ctx.handle.db.select().from(policies).where(eq(policies.id, 'bail-funds'));
    expect(stored.rulesEditedAt).toBeNull();
    expect(JSON.stringify(stored.rules)).not.toContain('either-bond');
  });

  test('rules that cannot be used are refused with every reason, and nothing is saved', async () => {
    const broken = structuredClone(rules) as unknown as { topics: { pattern: string }[]; threshold: number };
    broken.topics[0].pattern = '(bail';
    broken.threshold = 3;
    const res = await request(app).post('/staff/review/rules/bail-funds').set('Cookie', cookie).type('form').send({ _csrf: csrf, rules: JSON.stringify(broken) }).expect(400);
    expect(res.text).toContain('The rules cannot be used:');
    expect(res.text).toContain('topics.0.pattern: invalid regular expression');
    expect(res.text).toContain('threshold: Too big');
    const notJson = await request(app).post('/staff/review/rules/bail-funds/dry-run').set('Cookie', cookie).type('form').send({ _csrf: csrf, rules: '{ nope' }).expect(400);
    expect(notJson.text).toContain('the rules are not JSON');
    await request(app).post('/staff/review/rules/bail-funds').set('Cookie', cookie).type('form').send({ rules: JSON.stringify(rules) }).expect(403);
    await request(app).post('/staff/review/rules/no-such-policy/dry-run').set('Cookie', cookie).type('form').send({ _csrf: csrf, rules: JSON.stringify(rules) }).expect(404);
  });

  test('saving stores the rules as staff edited them, re-classifies stored bills, and the seed leaves them alone', async () => {
    const res = await request(app).post('/staff/review/rules/bail-funds').set('Cookie', cookie).type('form').send({ _csrf: csrf, rules: JSON.stringify(rules) }).expect(303);
    expect(res.headers.location).toBe('/staff/review/rules?policy=bail-funds&saved=1');
    await runner.idle();
    const [row] = await queryRows<{ stance: string; strength: string | null }>(ctx.handle.db, sql`SELECT stance, strength FROM bill_policies WHERE bill_id = ${hb1873} AND policy_id = 'bail-funds'`);
    expect(row).toEqual({ stance: 'supports', strength: 'partial' });
    const page = await request(app).get(res.headers.location).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Saved. Stored bills are being re-classified with the new rules in the background');
    expect(page.text).toMatch(/Last saved by Rules Editor on/);

    const counts = await seedDatabase(ctx.handle.db, { curated: false });
    expect(counts.policyRulesUpdated).toBe(0);
    const [stored] = await ctx.handle.db.select().from(policies).where(eq(policies.id, 'bail-funds'));
    expect(JSON.stringify(stored.rules)).toContain('either-bond');
  });
});
