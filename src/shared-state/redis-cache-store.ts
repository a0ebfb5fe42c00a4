import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import type {
  CacheStore,
  JsonValue,
  StoreClaim,
  StoredValue,
  StoreSetOptions,
  StoreStats,
} from '../ecs/read-cache/store.js';
import type { SharedRedis } from './redis.js';

/** Default bound of one entry's serialized size: a larger answer is not kept. */
export const DEFAULT_MAX_ENTRY_BYTES = 8 * 1_048_576;
/** How long Redis keeps an entry past its TTL before collecting it; expiry itself is `now`'s. */
export const EXPIRY_SLACK_MS = 2_000;
/** How long a tag remembers when it was last invalidated: far longer than any read takes. */
const TAG_EPOCH_TTL_MS = 10 * 60_000;
/** Reads that missed whose answers are awaited, remembered for the check in `set`. */
const MAX_READS_AWAITED = 10_000;

export interface RedisCacheStoreOptions {
  readonly redis: SharedRedis;
  /** Bound of one entry's serialized value, bytes; a larger one is not kept. Default 8 MiB. */
  readonly maxEntryBytes?: number;
  /** Milliseconds; `storedAt` and expiry are read from it. Default Date.now. */
  readonly now?: () => number;
}

/** What an entry key holds: field `d` this JSON, field `t` the JSON array of its tag keys. */
interface Payload {
  readonly value: JsonValue;
  readonly storedAt: number;
  readonly expiresAt: number;
}

/** An entry's answer and the invalidation epoch as it is read: KEYS the entry, the epoch counter. */
const GET_SCRIPT = `
return { redis.call('HGET', KEYS[1], 'd'), redis.call('GET', KEYS[2]) or '0' }
`;

/**
 * Replaces an entry atomically: its old tags let go of it, then (unless ARGV[1] is
 * empty, which only drops it) it is written with its new tags, each tag set living at
 * least as long as its longest entry. KEYS[1] the entry; ARGV: payload, tag keys
 * (JSON), PX, the epoch its read started at ('' when unknown), the tags' epoch keys
 * (JSON), the key of the epoch of the last clear.
 *
 * An answer whose read started before one of its tags was invalidated (on any
 * replica) may hold the state from before that write: it is not stored (-1), as a
 * single ReadCache does not store a read a write overtook.
 */
const SET_SCRIPT = `
if ARGV[4] ~= '' then
  local since = tonumber(ARGV[4])
  if tonumber(redis.call('GET', ARGV[6]) or '0') > since then return -1 end
  for _, key in ipairs(cjson.decode(ARGV[5])) do
    local at = redis.call('GET', key)
    if at and tonumber(at) > since then return -1 end
  end
end
local old = redis.call('HGET', KEYS[1], 't')
if old then
  for _, tag in ipairs(cjson.decode(old)) do redis.call('SREM', tag, KEYS[1]) end
end
redis.call('DEL', KEYS[1])
if ARGV[1] == '' then return 0 end
local px = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'd', ARGV[1], 't', ARGV[2])
redis.call('PEXPIRE', KEYS[1], px)
for _, tag in ipairs(cjson.decode(ARGV[2])) do
  redis.call('SADD', tag, KEYS[1])
  if redis.call('PTTL', tag) < px then redis.call('PEXPIRE', tag, px) end
end
return 1
`;

/**
 * Drops every entry of every tag in KEYS, and the tag sets; an entry dropped also
 * leaves its other tags' sets, so they name only live entries. Each tag's epoch key
 * (ARGV[3..], in the order of KEYS) records the new epoch (counter ARGV[1]), for ARGV[2] ms.
 */
const INVALIDATE_SCRIPT = `
local dropped = 0
local epoch = redis.call('INCR', ARGV[1])
for i, tag in ipairs(KEYS) do
  redis.call('SET', ARGV[i + 2], epoch, 'PX', ARGV[2])
  for _, entry in ipairs(redis.call('SMEMBERS', tag)) do
    local tags = redis.call('HGET', entry, 't')
    if tags then
      for _, other in ipairs(cjson.decode(tags)) do
        if other ~= tag then redis.call('SREM', other, entry) end
      end
      dropped = dropped + redis.call('DEL', entry)
    end
  end
  redis.call('DEL', tag)
end
return dropped
`;

/** Whether a read's claim is still held, and the entry as it is now: KEYS the claim, the entry. */
const CLAIM_STATE_SCRIPT = `
return { redis.call('EXISTS', KEYS[1]), redis.call('HGET', KEYS[2], 'd') }
`;

/** Lets go of a claim only if it is still this holder's (ARGV[1]): an expired one may be another's now. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** How often a replica waiting for another's read looks for its answer, ms. */
export const CLAIM_POLL_MS = 5;

/** The store's commands, defined once on the connection (EVALSHA, EVAL on a cold cache). */
interface CacheCommands {
  cacheGet(entry: string, epoch: string): Promise<[string | null, string]>;
  cacheSet(
    entry: string,
    payload: string,
    tags: string,
    px: number,
    since: string,
    tagEpochs: string,
    cleared: string,
  ): Promise<number>;
  cacheInvalidate(count: number, ...keysThenArgs: Array<string | number>): Promise<number>;
  cacheClaimState(claim: string, entry: string): Promise<[number, string | null]>;
  cacheRelease(claim: string, token: string): Promise<number>;
}

/**
 * The cache shared by replicas: one Redis hash an entry (`<prefix>cache:<key>`), one
 * set a tag (`<prefix>tag:<tag>`) naming the entries that carry it. A write on any
 * replica drops the entries every replica serves, so there is no local layer to tell.
 * Expiry is checked against `now` (the replicas' clocks, so keep them in step); Redis's
 * own expiry, a little later, only collects what nobody reads again.
 *
 * It fails when Redis does: SharedCacheStore puts it behind a local fallback.
 */
export class RedisCacheStore implements CacheStore {
  readonly #redis: SharedRedis;
  readonly #maxEntryBytes: number;
  readonly #now: () => number;
  /** The epoch each awaited read started at (its miss), by key. */
  readonly #readsAwaited = new LRUCache<string, string>({ max: MAX_READS_AWAITED });

  constructor(options: RedisCacheStoreOptions) {
    const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    if (!Number.isSafeInteger(maxEntryBytes) || maxEntryBytes <= 0)
      throw new RangeError('The option "maxEntryBytes" is not valid: a positive integer.');
    this.#redis = options.redis;
    this.#maxEntryBytes = maxEntryBytes;
    this.#now = options.now ?? Date.now;
    const client = options.redis.client;
    // defineCommand is idempotent per name; several stores on one connection share it.
    if (!('cacheSet' in client)) {
      client.defineCommand('cacheGet', { numberOfKeys: 2, lua: GET_SCRIPT });
      client.defineCommand('cacheSet', { numberOfKeys: 1, lua: SET_SCRIPT });
      client.defineCommand('cacheInvalidate', { lua: INVALIDATE_SCRIPT });
      client.defineCommand('cacheClaimState', { numberOfKeys: 2, lua: CLAIM_STATE_SCRIPT });
      client.defineCommand('cacheRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    }
  }

  get #commands(): CacheCommands {
    return this.#redis.client as unknown as CacheCommands;
  }

  entryKey(key: string): string {
    return this.#redis.key('cache', key);
  }

  tagKey(tag: string): string {
    return this.#redis.key('tag', tag);
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const [text, epoch] = await this.#commands.cacheGet(this.entryKey(key), this.#epochKey());
    const payload = text === null ? undefined : (JSON.parse(text) as Payload);
    if (payload === undefined || this.#now() >= payload.expiresAt) {
      // A miss: the caller reads upstream and sets next; a write meanwhile must win. Misses
      // while that read runs join it (the ReadCache's coalescing): the oldest epoch counts.
      if (!this.#readsAwaited.has(key)) this.#readsAwaited.set(key, epoch);
      return undefined;
    }
    this.#readsAwaited.delete(key);
    return { value: payload.value, storedAt: payload.storedAt };
  }

  async set(key: string, value: JsonValue, options: StoreSetOptions): Promise<void> {
    if (!(options.ttlMs > 0)) return;
    const storedAt = this.#now();
    const payload = JSON.stringify({
      value,
      storedAt,
      expiresAt: storedAt + options.ttlMs,
    } satisfies Payload);
    const unique = [...new Set(options.tags)];
    const tags = JSON.stringify(unique.map((tag) => this.tagKey(tag)));
    // A set without a miss before it (a fresh read) is stored as it comes.
    const since = this.#readsAwaited.get(key) ?? '';
    this.#readsAwaited.delete(key);
    // Too large to keep: an older answer under the key must not outlive this newer one.
    const kept = Buffer.byteLength(payload) <= this.#maxEntryBytes;
    await this.#commands.cacheSet(
      this.entryKey(key),
      kept ? payload : '',
      tags,
      Math.ceil(options.ttlMs) + EXPIRY_SLACK_MS,
      since,
      JSON.stringify(unique.map((tag) => this.#tagEpochKey(tag))),
      this.#clearedKey(),
    );
  }

  /**
   * Takes the read of `key` for `ttlMs` (`SET NX PX` on `<prefix>claim:<key>`): the
   * same read on another replica waits for this one's answer. Undefined when another
   * holds it. The PX is the bound on a holder that dies without releasing.
   */
  async claim(key: string, ttlMs: number): Promise<StoreClaim | undefined> {
    const claimKey = this.#claimKey(key);
    const token = randomUUID();
    const taken = await this.#redis.client.set(claimKey, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
    if (taken !== 'OK') return undefined;
    return { release: async () => void (await this.#commands.cacheRelease(claimKey, token)) };
  }

  /**
   * Polls (every CLAIM_POLL_MS) until the answer of another's claim is stored: its
   * value; or until the claim is gone without one, or `ttlMs` has passed: undefined.
   * Rejects when Redis does.
   */
  async awaitClaimed(key: string, ttlMs: number): Promise<StoredValue | undefined> {
    const until = performance.now() + ttlMs;
    for (;;) {
      const [held, text] = await this.#commands.cacheClaimState(this.#claimKey(key), this.entryKey(key));
      const payload = text === null ? undefined : (JSON.parse(text) as Payload);
      if (payload !== undefined && this.#now() < payload.expiresAt) {
        // Answered by another's read: this replica will not set it.
        this.#readsAwaited.delete(key);
        return { value: payload.value, storedAt: payload.storedAt };
      }
      if (held === 0 || performance.now() >= until) return undefined;
      await sleep(CLAIM_POLL_MS);
    }
  }

  #claimKey(key: string): string {
    return this.#redis.key('claim', key);
  }

  #epochKey(): string {
    return this.#redis.key('cache-epoch');
  }

  #clearedKey(): string {
    return this.#redis.key('cache-cleared');
  }

  #tagEpochKey(tag: string): string {
    return this.#redis.key('tagv', tag);
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const unique = [...new Set(tags)];
    await this.#commands.cacheInvalidate(
      unique.length,
      ...unique.map((tag) => this.tagKey(tag)),
      this.#epochKey(),
      TAG_EPOCH_TTL_MS,
      ...unique.map((tag) => this.#tagEpochKey(tag)),
    );
  }

  /**
   * Counting the entries of a shared Redis costs a SCAN of the keyspace, too much for a
   * metrics scrape: the store says it cannot tell (the ReadCache reports it unknown).
   */
  async stats(): Promise<StoreStats> {
    throw new Error('The shared cache does not count its entries.');
  }

  /**
   * Drops every entry and tag set under the prefix (SCAN + UNLINK, never KEYS): what a
   * replica does when it cannot tell which of them went stale.
   */
  async clear(): Promise<number> {
    // Reads under way may hold what the dropped entries held: none of them is stored.
    const epoch = await this.#redis.client.incr(this.#epochKey());
    await this.#redis.client.set(this.#clearedKey(), epoch);
    let dropped = 0;
    for (const prefix of [this.entryKey(''), this.tagKey('')]) {
      const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const [next, keys] = await this.#redis.client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) dropped += await this.#redis.client.unlink(...keys);
      } while (cursor !== '0');
    }
    return dropped;
  }
}
