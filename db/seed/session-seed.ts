/**
 * The legislative session tables kept in the repo (db/seed/sessions/<abbr>.json, one per
 * state, DC and Puerto Rico; provenance in db/seed/sessions/README.md), so a tracker with no
 * Open States key still knows when every session began and ended. Validated at the boundary:
 * a bad edit fails naming the file and the session. The dates are kept as published, slips
 * included (six special sessions end before they start; README.md lists them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from '../database.js';
import { storeSessions, type SessionChanges, type SessionRow } from '../sessions/sessions-repository.js';

const sessionsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sessions');

const day = z.iso.date().nullable();

const sessionFileSchema = z.strictObject({
  jurisdiction: z.string().regex(/^ocd-jurisdiction\/country:us\/(state|district|territory):[a-z]{2}\/government$/),
  sources: z.array(z.string().min(1)).min(1),
  sessions: z
    .array(
      z.strictObject({
        identifier: z.string().min(1),
        name: z.string().min(1),
        classification: z.enum(['primary', 'regular', 'special']).nullable(),
        start: day,
        end: day,
        from: z.enum(['scrapers', 'api']),
      }),
    )
    .min(1),
});

export type SessionSeed = { jurisdictionId: string; sources: string[]; sessions: SessionRow[] };

/** Every session table in db/seed/sessions. @throws naming the file and the problem. */
export function loadSessionSeed(dir = sessionsDir): SessionSeed[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = sessionFileSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`invalid session table ${file}: ${issue.path.join('.')}: ${issue.message}`);
      }
      const seen = new Set<string>();
      for (const s of parsed.data.sessions) {
        if (seen.has(s.identifier)) throw new Error(`invalid session table ${file}: session ${s.identifier} is listed twice`);
        seen.add(s.identifier);
      }
      return {
        jurisdictionId: parsed.data.jurisdiction,
        sources: parsed.data.sources,
        sessions: parsed.data.sessions.map((s) => ({ identifier: s.identifier, name: s.name, classification: s.classification, startDate: s.start, endDate: s.end, active: null })),
      };
    });
}

/**
 * Stores the repo's session tables: sessions missing from the database are added, and empty
 * facts of stored ones filled in; a fact already stored (read from Open States since) is never
 * replaced. Returns what changed per jurisdiction (empty on a second run).
 */
export async function seedSessions(db: Db, seeds: SessionSeed[] = loadSessionSeed()): Promise<Map<string, SessionChanges>> {
  const changed = new Map<string, SessionChanges>();
  for (const seed of seeds) {
    const changes = await storeSessions(db, seed.jurisdictionId, seed.sessions, { fillOnly: true });
    if (changes.added.length || changes.changed.length) changed.set(seed.jurisdictionId, changes);
  }
  return changed;
}
