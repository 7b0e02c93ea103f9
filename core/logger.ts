import { pino, type Logger } from 'pino';
import { summarizeError } from './error-summary.js';

export type { Logger };

/**
 * Errors as logged: type, message, SQLSTATE, the start of a failed statement and the stack,
 * never a query's parameters (see error-summary.ts).
 */
function serializeError(error: unknown): Record<string, unknown> {
  const summary = summarizeError(error);
  const stack = (error as { stack?: unknown } | null)?.stack;
  // Only the frames: a failed query's first stack line repeats its message, parameters included.
  const frames = typeof stack === 'string' ? stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 12) : [];
  return { ...summary, ...(frames.length ? { stack: frames.join('\n') } : {}) };
}

/** Structured JSON logs on stderr (stdout stays free for command output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'policy-tracker' }, serializers: { err: serializeError, error: serializeError } }, pino.destination(2));
}
