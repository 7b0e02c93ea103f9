import { advanceCrawl, bulkDownloadsToLoad, emptyJurisdictionCursor, planSync, readOpenStatesCursor, selectRelevantSessions } from '../../../scrapers/openstates/sync-planner.js';
import type { OpenStatesSession } from '../../../scrapers/openstates/openstates-bill.schema.js';

const session = (identifier: string, start: string, end: string, classification = 'primary'): OpenStatesSession => ({ identifier, name: identifier, classification, start_date: start, end_date: end });
const SESSIONS = [
  session('2024', '2024-01-10', '2024-03-09'),
  session('2024S1', '2024-05-13', '2024-05-14', 'special'),
  session('2025', '2025-01-08', '2025-02-22'),
  session('2026', '2026-01-14', '2026-03-14'),
];

describe('selectRelevantSessions', () => {
  test('during a session: current and previous regular sessions, current active', () => {
    expect(selectRelevantSessions(SESSIONS, '2025-02-01')).toEqual({ relevant: ['2025', '2024S1', '2024'], active: ['2025'] });
  });

  test('after sine die plus the grace period nothing is active; future sessions are skipped', () => {
    expect(selectRelevantSessions(SESSIONS, '2025-06-01')).toEqual({ relevant: ['2025', '2024S1', '2024'], active: [] });
    expect(selectRelevantSessions(SESSIONS, '2026-01-20').relevant).toEqual(['2026', '2025']);
  });
});

describe('advanceCrawl', () => {
  const pagination = (page: number, max: number) => ({ per_page: 20, page, max_page: max, total_items: max * 20 });

  test('restarts at page 1 from the newest updated_at seen', () => {
    const next = advanceCrawl({ since: null, page: 1 }, [{ updated_at: '2025-01-01T00:00:00+00:00' }, { updated_at: '2025-01-02T00:00:00.5+00:00' }], pagination(1, 3));
    expect(next).toEqual({ position: { since: '2025-01-02T00:00:00.5+00:00', page: 1 }, done: false });
  });

  test('steps to the next page when a whole page shares one updated_at (no endless loop)', () => {
    const t = '2025-01-02T00:00:00+00:00';
    expect(advanceCrawl({ since: t, page: 1 }, [{ updated_at: t }, { updated_at: t }], pagination(1, 2))).toEqual({ position: { since: t, page: 2 }, done: false });
  });

  test('is done on the last page and keeps the watermark', () => {
    expect(advanceCrawl({ since: '2025-01-01T00:00:00+00:00', page: 1 }, [], pagination(1, 1))).toEqual({ position: { since: '2025-01-01T00:00:00+00:00', page: 1 }, done: true });
  });
});

describe('planSync', () => {
  const CO = 'ocd-jurisdiction/country:us/state:co/government';
  const VA = 'ocd-jurisdiction/country:us/state:va/government';

  test('new jurisdictions first read their sessions', () => {
    expect(planSync({ today: '2025-02-01', jurisdictions: [CO], cursors: {} })).toEqual([{ kind: 'sessions', jurisdictionId: CO }]);
  });

  test('pending tracked bills where the crawl is behind come before crawls, batched 20 per request; active states first', () => {
    const behind = { ...emptyJurisdictionCursor(), sessionsCheckedOn: '2025-01-30', relevantSessions: ['2025'], activeSessions: ['2025'], backfillPlanned: true, backfill: [{ session: '2025', since: null, page: 1 }], fresh: { watermark: '2025-01-01T00:00:00+00:00', page: 1, caughtUpOn: null, behind: false } };
    const idle = { ...behind, activeSessions: [], backfill: [] };
    const tracked = Array.from({ length: 25 }, (_, i) => ({ jurisdictionId: CO, session: '2025', identifier: `HB ${i + 1}`, pending: true }));
    tracked.push({ jurisdictionId: CO, session: '2025', identifier: 'SB 1', pending: false });
    const plan = planSync({ today: '2025-02-01', jurisdictions: [VA, CO], cursors: { [CO]: behind, [VA]: idle }, tracked });
    expect(plan.map((t) => [t.kind, t.jurisdictionId, 'identifiers' in t ? t.identifiers.length : null])).toEqual([
      ['targeted', CO, 20],
      ['targeted', CO, 5],
      ['fresh', CO, null],
      ['fresh', VA, null],
      ['backfill', CO, null],
    ]);
  });

  test('a jurisdiction caught up today and week-old sessions: only the session re-read', () => {
    const done = { ...emptyJurisdictionCursor(), sessionsCheckedOn: '2025-01-20', backfillPlanned: true, fresh: { watermark: '2025-01-01T00:00:00+00:00', page: 1, caughtUpOn: '2025-02-01', behind: false } };
    expect(planSync({ today: '2025-02-01', jurisdictions: [CO], cursors: { [CO]: done } })).toEqual([{ kind: 'sessions', jurisdictionId: CO }]);
  });

  test('a stored cursor round-trips through JSON; junk starts over', () => {
    const cursor = { [CO]: { ...emptyJurisdictionCursor(), relevantSessions: ['2025'] } };
    expect(readOpenStatesCursor(JSON.parse(JSON.stringify(cursor)))).toEqual(cursor);
    expect(readOpenStatesCursor({ [CO]: { version: 0 } })).toEqual({});
  });
});

describe('bulk exports in the plan', () => {
  const NH = 'ocd-jurisdiction/country:us/state:nh/government';
  // The shape API v3 lists (reference/openstates-bulk/README.md §4, real DC session 26).
  const csv = (updatedAt: string, url = 'https://data.openstates.org/csv/latest/NH_2025_csv_6TARixT8htvgBf7fQb53q3.zip') => ({ created_at: '2025-01-07T23:13:12.757252+00:00', updated_at: updatedAt, data_type: 'csv', url });
  const withExports: OpenStatesSession[] = [
    { ...session('2017', '2017-01-04', '2017-06-30'), downloads: [csv('2021-02-01T01:09:01+00:00', 'https://data.openstates.org/csv/latest/NH_2017_csv_a.zip')] },
    { ...session('2024', '2024-01-03', '2024-06-30'), downloads: [csv('2024-12-19T23:22:31.086641+00:00', 'https://data.openstates.org/csv/latest/NH_2024_csv_b.zip')] },
    { ...session('2025', '2025-01-01', '2025-06-30'), downloads: [csv('2025-12-01T23:05:43.538572+00:00')] },
    session('2026', '2026-01-07', '2026-06-30'),
  ];

  test('the sessions the planner would backfill load from their export when it is newer than what was loaded', () => {
    const relevant = selectRelevantSessions(withExports, '2026-02-01').relevant;
    expect(relevant).toEqual(['2026', '2025']);
    expect([...bulkDownloadsToLoad(withExports, relevant, {}).keys()]).toEqual(['2025']);
    const loaded = { '2025': { url: 'https://data.openstates.org/csv/latest/NH_2025_csv_6TARixT8htvgBf7fQb53q3.zip', updatedAt: '2025-12-01T23:05:43.538572+00:00', etag: null, lastModified: null, loadedOn: '2025-12-02' } };
    expect(bulkDownloadsToLoad(withExports, relevant, loaded).size).toBe(0);
    // A microsecond later is a regeneration.
    expect(bulkDownloadsToLoad([{ ...withExports[2]!, downloads: [csv('2025-12-01T23:05:43.538573+00:00')] }], relevant, loaded).size).toBe(1);
  });

  test('with bulkSince, every session since that year loads from its export', () => {
    expect([...bulkDownloadsToLoad(withExports, ['2026', '2025'], {}, 2017).keys()]).toEqual(['2017', '2024', '2025']);
    expect([...bulkDownloadsToLoad(withExports, ['2026', '2025'], {}, 2020).keys()]).toEqual(['2024', '2025']);
  });

  test('downloads come after freshness and before the API backfill', () => {
    const cursor = {
      ...emptyJurisdictionCursor(),
      sessionsCheckedOn: '2026-02-01',
      relevantSessions: ['2026', '2025'],
      backfillPlanned: true,
      backfill: [{ session: '2026', since: null, page: 1 }],
      downloads: [{ session: '2025', url: 'https://data.openstates.org/csv/latest/NH_2025_csv_6TARixT8htvgBf7fQb53q3.zip', updatedAt: '2025-12-01T23:05:43.538572+00:00' }],
      fresh: { watermark: '2026-01-31T00:00:00+00:00', page: 1, caughtUpOn: null, behind: false },
    };
    expect(planSync({ today: '2026-02-02', jurisdictions: [NH], cursors: { [NH]: cursor } }).map((t) => `${t.kind}${'session' in t ? ` ${t.session}` : ''}`)).toEqual(['fresh', 'download 2025', 'backfill 2026']);
  });

  test('a cursor saved before bulk exports existed reads with none loaded', () => {
    const old = { version: 1, sessionsCheckedOn: '2025-01-01', relevantSessions: ['2025'], activeSessions: [], backfill: [], backfillPlanned: true, fresh: { watermark: null, page: 1, caughtUpOn: null, behind: false }, targetedOn: null };
    expect(readOpenStatesCursor({ [NH]: old })[NH]).toMatchObject({ bulk: {}, downloads: [] });
  });
});
