import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { sources } from '../schema/index.js';
import { bumpRollupVersion } from '../rollup/rollup-version.js';

/** A source's schedule as the scheduler reads it. */
export type SourceScheduleRow = { id: string; kind: string; schedule: string | null; timezone: string; enabled: boolean };

/** Every source's schedule, by id. */
export async function listSourceSchedules(db: Db): Promise<SourceScheduleRow[]> {
  return db
    .select({ id: sources.id, kind: sources.kind, schedule: sources.schedule, timezone: sources.timezone, enabled: sources.enabled })
    .from(sources)
    .orderBy(asc(sources.id));
}

/**
 * Saves the given schedule fields of a source (the others stay). Returns false when there is
 * no such source.
 */
export async function updateSourceSchedule(db: Db, sourceId: string, patch: { schedule?: string | null; timezone?: string; enabled?: boolean }): Promise<boolean> {
  const [before] = patch.enabled === undefined ? [] : await db.select({ enabled: sources.enabled }).from(sources).where(eq(sources.id, sourceId));
  const updated = await db
    .update(sources)
    .set({
      ...(patch.schedule === undefined ? {} : { schedule: patch.schedule }),
      ...(patch.timezone === undefined ? {} : { timezone: patch.timezone }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      updatedAt: sql`now()`,
    })
    .where(eq(sources.id, sourceId))
    .returning({ id: sources.id });
  // Whether a source is on is part of every map cell's coverage ("switched off"): cached maps rebuild.
  // (Only when it changed: a schedule saved with the same switch keeps every cached map.)
  if (updated.length > 0 && patch.enabled !== undefined && before?.enabled !== patch.enabled) await bumpRollupVersion(db);
  return updated.length > 0;
}

/** Stores where a source's next run starts. */
export async function saveSourceCursor(db: Db, sourceId: string, cursor: Record<string, unknown>): Promise<void> {
  await db.update(sources).set({ cursor, updatedAt: sql`now()` }).where(eq(sources.id, sourceId));
}

/** Stores one key of a source's cursor (a planner saving one jurisdiction's progress as it goes). */
export async function saveSourceCursorEntry(db: Db, sourceId: string, key: string, value: unknown): Promise<void> {
  await db
    .update(sources)
    .set({ cursor: sql`jsonb_set(${sources.cursor}, ${`{${key}}`}::text[], ${JSON.stringify(value)}::jsonb, true)` })
    .where(eq(sources.id, sourceId));
}

/** Replaces a source's settings and cursor (a job set up anew, as `tracker backfill` does). Returns false when there is no such source. */
export async function updateSourceSettings(db: Db, sourceId: string, settings: Record<string, unknown>, cursor?: Record<string, unknown>): Promise<boolean> {
  const updated = await db
    .update(sources)
    .set({ settings, ...(cursor === undefined ? {} : { cursor }), updatedAt: sql`now()` })
    .where(eq(sources.id, sourceId))
    .returning({ id: sources.id });
  return updated.length > 0;
}
