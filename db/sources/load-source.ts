import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../connect.js';
import { sources } from '../schema/index.js';
import type { SourceRecord } from '../../core/sources/source-record.js';

/** A `sources` row as adapters see it. */
export function toSourceRecord(row: typeof sources.$inferSelect): SourceRecord & { enabled: boolean } {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    jurisdictionId: row.jurisdictionId,
    settings: (row.settings ?? {}) as Record<string, unknown>,
    cursor: (row.cursor ?? {}) as Record<string, unknown>,
    enabled: row.enabled,
  };
}

/** Reads a source row as adapters see it (staff may have edited it since), or null. */
export async function loadSource(handle: DatabaseHandle, sourceId: string): Promise<(SourceRecord & { enabled: boolean }) | null> {
  const [row] = await handle.db.select().from(sources).where(eq(sources.id, sourceId));
  return row ? toSourceRecord(row) : null;
}
