// `npm run build` (and `npm start`'s prestart): compiles the tracker to JavaScript in dist/ and
// copies what it reads at run time (seed data, migrations, static files), so production runs
// `node dist/cli/tracker.js` with no TypeScript loader. Skips the work when nothing changed
// since the last build, so a restart costs a directory walk, not a compile.
// Plain JavaScript on purpose: it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { cpSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtStamp, distIsFresh, root } from './build-state.mjs';

/** Files the compiled code reads beside itself: [from, to] relative to the repo root. */
const ASSETS = [
  ['db/seed', 'dist/db/seed', (f) => f.endsWith('.json') || statSync(f).isDirectory()],
  ['migrations', 'dist/migrations', () => true],
  ['web/static', 'dist/web/static', () => true],
  ['package.json', 'dist/package.json', () => true],
];

const force = process.argv.includes('--force');
if (!force && distIsFresh()) {
  process.exit(0);
}
const started = Date.now();
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
} catch {
  process.stderr.write('build failed: the TypeScript compiler reported errors (above)\n');
  process.exit(1);
}
for (const [from, to, keep] of ASSETS) {
  cpSync(path.join(root, from), path.join(root, to), { recursive: true, filter: (src) => keep(src) });
}
// Last: a build stopped before this line leaves dist/ stale, and it is built again next time.
writeFileSync(builtStamp(), `${new Date().toISOString()}\n`);
process.stderr.write(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
