import type pg from 'pg';
import type { RunCoordinator } from 'node-cron';

/**
 * "One run per fire" across tracker processes sharing a PostgreSQL database, as a node-cron
 * `RunCoordinator`. node-cron asks `shouldRun(key)` at every fire with
 * key = `<task name>:<fire time ISO>`; every instance computes the same key for the same
 * fire, so a primary-key insert into `run_leases` decides: the one insert that lands wins,
 * the others hit ON CONFLICT DO NOTHING and skip the fire.
 *
 * The lease is kept until it expires (not released on completion): an instance whose timer
 * fires late must still find it and skip. Expired leases are swept on the way.
 */
export type PostgresRunCoordinator = RunCoordinator & {
  /** This process's name in `run_leases.holder`. */
  readonly holder: string;
};

const FIRE_AT = /:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/;

/** The fire time encoded at the end of a node-cron coordination key, or null. */
export function fireTimeOfKey(key: string): Date | null {
  const match = FIRE_AT.exec(key);
  return match ? new Date(match[1]) : null;
}

/**
 * A coordinator over `run_leases` on the given pool. `shouldRun` throws when the database
 * is unreachable; node-cron then skips the fire (fail-closed) rather than risk a double run.
 */
export function createPostgresRunCoordinator(pool: pg.Pool, holder: string): PostgresRunCoordinator {
  let lastSweep = 0;
  return {
    holder,
    async shouldRun(key: string, ttlMs: number): Promise<boolean> {
      const fireAt = fireTimeOfKey(key) ?? new Date();
      const { rows } = await pool.query<{ name: string }>(
        `INSERT INTO run_leases (name, holder, fire_at, expires_at)
         VALUES ($1, $2, $3, now() + ($4::int * interval '1 millisecond'))
         ON CONFLICT (name) DO NOTHING
         RETURNING name`,
        [key, holder, fireAt, Math.max(1000, Math.round(ttlMs))],
      );
      if (Date.now() - lastSweep > 60_000) {
        lastSweep = Date.now();
        await pool.query('DELETE FROM run_leases WHERE expires_at < now()');
      }
      return rows.length === 1;
    },
  };
}
