import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { legislativeSessions } from '../schema/index.js';
import type { SessionFact } from '../../core/sessions/session-end.js';

/** A legislative session as stored: dates are `YYYY-MM-DD` or null when the source gives none. */
export type SessionRow = {
  identifier: string;
  name: string;
  classification: string | null;
  startDate: string | null;
  endDate: string | null;
  active: boolean | null;
};

/** What a store changed: sessions new to the table, and sessions whose dates or classification moved. */
export type SessionChanges = { added: string[]; changed: string[] };

const FACT_KEYS = ['name', 'classification', 'startDate', 'endDate', 'active'] as const;

/**
 * Inserts or updates a jurisdiction's sessions (by identifier); sessions not listed stay.
 * A value the source leaves empty never erases one already known (the real API often sends
 * "" for an end date the session tables in the repo know). With `fillOnly` (the seed) a
 * stored value is never replaced at all, so facts read from a source later always win.
 * Returns what changed, so the caller can re-derive the bills whose session facts moved.
 */
export async function storeSessions(db: Db, jurisdictionId: string, sessions: SessionRow[], options: { fillOnly?: boolean } = {}): Promise<SessionChanges> {
  const stored = await db.select().from(legislativeSessions).where(eq(legislativeSessions.jurisdictionId, jurisdictionId));
  const byId = new Map(stored.map((s) => [s.identifier, s]));
  const changes: SessionChanges = { added: [], changed: [] };
  const fresh = new Map<string, SessionRow>();
  for (const session of sessions) {
    const current = byId.get(session.identifier);
    if (!current) {
      fresh.set(session.identifier, session);
      continue;
    }
    const next: Partial<SessionRow> = {};
    for (const key of FACT_KEYS) {
      const incoming = session[key];
      if (incoming === null || incoming === '') continue;
      if (options.fillOnly && current[key] !== null) continue;
      if (incoming !== current[key]) (next as Record<string, unknown>)[key] = incoming;
    }
    if (Object.keys(next).length === 0) continue;
    await db
      .update(legislativeSessions)
      .set(next)
      .where(and(eq(legislativeSessions.jurisdictionId, jurisdictionId), eq(legislativeSessions.identifier, session.identifier)));
    // A new name or the active flag alone changes no bill's status.
    if ('startDate' in next || 'endDate' in next || 'classification' in next) changes.changed.push(session.identifier);
  }
  if (fresh.size) {
    await db.insert(legislativeSessions).values([...fresh.values()].map((s) => ({ jurisdictionId, ...s }))).onConflictDoNothing();
    changes.added.push(...fresh.keys());
  }
  return changes;
}

/** A jurisdiction's sessions as the status model reads them, oldest first (undated last, by identifier). */
export async function readSessions(db: Db, jurisdictionId: string): Promise<SessionFact[]> {
  const rows = await db
    .select({
      identifier: legislativeSessions.identifier,
      name: legislativeSessions.name,
      classification: legislativeSessions.classification,
      startDate: legislativeSessions.startDate,
      endDate: legislativeSessions.endDate,
    })
    .from(legislativeSessions)
    .where(eq(legislativeSessions.jurisdictionId, jurisdictionId))
    .orderBy(sql`${legislativeSessions.startDate} ASC NULLS LAST`, asc(legislativeSessions.identifier));
  return rows;
}

/**
 * Adds the sessions not stored yet (by identifier) and leaves stored ones as they are: a
 * source that knows only identifiers (a bulk export) must not erase the dates the API gave.
 * A session's name defaults to its identifier. Returns how many were added.
 */
export async function addMissingSessions(db: Db, jurisdictionId: string, sessions: { identifier: string; name?: string; startDate?: string | null; endDate?: string | null }[]): Promise<number> {
  let added = 0;
  for (const s of sessions) {
    const inserted = await db
      .insert(legislativeSessions)
      .values({ jurisdictionId, identifier: s.identifier, name: s.name ?? s.identifier, startDate: s.startDate ?? null, endDate: s.endDate ?? null })
      .onConflictDoNothing()
      .returning({ identifier: legislativeSessions.identifier });
    added += inserted.length;
  }
  return added;
}
