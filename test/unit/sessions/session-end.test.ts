import { isRegularSession, sessionDateBound, sessionEnd, sessionOver } from '../../../core/sessions/session-end.js';
import { recordedSessionFacts } from '../../helpers/recorded-sessions.js';

describe('when a session is over, on the recorded /jurisdictions response', () => {
  const va = recordedSessionFacts('va');

  test('Virginia 2025 (end date 2025-02-22) is over the day after its end date, not on it', () => {
    expect(sessionOver(va, '2025', '2025-02-22')).toBe(false);
    expect(sessionOver(va, '2025', '2025-02-23')).toBe(true);
    expect(sessionEnd(va, '2025', '2025-12-01')).toEqual({ endDate: '2025-02-22', basis: 'end-date', nextSession: null, cause: 'session ended 2025-02-22' });
  });

  test('a session the API lists with an empty end date is over once a later regular session has started', () => {
    // The real API often sends "" for an end date; here Virginia's 2024 special session loses its own.
    const sessions = va.map((s) => (s.identifier === '2024S1' ? { ...s, endDate: null } : s));
    expect(sessionOver(sessions, '2024S1', '2025-01-07')).toBe(false);
    const end = sessionEnd(sessions, '2024S1', '2025-01-09');
    expect(end).toMatchObject({ endDate: '2025-01-08', basis: 'next-regular-session', nextSession: '2025' });
    expect(end.cause).toBe('session ended by 2025-01-08 (the 2025 Regular Session began)');
    expect(sessionOver(sessions, '2024S1', '2025-01-09')).toBe(true);
  });

  test('a later special session does not end a regular session without an end date', () => {
    const sessions = va.map((s) => (s.identifier === '2026' ? { ...s, endDate: null } : s));
    // 2026S1 (a special session, classification "" in the API, "Special" in its name) began 2026-04-23.
    expect(sessionOver(sessions, '2026', '2026-12-01')).toBe(false);
    // The 2027 regular session begins 2027-01-13.
    expect(sessionOver(sessions, '2026', '2027-01-14')).toBe(true);
  });

  test("an end date the bill's own record contradicts is not trusted: North Carolina's 2025 session, acted on in October 2026", () => {
    const nc = recordedSessionFacts('nc');
    // Listed as ending 2026-07-01; the 2026 extra session (2025E1) met 2026-10-07. No later regular session has begun.
    expect(sessionEnd(nc, '2025', '2026-12-04', { latestActionOn: '2026-10-07' })).toMatchObject({ endDate: null, basis: 'unknown' });
    // A governor acting within 45 days of sine die does not contradict it.
    expect(sessionEnd(nc, '2025', '2026-12-04', { latestActionOn: '2026-08-10' })).toMatchObject({ endDate: '2026-07-01', basis: 'end-date' });
  });

  test('a session missing from the table has an unknown end, never a guessed one', () => {
    expect(sessionEnd(va, '2019specialII', '2026-12-01')).toMatchObject({ endDate: null, basis: 'unknown' });
    expect(sessionOver(va, '2019specialII', '2026-12-01')).toBe(false);
  });

  test('regular and special sessions, as the real API classifies (or does not classify) them', () => {
    const ms = recordedSessionFacts('ms');
    const tx = recordedSessionFacts('tx');
    const find = (list: typeof va, id: string) => list.find((s) => s.identifier === id)!;
    expect(isRegularSession(find(va, '2025'))).toBe(true); // classification ""
    expect(isRegularSession(find(va, '2026S1'))).toBe(false); // classification "", "2026, 1st Special Session"
    expect(isRegularSession(find(tx, '89R'))).toBe(true); // classification "regular"
    expect(isRegularSession(find(tx, '892'))).toBe(false); // "special"
    expect(isRegularSession(find(ms, '20261E'))).toBe(false); // "primary", but "2026 1st Extraordinary Session"
    expect(isRegularSession(find(recordedSessionFacts('dc'), '26'))).toBe(true); // a council period
  });
});

describe('session dates', () => {
  test("partial dates widen to the period they name, so they never break an ordering", () => {
    expect(sessionDateBound('2024', 'start')).toBe('2024-01-01');
    expect(sessionDateBound('2024', 'end')).toBe('2024-12-31');
    expect(sessionDateBound('2024-02', 'end')).toBe('2024-02-29');
    expect(sessionDateBound('2025-04', 'start')).toBe('2025-04-01');
    expect(sessionDateBound('2025-02-25T00:55:14+00:00', 'end')).toBe('2025-02-25');
    expect(sessionDateBound('', 'end')).toBeNull();
    expect(sessionDateBound('soon', 'end')).toBeNull();
  });
});
