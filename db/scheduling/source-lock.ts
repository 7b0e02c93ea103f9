import type pg from 'pg';

/**
 * "A source never runs twice at once", across every process that consumes scrape jobs.
 * `tryAcquire` returns a release function, or null when the source is already running
 * somewhere; the caller then skips (like node-cron's noOverlap skips a fire).
 */
export type SourceLock = {
  tryAcquire(sourceId: string): Promise<(() => Promise<void>) | null>;
};

/**
 * A PostgreSQL session advisory lock per source, held on a dedicated pool connection for the
 * whole run. If the process dies, PostgreSQL ends its session and the lock goes with it, so a
 * retried job can run at once; a lease row would have to wait for its expiry.
 * @throws from tryAcquire when no connection can be had.
 */
export function createAdvisorySourceLock(pool: pg.Pool): SourceLock {
  return {
    async tryAcquire(sourceId) {
      const client = await pool.connect();
      let locked = false;
      try {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended('tracker-source:' || $1, 0)) AS locked", [sourceId]);
        locked = rows[0]?.locked === true;
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      if (!locked) {
        client.release();
        return null;
      }
      return async () => {
        try {
          await client.query("SELECT pg_advisory_unlock(hashtextextended('tracker-source:' || $1, 0))", [sourceId]);
          client.release();
        } catch (error) {
          // Destroying the connection ends the session, which releases the lock anyway.
          client.release(error as Error);
        }
      };
    },
  };
}

/** In-process lock (the embedded database has one process). */
export function createLocalSourceLock(): SourceLock {
  const held = new Set<string>();
  return {
    async tryAcquire(sourceId) {
      if (held.has(sourceId)) return null;
      held.add(sourceId);
      return async () => {
        held.delete(sourceId);
      };
    },
  };
}
