/**
 * Run by the lock race test as a real child process: waits for the start signal (a file
 * appearing), then tries to take each data folder's lock once and prints which it got, as
 * JSON, and holds them until its stdin closes. Many of these started together race for real.
 */
import { existsSync, writeSync } from 'node:fs';
import { lockDataDir } from '../../db/data-dir-lock.js';

const [startFile, ...dirs] = process.argv.slice(2);
while (!existsSync(startFile)) await new Promise((resolve) => setTimeout(resolve, 2));
const got: string[] = [];
for (const dir of dirs) {
  try {
    lockDataDir(dir, 'lock-racer');
    got.push(dir);
  } catch {
    // held by another racer
  }
}
writeSync(1, `${JSON.stringify(got)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
