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
