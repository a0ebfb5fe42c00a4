import { LRUCache } from 'lru-cache';

/** A JSON value: what a store keeps, so a store in another process can keep it too. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** One stored answer and when it was stored (the store's clock, ms). */
export interface StoredValue {
  readonly value: JsonValue;
  readonly storedAt: number;
}

export interface StoreSetOptions {
  /** How long the entry is served, ms (> 0). */
  readonly ttlMs: number;
  /** What the entry is about: `invalidate` with any of them drops it. */
  readonly tags: readonly string[];
}

export interface StoreStats {
  readonly entries: number;
  /** The entries' serialized size, bytes. */
  readonly bytes: number;
}

/**
 * Where shared answers are kept: keyed entries with a TTL and tags. Async and
 * JSON-valued, so that a store in another process (Redis) fits behind it; a value
 * returned by `get` is the caller's own copy.
 */
export interface CacheStore {
  get(key: string): Promise<StoredValue | undefined>;
  set(key: string, value: JsonValue, options: StoreSetOptions): Promise<void>;
  /** Drops every entry carrying any of the tags. */
  invalidate(tags: readonly string[]): Promise<void>;
  stats(): Promise<StoreStats>;
  /**
   * Optional, for a store shared by processes: takes the read of `key` for this caller
   * for at most `ttlMs`, so that the same read elsewhere waits for its answer instead of
   * repeating the call. Resolves a claim to release once the answer is stored (or the
   * call failed), or undefined when another caller holds the key now. A store that
   * cannot tell resolves a claim: the caller reads, nobody waits.
   */
  claim?(key: string, ttlMs: number): Promise<StoreClaim | undefined>;
  /**
   * With `claim`: resolves the answer stored under `key` once another caller's claim
   * stored it, or undefined once that claim ends without one (its call failed, its
   * holder died and the claim expired), after `ttlMs` at most, or when the store cannot
   * tell. The caller then reads for itself; a rejection means the same.
   */
  awaitClaimed?(key: string, ttlMs: number): Promise<StoredValue | undefined>;
}

/** A read taken with CacheStore.claim: released when its answer is stored or its call failed. */
export interface StoreClaim {
  release(): Promise<void>;
}

interface Entry {
  readonly json: string;
  readonly storedAt: number;
  /** lru-cache serves an entry up to and including its TTL's last millisecond; this ends it at the TTL. */
  readonly expiresAt: number;
  readonly tags: readonly string[];
}

export interface MemoryCacheStoreOptions {
  /** Bound on the entries' serialized size (keys, values and tags), bytes. */
  readonly maxBytes: number;
  /** Milliseconds; TTLs and `storedAt` are read from it. Default Date.now. */
  readonly now?: () => number;
}

/**
 * The in-process store: least recently used entries go first once `maxBytes` is
 * reached, an entry larger than the bound is not kept, and expired entries are never
 * served. Values are kept serialized, so nothing a caller does to an answer it got
 * can change what the next caller gets. lru-cache does the byte accounting, the
 * recency order and the TTL bookkeeping; this adds the tag index, which it cleans in
 * lru-cache's dispose hook, so the index never names an entry that is gone.
 */
export class MemoryCacheStore implements CacheStore {
  readonly #entries: LRUCache<string, Entry>;
  readonly #byTag = new Map<string, Set<string>>();
  readonly #maxBytes: number;
  readonly #now: () => number;

  constructor(options: MemoryCacheStoreOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0)
      throw new RangeError('The option "maxBytes" is not valid: a positive integer.');
    this.#maxBytes = options.maxBytes;
    this.#now = options.now ?? Date.now;
    this.#entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      sizeCalculation: (entry, key) => entrySize(key, entry),
      // The clock is read on every check (no cached "now"), so an injected clock rules.
      perf: { now: () => this.#now() },
      ttlResolution: 0,
      dispose: (entry, key) => this.#unindex(key, entry.tags),
    });
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return { value: JSON.parse(entry.json) as JsonValue, storedAt: entry.storedAt };
  }

  async set(key: string, value: JsonValue, options: StoreSetOptions): Promise<void> {
    if (!(options.ttlMs > 0)) return;
    const storedAt = this.#now();
    const entry: Entry = {
      json: JSON.stringify(value),
      storedAt,
      expiresAt: storedAt + options.ttlMs,
      tags: [...new Set(options.tags)],
    };
    if (entrySize(key, entry) > this.#maxBytes) {
      // Too large to keep: an older answer under the key must not outlive this newer one.
      this.#entries.delete(key);
      return;
    }
    this.#entries.set(key, entry, { ttl: options.ttlMs });
    // After set: replacing an entry disposes the old one, which unindexes the key.
    for (const tag of entry.tags) {
      let keys = this.#byTag.get(tag);
      if (!keys) {
        keys = new Set();
        this.#byTag.set(tag, keys);
      }
      keys.add(key);
    }
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) this.#entries.delete(key);
    }
  }

  async stats(): Promise<StoreStats> {
    // Expired entries still count until they are read or pushed out; purge so the numbers are live.
    this.#entries.purgeStale();
    return { entries: this.#entries.size, bytes: this.#entries.calculatedSize };
  }

  /** Tags in the index, for tests that check it does not outgrow the entries. */
  indexedTags(): number {
    return this.#byTag.size;
  }

  #unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byTag.delete(tag);
    }
  }
}

/**
 * What an entry costs the heap besides its strings: the entry object and lru-cache's
 * slots for it, and per tag a slot in the tag index. Measured with many small answers
 * (the case where the strings alone understate memory most): about 780 bytes of heap an
 * entry with two tags, against 166 bytes of strings.
 */
const ENTRY_OVERHEAD_BYTES = 384;
const TAG_OVERHEAD_BYTES = 128;

function entrySize(key: string, entry: Entry): number {
  let bytes = ENTRY_OVERHEAD_BYTES + Buffer.byteLength(key) + Buffer.byteLength(entry.json);
  for (const tag of entry.tags) bytes += TAG_OVERHEAD_BYTES + Buffer.byteLength(tag);
  return bytes;
}
