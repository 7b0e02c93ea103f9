import { mkdirSync, mkdtempSync, existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sweepStaleBulkDownloads } from '../../../scrapers/sources/openstates.source.js';

describe('bulk zips a killed run left behind', () => {
  test('folders of downloads untouched for hours are removed at the next download; a fresh one (another run, downloading now) and other folders stay', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sweep-'));
    try {
      const now = Date.now();
      const make = (name: string, ageHours: number) => {
        const dir = path.join(root, name);
        mkdirSync(dir);
        writeFileSync(path.join(dir, 'export.zip'), 'PK');
        const t = (now - ageHours * 3600_000) / 1000;
        utimesSync(dir, t, t);
        return dir;
      };
      const stale = make('openstates-bulk-abc123', 7);
      const fresh = make('openstates-bulk-def456', 0.5);
      const other = make('tracker-text-xyz', 48);
      expect(await sweepStaleBulkDownloads(root, now)).toBe(1);
      expect([existsSync(stale), existsSync(fresh), existsSync(other)]).toEqual([false, true, true]);
      expect(await sweepStaleBulkDownloads(path.join(root, 'missing'), now)).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
