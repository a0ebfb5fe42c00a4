import type { ActionInput, ActionResult, AnyAction } from '../../spec/action.js';
import { isDryRun } from '../../spec/dry-run.js';
import type { CallOptions, EcsCaller } from '../caller.js';
import { EcsCallError, isUpstreamFailure, ParamError } from '../errors.js';
import { deepFreeze, isTransitional, raceSignal } from './answers.js';
import { callRegion, changeTags, readKey, readTags } from './keys.js';
import {
  type CacheStore,
  type JsonValue,
  MemoryCacheStore,
  type StoreClaim,
  type StoreStats,
} from './store.js';

/** Default lifetime of a cached answer; see the README for why 5 s. */
export const DEFAULT_CACHE_TTL_MS = 5_000;
/** Default lifetime of an answer holding a resource in a transitional state. */
export const DEFAULT_TRANSITIONAL_TTL_MS = 1_000;
/** Default longest wait for the same read on another process sharing the store; see the README. */
export const DEFAULT_CLAIM_TTL_MS = 2_000;
/** Default bound of the in-process store. */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1_048_576;

export interface ReadCacheOptions {
  /** The client's default region: a call whose input and options name none is about it. */
  readonly defaultRegionId: string;
  /** How long an answer is served, ms; 0 turns the cache off (plain pass-through). Default 5000. */
  readonly ttlMs?: number | undefined;
  /** How long an answer holding a transitional state is served, ms; at most ttlMs. Default 1000. */
  readonly transitionalTtlMs?: number | undefined;
  /** Where answers are kept. Default a MemoryCacheStore of maxBytes on the same clock. */
  readonly store?: CacheStore | undefined;
  /** Bound of the default store, bytes. Default 64 MiB. */
  readonly maxBytes?: number | undefined;
  /** Milliseconds, for the ages of served answers (and the default store's TTLs). Default Date.now. */
  readonly now?: (() => number) | undefined;
  /**
   * With a store that offers claims (a shared one): how long the same read on another
   * process is waited for before this one calls itself, ms. Default 2000.
   */
  readonly claimTtlMs?: number | undefined;
  /** Told how each cacheable read was served (metrics); its failure changes nothing. */
  readonly onLookup?: LookupHook | undefined;
}

/** How a cacheable read was served: from the store, by joining a call in flight, or by a call of its own. */
export type LookupOutcome = 'hit' | 'coalesced' | 'miss';
export type LookupHook = (action: string, outcome: LookupOutcome) => void;

export interface ViewOptions {
  /** Asked for fresh data: no answer from the store, no joining calls in flight. */
  readonly fresh?: boolean;
  /** Answers from the store only; a miss rejects with CacheMiss and calls nothing. */
  readonly onlyCached?: boolean;
}

/** What one view served, and how. */
export interface ViewStats {
  /** Answers from the store. */
  hits: number;
  /** Answers shared from another caller's call in flight. */
  coalesced: number;
  /** Calls this view made upstream (reads it could not serve, and writes). */
  misses: number;
  /** The age of the oldest answer served from the store, ms; undefined when none was. */
  oldestAgeMs: number | undefined;
}

/**
 * One request's caller over the shared cache. `fresh` may be set after the view is
 * made (a directive of the operation is read once the context exists).
 */
export interface ReadCacheView extends EcsCaller {
  fresh: boolean;
  readonly onlyCached: boolean;
  readonly stats: ViewStats;
  /** Reads this view refused because the store did not hold them (onlyCached views). */
  readonly cacheMisses: number;
  /** A view over the same upstream that answers from the store only, with its own stats. */
  cachedOnly(): ReadCacheView;
  /** Adds another view's stats (a cachedOnly view whose answer was used) to this one's. */
  absorb(stats: ViewStats): void;
  /** The shared store's size; undefined when the cache is off or the store cannot say. */
  storeStats(): Promise<StoreStats | undefined>;
}

/** The code of a CacheMiss. */
export const CACHE_MISS = 'CacheMiss';

/**
 * An onlyCached view was asked for an answer the store does not hold; nothing was sent.
 * Not retryable: the same view misses again until a read through the cache stores it.
 */
export class CacheMiss extends EcsCallError {
  override readonly name = 'CacheMiss';
  readonly code = CACHE_MISS;
  readonly httpStatus = undefined;
  readonly requestId = undefined;
  readonly retryable = false;
  constructor(
    readonly action: string,
    readonly regionId: string,
  ) {
    super(`${action} in ${regionId} is not in the cache, and this call may answer only from it.`);
  }
}

interface Flight {
  promise: Promise<unknown>;
  readonly tags: readonly string[];
  /** A write may have changed what it reads since it started: neither stored nor joined. */
  stale: boolean;
  /** Answered by the same read of another process sharing the store, not by a call. */
  elsewhere: boolean;
}

/**
 * The process-wide cache of ECS reads, below every request's loaders. A read action
 * that declares what it reads is answered from the store while its answer is fresh;
 * identical reads in flight at once, from any requests, share one upstream call; a
 * write drops, before it returns, every answer its declared changes can have made
 * stale. Errors are never stored. Everything else passes straight through.
 *
 * Each request gets a view over its own upstream caller (its budget and count over
 * the client): answers from the store and shared calls never reach the budget, the
 * count or the client's limiter.
 */
export class ReadCache {
  readonly ttlMs: number;
  readonly transitionalTtlMs: number;
  readonly claimTtlMs: number;
  readonly #store: CacheStore | undefined;
  readonly #defaultRegionId: string;
  readonly #now: () => number;
  readonly #onLookup: LookupHook | undefined;
  readonly #inFlight = new Map<string, Flight>();

  constructor(options: ReadCacheOptions) {
    this.ttlMs = nonNegative('ttlMs', options.ttlMs, DEFAULT_CACHE_TTL_MS);
    this.transitionalTtlMs = Math.min(
      this.ttlMs,
      nonNegative('transitionalTtlMs', options.transitionalTtlMs, DEFAULT_TRANSITIONAL_TTL_MS),
    );
    this.claimTtlMs = nonNegative('claimTtlMs', options.claimTtlMs, DEFAULT_CLAIM_TTL_MS);
    this.#defaultRegionId = options.defaultRegionId;
    this.#now = options.now ?? Date.now;
    this.#onLookup = options.onLookup;
    this.#store =
      this.ttlMs === 0
        ? undefined
        : (options.store ??
          new MemoryCacheStore({ maxBytes: options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES, now: this.#now }));
  }

  /** False when ttlMs is 0: views pass every call through. */
  get enabled(): boolean {
    return this.#store !== undefined;
  }

  /** One request's caller over `upstream`, the caller of its real calls. */
  view(upstream: EcsCaller, options: ViewOptions = {}): ReadCacheView {
    const cache = this;
    const stats: ViewStats = { hits: 0, coalesced: 0, misses: 0, oldestAgeMs: undefined };
    let cacheMisses = 0;
    const view: ReadCacheView = {
      fresh: options.fresh ?? false,
      onlyCached: options.onlyCached ?? false,
      stats,
      get cacheMisses() {
        return cacheMisses;
      },
      call<A extends AnyAction>(action: A, input: ActionInput<A>, callOptions?: CallOptions) {
        const store = cache.#store;
        if (!store) return upstream.call(action, input, callOptions);
        if (view.onlyCached && !(action.idempotency === 'read' && action.reads && !action.reads.oneTime)) {
          // Nothing the store cannot answer is sent, a write least of all.
          cacheMisses += 1;
          const regionId = callRegion(action, input, callOptions, cache.#defaultRegionId);
          return Promise.reject(new CacheMiss(action.name, regionId));
        }
        if (action.idempotency !== 'read') return cache.#write(view, upstream, action, input, callOptions);
        if (!action.reads || action.reads.oneTime) {
          stats.misses += 1;
          return upstream.call(action, input, callOptions);
        }
        return cache.#read(store, view, upstream, action, input, callOptions, () => {
          cacheMisses += 1;
        }) as Promise<ActionResult<A>>;
      },
      cachedOnly: () => cache.view(upstream, { onlyCached: true }),
      absorb(other) {
        stats.hits += other.hits;
        stats.coalesced += other.coalesced;
        stats.misses += other.misses;
        if (other.oldestAgeMs !== undefined)
          stats.oldestAgeMs = Math.max(stats.oldestAgeMs ?? 0, other.oldestAgeMs);
      },
      // For reports only: a store that cannot say reports nothing.
      storeStats: () => cache.storeStats(),
    };
    return view;
  }

  async #read(
    store: CacheStore,
    view: ReadCacheView,
    upstream: EcsCaller,
    action: AnyAction,
    input: ActionInput<AnyAction>,
    options: CallOptions | undefined,
    onCacheMiss: () => void,
  ): Promise<unknown> {
    const fields = input as Readonly<Record<string, unknown>>;
    const regionId = callRegion(action, fields, options, this.#defaultRegionId);
    const key = readKey(action, regionId, fields);
    for (;;) {
      if (!view.fresh || view.onlyCached) {
        // A store that cannot answer (a remote one, down) costs a call, not the read.
        const hit = await store.get(key).catch(() => undefined);
        if (hit) {
          const age = Math.max(0, this.#now() - hit.storedAt);
          view.stats.hits += 1;
          view.stats.oldestAgeMs = Math.max(view.stats.oldestAgeMs ?? 0, age);
          this.#report(action, 'hit');
          return hit.value;
        }
        if (view.onlyCached) {
          onCacheMiss();
          throw new CacheMiss(action.name, regionId);
        }
        const flight = this.#inFlight.get(key);
        if (flight && !flight.stale) {
          try {
            const value = await raceSignal(flight.promise, options?.signal);
            view.stats.coalesced += 1;
            this.#report(action, 'coalesced');
            return value;
          } catch (error) {
            // The starter's own refusal (its budget) is not this caller's answer: it asks again.
            if (options?.signal?.aborted || isUpstreamOutcome(error)) throw error;
            continue;
          }
        }
      }
      // Only a read that may share: a fresh one never waits for another process's.
      const shareable = !view.fresh && store.claim !== undefined && this.claimTtlMs > 0;
      const flight = this.#start(store, upstream, action, fields, options, key, regionId, shareable);
      if (!shareable) {
        view.stats.misses += 1;
        this.#report(action, 'miss');
        return raceSignal(flight.promise, options?.signal);
      }
      // Counted once settled: the answer may come from another process's call.
      let outcome: LookupOutcome = 'miss';
      try {
        const value = await raceSignal(flight.promise, options?.signal);
        if (flight.elsewhere) outcome = 'coalesced';
        return value;
      } finally {
        if (outcome === 'coalesced') view.stats.coalesced += 1;
        else view.stats.misses += 1;
        this.#report(action, outcome);
      }
    }
  }

  /** The shared store's size; undefined when the cache is off or the store cannot say. */
  async storeStats(): Promise<StoreStats | undefined> {
    return this.#store?.stats().catch(() => undefined);
  }

  #report(action: AnyAction, outcome: LookupOutcome): void {
    try {
      this.#onLookup?.(action.name, outcome);
    } catch {
      // An observer's failure must not change what the read answers.
    }
  }

  /**
   * Starts the shared call of a read and stores its answer unless a write made it stale
   * meanwhile. A `shareable` read first claims the key in the store: if another process
   * holds it, its answer is awaited instead of a call (an error is never shared: when
   * that read fails or its process dies, this one calls).
   */
  #start(
    store: CacheStore,
    upstream: EcsCaller,
    action: AnyAction,
    input: Readonly<Record<string, unknown>>,
    options: CallOptions | undefined,
    key: string,
    regionId: string,
    shareable: boolean,
  ): Flight {
    // Shared by every joiner: one caller hanging up must not fail the others, so the
    // call carries no caller's signal (each races its own) and runs to its end.
    const { signal: _ignored, ...shared } = options ?? {};
    const run = async (): Promise<unknown> => {
      let claim: StoreClaim | undefined;
      if (shareable) {
        // A store that cannot claim costs nothing but the sharing: this process calls.
        claim = await store.claim?.(key, this.claimTtlMs).catch(() => UNSHARED);
        if (!claim) {
          const found = await store.awaitClaimed?.(key, this.claimTtlMs).catch(() => undefined);
          if (found) {
            flight.elsewhere = true;
            return deepFreeze(found.value);
          }
        }
      }
      try {
        const value = deepFreeze(await upstream.call(action, input as ActionInput<AnyAction>, shared));
        if (!flight.stale && this.#inFlight.get(key) === flight) {
          const ttlMs = isTransitional(action, value) ? this.transitionalTtlMs : this.ttlMs;
          try {
            await store.set(key, value as JsonValue, { ttlMs, tags: flight.tags });
          } catch {
            // A store that fails to keep an answer costs a later call, not this answer.
          }
        }
        return value;
      } finally {
        // After the answer is stored (or the call failed): waiters elsewhere read it, or call.
        void claim?.release().catch(() => {});
      }
    };
    const flight: Flight = {
      tags: readTags(action, regionId, input),
      stale: false,
      elsewhere: false,
      promise: Promise.resolve(),
    };
    flight.promise = run().finally(() => {
      if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, flight);
    return flight;
  }

  async #write(
    view: ReadCacheView,
    upstream: EcsCaller,
    action: AnyAction,
    input: ActionInput<AnyAction>,
    options: CallOptions | undefined,
  ): Promise<never> {
    view.stats.misses += 1;
    try {
      return (await upstream.call(action, input, options)) as never;
    } finally {
      // Failed writes too: a failure may have acted (a lost answer), and dropping costs only a call.
      // Not a dry run: ECS checks it and acts on nothing, whatever the answer.
      if (action.changes && action.changes.length > 0 && !isDryRun(action, input)) {
        const fields = input as Readonly<Record<string, unknown>>;
        const regionId = callRegion(action, fields, options, this.#defaultRegionId);
        await this.#invalidate(changeTags(action, regionId, fields));
      }
    }
  }

  async #invalidate(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const dropped = new Set(tags);
    // Reads in flight may hold the state from before the write: not stored, not joined.
    for (const [key, flight] of this.#inFlight) {
      if (!flight.tags.some((tag) => dropped.has(tag))) continue;
      flight.stale = true;
      this.#inFlight.delete(key);
    }
    try {
      await this.#store?.invalidate(tags);
    } catch {
      // The write's outcome stands; what the store kept expires within its TTL.
    }
  }
}

/** What a claim that failed to be taken is: the read goes ahead, nobody waits for it. */
const UNSHARED: StoreClaim = { release: async () => {} };

/**
 * Whether a failure is the upstream's answer to the call itself (ECS's error, a
 * transport failure, or input the client refused), which every caller of the same
 * call would get; anything else (a request's budget refusing the call, credentials
 * the starter could not get) belongs to the request that started it.
 */
function isUpstreamOutcome(error: unknown): boolean {
  return isUpstreamFailure(error) || error instanceof ParamError;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 0)
    throw new RangeError(`The option "${name}" is not valid: an integer of 0 or more.`);
  return resolved;
}
