/**
 * An import with failed records exits non-zero (3, its outcome is "partial"), so a script
 * running it notices; the good records are stored and the bad one is named.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { repoRoot } from '../../helpers/reference.js';

test('a saved Open States file with one malformed bill: exit code 3, the good bill imported, the bad one reported', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracker-partial-'));
  try {
    const good = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/openstates/va-2020S1-HB5099.json'), 'utf8')) as Record<string, unknown>;
    const file = path.join(dir, 'bills.json');
    writeFileSync(file, JSON.stringify([good, { ...good, id: 'ocd-bill/broken', identifier: '', title: null, actions: 'not a list' }]));
    const res = await runCli(['import', 'openstates', file], { DATA_DIR: path.join(dir, 'data'), SEED: 'none' });
    expect({ code: res.code, stderr: res.stderr.slice(0, 300) }).toEqual({ code: 3, stderr: '' });
    expect(res.stdout).toMatch(/run 1 partial/);
    expect(res.stdout).toMatch(/fetched 2 {2}created 1 {2}updated 0 {2}unchanged 0 {2}failed 1/);
    expect(res.stdout).toMatch(/error \[/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
