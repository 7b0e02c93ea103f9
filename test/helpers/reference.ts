import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from anywhere). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Path of a recorded file in ../shared/reference, which sits beside the checkout (locally
 * and in CI). It is read in place: never copied into the repo.
 */
export function referencePath(...parts: string[]): string {
  const file = path.resolve(repoRoot, '..', 'shared', 'reference', ...parts);
  if (!existsSync(file)) throw new Error(`recorded reference file missing: ${file}`);
  return file;
}

export function readReference(...parts: string[]): string {
  return readFileSync(referencePath(...parts), 'utf8');
}

export function readReferenceBuffer(...parts: string[]): Buffer {
  return readFileSync(referencePath(...parts));
}

/** Path of a file in ../shared/facts. */
export function factsPath(name: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'facts', name);
}
