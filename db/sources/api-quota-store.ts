import { and, eq, sql } from 'drizzle-orm';
import type { QuotaStore } from '../../core/sources/quota-store.js';
import type { Db } from '../database.js';
import { apiQuotaUsage } from '../schema/sources.js';

/**
 * A store over the `api_quota_usage` table (PGlite or PostgreSQL). `record` is one
 * upsert, so two processes sharing a database count into the same row without losing
 * increments.
 */
export class DrizzleQuotaStore implements QuotaStore {
  constructor(private readonly db: Db) {}

  async spent(keyId: string, day: string): Promise<number> {
    const rows = await this.db
      .select({ requests: apiQuotaUsage.requests })
      .from(apiQuotaUsage)
      .where(and(eq(apiQuotaUsage.keyId, keyId), eq(apiQuotaUsage.day, day)));
    return rows[0]?.requests ?? 0;
  }

  async record(keyId: string, day: string): Promise<void> {
    await this.db
      .insert(apiQuotaUsage)
      .values({ keyId, day, requests: 1, lastRequestAt: sql`now()` })
      .onConflictDoUpdate({
        target: [apiQuotaUsage.keyId, apiQuotaUsage.day],
        set: { requests: sql`${apiQuotaUsage.requests} + 1`, lastRequestAt: sql`now()` },
      });
  }
}
