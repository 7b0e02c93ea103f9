import { createHash, hash } from 'node:crypto';
import type { NormalizedBill } from './bill.schema.js';
import { canonicalHash, isEmpty, recordHash } from './walk-hash.js';

/**
 * Content hashes say whether a bill record changed since it was stored. They are versioned:
 * a stored hash names its scheme (`v3:<hex>`, `v2:<hex>`; version 1 had no prefix), so a new scheme is
 * compared against a stored old one by computing the old one, and a bill is never marked
 * updated merely because the scheme changed.
 */
export const CONTENT_HASH_PREFIX = 'v3:';

/** JSON with object keys sorted, so equal records always serialize alike (version 1; meetings hash with it too). */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Version 1 of the content hash, kept to recognize bills stored before version 2. */
export function legacyBillContentHashV1(bill: NormalizedBill): string {
  // Votes joined the record after bills were first stored: a bill without votes hashes as
  // it did before, so adding the field did not mark every stored bill changed.
  const { sourceUpdatedAt: _ignored, votes, ...rest } = bill;
  const facts = votes.length ? { ...rest, votes } : rest;
  return createHash('sha256').update(stableStringify(facts)).digest('hex');
}

/**
 * Canonical JSON for version 2: object keys sorted, and empty values (null, [], {}) left
 * out, so a field added to the record later with an empty default leaves every stored hash
 * as it was.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const v = record[key];
      if (isEmpty(v)) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
      first = false;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Version 2 of the content hash (SHA-256 of the canonical JSON), kept to recognize bills stored before version 3. */
export function legacyBillContentHashV2(bill: NormalizedBill): string {
  const { sourceUpdatedAt: _ignored, ...facts } = bill;
  return 'v2:' + hash('sha256', canonicalJson(facts));
}

/**
 * Hash of everything a bill record says (version 3: the canonical walk of `walk-hash.ts`,
 * the same canonical form as version 2 without building its JSON). `sourceUpdatedAt` is
 * left out: a source bumping its timestamp without changing a fact must not count as a change.
 */
export function billContentHash(bill: NormalizedBill): string {
  const { sourceUpdatedAt: _ignored, ...facts } = bill;
  return CONTENT_HASH_PREFIX + canonicalHash(facts, 'bill');
}

/**
 * True when the stored hash says the bill is as `current` (its version 2 hash) describes it,
 * whichever scheme the stored hash was made with.
 */
export function sameBillContent(stored: string | null | undefined, current: string, bill: NormalizedBill): boolean {
  if (!stored) return false;
  if (stored === current) return true;
  if (stored.startsWith('v2:')) return stored === legacyBillContentHashV2(bill);
  return !stored.startsWith('v') && stored === legacyBillContentHashV1(bill);
}

/**
 * Hash of a source record exactly as an adapter yielded it, before validation: when a
 * source gives the very same record again it is skipped without validating or deriving.
 * Any change to the record, even one that normalizes away, gives a new hash (and the
 * content hash then decides). `schemaVersion` names the shape records are validated
 * against, so a changed schema re-validates every record once. Records stored with the
 * SHA-1 of their JSON (40 hex digits, before the walk of `walk-hash.ts`) are re-validated
 * once the same way: their content hash finds them unchanged and the new hash is kept.
 */
export function sourceRecordHash(record: unknown, schemaVersion: string): string {
  return recordHash(record, schemaVersion);
}
