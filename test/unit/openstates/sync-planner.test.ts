import { advanceCrawl, emptyJurisdictionCursor, planSync, readOpenStatesCursor, selectRelevantSessions } from '../../../scrapers/openstates/sync-planner.js';
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
