import type { Db } from '../database.js';
import { legislativeSessions } from '../schema/index.js';

/** A legislative session as stored: dates are `YYYY-MM-DD` or null when the source gives none. */
export type SessionRow = {
  identifier: string;
  name: string;
  classification: string | null;
  startDate: string | null;
  endDate: string | null;
  active: boolean;
};

/** Inserts or updates a jurisdiction's sessions (by identifier); sessions not listed stay. */
export async function storeSessions(db: Db, jurisdictionId: string, sessions: SessionRow[]): Promise<void> {
  for (const { identifier, ...values } of sessions) {
    await db
      .insert(legislativeSessions)
      .values({ jurisdictionId, identifier, ...values })
      .onConflictDoUpdate({ target: [legislativeSessions.jurisdictionId, legislativeSessions.identifier], set: values });
  }
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
