/** A record's identities as the batching sees them: its source key and its bill's natural key. */
export type RecordKeys = { source: string; externalId: string; jurisdictionId: string; session: string; identifier: string };

/**
 * The source records and bills a batch holds, asked per record read. Keys are nested maps of
 * the record's own strings rather than joined strings: joining and then hashing two new
 * strings per record was a tenth of a re-read of unchanged records.
 */
export class BatchKeys {
  /** source → external ids */
  private readonly sources = new Map<string, Set<string>>();
  /** jurisdiction → session → identifiers */
  private readonly bills = new Map<string, Map<string, Set<string>>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** True when the batch holds this source record, or another record of the same bill. */
  has(k: RecordKeys): boolean {
    return this.sources.get(k.source)?.has(k.externalId) === true
      || this.bills.get(k.jurisdictionId)?.get(k.session)?.has(k.identifier) === true;
  }

  add(k: RecordKeys): void {
    let ids = this.sources.get(k.source);
    if (!ids) this.sources.set(k.source, (ids = new Set()));
    ids.add(k.externalId);
    let sessions = this.bills.get(k.jurisdictionId);
    if (!sessions) this.bills.set(k.jurisdictionId, (sessions = new Map()));
    let identifiers = sessions.get(k.session);
    if (!identifiers) sessions.set(k.session, (identifiers = new Set()));
    identifiers.add(k.identifier);
    this.count += 1;
  }

  /** True when the two batches share a source record or a bill. */
  shares(other: BatchKeys): boolean {
    for (const [source, ids] of this.sources) {
      const theirs = other.sources.get(source);
      if (theirs && someIn(ids, theirs)) return true;
    }
    for (const [jurisdiction, sessions] of this.bills) {
      const theirSessions = other.bills.get(jurisdiction);
      if (!theirSessions) continue;
      for (const [session, identifiers] of sessions) {
        const theirs = theirSessions.get(session);
        if (theirs && someIn(identifiers, theirs)) return true;
      }
    }
    return false;
  }
}

/** Whether the two sets meet (walking the smaller). */
function someIn(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const v of small) if (large.has(v)) return true;
  return false;
}
