import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { queryRows } from '../../../db/database.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { loadCuratedLawTexts } from '../../../db/seed/curated-law-texts.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { scoreCuratedLawTexts } from '../../../scrapers/pipeline/fetch-bill-texts.js';
import { jurisdictionAdoption } from '../../../server/adoption/adoption-service.js';

const LOUISVILLE = 'ocd-jurisdiction/country:us/state:ky/place:louisville/government';
const KILLEEN = 'ocd-jurisdiction/country:us/state:tx/place:killeen/government';
const AUSTIN = 'ocd-jurisdiction/country:us/state:tx/place:austin/government';

type Row = { seed_key: string; version_note: string; version_url: string; model_id: string; adoption: string; provisions: { provisionId: string; outcome: string; evidence: { excerpt: string }[] }[] };

describeEachDatabase('curated laws carry their verbatim text and a checklist', (ctx) => {
  const models = loadModelPolicies();
  const rows = () => queryRows<Row>(ctx.handle.db, sql`
    SELECT l.seed_key, t.version_note, t.version_url, s.model_id, s.adoption, s.provisions
      FROM curated_laws l JOIN bill_texts t ON t.curated_law_id = l.id JOIN adoption_scores s ON s.text_id = t.id
     ORDER BY l.seed_key`);

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: true });
    await scoreCuratedLawTexts(ctx.handle.db, models);
  });

  test('Louisville, Killeen and Austin have their texts, marked partial, with the source page, scored against no-knock', async () => {
    const byKey = new Map((await rows()).map((r) => [r.seed_key, r]));
    for (const key of ['L-01', 'L-02', 'L-03']) {
      const r = byKey.get(key)!;
      expect(r).toMatchObject({ model_id: 'no-knock', version_note: expect.stringMatching(/^PARTIAL text/), version_url: expect.stringMatching(/^https:\/\//) });
    }
    const outcomes = (key: string) => Object.fromEntries(byKey.get(key)!.provisions.map((p) => [p.provisionId, p.outcome]));
    // Breonna's Law: the ban, the 15-second wait, cameras 5 minutes before and after, 5-year retention; all Metro agencies.
    expect(outcomes('L-01')).toMatchObject({ 'NK-1': 'adopted', 'NK-4': 'adopted', 'NK-7': 'adopted', 'NK-8': 'adopted', 'NK-10': 'weaker' });
    const ban = byKey.get('L-01')!.provisions.find((p) => p.provisionId === 'NK-1')!;
    expect(ban.evidence[0].excerpt).toContain('shall seek, execute, or participate in the execution of a no-knock warrant');
    // Killeen: the ban binds one department.
    expect(outcomes('L-02')).toMatchObject({ 'NK-1': 'adopted', 'NK-10': 'weaker' });
    // Austin: only the ballot language is available; it bans the use of no-knock warrants by Austin police.
    expect(outcomes('L-03')).toMatchObject({ 'NK-1': 'adopted', 'NK-10': 'weaker' });
    // The Minneapolis resolution ends the SRO contract.
    expect(byKey.get('L-35')).toMatchObject({ model_id: 'police-free-schools' });
    expect(Object.fromEntries(byKey.get('L-35')!.provisions.map((p) => [p.provisionId, p.outcome]))).toMatchObject({ 'SCH-1': 'adopted' });
  });

  test('every stored passage is the seed file\'s verbatim wording (gaps kept as …), never more', async () => {
    const texts = await queryRows<{ seed_key: string; text: string }>(ctx.handle.db, sql`SELECT l.seed_key, t.text FROM bill_texts t JOIN curated_laws l ON l.id = t.curated_law_id`);
    for (const seed of loadCuratedLawTexts()) {
      const stored = texts.find((t) => t.seed_key === seed.seedKey)!;
      expect(stored.text.split('\n')).toEqual(seed.passages.map((p) => p.replace(/\s+/g, ' ').trim()));
    }
  });

  test('the adoption map shows the cities from their curated texts; seeding again adds and scores nothing', async () => {
    const entries = await jurisdictionAdoption(ctx.handle.db, 'no-knock', { today: '2026-11-24' });
    for (const id of [LOUISVILLE, KILLEEN, AUSTIN]) {
      expect(entries.find((e) => e.id === id)).toMatchObject({ source: { kind: 'law' } });
    }
    const before = (await rows()).length;
    const again = await seedDatabase(ctx.handle.db, { curated: true });
    expect(again.curatedTexts).toBe(0);
    expect(await scoreCuratedLawTexts(ctx.handle.db, models)).toBe(0);
    expect((await rows()).length).toBe(before);
  });
});
