import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/connect.js';
import { queryRows } from '../../db/database.js';
import { jurisdictions, sources } from '../../db/schema/index.js';
import { repoRoot } from './reference.js';
import { TEST_SOURCE_KIND } from './test-source.adapter.js';

/** Rows and child processes for the scheduler tests. */

export const TEST_JURISDICTION = 'ocd-jurisdiction/country:us/state:zz/place:testville/government';

/** Inserts the jurisdiction the test source's bills belong to (idempotent). */
export async function insertTestJurisdiction(handle: DatabaseHandle): Promise<void> {
  await handle.db
    .insert(jurisdictions)
    .values({ id: TEST_JURISDICTION, name: 'Testville', classification: 'municipality', stateCode: 'ZZ', legislature: 'council', coverage: 'scraped' })
    .onConflictDoNothing();
}

/** Inserts (or replaces) a test-json source reading `url`. */
export async function insertTestSource(
  handle: DatabaseHandle,
  id: string,
  url: string,
  options: { schedule?: string | null; timezone?: string; enabled?: boolean; timeoutMs?: number; maxAttempts?: number } = {},
): Promise<void> {
  await handle.db.delete(sources).where(eq(sources.id, id));
  await handle.db.insert(sources).values({
    id,
    kind: TEST_SOURCE_KIND,
    name: `Test source ${id}`,
    jurisdictionId: TEST_JURISDICTION,
    settings: { url, jurisdictionId: TEST_JURISDICTION, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) },
    schedule: options.schedule ?? null,
    timezone: options.timezone ?? 'UTC',
    enabled: options.enabled ?? true,
  });
}

export type RunRow = { id: number; source_id: string; outcome: string; fire_at: string | null; fetched: number; created: number; flag: string | null; errors: { url: string | null; message: string; code: string }[]; trigger: string };

/** Every scrape run, oldest first, with its fire time. */
export async function allRuns(handle: DatabaseHandle): Promise<RunRow[]> {
  const rows = await queryRows<RunRow>(
    handle.db,
    sql`SELECT id, source_id, outcome, params->>'fireAt' AS fire_at, fetched, created, flag, errors, trigger FROM scrape_runs ORDER BY id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Polls `check` every 100 ms until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ProcessEvent = { event: string } & Record<string, unknown>;

export type TrackerChild = {
  child: ChildProcess;
  /** JSON lines the child printed on stdout. */
  events: ProcessEvent[];
  stderr: string[];
  ready: Promise<void>;
  /** SIGTERM, then waits for exit; returns the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL, then waits for exit. */
  kill: () => Promise<void>;
};

/**
 * Runs test/helpers/scheduler-process.ts in a child process (node with the tsx loader), as a `scheduler` (scheduler
 * plus in-process worker) or a `worker`, against `databaseUrl`.
 */
export function spawnTrackerProcess(role: 'scheduler' | 'worker', databaseUrl: string, options: { name: string; timeLimitMs?: number } = { name: role }): TrackerChild {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild process,
  // which a SIGKILL of the child would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'helpers', 'scheduler-process.ts'), role], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TRACKER_TEST_DATABASE_URL: databaseUrl,
      TRACKER_TEST_NAME: options.name,
      TRACKER_TEST_TIME_LIMIT_MS: String(options.timeLimitMs ?? 20_000),
      TRACKER_TEST_LOG_LEVEL: process.env.TRACKER_TEST_LOG_LEVEL ?? 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ProcessEvent[] = [];
  const stderr: string[] = [];
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    exited = true;
    resolve(code);
  }));
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const event = JSON.parse(line) as ProcessEvent;
        events.push(event);
        if (event.event === 'ready') resolve();
      } catch {
        stderr.push(line);
      }
    });
    void exit.then((code) => reject(new Error(`${options.name} exited with ${code} before it was ready: ${stderr.join('\n')}`)));
  });
  ready.catch(() => undefined);
  readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return {
    child,
    events,
    stderr,
    ready,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      return exit;
    },
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
  };
}
