// `npm run tracker` and `npm run bench`: the compiled tracker when dist/ holds the code in the
// checkout (after `npm run build` or `npm start`), else the TypeScript sources through tsx.
// Compiled, a command starts in ~0.7 s instead of ~1.6 s (2.1 s through the tsx command, which
// also ran the tracker in a second process): a cron run, an import, `--help`.
// Plain JavaScript on purpose: it runs before anything is compiled.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distIsFresh, root } from './build-state.mjs';

if (distIsFresh()) {
  // As `npm start` runs it (--enable-source-maps): stack traces name the TypeScript lines.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(root, 'dist', 'cli', 'tracker.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'cli', 'tracker.ts')).href);
}
