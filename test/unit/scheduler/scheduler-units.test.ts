import { SOURCE_KINDS } from '../../../core/vocabulary.js';
import { comparableParams, judgeSiteChange } from '../../../core/sources/source-health.js';
import { defaultScheduleFor, defaultTimeLimitFor } from '../../../core/sources/default-schedules.js';
import { createInProcessQueue, jobIdForKey, type ScrapeJob } from '../../../db/queue/job-queue.js';
import { fireTimeOfKey } from '../../../db/scheduling/run-coordinator.js';
import { fireKey } from '../../../scrapers/scheduler/scheduler.js';
import { scheduleProblem } from '../../../core/sources/schedule-rules.js';
import { defaultSources } from '../../../db/seed/ensure-sources.js';
import { adapterFor } from '../../../scrapers/sources/adapters.js';

describe('default sources', () => {
  test('every source the seed creates has a live adapter, and only the opt-in ones start disabled', () => {
    const rows = defaultSources();
    for (const row of rows) expect(() => adapterFor(row.kind)).not.toThrow();
    expect(rows.filter((r) => !r.enabled).map((r) => r.id).sort()).toEqual(['california-pubinfo', 'openstates-events', 'texas-tlo']);
  });
});

describe('default schedules', () => {
  test.each(SOURCE_KINDS)('%s has a valid cron expression and time zone', (kind) => {
    const d = defaultScheduleFor(kind, 'America/Chicago');
    expect(scheduleProblem(d.schedule, d.timezone)).toBeNull();
    expect(d.timeLimitMs).toBe(defaultTimeLimitFor(kind));
  });

  test('Open States runs 8 times a day; Legistar hourly on weekdays in the city’s zone', () => {
    expect(defaultScheduleFor('openstates')).toMatchObject({ schedule: '17 */3 * * *', timezone: 'UTC' });
    expect(defaultScheduleFor('legistar', 'America/Chicago')).toMatchObject({ schedule: '7 * * * 1-5', timezone: 'America/Chicago' });
    expect(defaultScheduleFor('legistar').timezone).toBe('UTC');
    expect(defaultScheduleFor('virginia-lis').timezone).toBe('America/New_York');
  });

  test('an unknown kind has no default', () => {
    expect(() => defaultScheduleFor('gopher')).toThrow('no default schedule for source kind "gopher"');
    expect(defaultTimeLimitFor('gopher')).toBe(30 * 60_000);
  });

  test('bad expressions and zones are described', () => {
    expect(scheduleProblem('61 * * * *', 'UTC')).toBe('invalid cron expression "61 * * * *"');
    expect(scheduleProblem('0 * * * *', 'Nowhere/Special')).toBe('unknown time zone "Nowhere/Special"');
    expect(scheduleProblem('*/5 * * * * *', 'Europe/Paris')).toBeNull();
  });
});

describe('fire keys and job ids', () => {
  test('the same fire gives the same job id, a well-formed UUID', () => {
    const key = fireKey('legistar:louisville', '2025-01-02T03:04:05.000Z');
    expect(key).toBe('legistar:louisville@2025-01-02T03:04:05.000Z');
    expect(jobIdForKey(key)).toBe(jobIdForKey(key));
    expect(jobIdForKey(key)).not.toBe(jobIdForKey(fireKey('legistar:louisville', '2025-01-02T03:04:06.000Z')));
    expect(jobIdForKey(key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('the fire time is read back from a node-cron coordination key', () => {
    expect(fireTimeOfKey('source:legistar:louisville:2025-01-02T03:04:05.000Z')?.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    expect(fireTimeOfKey('no time here')).toBeNull();
  });
});

describe('probable site change', () => {
  test('fewer than 20% of the median of the last ok runs is flagged', () => {
    expect(judgeSiteChange({ outcome: 'ok', fetched: 3 }, [20, 19, 22, 20, 21])).toMatchObject({ flagged: true, baselineMedian: 20 });
    expect(judgeSiteChange({ outcome: 'ok', fetched: 4 }, [20, 19, 22, 20, 21]).flagged).toBe(false);
    expect(judgeSiteChange({ outcome: 'partial', fetched: 1 }, [20, 20, 20]).flagged).toBe(true);
  });

  test('zero where the last ok runs had items is flagged, even with one earlier run', () => {
    expect(judgeSiteChange({ outcome: 'ok', fetched: 0 }, [12]).flagged).toBe(true);
    expect(judgeSiteChange({ outcome: 'ok', fetched: 1 }, [12, 12]).flagged).toBe(false); // ratio rule needs 3 runs
  });

  test('quiet sources, failed runs and first runs are not flagged', () => {
    expect(judgeSiteChange({ outcome: 'ok', fetched: 0 }, [0, 0, 0, 2, 0]).flagged).toBe(false);
    expect(judgeSiteChange({ outcome: 'failed', fetched: 0 }, [20, 20, 20]).flagged).toBe(false);
    expect(judgeSiteChange({ outcome: 'ok', fetched: 0 }, []).flagged).toBe(false);
  });

  test('params are compared without the fire time, in any key order', () => {
    expect(comparableParams({ fireAt: 'a', jurisdiction: 'tx', session: '89R' })).toBe(comparableParams({ session: '89R', jurisdiction: 'tx' }));
    expect(comparableParams({ jurisdiction: 'tx' })).not.toBe(comparableParams({ jurisdiction: 'ky' }));
  });
});

describe('in-process queue', () => {
  const job = (sourceId: string): ScrapeJob => ({ sourceId, params: {} });

  test('one job per key, jobs run with the given concurrency, in order', async () => {
    const queue = createInProcessQueue();
    const started: string[] = [];
    let active = 0;
    let maxActive = 0;
    const gates: (() => void)[] = [];
    await queue.work(async (j) => {
      started.push(j.sourceId);
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((r) => gates.push(r));
      active -= 1;
    }, { concurrency: 2 });
    expect(await queue.enqueue(job('a'), { key: 'a@1' })).toBe(jobIdForKey('a@1'));
    expect(await queue.enqueue(job('a'), { key: 'a@1' })).toBeNull();
    await queue.enqueue(job('b'), { key: 'b@1' });
    await queue.enqueue(job('c'), { key: 'c@1' });
    expect(started).toEqual(['a', 'b']);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual(['a', 'b', 'c']);
    for (const g of gates.splice(0)) g();
    await queue.stop({ graceMs: 1000 });
    expect(maxActive).toBe(2);
  });

  test('a job that throws is retried up to its limit; one that hangs does not hold up the rest', async () => {
    const queue = createInProcessQueue();
    const attempts: string[] = [];
    await queue.work(async (j, meta) => {
      attempts.push(`${j.sourceId}#${meta.attempt}`);
      if (j.sourceId === 'flaky') throw new Error('database went away');
      if (j.sourceId === 'hang') await new Promise(() => undefined);
    }, { concurrency: 2 });
    await queue.enqueue(job('hang'), { key: 'hang' });
    await queue.enqueue(job('flaky'), { key: 'flaky', retryLimit: 2, retryDelaySeconds: 0 });
    await queue.enqueue(job('fine'), { key: 'fine' });
    await new Promise((r) => setTimeout(r, 50));
    expect(attempts).toEqual(expect.arrayContaining(['hang#1', 'flaky#1', 'flaky#2', 'flaky#3', 'fine#1']));
    expect(attempts.filter((a) => a.startsWith('flaky'))).toHaveLength(3);
    await queue.stop({ graceMs: 10 });
  });
});
