import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { distIsFresh } from '../../../cli/build-state.mjs';
import { repoRoot } from '../../helpers/reference.js';

/**
 * `npm run tracker` runs the compiled tracker only while dist/ was built from the code in the
 * checkout: an edited, added or removed source, or a build that never finished, sends it back
 * to the TypeScript sources. The rule is checked on a checkout of its own (times set by hand).
 */
describe('the launcher runs compiled code only when it is the code in the checkout', () => {
  let base: string;
  const at = (file: string, seconds: number) => utimesSync(path.join(base, file), seconds, seconds);

  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'launcher-'));
    for (const dir of ['core', 'cli', 'db/schema', 'migrations', 'dist']) mkdirSync(path.join(base, dir), { recursive: true });
    for (const file of ['core/config.ts', 'db/schema/bills.ts', 'migrations/0001.sql', 'package.json']) writeFileSync(path.join(base, file), 'x');
    for (const entry of ['core/config.ts', 'db/schema/bills.ts', 'db/schema', 'db', 'core', 'cli', 'migrations/0001.sql', 'migrations', 'package.json']) at(entry, 1_000);
    writeFileSync(path.join(base, 'dist/.built'), 'built');
    at('dist/.built', 2_000);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('runs the build when it is newer than every source', () => {
    expect(distIsFresh(base)).toBe(true);
  });

  it('runs the sources after a file is edited, one folder down', () => {
    at('db/schema/bills.ts', 3_000);
    expect(distIsFresh(base)).toBe(false);
  });

  it('runs the sources after a file is removed (its folder changed)', () => {
    unlinkSync(path.join(base, 'core/config.ts'));
    expect(distIsFresh(base)).toBe(false);
  });

  it('runs the sources when no build finished', () => {
    unlinkSync(path.join(base, 'dist/.built'));
    expect(distIsFresh(base)).toBe(false);
  });

  it('`node cli/launch.mjs` answers as the tracker does, compiled or not', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'cli/launch.mjs'), 'import', '--help'], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run tracker -- import <kind>/);
    const bad = spawnSync(process.execPath, [path.join(repoRoot, 'cli/launch.mjs'), 'no-such-command'], { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "no-such-command"/);
  });
});

describe('benchmarks find the recorded material beside the checkout, compiled or not', () => {
  it('resolves the same checkout from cli/bench and from dist/cli/bench', async () => {
    const { checkoutRoot, repoRoot: root } = await import('../../../cli/bench/checkout.js');
    expect(checkoutRoot('/srv/tracker/cli/bench')).toBe('/srv/tracker');
    expect(checkoutRoot('/srv/tracker/dist/cli/bench')).toBe('/srv/tracker');
    expect(root).toBe(repoRoot);
  });
});
