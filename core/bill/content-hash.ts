import { createHash } from 'node:crypto';
import type { NormalizedBill } from './bill.schema.js';

/** JSON with object keys sorted, so equal records always serialize alike. */
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

/**
 * Hash of everything a bill record says. `sourceUpdatedAt` is left out: a source bumping
 * its timestamp without changing a fact must not count as a change.
 */
export function billContentHash(bill: NormalizedBill): string {
  // Votes joined the record after bills were first stored: a bill without votes hashes as
  // it did before, so adding the field did not mark every stored bill changed.
  const { sourceUpdatedAt: _ignored, votes, ...rest } = bill;
  const facts = votes.length ? { ...rest, votes } : rest;
  return createHash('sha256').update(stableStringify(facts)).digest('hex');
}
