/**
 * One error hierarchy for the whole app. Each error has a stable `code` and an HTTP
 * status; the error middleware turns them into `{ error: { code, message, details } }`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** A bad request parameter or body: `details` names each bad parameter and why. */
export class ValidationError extends AppError {
  constructor(message: string, details: { parameter: string; message: string }[]) {
    super('invalid_request', message, 400, details);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} not found`, 404);
    this.name = 'NotFoundError';
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'sign in or send an API key') {
    super('unauthorized', message, 401);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'not allowed') {
    super('forbidden', message, 403);
    this.name = 'ForbiddenError';
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message, 409);
    this.name = 'ConflictError';
  }
}

/** The database could not be reached or opened: start-up prints `message` and exits. */
export class DatabaseUnavailableError extends AppError {
  constructor(message: string) {
    super('database_unavailable', message, 503);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The disk holding the database is (nearly) full, or the database cannot write: a write
 * was refused before it started. 507 Insufficient Storage; nothing was written.
 */
export class StorageFullError extends AppError {
  constructor(message: string) {
    super('storage_full', message, 507);
    this.name = 'StorageFullError';
  }
}

/** A feature this server is not set up for (email without SMTP_URL, uploads without an importer): 503 saying what is missing. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string) {
    super('not_configured', message, 503);
    this.name = 'ServiceUnavailableError';
  }
}
