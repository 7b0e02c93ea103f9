import type { DatabaseHandle } from '../../db/connect.js';

/**
 * Counts what a process asks its database, by wrapping the driver's entry points on this
 * handle (PGlite's `query`/`exec`/`transaction`, node-postgres' `pool.query`/`pool.connect`):
 * every statement still runs. For tests that assert work done ("served from memory: no
 * statement"), never times. `stop()` restores the driver.
 */
export function countStatements(handle: DatabaseHandle): { count: () => number; stop: () => void } {
  let n = 0;
  const restores: (() => void)[] = [];
  const wrap = <T extends object>(target: T, names: string[]) => {
    for (const name of names) {
      const record = target as Record<string, unknown>;
      const original = record[name] as (...args: unknown[]) => unknown;
      record[name] = function (this: unknown, ...args: unknown[]) {
        n += 1;
        return original.apply(this, args);
      };
      restores.push(() => void (record[name] = original));
    }
  };
  if (handle.pglite) wrap(handle.pglite, ['query', 'exec', 'transaction']);
  if (handle.pool) wrap(handle.pool, ['query', 'connect']);
  return { count: () => n, stop: () => restores.reverse().forEach((r) => r()) };
}
