/**
 * Errors a scraper raises. `retryable` tells the HTTP client and the run whether trying
 * again can help (timeouts, 5xx, 429) or not (4xx, a page whose layout changed).
 */
export class ScrapeError extends Error {
  readonly code: string;
  readonly url: string | null;
  readonly retryable: boolean;

  constructor(code: string, message: string, opts: { url?: string | null; retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ScrapeError';
    this.code = code;
    this.url = opts.url ?? null;
    this.retryable = opts.retryable ?? false;
  }
}

/** The page no longer looks the way the parser expects: a selector, column or field is missing. */
export class LayoutChangedError extends ScrapeError {
  readonly selector: string;

  constructor(selector: string, url: string | null, detail: string) {
    super('layout_changed', `${detail} (selector ${JSON.stringify(selector)} at ${url ?? 'unknown URL'})`, { url });
    this.name = 'LayoutChangedError';
    this.selector = selector;
  }
}

/** A record failed validation; the run reports it and goes on with the others. */
export class InvalidRecordError extends ScrapeError {
  constructor(message: string, url: string | null) {
    super('invalid_record', url ? `${message} (${url})` : message, { url });
    this.name = 'InvalidRecordError';
  }
}
