import { LRUCache } from 'lru-cache';

/** A JSON value, as a store shared by replicas (Redis) would hold it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * What an Idempotency-Key holds: `pending` while its first request runs, `done` with
 * that request's response body once it finished. `fingerprint` identifies the request
 * (operation and variables) so that the key reused with other input is refused.
 */
export type IdempotencyRecord =
  | { readonly state: 'pending'; readonly fingerprint: string }
  | { readonly state: 'done'; readonly fingerprint: string; readonly result: JsonValue };

/**
 * Where Idempotency-Key records live. Async and JSON-valued, so that an implementation
 * shared by replicas can stand behind the same interface as the in-process one.
 */
export interface IdempotencyStore {
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the record unless the key holds one (atomically); true when it was stored. */
  setIfAbsent(key: string, record: IdempotencyRecord, ttlMs: number): Promise<boolean>;
  /** Stores the record over whatever the key holds. */
  set(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface MemoryStoreOptions {
  /** Most records held; the least recently used go first. Default 10,000. */
  readonly maxEntries?: number;
  /** Most bytes of serialized records held (UTF-16 code units); the least recently used go first. Default 32 MiB. */
  readonly maxBytes?: number;
  /** The clock records expire by, in ms. Default `performance.now`. */
  readonly now?: () => number;
}

interface Entry {
  /** The record as JSON. */
  readonly text: string;
  readonly expiresAt: number;
}

/**
 * The in-process store: an LRU bounded both in records and in bytes (lru-cache), each
 * record with its own TTL on an injectable clock. Values are kept as JSON text, so
 * what goes in is what a shared store would return, and its size is known.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #cache: LRUCache<string, Entry>;
  readonly #now: () => number;

  constructor({
    maxEntries = 10_000,
    maxBytes = 32 * 1024 * 1024,
    now = () => performance.now(),
  }: MemoryStoreOptions = {}) {
    this.#now = now;
    // Expiry is checked here against `now`, exactly at ttlMs; the LRU bounds the memory.
    this.#cache = new LRUCache<string, Entry>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => entry.text.length + key.length,
    });
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const entry = this.#live(key);
    return entry === undefined ? undefined : (JSON.parse(entry.text) as IdempotencyRecord);
  }

  async setIfAbsent(key: string, record: IdempotencyRecord, ttlMs: number): Promise<boolean> {
    if (this.#live(key) !== undefined) return false;
    return this.#put(key, record, ttlMs);
  }

  async set(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    this.#put(key, record, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.#cache.delete(key);
  }

  /** Records held now (expired ones not yet dropped included). */
  get size(): number {
    return this.#cache.size;
  }

  /** The key's entry unless it expired (an expired one is dropped). */
  #live(key: string): Entry | undefined {
    const entry = this.#cache.get(key);
    if (entry === undefined || this.#now() < entry.expiresAt) return entry;
    this.#cache.delete(key);
    return undefined;
  }

  #put(key: string, record: IdempotencyRecord, ttlMs: number): boolean {
    this.#cache.set(key, { text: JSON.stringify(record), expiresAt: this.#now() + ttlMs });
    // lru-cache refuses (silently) an entry larger than the whole bound.
    return this.#cache.has(key);
  }
}
