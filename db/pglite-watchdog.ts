import { Worker } from 'node:worker_threads';

/**
 * The last line behind the disk guard (disk-space.ts): when the embedded engine has hung in
 * its abort loop anyway (a single statement that wrote past the margin), the main thread is
 * stuck in WebAssembly and no timer, signal handler or `finally` of ours can run. A worker
 * thread watches a heartbeat the main thread writes every second; when it has stopped for
 * `stallMs` while the disk holding the data has less than one 16 MB log segment free, the worker
 * prints one line saying so and ends the process (SIGKILL: nothing else can stop a thread
 * spinning in WebAssembly; exit status 137). What the database had committed is kept.
 */
export type Watchdog = { stop: () => void };

const WORKER = `
const { workerData } = require('node:worker_threads');
const { statfsSync, writeSync } = require('node:fs');
const beat = new Int32Array(workerData.heartbeat);
const timer = setInterval(() => {
  const silentMs = Date.now() - Atomics.load(beat, 0) * 1000;
  if (silentMs < workerData.stallMs) return;
  let free = null;
  try { const s = statfsSync(workerData.dir); free = Number(s.bavail) * Number(s.bsize); } catch {}
  // The hang's signature: a 16 MB log segment could not be created, so less than that is free.
  if (free === null || free >= Math.min(workerData.minFreeBytes, 16 * 1048576)) return;
  clearInterval(timer);
  writeSync(2, 'tracker: the embedded database stopped answering with the disk holding ' + workerData.dir + ' full (' +
    (free / 1048576).toFixed(1) + ' MB free); stopping the process (exit status 137). What was committed before is kept: free some space and run the command again.\\n');
  process.kill(process.pid, 'SIGKILL');
}, 1000);
`;

/** Starts the watchdog for a data folder; `stop()` ends it (the worker never keeps the process alive). */
export function startWatchdog(options: { dir: string; minFreeBytes: number; stallMs?: number }): Watchdog {
  const heartbeat = new SharedArrayBuffer(4);
  const beat = new Int32Array(heartbeat);
  const tick = () => Atomics.store(beat, 0, Math.floor(Date.now() / 1000));
  tick();
  const timer = setInterval(tick, 1000);
  timer.unref();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { heartbeat, dir: options.dir, minFreeBytes: options.minFreeBytes, stallMs: options.stallMs ?? 30_000 },
  });
  worker.unref();
  worker.on('error', () => undefined);
  return {
    stop: () => {
      clearInterval(timer);
      void worker.terminate();
    },
  };
}
