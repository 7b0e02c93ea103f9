import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { importFixtureBills, makeBill, VIRGINIA } from '../../helpers/bill-fixtures.js';
import { referencePath } from '../../helpers/reference.js';
import { startTextsServer, type TextsServer } from '../../helpers/texts-server.js';
import { queryRows } from '../../../db/database.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { jurisdictions } from '../../../db/schema/index.js';
import { type AdoptionEntry } from '../../../core/adoption/adoption-views.js';
import { getBillAdoption, jurisdictionAdoption } from '../../../server/adoption/adoption-service.js';
import { setProvisionOverride } from '../../../db/texts/provision-overrides.js';
import { parseModelPolicy } from '../../../core/adoption/model-policy.schema.js';
import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { HttpClient } from '../../../scrapers/kit/http-client.js';
import { attachTextFile, fetchBillTexts, rescoreTexts } from '../../../scrapers/pipeline/fetch-bill-texts.js';

const NEW_YORK = 'ocd-jurisdiction/country:us/state:ny/government';
const NYC = 'ocd-jurisdiction/country:us/state:ny/place:new_york/government';
const RICHMOND = 'ocd-jurisdiction/country:us/state:va/place:richmond/government';
const LEXINGTON = 'ocd-jurisdiction/country:us/state:ky/place:lexington/government';
const models = loadModelPolicies();

describeEachDatabase('bill texts: fetch, store once, score, adoption by jurisdiction', (ctx) => {
  let server: TextsServer;
  let hb5099: number;
  let s4820: number;
  let sb275: number;
  const client = () => new HttpClient({ minIntervalMs: 0, maxAttempts: 1 });
  const byId = (entries: AdoptionEntry[], id: string) => entries.find((e) => e.id === id)!;

  beforeAll(async () => {
    server = await startTextsServer();
    await seedDatabase(ctx.handle.db, { curated: true });
    // Virginia has no seeded places: Richmond stands in for "a city of the state".
    await ctx.handle.db.insert(jurisdictions).values({ id: RICHMOND, name: 'Richmond', classification: 'municipality', stateCode: 'VA', parentId: VIRGINIA, latitude: 37.54, longitude: -77.44 });
    const result = await importFixtureBills(ctx.handle, [
      // HB 5099 rewrote Code § 19.2-56; its own versions are not in any public repository, so the
      // section as it read before (2016 Code) and after (2026 Code) stand for introduced → enacted.
      makeBill({
        documents: [
          { kind: 'version', note: '§ 19.2-56 before HB 5099 (2016 Code)', date: '2020-08-18', url: server.url('va-code-19.2-56-lexis-2016.xml'), mediaType: 'application/xml' },
          { kind: 'version', note: '§ 19.2-56 as amended (2026 Code)', date: '2020-10-28', url: server.url('va-code-19.2-56-statedecoded-2026.xml'), mediaType: 'application/xml' },
          { kind: 'version', note: 'Chapter (missing)', date: '2020-10-28', url: `${server.baseUrl}/texts/no-such-file.pdf` },
          { kind: 'version', note: 'Chapter (damaged)', date: '2020-10-28', url: `${server.baseUrl}/broken.pdf`, mediaType: 'application/pdf' },
        ],
      }),
      makeBill({
        identifier: 'S 4820', externalId: 'ny-2023-s4820', session: '2023', jurisdictionId: NEW_YORK, chamber: 'upper',
        title: 'Relates to the execution of no-knock search warrants',
        actions: [{ date: '2023-02-15', description: 'REFERRED TO CODES', actorClassification: 'upper', sourceClassification: ['introduction', 'referral-committee'] }],
        documents: [{ kind: 'version', note: 'Introduced', date: '2023-02-15', url: server.url('ny-2023-S4820-introduced.md') }],
      }),
      makeBill({
        identifier: 'SB 275', externalId: 'ca-2025-sb275', session: '20252026', jurisdictionId: 'ocd-jurisdiction/country:us/state:ca/government', chamber: 'upper',
        title: 'Courts: miscellaneous', actions: [{ date: '2025-02-10', description: 'Introduced', actorClassification: 'upper', sourceClassification: ['introduction'] }],
        documents: [
          { kind: 'version', note: 'Introduced', date: '2025-02-10', url: server.url('ca-2025-SB275-introduced.xml') },
          { kind: 'version', note: 'Enrolled', date: '2025-09-10', url: server.url('ca-2025-SB275-enrolled.xml') },
        ],
      }),
    ]);
    expect(result.counts.failed).toBe(0);
    const ids = await queryRows<{ id: number; identifier: string }>(ctx.handle.db, sql`SELECT id::int AS id, identifier FROM bills`);
    hb5099 = ids.find((b) => b.identifier === 'HB 5099')!.id;
    s4820 = ids.find((b) => b.identifier === 'S 4820')!.id;
    sb275 = ids.find((b) => b.identifier === 'SB 275')!.id;
  });

  afterAll(async () => {
    await server?.close();
  });

  test('fetches every version of the tagged bills over loopback, stores and scores them; a bad document is reported with its URL', async () => {
    const report = await fetchBillTexts(ctx.handle.db, client(), models);
    // SB 275 touches no tracked policy, so it is not read unless asked for.
    expect(report).toMatchObject({ bills: 2, versions: 5, fetched: 4, stored: 3, unchanged: 0, skipped: 0, failed: 2, scored: 3 });
    expect(report.errors.map((e) => e.url).sort()).toEqual([`${server.baseUrl}/broken.pdf`, `${server.baseUrl}/texts/no-such-file.pdf`]);
    expect(report.errors.find((e) => e.url?.endsWith('no-such-file.pdf'))!.message).toMatch(/HTTP 404/);
    const texts = await queryRows<{ bill_id: number; version_note: string; format: string; hash: string }>(
      ctx.handle.db, sql`SELECT bill_id::int AS bill_id, version_note, format, hash FROM bill_texts WHERE bill_id IS NOT NULL ORDER BY id`,
    );
    expect(texts.map((t) => [t.bill_id, t.format])).toEqual([[hb5099, 'va-lexis'], [hb5099, 'va-statedecoded'], [s4820, 'ny-markdown']]);
    const scores = await queryRows<{ version_note: string; model_id: string; adoption: string }>(
      ctx.handle.db, sql`SELECT t.version_note, s.model_id, s.adoption FROM adoption_scores s JOIN bill_texts t ON t.id = s.text_id ORDER BY t.id`,
    );
    expect(scores).toEqual([
      { version_note: '§ 19.2-56 before HB 5099 (2016 Code)', model_id: 'no-knock', adoption: 'none' },
      { version_note: '§ 19.2-56 as amended (2026 Code)', model_id: 'no-knock', adoption: 'full' },
      { version_note: 'Introduced', model_id: 'no-knock', adoption: 'partial' },
    ]);
    // Sections carry their own tsvector: the ban is found by full-text search, section by section.
    const found = await queryRows<{ bill_id: number; heading: string }>(
      ctx.handle.db,
      sql`SELECT t.bill_id::int AS bill_id, s.heading FROM text_sections s JOIN bill_texts t ON t.id = s.text_id
          WHERE t.bill_id IS NOT NULL AND s.search @@ websearch_to_tsquery('english', '"no-knock search warrant" participate') ORDER BY t.id`,
    );
    expect(found.map((f) => f.bill_id)).toEqual([hb5099]);
  });

  test('a re-run stores nothing new and fetches nothing; --refetch fetches again and finds the same hashes', async () => {
    const before = server.requests.length;
    const again = await fetchBillTexts(ctx.handle.db, client(), models);
    expect(again).toMatchObject({ fetched: 1, stored: 0, skipped: 3, scored: 0, failed: 2 });
    // Only the two failing documents were asked for again (the 404 counts as failed, not fetched).
    expect(server.requests.slice(before).sort()).toEqual(['/broken.pdf', '/texts/no-such-file.pdf']);
    const refetched = await fetchBillTexts(ctx.handle.db, client(), models, { refetch: true, billIds: [hb5099] });
    expect(refetched).toMatchObject({ bills: 1, fetched: 3, stored: 0, unchanged: 2, scored: 0 });
    expect((await queryRows<{ n: number }>(ctx.handle.db, sql`SELECT count(*)::int AS n FROM bill_texts WHERE bill_id IS NOT NULL`))[0].n).toBe(3);
  });

  test('a bill not tagged with a policy is read on request, and scored against every model with --all', async () => {
    const report = await fetchBillTexts(ctx.handle.db, client(), models, { billIds: [sb275], allModels: true });
    expect(report).toMatchObject({ bills: 1, fetched: 2, stored: 2, scored: 2 * models.length, failed: 0 });
    const adoption = await getBillAdoption(ctx.handle.db, sb275);
    expect(adoption!.versions.map((v) => v.scores.every((s) => s.level === 'none'))).toEqual([true, true]);
  });

  test("Virginia's § 19.2-56 on an enacted bill makes Virginia adopt the no-knock model, and its cities inherit it", async () => {
    const entries = await jurisdictionAdoption(ctx.handle.db, 'no-knock', { today: '2026-11-24' });
    const va = byId(entries, VIRGINIA);
    expect(va).toMatchObject({ level: 'adopted', inherited: false, stance: 'supports', source: { kind: 'bill', id: hb5099, identifier: 'HB 5099', version: '§ 19.2-56 as amended (2026 Code)' } });
    expect(va.score).toBeGreaterThan(0.5);
    expect(byId(entries, RICHMOND)).toMatchObject({ level: 'adopted', inherited: true, score: va.score, source: { jurisdiction_id: VIRGINIA } });
    // S 4820 is only introduced: a bill that is not law adopts nothing.
    expect(byId(entries, NEW_YORK)).toMatchObject({ level: 'none', source: null });
    expect(byId(entries, 'ocd-jurisdiction/country:us/state:ky/government')).toMatchObject({ level: 'none', source: null });
  });

  test('a stronger local law lifts its city above the state; a voided law and a reversed law drop out', async () => {
    // New York State "enacts" S 4820 (partial limits) for this test; New York City gets a
    // curated law whose text is a stronger ban (the Virginia section stands in for it).
    await ctx.handle.db.execute(sql`UPDATE bills SET status = 'enacted', stage = 'enacted' WHERE id = ${s4820}`);
    const [nycLaw] = await queryRows<{ id: number }>(
      ctx.handle.db,
      sql`INSERT INTO curated_laws (jurisdiction_id, policy_id, stance, kind, title, outcome, adopted_on) VALUES (${NYC}, 'no-knock', 'supports', 'ordinance', 'Test: local no-knock ban', 'enacted', '2024-01-01') RETURNING id::int AS id`,
    );
    await attachTextFile(ctx.handle.db, models, { curatedLawId: nycLaw.id, file: referencePath('texts', 'va-code-19.2-56-statedecoded-2026.xml') });
    let entries = await jurisdictionAdoption(ctx.handle.db, 'no-knock', { today: '2026-11-24' });
    expect(byId(entries, NEW_YORK)).toMatchObject({ level: 'partial', source: { kind: 'bill', id: s4820 } });
    expect(byId(entries, NYC)).toMatchObject({ level: 'adopted', inherited: false, source: { kind: 'law', id: nycLaw.id } });
    expect(byId(entries, NYC).score).toBeGreaterThan(byId(entries, NEW_YORK).score);
    // Lexington's ordinance was voided in 2025 (seeded curated law): its text counts for nothing.
    const [lex] = await queryRows<{ id: number }>(ctx.handle.db, sql`SELECT id::int AS id FROM curated_laws WHERE jurisdiction_id = ${LEXINGTON} AND policy_id = 'no-knock'`);
    await attachTextFile(ctx.handle.db, models, { curatedLawId: lex.id, file: referencePath('texts', 'va-code-19.2-56-statedecoded-2026.xml') });
    entries = await jurisdictionAdoption(ctx.handle.db, 'no-knock', { today: '2026-11-24' });
    expect(byId(entries, LEXINGTON)).toMatchObject({ level: 'none', source: null });
    // A later opposing law in force reverses Virginia's ban: the state and its cities drop out.
    await ctx.handle.db.execute(sql`INSERT INTO curated_laws (jurisdiction_id, policy_id, stance, kind, title, outcome, adopted_on) VALUES (${VIRGINIA}, 'no-knock', 'opposes', 'statute', 'Test: no-knock warrants authorized again', 'enacted', '2024-07-01')`);
    entries = await jurisdictionAdoption(ctx.handle.db, 'no-knock', { today: '2026-11-24' });
    expect(byId(entries, VIRGINIA)).toMatchObject({ level: 'none', source: null });
    expect(byId(entries, RICHMOND)).toMatchObject({ level: 'none', source: null });
    await ctx.handle.db.execute(sql`DELETE FROM curated_laws WHERE title = 'Test: no-knock warrants authorized again'`);
    // An overturned bill is no longer law.
    await ctx.handle.db.execute(sql`UPDATE bills SET status = 'overturned' WHERE id = ${s4820}`);
    entries = await jurisdictionAdoption(ctx.handle.db, 'no-knock', { today: '2026-11-24' });
    expect(byId(entries, NEW_YORK)).toMatchObject({ level: 'none' });
    expect(byId(entries, VIRGINIA)).toMatchObject({ level: 'adopted' });
  });

  test('a staff override survives re-scoring after a model edit, and lapses on a new text', async () => {
    const before = (await getBillAdoption(ctx.handle.db, hb5099))!;
    const latest = before.versions[before.versions.length - 1];
    const nk = latest.scores.find((s) => s.model === 'no-knock')!;
    const missing = nk.provisions.find((p) => p.outcome === 'absent')!;
    await setProvisionOverride(ctx.handle.db, { billId: hb5099, modelId: 'no-knock', provisionId: missing.id, outcome: 'adopted', note: 'Read in § 19.2-59', userId: null });
    const overridden = (await getBillAdoption(ctx.handle.db, hb5099))!.versions.at(-1)!.scores.find((s) => s.model === 'no-knock')!;
    expect(overridden.provisions.find((p) => p.id === missing.id)).toMatchObject({ outcome: 'adopted', machine_outcome: 'absent', override: { outcome: 'adopted', note: 'Read in § 19.2-59' } });
    expect(overridden.score).toBeGreaterThan(nk.score);

    // A model edit (new version): re-score every stored text from the database, nothing fetched.
    const requests = server.requests.length;
    const edited = models.map((m) => parseModelPolicy({ ...structuredClone(m), version: m.version + 1 }));
    const result = await rescoreTexts(ctx.handle.db, edited, { modelId: 'no-knock' });
    expect(server.requests.length).toBe(requests);
    expect(result.texts).toBe(await queryRows<{ n: number }>(ctx.handle.db, sql`SELECT count(*)::int AS n FROM bill_texts`).then((r) => r[0].n));
    const after = (await getBillAdoption(ctx.handle.db, hb5099))!.versions.at(-1)!.scores.find((s) => s.model === 'no-knock')!;
    expect(after.model_version).toBe(nk.model_version + 1);
    expect(after.provisions.find((p) => p.id === missing.id)).toMatchObject({ outcome: 'adopted', machine_outcome: 'absent' });
    expect(after.score).toBeCloseTo(overridden.score, 10);
    const va = byId(await jurisdictionAdoption(ctx.handle.db, 'no-knock'), VIRGINIA);
    expect(va.score).toBeCloseTo(overridden.score, 10);

    // A new text of the bill (different hash, the newest): the override does not carry over.
    await attachTextFile(ctx.handle.db, models, { billId: hb5099, file: referencePath('texts', 'va-code-19.2-56-lexis-2016.xml'), note: 'Re-codified' });
    const lapsed = (await getBillAdoption(ctx.handle.db, hb5099))!;
    // Same hash as the 2016 version: stored once, so the 2026 text is still the latest.
    expect(lapsed.versions).toHaveLength(2);
    await ctx.handle.db.execute(sql`UPDATE bill_texts SET version_date = '2030-01-01' WHERE bill_id = ${hb5099} AND format = 'va-lexis'`);
    const reordered = (await getBillAdoption(ctx.handle.db, hb5099))!;
    const newest = reordered.versions.at(-1)!.scores.find((s) => s.model === 'no-knock')!;
    expect(newest.provisions.find((p) => p.id === missing.id)).toMatchObject({ outcome: 'absent', override: null });
    expect(reordered.comparisons.find((c) => c.model === 'no-knock')!.provisions.find((p) => p.id === 'NK-1')).toMatchObject({ from: 'adopted', to: 'absent', change: 'weakened' });
    await ctx.handle.db.execute(sql`UPDATE bill_texts SET version_date = '2020-08-18' WHERE bill_id = ${hb5099} AND format = 'va-lexis'`);
  });

  test('unverified provisions are hidden from the public until staff confirm them', async () => {
    const chemical = models.find((m) => m.policyId === 'chemical-restraint')!;
    const unverified = chemical.provisions.filter((p) => !p.verified).map((p) => p.id);
    expect(unverified.length).toBeGreaterThan(0);
    const publicView = (await getBillAdoption(ctx.handle.db, sb275))!.versions[0].scores.find((s) => s.model === 'chemical-restraint')!;
    expect(publicView.hidden_provisions).toBe(unverified.length);
    expect(publicView.provisions.map((p) => p.id)).not.toContain(unverified[0]);
    const staffView = (await getBillAdoption(ctx.handle.db, sb275, { showUnverified: true }))!.versions[0].scores.find((s) => s.model === 'chemical-restraint')!;
    expect(staffView.provisions.map((p) => p.id)).toContain(unverified[0]);
    await setProvisionOverride(ctx.handle.db, { billId: sb275, modelId: 'chemical-restraint', provisionId: unverified[0], outcome: 'absent', userId: null });
    const confirmed = (await getBillAdoption(ctx.handle.db, sb275))!.versions.at(-1)!.scores.find((s) => s.model === 'chemical-restraint')!;
    expect(confirmed.provisions.map((p) => p.id)).toContain(unverified[0]);
  });
});
