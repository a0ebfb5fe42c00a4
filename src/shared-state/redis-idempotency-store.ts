import { LRUCache } from 'lru-cache';
import {
  type IdempotencyRecord,
  type IdempotencyStore,
  MemoryIdempotencyStore,
  type MemoryStoreOptions,
} from '../idempotency/store.js';
import type { SharedRedis } from './redis.js';
import { RedisFallback } from './redis-fallback.js';
import { DEFAULT_COMMAND_TIMEOUT_MS } from './shared-cache-store.js';

export interface RedisIdempotencyStoreOptions {
  readonly redis: SharedRedis;
  /** Bounds and clock of the local store used while Redis is away (its clock also times what is copied back). */
  readonly memory?: MemoryStoreOptions;
  /** Longest wait for one command, ms. Default 1000. */
  readonly commandTimeoutMs?: number;
}

/** What happened to a key locally while Redis was away, to be told to Redis once it is back. */
type Change =
  | { readonly op: 'claim' | 'set'; readonly expiresAt: number }
  | { readonly op: 'delete'; readonly fingerprint: string | undefined };

/**
 * A `set` made while Redis was away: a request that claimed its key on Redis and
 * finished during the outage. It replaces a pending record of the same request (same
 * fingerprint) or nothing; a finished record, or another request's, stands.
 */
const COPY_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local record = cjson.decode(current)
  if record.state == 'done' or record.fingerprint ~= ARGV[3] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** A `delete` made while Redis was away frees the key only if it still holds that request's claim. */
const COPY_DELETE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
if record.state == 'pending' and record.fingerprint == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

interface IdempotencyCommands {
  idemCopySet(key: string, record: string, px: number, fingerprint: string): Promise<number>;
  idemCopyDelete(key: string, fingerprint: string): Promise<number>;
}

/**
 * Idempotency-Key records shared by replicas: JSON under `<prefix>idem:<key>`, PX the
 * record's TTL, claims by SET NX. While Redis is away (or a command fails) records are
 * kept in a local MemoryIdempotencyStore and the keys touched are remembered; when it
 * is back they are copied to Redis (a claim with NX, a finished result over its own
 * claim, a release of its own claim, each with the TTL it has left) before Redis is
 * used again, so a retry reaching another replica afterwards finds them. No method
 * rejects because of Redis.
 *
 * During an outage a replica cannot see the records of the others: a retry it gets
 * may run again. The ClientToken derived from the key still makes ECS act once.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #redis: SharedRedis;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #memory: MemoryStoreOptions;
  /** Until Redis has been told every record made without it, it is not used. */
  readonly #fallback: RedisFallback;
  #local: MemoryIdempotencyStore;
  /** Keys changed locally, in order, bounded like the local store. */
  readonly #changes: LRUCache<string, Change>;
  /** Keys this replica claimed on Redis and has not settled: a release during an outage must name its claim. */
  readonly #claims: LRUCache<string, string>;

  constructor(options: RedisIdempotencyStoreOptions) {
    this.#redis = options.redis;
    this.#timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.#memory = options.memory ?? {};
    this.#now = this.#memory.now ?? (() => performance.now());
    this.#local = new MemoryIdempotencyStore({ ...this.#memory, now: this.#now });
    this.#changes = new LRUCache({ max: this.#memory.maxEntries ?? 10_000 });
    this.#claims = new LRUCache({ max: this.#memory.maxEntries ?? 10_000 });
    const client = options.redis.client;
    if (!('idemCopySet' in client)) {
      client.defineCommand('idemCopySet', { numberOfKeys: 1, lua: COPY_SET_SCRIPT });
      client.defineCommand('idemCopyDelete', { numberOfKeys: 1, lua: COPY_DELETE_SCRIPT });
    }
    this.#fallback = new RedisFallback({
      redis: options.redis,
      timeoutMs: this.#timeoutMs,
      catchUp: () => this.#copy(),
      resume: () => {
        this.#local = new MemoryIdempotencyStore({ ...this.#memory, now: this.#now });
      },
    });
  }

  /** Whether records are read and written on Redis now. */
  get usingRedis(): boolean {
    return this.#fallback.usingRedis;
  }

  /** Keys changed locally that Redis has not been told of yet. */
  get unsynced(): number {
    return this.#changes.size;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    if (this.#usable()) {
      try {
        const text = await this.#command(this.#redis.client.get(this.#key(key)));
        return text === null ? undefined : (JSON.parse(text) as IdempotencyRecord);
      } catch {
        this.#fallback.fail();
      }
    }
    return this.#local.get(key);
  }

  async setIfAbsent(key: string, record: IdempotencyRecord, ttlMs: number): Promise<boolean> {
    if (this.#usable()) {
      try {
        const px = Math.max(1, Math.ceil(ttlMs));
        const answer = await this.#command(
          this.#redis.client.set(this.#key(key), JSON.stringify(record), 'PX', px, 'NX'),
        );
        if (answer === 'OK') this.#claims.set(key, record.fingerprint);
        return answer === 'OK';
      } catch {
        this.#fallback.fail();
      }
    }
    const stored = await this.#local.setIfAbsent(key, record, ttlMs);
    if (stored) this.#changes.set(key, { op: 'claim', expiresAt: this.#now() + ttlMs });
    return stored;
  }

  async set(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    this.#claims.delete(key);
    if (this.#usable()) {
      try {
        const px = Math.max(1, Math.ceil(ttlMs));
        await this.#command(this.#redis.client.set(this.#key(key), JSON.stringify(record), 'PX', px));
        return;
      } catch {
        this.#fallback.fail();
      }
    }
    await this.#local.set(key, record, ttlMs);
    const claimedHere = this.#changes.get(key)?.op === 'claim';
    // A claim made locally is copied as a claim (NX): its result goes with it.
    this.#changes.set(key, { op: claimedHere ? 'claim' : 'set', expiresAt: this.#now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    const claimed = this.#claims.get(key);
    this.#claims.delete(key);
    if (this.#usable()) {
      try {
        await this.#command(this.#redis.client.del(this.#key(key)));
        return;
      } catch {
        this.#fallback.fail();
      }
    }
    const record = await this.#local.get(key);
    await this.#local.delete(key);
    if (this.#changes.get(key)?.op === 'claim') this.#changes.delete(key);
    else this.#changes.set(key, { op: 'delete', fingerprint: record?.fingerprint ?? claimed });
  }

  /** Stops following the connection's state. */
  close(): void {
    this.#fallback.close();
  }

  /** Settles once a copy under way has ended. */
  async settled(): Promise<void> {
    await this.#fallback.settled();
  }

  #key(key: string): string {
    return this.#redis.key('idem', key);
  }

  #usable(): boolean {
    return this.#fallback.usable();
  }

  /** Copies what changed locally to Redis, oldest first; rejects if Redis fails meanwhile. */
  async #copy(): Promise<void> {
    for (;;) {
      const next = this.#changes.rkeys().next();
      if (next.done) break;
      const key = next.value;
      const change = this.#changes.peek(key);
      if (change) await this.#tell(key, change);
      // Changed again while it was being told: the newer change is told on a later turn.
      if (this.#changes.peek(key) === change) this.#changes.delete(key);
    }
  }

  async #tell(key: string, change: Change): Promise<void> {
    const commands = this.#redis.client as unknown as IdempotencyCommands;
    if (change.op === 'delete') {
      if (change.fingerprint !== undefined)
        await this.#command(commands.idemCopyDelete(this.#key(key), change.fingerprint));
      return;
    }
    const remaining = Math.ceil(change.expiresAt - this.#now());
    const record = await this.#local.get(key);
    if (record === undefined || remaining <= 0) return;
    const text = JSON.stringify(record);
    if (change.op === 'claim')
      await this.#command(this.#redis.client.set(this.#key(key), text, 'PX', remaining, 'NX'));
    else await this.#command(commands.idemCopySet(this.#key(key), text, remaining, record.fingerprint));
  }

  #command<T>(promise: Promise<T>): Promise<T> {
    return this.#fallback.command(promise);
  }
}
