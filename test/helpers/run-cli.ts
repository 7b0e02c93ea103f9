import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './reference.js';

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Runs `tracker <args>` in a child process, as a user would (`npm run tracker -- ...`),
 * with the given environment on top of a minimal one.
 */
export function startCli(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliResult> } {
  // `node --import tsx` keeps the tracker in this one child: the tsx CLI would run it in a
  // grandchild that a SIGKILL of the child leaves running.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'cli/tracker.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', SCHEDULER: 'off', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export async function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const { child, done } = startCli(args, env);
  child.stdin!.end(input ?? '');
  return done;
}
