import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Db } from '../../db/database.js';
import { listPolicies, policyMap, type MapEntry, type PolicyRow } from '../../db/queries/policy-map.js';
import { onLocalBump, readRollupVersion, watchRollupVersion, type RollupVersionWatch } from '../../db/rollup/rollup-version.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Config } from '../../core/config.js';

/**
 * The map served from memory. `/api/map`, the home page and `/policies` read the map of a
 * policy (and the policy list) from here: built once per rollup version, with the serialized
 * JSON body, a gzipped copy and a strong ETag. Every write that changes the rollup, curated
 * laws, policies or jurisdictions bumps the version in its own transaction and NOTIFYs the new
 * version at commit; the cache listens (PostgreSQL: every process's writes; the embedded
 * database: this process's, the only writer), so a request for a built map touches no
 * database at all. While not listening (before it starts, or after the listening connection
 * failed), each request reads the version row instead. Either way a map built at an older
 * version is never served once its replacement's write has committed and been heard of.
 * Each cell carries its jurisdiction's coverage (db/queries/policy-map.ts): a finished source
 * run (`recordCoverage`) and a source switched on or off bump the version too, and the
 * configuration (whether Open States has a key) is the process's own.
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

/** After losing its listening connection, the cache tries to listen again at most this often. */
const RELISTEN_MS = 5_000;

/**
 * How long a bump made in this process keeps requests reading the version row while its notice
 * is not heard: the bound for a bump whose transaction rolled back (or that was made on another
 * database by the same process), after which the cache trusts its notices again.
 */
const LOCAL_BUMP_MS = 10_000;

/** The cache key of a query; the state is upper-cased as the query does. */
function keyOf(q: MapQuery): string {
  return `${q.policy}|${q.classification ?? ''}|${q.state?.toUpperCase() ?? ''}`;
}

/** The strong ETag of a map: which query, at which version (equal version and query, equal bytes). */
export function mapEtag(q: MapQuery, version: number): string {
  return `"map-${version}-${createHash('sha1').update(keyOf(q)).digest('hex').slice(0, 16)}"`;
}

export class MapCache {
  /** The version the entries below belong to (-1: none read yet). */
  private version = -1;
  private maps = new Map<string, Promise<CachedMap>>();
  /** Maps built and ready, by key, for the request that needs no waiting. */
  private ready = new Map<string, CachedMap>();
  private etags = new Map<string, string>();
  private policyList: Promise<PolicyRow[]> | null = null;
  /** True while every committed bump is heard of (then `version` is current without asking). */
  private listening = false;
  /** Bumped on every notice, so a version row read that raced a notice is not trusted over it. */
  private notices = 0;
  private watcher: RollupVersionWatch | null = null;
  /** The listening attempt under way or succeeded; null when none or after the connection was lost. */
  private watching: Promise<void> | null = null;
  private watchStartedAt = -Infinity;
  private handle: DatabaseHandle | null = null;
  /** The newest version bumped by this process whose notice is not heard yet, and when. */
  private awaited: { version: number; at: number } | null = null;
  private stopLocal: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    /** Judges whether a source can run here (coverage says "add an Open States API key"). */
    private config?: Pick<Config, 'openstates'>,
  ) {}

  /** Sets the configuration coverage is judged with (the server's; maps built before are dropped). */
  configure(config: Pick<Config, 'openstates'>): void {
    if (this.config === config) return;
    this.config = config;
    this.maps.clear();
    this.ready.clear();
  }

  /** Whether a bump made by this process may have committed unheard of (then read the row). */
  private awaitingLocalBump(): boolean {
    const awaited = this.awaited;
    if (!awaited) return false;
    if (this.version >= awaited.version || Date.now() - awaited.at > LOCAL_BUMP_MS) {
      this.awaited = null;
      return false;
    }
    return true;
  }

  /**
   * Listens for version bumps; resolves once listening. Until then (and whenever the listening
   * connection is lost) every request reads the version row. Calling it again waits for the
   * same attempt. @throws when listening cannot start.
   */
  watch(handle: DatabaseHandle): Promise<void> {
    this.handle = handle;
    this.watching ??= this.listen(handle);
    return this.watching;
  }

  private async listen(handle: DatabaseHandle): Promise<void> {
    this.watchStartedAt = Date.now();
    this.stopLocal ??= onLocalBump((version) => {
      if (!this.awaited || version > this.awaited.version) this.awaited = { version, at: Date.now() };
      else this.awaited.at = Date.now();
    });
    let watcher: RollupVersionWatch | null = null;
    const lost = () => {
      if (watcher && this.watcher !== watcher) return;
      this.listening = false;
      this.watcher = null;
      this.watching = null;
    };
    try {
      watcher = await watchRollupVersion(handle, (version) => {
        this.notices += 1;
        this.setVersion(version);
      }, lost);
    } catch (error) {
      this.watching = null;
      throw error;
    }
    if (this.watching === null) {
      await watcher.stop(); // lost (or stopped) while starting
      return;
    }
    this.watcher = watcher;
    // Read once the notices are on, so no bump between the read and the LISTEN is missed.
    const before = this.notices;
    const version = await readRollupVersion(this.db);
    if (this.watcher !== watcher) return;
    if (this.notices === before) this.setVersion(version);
    this.listening = true;
  }

  /** Stops listening (shutdown). */
  async stop(): Promise<void> {
    const watcher = this.watcher;
    this.stopLocal?.();
    this.stopLocal = null;
    this.awaited = null;
    this.handle = null;
    this.watcher = null;
    this.watching = null;
    this.listening = false;
    await watcher?.stop();
  }

  private setVersion(version: number): void {
    if (version === this.version) return;
    this.version = version;
    this.maps.clear();
    this.ready.clear();
    this.etags.clear();
    this.policyList = null;
  }

  /** The rollup version now: known without a query while listening, else read from its row. */
  async currentVersion(): Promise<number> {
    if (this.listening && !this.awaitingLocalBump()) return this.version;
    const before = this.notices;
    const version = await readRollupVersion(this.db);
    if (this.notices === before) this.setVersion(version);
    this.relisten();
    return version;
  }

  /** A lost listening connection is replaced, at most every RELISTEN_MS, unless the database was closed. */
  private relisten(): void {
    const handle = this.handle;
    if (!handle || this.watching || Date.now() - this.watchStartedAt < RELISTEN_MS || (handle.pool as { ended?: boolean } | null)?.ended) return;
    this.watch(handle).catch(() => undefined);
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

  /** The map of a query at `version` if it is built already: what a request can answer with at once. */
  built(q: MapQuery, version: number): CachedMap | null {
    return version === this.version ? (this.ready.get(keyOf(q)) ?? null) : null;
  }

  /** The strong ETag of a query's map at `version` (computed once per version). */
  etag(q: MapQuery, version: number): string {
    if (version !== this.version) return mapEtag(q, version);
    const key = keyOf(q);
    let etag = this.etags.get(key);
    if (!etag) {
      etag = mapEtag(q, version);
      if (this.etags.size >= MAX_ENTRIES * 4) this.etags.clear();
      this.etags.set(key, etag);
    }
    return etag;
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
    entry.then(
      (built) => {
        if (this.maps.get(key) === entry) this.ready.set(key, built);
      },
      () => this.maps.delete(key), // a failed build is not kept
    );
    this.maps.set(key, entry);
    if (this.maps.size > MAX_ENTRIES) {
      const oldest = this.maps.keys().next().value!;
      this.maps.delete(oldest);
      this.ready.delete(oldest);
    }
    return entry;
  }

  private async build(q: MapQuery, version: number): Promise<CachedMap> {
    const entries = await policyMap(this.db, q.policy, { classification: q.classification, state: q.state }, this.config);
    const json = Buffer.from(JSON.stringify({ policy: q.policy, results: entries }));
    return { version, entries, json, gzip: gzipSync(json), etag: mapEtag(q, version) };
  }
}

const caches = new WeakMap<Db, MapCache>();

/**
 * The one map cache of a database handle (shared by the API and the web pages). `config`, when
 * given, is what coverage is judged with (the server passes its own).
 */
export function mapCacheFor(db: Db, config?: Pick<Config, 'openstates'>): MapCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new MapCache(db, config);
    caches.set(db, cache);
  } else if (config) {
    cache.configure(config);
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
