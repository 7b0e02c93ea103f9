import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Db } from '../../db/database.js';
import { listPolicies, policyMap, type MapEntry, type PolicyRow } from '../../db/queries/policy-map.js';
import { readRollupVersion, watchRollupVersion } from '../../db/rollup/rollup-version.js';
import type { DatabaseHandle } from '../../db/connect.js';

/**
 * The map served from memory. `/api/map`, the home page and `/policies` read the map of a
 * policy (and the policy list) from here: built once per rollup version, with the serialized
 * JSON body, a gzipped copy and a strong ETag. Every write that changes the rollup, curated
 * laws, policies or jurisdictions bumps the version in its own transaction and NOTIFYs it at
 * commit: on PostgreSQL a request reads the version row only after a notice (or every two
 * seconds at most); without notices (embedded database) it reads the row, one primary-key
 * read, on every request. Either way a map built at an older version is never served once
 * its replacement's write is heard of.
 */

export type MapQuery = { policy: string; classification?: string; state?: string };

export type CachedMap = {
  version: number;
  entries: MapEntry[];
  /** `{"policy":…,"results":[…]}` as sent. */
  json: Buffer;
  gzip: Buffer;
  etag: string;
};

/** Maps kept per version: every policy's full map plus the filtered ones asked for most lately. */
const MAX_ENTRIES = 64;

/** The cache key of a query; the state is upper-cased as the query does. */
function keyOf(q: MapQuery): string {
  return `${q.policy}|${q.classification ?? ''}|${q.state?.toUpperCase() ?? ''}`;
}

/** The strong ETag of a map: which query, at which version (equal version and query, equal bytes). */
export function mapEtag(q: MapQuery, version: number): string {
  return `"map-${version}-${createHash('sha1').update(keyOf(q)).digest('hex').slice(0, 16)}"`;
}

/**
 * How long a version heard of by LISTEN is trusted without reading the row again: the
 * bound on staleness should a notice ever be lost.
 */
const TRUST_MS = 2_000;

export class MapCache {
  private version = -1;
  private maps = new Map<string, Promise<CachedMap>>();
  private policyList: Promise<PolicyRow[]> | null = null;
  /** Bumped on every notice of a possible change. */
  private changes = 0;
  /** True while the last version read is known current (LISTEN on, no notice since). */
  private trusted = false;
  private readAt = 0;
  private crossProcess = false;
  private watching = false;

  constructor(private readonly db: Db) {}

  /**
   * Listens for version bumps (on PostgreSQL, from every process): while none is heard, a
   * request is served without reading the version row. Without it, every request reads it.
   */
  async watch(handle: DatabaseHandle): Promise<void> {
    if (this.watching) return;
    this.watching = true;
    const watcher = await watchRollupVersion(handle, () => {
      this.changes += 1;
      this.trusted = false;
    });
    this.crossProcess = watcher.crossProcess;
  }

  /** The rollup version now; entries built at another version are dropped. */
  async currentVersion(): Promise<number> {
    if (this.trusted && Date.now() - this.readAt < TRUST_MS) return this.version;
    const changesBefore = this.changes;
    const version = await readRollupVersion(this.db);
    // Trusted only if no notice came while reading (it may have been about a later version).
    this.trusted = this.crossProcess && this.changes === changesBefore;
    this.readAt = Date.now();
    if (version !== this.version) {
      this.version = version;
      this.maps.clear();
      this.policyList = null;
    }
    return version;
  }

  /** The policies in display order, as of `version` (read with `currentVersion`), read once per version. */
  policies(version: number): Promise<PolicyRow[]> {
    if (version !== this.version) return listPolicies(this.db);
    if (!this.policyList) {
      const list = listPolicies(this.db);
      list.catch(() => (this.policyList = null)); // a failed read is not kept
      this.policyList = list;
    }
    return this.policyList;
  }

  /** The map of a query at `version` (read with `currentVersion`), built on first use. */
  map(q: MapQuery, version: number): Promise<CachedMap> {
    if (version !== this.version) return this.build(q, version);
    const key = keyOf(q);
    let entry = this.maps.get(key);
    if (entry) {
      // Most recently used last, so the oldest is dropped first.
      this.maps.delete(key);
      this.maps.set(key, entry);
      return entry;
    }
    entry = this.build(q, version);
    entry.catch(() => this.maps.delete(key)); // a failed build is not kept
    this.maps.set(key, entry);
    if (this.maps.size > MAX_ENTRIES) this.maps.delete(this.maps.keys().next().value!);
    return entry;
  }

  private async build(q: MapQuery, version: number): Promise<CachedMap> {
    const entries = await policyMap(this.db, q.policy, { classification: q.classification, state: q.state });
    const json = Buffer.from(JSON.stringify({ policy: q.policy, results: entries }));
    return { version, entries, json, gzip: gzipSync(json), etag: mapEtag(q, version) };
  }
}

const caches = new WeakMap<Db, MapCache>();

/** The one map cache of a database handle (shared by the API and the web pages). */
export function mapCacheFor(db: Db): MapCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new MapCache(db);
    caches.set(db, cache);
  }
  return cache;
}

/** Starts the map cache of this handle listening for rollup version bumps (once; errors leave it reading the version row). */
export function watchMapCache(handle: DatabaseHandle): void {
  mapCacheFor(handle.db).watch(handle).catch(() => undefined);
}

/** The policy list, cached per rollup version (a policy edit bumps it). */
export async function cachedPolicies(db: Db): Promise<PolicyRow[]> {
  const cache = mapCacheFor(db);
  return cache.policies(await cache.currentVersion());
}
