/**
 * The files under web/static and their cache-busting URLs. Each URL carries a hash of the
 * file's content, so the server can let browsers keep them for a year (`immutable`) and a
 * deploy with a changed file still reaches every visitor at once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the static files live on disk. */
export const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

const versions = new Map<string, string>();

/** `/static/<name>?v=<hash>`; the hash is read once per process. @throws when the file is missing. */
export function assetUrl(name: string): string {
  let version = versions.get(name);
  if (!version) {
    version = createHash('sha256').update(readFileSync(path.join(STATIC_DIR, name))).digest('hex').slice(0, 10);
    versions.set(name, version);
  }
  return `/static/${name}?v=${version}`;
}
