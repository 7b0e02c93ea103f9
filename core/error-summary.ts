/**
 * What may be said about an error in logs, run reports and command output. A failed query
 * from drizzle carries its statement and every parameter in its message: logged as is, a
 * batch insert writes kilobytes of scraped data per failure (a full disk made the log grow
 * by gigabytes), and parameters may hold personal data. The summary keeps the database's
 * own message, its SQLSTATE and the start of the statement, never the parameters.
 */

export type ErrorSummary = {
  type: string;
  message: string;
  /** The PostgreSQL error code (SQLSTATE), e.g. `53100` for a full disk. */
  sqlstate?: string;
  /** The statement that failed, cut to a few hundred characters; never its parameters. */
  statement?: string;
  /** A system error code (ENOSPC, EROFS, ...). */
  code?: string;
};

const STATEMENT_CHARS = 200;
const MESSAGE_CHARS = 500;

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; errno?: unknown; query?: unknown; params?: unknown; cause?: unknown };

/** The WASI errno numbers PGlite's file layer throws (`ErrnoError`, with no message), by name. */
const WASI_ERRNO: Record<number, string> = { 2: 'EACCES', 29: 'EIO', 44: 'ENOENT', 51: 'ENOSPC', 54: 'ENOTDIR', 63: 'EPERM', 69: 'EROFS' };

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function asErrorLike(value: unknown): ErrorLike | null {
  return value !== null && typeof value === 'object' ? (value as ErrorLike) : null;
}

/** The summary of any thrown value (see the module comment). */
export function summarizeError(error: unknown): ErrorSummary {
  const e = asErrorLike(error);
  if (!e) return { type: typeof error, message: cut(String(error), MESSAGE_CHARS) };
  const type = typeof e.name === 'string' ? e.name : 'Error';
  // drizzle's DrizzleQueryError: `query` and `params`, the driver's error as `cause`.
  const statement = typeof e.query === 'string' ? cut(e.query.replace(/\s+/g, ' ').trim(), STATEMENT_CHARS) : undefined;
  if (statement && 'params' in e && asErrorLike(e.cause)) return { ...summarizeError(e.cause), statement };
  if (e.name === 'ErrnoError' && typeof e.errno === 'number' && typeof e.message !== 'string') {
    const code = WASI_ERRNO[e.errno] ?? `errno ${e.errno}`;
    return { type, message: "the embedded database's file layer failed", ...(WASI_ERRNO[e.errno] ? { code } : {}) };
  }
  const message = typeof e.message === 'string' ? e.message : String(error);
  const summary: ErrorSummary = { type, message: cut(message.split('\nparams:')[0], MESSAGE_CHARS) };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) summary.sqlstate = e.code;
  else if (typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code)) summary.code = e.code;
  // PGlite's own errors carry the statement (and parameters) too.
  if (statement) summary.statement = statement;
  if (!summary.sqlstate && !summary.code && e.cause) {
    const inner = summarizeError(e.cause);
    if (inner.sqlstate) summary.sqlstate = inner.sqlstate;
    if (inner.code) summary.code = inner.code;
  }
  return summary;
}

/** One line: `message [SQLSTATE 53100] in: insert into "bills" …`. */
export function errorLine(error: unknown): string {
  const s = summarizeError(error);
  const tag = s.sqlstate ? ` [SQLSTATE ${s.sqlstate}]` : s.code ? ` [${s.code}]` : '';
  return `${s.message}${tag}${s.statement ? ` in: ${s.statement}` : ''}`;
}

/**
 * True when the database itself cannot go on (as opposed to one bad record): out of disk or
 * memory (SQLSTATE class 53), an I/O error (58030), a read-only database (25006), a server
 * shutting down (57P01-57P03), a lost connection (class 08), or the embedded engine aborted.
 * A run meeting one stops at once instead of failing every remaining record the same way.
 */
export function isStorageFailure(error: unknown, depth = 0): boolean {
  const e = asErrorLike(error);
  if (!e) return false;
  // drizzle wraps the driver's error (and the disk guard's refusal) as `cause`.
  if (depth < 4 && e.cause !== undefined && isStorageFailure(e.cause, depth + 1)) return true;
  if (e.code === 'storage_full' || e.code === 'ENOSPC' || e.code === 'EROFS' || e.code === 'EIO') return true;
  const s = summarizeError(error);
  if (s.sqlstate && (/^(53|08)/.test(s.sqlstate) || ['58030', '25006', '57P01', '57P02', '57P03'].includes(s.sqlstate))) return true;
  if (s.code && ['ENOSPC', 'EROFS', 'EIO'].includes(s.code)) return true;
  return /PGlite is closed|RuntimeError: Aborted|^Aborted\(/.test(s.message) || (s.type === 'RuntimeError' && /Aborted/.test(s.message));
}
