import { LRUCache } from 'lru-cache';
import {
  type CacheStore,
  type JsonValue,
  MemoryCacheStore,
  type StoreClaim,
  type StoredValue,
  type StoreSetOptions,
  type StoreStats,
} from '../ecs/read-cache/store.js';
import { withDeadline } from './deadline.js';
import type { SharedRedis } from './redis.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { RedisFallback } from './redis-fallback.js';

/** Default bound of the local store used while Redis is away, bytes. */
export const DEFAULT_LOCAL_MAX_BYTES = 64 * 1_048_576;
/** Default number of tags remembered for replay; past it every shared entry is dropped instead. */
export const DEFAULT_MAX_PENDING_TAGS = 10_000;
/** Default longest wait for one Redis command before the local store answers instead, ms. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

/** What a claim is while Redis cannot hold one: the caller reads, and nobody waits for it. */
const UNSHARED_CLAIM: StoreClaim = { release: async () => {} };

export interface SharedCacheStoreOptions {
  readonly redis: SharedRedis;
  /** Bound of the local store, bytes; also the bound of one shared entry. Default 64 MiB. */
  readonly localMaxBytes?: number;
  /** Tags remembered while Redis cannot be told; beyond it the whole shared cache is dropped on return. */
  readonly maxPendingTags?: number;
  /** Longest wait for one command, ms. Default 1000. */
  readonly commandTimeoutMs?: number;
  /** Milliseconds, for TTLs and ages in both stores. Default Date.now. */
  readonly now?: () => number;
}

/**
 * The shared cache with Redis trouble taken care of. While Redis answers, every entry
 * and invalidation goes there (one truth for every replica). When a command fails or
 * the connection drops, entries go to a bounded local store and the invalidated tags
 * are remembered; when Redis answers again, those invalidations are replayed before
 * anything is served from it (a write made meanwhile must not be undone by a stale
 * shared entry), or, if more tags were invalidated than remembered, every shared entry
 * is dropped. The local store is emptied then: Redis is the one truth again. No
 * method ever rejects because of Redis.
 */
export class SharedCacheStore implements CacheStore {
  readonly shared: RedisCacheStore;
  readonly #localMaxBytes: number;
  readonly #maxPendingTags: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  /** Until Redis has been told everything that happened without it, it is not read. */
  readonly #fallback: RedisFallback;
  #local: MemoryCacheStore;
  readonly #pendingTags = new Set<string>();
  #overflowed = false;
  /**
   * Keys whose last miss was the local store's: their answers are kept locally, since
   * Redis could not say which writes their reads raced (RedisCacheStore checks that for
   * its own misses).
   */
  readonly #localMisses = new LRUCache<string, true>({ max: 10_000 });

  constructor(options: SharedCacheStoreOptions) {
    this.#localMaxBytes = options.localMaxBytes ?? DEFAULT_LOCAL_MAX_BYTES;
    this.#maxPendingTags = options.maxPendingTags ?? DEFAULT_MAX_PENDING_TAGS;
    this.#timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.#now = options.now ?? Date.now;
    this.shared = new RedisCacheStore({
      redis: options.redis,
      maxEntryBytes: this.#localMaxBytes,
      now: this.#now,
    });
    this.#local = this.#newLocal();
    this.#fallback = new RedisFallback({
      redis: options.redis,
      timeoutMs: this.#timeoutMs,
      catchUp: () => this.#replay(),
      resume: () => {
        this.#local = this.#newLocal();
      },
    });
  }

  /** Whether entries are read from and written to Redis now (false while it is away or being told what it missed). */
  get usingRedis(): boolean {
    return this.#fallback.usingRedis;
  }

  /** Tags invalidated while Redis could not be told, waiting for it. */
  get pendingTags(): number {
    return this.#pendingTags.size;
  }

  async get(key: string): Promise<StoredValue | undefined> {
    if (this.#usable()) {
      try {
        const found = await this.#command(this.shared.get(key));
        this.#localMisses.delete(key);
        return found;
      } catch {
        this.#fail();
      }
    }
    const found = await this.#local.get(key);
    if (found === undefined) this.#localMisses.set(key, true);
    return found;
  }

  async set(key: string, value: JsonValue, options: StoreSetOptions): Promise<void> {
    const missedLocally = this.#localMisses.delete(key);
    if (!missedLocally && this.#usable()) {
      try {
        await this.#command(this.shared.set(key, value, options));
        return;
      } catch {
        this.#fail();
      }
    }
    await this.#local.set(key, value, options);
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    // The local store may hold entries from an outage (or one that is just starting).
    await this.#local.invalidate(tags);
    if (this.#usable()) {
      try {
        await this.#command(this.shared.invalidate(tags));
        return;
      } catch {
        this.#fail();
      }
    }
    this.#remember(tags);
  }

  /**
   * Takes the read of `key` in Redis for `ttlMs`, so replicas asking the same wait for
   * this one's answer. With Redis away or failing, a claim that holds nothing: every
   * replica reads for itself, nobody waits on Redis.
   */
  async claim(key: string, ttlMs: number): Promise<StoreClaim | undefined> {
    if (!this.#usable()) return UNSHARED_CLAIM;
    let claim: StoreClaim | undefined;
    try {
      claim = await this.#command(this.shared.claim(key, ttlMs));
    } catch {
      this.#fail();
      return UNSHARED_CLAIM;
    }
    if (!claim) return undefined;
    const taken = claim;
    return {
      // A release that fails leaves the claim to expire: waiters then read for themselves.
      release: () => this.#command(taken.release()).catch(() => {}),
    };
  }

  /** The answer another replica's claim stored; undefined when it failed, expired, or Redis is away. */
  async awaitClaimed(key: string, ttlMs: number): Promise<StoredValue | undefined> {
    if (!this.#usable()) return undefined;
    try {
      // Each poll is short; the whole wait is bound by the claim's TTL, plus one command's deadline.
      return await withDeadline(this.shared.awaitClaimed(key, ttlMs), ttlMs + this.#timeoutMs);
    } catch {
      this.#fail();
      return undefined;
    }
  }

  /**
   * Not counted (see RedisCacheStore.stats); the local store's numbers during an outage
   * would be another cache's, so they are not given either: the ReadCache reports unknown.
   */
  async stats(): Promise<StoreStats> {
    return this.shared.stats();
  }

  /** Stops following the connection's state (the store keeps answering from the local layer). */
  close(): void {
    this.#fallback.close();
  }

  /** Settles once a recovery under way has ended (tests; a shutdown). */
  async settled(): Promise<void> {
    await this.#fallback.settled();
  }

  #usable(): boolean {
    return this.#fallback.usable();
  }

  #fail(): void {
    this.#fallback.fail();
  }

  #remember(tags: readonly string[]): void {
    if (this.#overflowed) return;
    for (const tag of tags) this.#pendingTags.add(tag);
    if (this.#pendingTags.size > this.#maxPendingTags) {
      this.#pendingTags.clear();
      this.#overflowed = true;
    }
  }

  /** Tells Redis the invalidations it missed (or clears it); rejects if Redis fails meanwhile. */
  async #replay(): Promise<void> {
    // Invalidations made while this runs are remembered too: loop until none is left.
    while (this.#overflowed || this.#pendingTags.size > 0) {
      if (this.#overflowed) {
        this.#overflowed = false;
        this.#pendingTags.clear();
        try {
          await this.shared.clear();
        } catch (error) {
          this.#overflowed = true;
          throw error;
        }
        continue;
      }
      const tags = [...this.#pendingTags];
      this.#pendingTags.clear();
      try {
        await this.#command(this.shared.invalidate(tags));
      } catch (error) {
        this.#remember(tags);
        throw error;
      }
    }
  }

  #command<T>(promise: Promise<T>): Promise<T> {
    return this.#fallback.command(promise);
  }

  #newLocal(): MemoryCacheStore {
    return new MemoryCacheStore({ maxBytes: this.#localMaxBytes, now: this.#now });
  }
}
