import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root from a bench module's folder, whether the bench runs from the sources
 * (`<root>/cli/bench`) or compiled (`<root>/dist/cli/bench`, as `npm run bench` runs it once
 * `npm run build` made dist/): recorded material is read from `../shared` beside the
 * checkout, never from beside dist/.
 */
export function checkoutRoot(benchDir: string): string {
  const twoUp = path.resolve(benchDir, '../..');
  return path.basename(twoUp) === 'dist' ? path.dirname(twoUp) : twoUp;
}

export const repoRoot = checkoutRoot(path.dirname(fileURLToPath(import.meta.url)));

/** `../shared/reference/...` beside the checkout. */
export const referencePath = (...parts: string[]) => path.resolve(repoRoot, '..', 'shared', 'reference', ...parts);
