/**
 * The embedded database's folder lock: an exclusive create, so of processes racing for one
 * folder exactly one wins; a lock left by a dead process, or whose pid now belongs to an
 * unrelated live process, is taken over; a live holder is named in the refusal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { holderAlive, lockDataDir, processStartOf } from '../../../db/data-dir-lock.js';
import { repoRoot } from '../../helpers/reference.js';

const RACERS = 4;
const FOLDERS = 10;

function startRacer(startFile: string, dirs: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/helpers/lock-racer.ts'), startFile, ...dirs], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const got = new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as string[]);
    });
    child.on('exit', (code) => reject(new Error(`racer exited ${code} before reporting`)));
  });
  return { child, got };
}

describe('data folder lock', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'tracker-lock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test(`${RACERS} processes racing for ${FOLDERS} folders: each folder has exactly one owner`, async () => {
    const dirs = Array.from({ length: FOLDERS }, (_, i) => path.join(root, `data-${i}`));
    const startFile = path.join(root, 'go');
    const racers = Array.from({ length: RACERS }, () => startRacer(startFile, dirs));
    // Every racer is loaded and polling before the start signal (they print nothing until then).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    writeFileSync(startFile, '');
    try {
      const results = await Promise.all(racers.map((r) => r.got));
      for (const dir of dirs) {
        const owners = results.filter((got) => got.includes(dir)).length;
        expect({ dir: path.basename(dir), owners }).toEqual({ dir: path.basename(dir), owners: 1 });
        const holder = JSON.parse(readFileSync(path.join(dir, 'tracker.lock'), 'utf8')) as { pid: number };
        expect(racers.map((r) => r.child.pid)).toContain(holder.pid);
      }
      // While the racers live, this process is refused, with the holder named.
      expect(() => lockDataDir(dirs[0], 'test')).toThrow(/in use by process \d+ \(lock-racer, since /);
    } finally {
      for (const r of racers) r.child.stdin!.end();
    }
  }, 60_000);

  test('a lock whose pid now belongs to an unrelated live process (another start time) is taken over', () => {
    const dir = path.join(root, 'data');
    lockDataDir(dir, 'first').release();
    // pid 1 is alive (init), but it is not the process that wrote this lock.
    writeFileSync(path.join(dir, 'tracker.lock'), JSON.stringify({ pid: 1, command: 'tracker serve', startedAt: '2026-01-01T00:00:00Z', processStart: '999999999', boot: null }));
    expect(holderAlive({ pid: 1, command: 'x', startedAt: '', processStart: '999999999' })).toBe(false);
    expect(holderAlive({ pid: 1, command: 'x', startedAt: '', processStart: processStartOf(1) })).toBe(true);
    const lock = lockDataDir(dir, 'second');
    expect(JSON.parse(readFileSync(path.join(dir, 'tracker.lock'), 'utf8'))).toMatchObject({ pid: process.pid, command: 'second' });
    lock.release();
  });

  test('a lock from before a reboot, or from a dead pid, is stale; an empty one left by a crash is taken after a few seconds', () => {
    const dir = path.join(root, 'data');
    lockDataDir(dir, 'first').release();
    const file = path.join(dir, 'tracker.lock');
    writeFileSync(file, JSON.stringify({ pid: 1, command: 'tracker serve', startedAt: '2026-01-01T00:00:00Z', processStart: processStartOf(1), boot: 'another-boot' }));
    lockDataDir(dir, 'after-reboot').release();
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, command: 'tracker import', startedAt: '2026-01-01T00:00:00Z' }));
    lockDataDir(dir, 'after-crash').release();
    writeFileSync(file, '');
    utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    lockDataDir(dir, 'after-empty').release();
  });

  test('a read-only place for the data folder is said in one line', () => {
    // /proc refuses new folders, for root too.
    expect(() => lockDataDir('/proc/tracker-data', 'test')).toThrow(/^(the data folder \/proc\/tracker-data is not writable|cannot use the data folder \/proc\/tracker-data)/);
  });
});
