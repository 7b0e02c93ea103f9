// Whether dist/ holds the current sources: read by the build (to skip a build of nothing new)
// and by the launcher (to run the compiled tracker only when it is the code in the checkout).
// Plain JavaScript on purpose: it runs before anything is compiled.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written last by a build that finished (compiled and copied its assets), never by a failed one. */
export const builtStamp = (base = root) => path.join(base, 'dist', '.built');
const SOURCES = ['core', 'cli', 'server', 'scrapers', 'db', 'web', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestChange(base, entry) {
  const full = path.join(base, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A folder's own time changes when a file in it is added, renamed or removed.
  let newest = stat.mtimeMs;
  for (const name of readdirSync(full)) newest = Math.max(newest, newestChange(base, path.join(entry, name)));
  return newest;
}

/** True when a finished build is newer than every source file and folder (of `base`, the checkout by default). */
export function distIsFresh(base = root) {
  const built = builtStamp(base);
  return existsSync(built) && Math.max(...SOURCES.map((entry) => newestChange(base, entry))) <= statSync(built).mtimeMs;
}
