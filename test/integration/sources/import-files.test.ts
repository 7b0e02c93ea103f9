import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/database.js';
import { seedDatabase } from '../../../db/seed/run-seed.js';
import { FILE_IMPORTERS } from '../../../scrapers/sources/file-importers.js';
import { importFiles } from '../../../scrapers/sources/import-files.js';
import { describeEachDatabase } from '../../helpers/test-database.js';
import { testConfig } from '../../helpers/test-app.js';
import { repoRoot } from '../../helpers/reference.js';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'openstates');
const openstates = FILE_IMPORTERS.find((i) => i.kind === 'openstates')!;

describeEachDatabase('importing the same files again', (ctx) => {
  let dir = '';
  let files: string[] = [];
  const run = (force = false) => importFiles(ctx.handle, testConfig(), openstates, files, {}, { trigger: 'cli', params: { files }, force });
  const runParams = async (id: number) => (await queryRows<{ params: Record<string, unknown> }>(ctx.handle.db, sql`SELECT params FROM scrape_runs WHERE id = ${id}`))[0].params;

  beforeAll(async () => {
    await seedDatabase(ctx.handle.db, { curated: false });
    dir = mkdtempSync(path.join(tmpdir(), 'import-again-'));
    files = ['va-2020S1-HB5099.json', 'ky-2021RS-SB4.json'].map((f) => {
      copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
      return path.join(dir, f);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('files byte for byte those of the last clean run are not read: every record counts unchanged; --force reads them', async () => {
    const first = await run();
    expect(first).toMatchObject({ outcome: 'ok', counts: { fetched: 2, created: 2, unchanged: 0 } });
    const again = await run();
    expect(again).toMatchObject({ outcome: 'ok', counts: { fetched: 2, created: 0, updated: 0, unchanged: 2, failed: 0 } });
    // The run says which run it matched: nothing was parsed or looked up.
    expect(await runParams(again.runId)).toMatchObject({ unchangedSince: first.runId, fingerprint: (await runParams(first.runId)).fingerprint });
    const forced = await run(true);
    expect(forced).toMatchObject({ outcome: 'ok', counts: { fetched: 2, unchanged: 2 } });
    expect(await runParams(forced.runId)).not.toHaveProperty('unchangedSince');
  });

  test('one changed byte, a failed record or another run in between: the files are read again', async () => {
    const va = files[0];
    const original = readFileSync(va, 'utf8');
    writeFileSync(va, original.replace('"title": "', '"title": "Amended: '));
    const changed = await run();
    expect(changed).toMatchObject({ outcome: 'ok', counts: { fetched: 2, updated: 1, unchanged: 1 } });
    expect(await runParams(changed.runId)).not.toHaveProperty('unchangedSince');

    // A run with a failed record is no reference: the next import reads again (and fails again).
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"id": "ocd-bill/x"}');
    const withFailure = () => importFiles(ctx.handle, testConfig(), openstates, [...files, broken], {}, { trigger: 'cli', params: {} });
    expect((await withFailure()).outcome).toBe('partial');
    const retried = await withFailure();
    expect(retried).toMatchObject({ outcome: 'partial', counts: { failed: 1, unchanged: 2 } });
    expect(await runParams(retried.runId)).not.toHaveProperty('unchangedSince');

    // The last run was of other files: the original pair is read, then recognized.
    expect(await runParams((await run()).runId)).not.toHaveProperty('unchangedSince');
    expect(await runParams((await run()).runId)).toHaveProperty('unchangedSince');
  });
});
