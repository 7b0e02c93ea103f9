import { createHash } from 'node:crypto';

/**
 * Where the requests spent against a metered API key are counted, per UTC day, so a
 * restart (or a second run the same day) does not overspend the daily quota.
 * `keyId` is a hash of the key (see `apiKeyId`), never the key itself.
 */
export interface QuotaStore {
  /** Requests recorded for the key on `day` (`YYYY-MM-DD`, UTC); 0 when none. */
  spent(keyId: string, day: string): Promise<number>;
  /** Counts one more request for the key on `day`. */
  record(keyId: string, day: string): Promise<void>;
}

/** The id a key is counted under: sha256 of the key, hex. Returns a 64-character string. */
export function apiKeyId(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** A process-local store: for tests and one-off CLI runs. Forgets everything on exit. */
export class InMemoryQuotaStore implements QuotaStore {
  private readonly counts = new Map<string, number>();

  async spent(keyId: string, day: string): Promise<number> {
    return this.counts.get(`${keyId}|${day}`) ?? 0;
  }

  async record(keyId: string, day: string): Promise<void> {
    const slot = `${keyId}|${day}`;
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }
}
