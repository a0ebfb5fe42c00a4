import type { YogaLogger } from 'graphql-yoga';
import type { EcsCaller } from './ecs/caller.js';
import type { Timers } from './ecs/limiters.js';
import type { CacheStore } from './ecs/read-cache/store.js';
import type { IdempotencyStore } from './idempotency/store.js';
import type { IdempotencyKeyOptions } from './plugins/use-idempotency-key.js';
import { redactSecrets } from './schema/errors.js';
import { Watching } from './schema/subscriptions/watching.js';
import type { SharedRedis } from './shared-state/redis.js';
import { RedisIdempotencyStore } from './shared-state/redis-idempotency-store.js';
import { SharedCacheStore } from './shared-state/shared-cache-store.js';
import { createSharedWatchPool, redisErrorCode } from './shared-state/shared-watch-pool.js';
import type { ApiLimits } from './spec/limits.js';
import { createEcsFetcher } from './watch/ecs-fetcher.js';
import { createWatchPool, type WatchPoolOptions } from './watch/pool.js';

/**
 * Where the gateway keeps what outlives a request: the read cache's store, the
 * Idempotency-Key records and the watch pool, in process, or on Redis when replicas
 * share state (REDIS_URL).
 */

export interface GatewayWatchOptions {
  /** Most subscriptions open at once (GATEWAY_MAX_SUBSCRIPTIONS); 0 refuses every one. Default 1000. */
  readonly maxSubscriptions?: number;
  /** Most from one client address (GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT). Default 50. */
  readonly maxSubscriptionsPerClient?: number;
  /** Longest one subscription watches, ms (GATEWAY_MAX_WATCH_MS). Default 30 minutes. */
  readonly maxWatchMs?: number;
  /** The pool's interval while something changes, ms (GATEWAY_WATCH_MIN_INTERVAL_MS). Default 1000. */
  readonly minIntervalMs?: number;
  /** Its longest interval, ms (GATEWAY_WATCH_MAX_INTERVAL_MS). Default 15000. */
  readonly maxIntervalMs?: number;
  /** Transient poll failures in a row before subscribers get an UPSTREAM_UNAVAILABLE notice. Default 3. */
  readonly noticeAfterFailures?: number;
  /** The clock of the pool, the watch time and graphql-sse reservations; the real one by default. */
  readonly timers?: Timers;
  /**
   * With shared state: how long a replica's lease on polling a (kind, region) lasts
   * without renewal, ms; a dead holder's watches move within about this. Default 5000.
   */
  readonly leaseMs?: number;
}

/** The cache on Redis (with its local fallback) when replicas share state; undefined keeps the default. */
export function sharedCacheStore(
  redis: SharedRedis | undefined,
  cache: { readonly ttlMs?: number | undefined; readonly maxBytes?: number | undefined },
  now: (() => number) | undefined,
): CacheStore | undefined {
  if (!redis || cache.ttlMs === 0) return undefined;
  return new SharedCacheStore({ redis, localMaxBytes: cache.maxBytes, now });
}

/** Idempotency-Key records on Redis (with their local fallback) when replicas share state. */
export function sharedIdempotencyStore(
  redis: SharedRedis | undefined,
  options: Pick<IdempotencyKeyOptions, 'memory'> | undefined,
): IdempotencyStore | undefined {
  return redis ? new RedisIdempotencyStore({ redis, memory: options?.memory }) : undefined;
}

export const DEFAULT_MAX_SUBSCRIPTIONS = 1_000;
export const DEFAULT_MAX_PER_CLIENT = 50;

/**
 * The process's watch pool over `ecs`, and the subscription limits around it. With
 * shared state, one replica polls each watched (kind, region) for all of them.
 */
export function createWatching(
  options: GatewayWatchOptions,
  {
    ecs,
    limits,
    logging,
    sharedState,
  }: { ecs: EcsCaller; limits: ApiLimits; logging: YogaLogger; sharedState: SharedRedis | undefined },
): Watching {
  const local: WatchPoolOptions = {
    fetch: createEcsFetcher({ ecs, limits }),
    minIntervalMs: options.minIntervalMs,
    maxIntervalMs: options.maxIntervalMs,
    timers: options.timers,
    noticeAfterFailures: options.noticeAfterFailures,
    onPollError: (error, failure) =>
      logging.warn(
        failure.retrying
          ? 'a watch poll failed; it is tried again'
          : 'a watch poll was refused; its ids are watched no more',
        { ...failure, error: error instanceof Error ? redactSecrets(error.message) : String(error) },
      ),
  };
  const pool = sharedState
    ? createSharedWatchPool({
        redis: sharedState,
        local,
        // Leases expire in Redis in real time: renewed on the real clock, whatever the polls run on.
        leaseMs: options.leaseMs,
        // The code only (ECONNRESET, ReplyError): an ioredis message may quote the command.
        onTrouble: (error) =>
          logging.warn(
            'shared watching: a Redis command failed; this replica polls for itself until it answers',
            {
              error: redisErrorCode(error),
            },
          ),
      })
    : createWatchPool(local);
  return new Watching({
    pool,
    maxSubscriptions: options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS,
    maxPerClient: options.maxSubscriptionsPerClient ?? DEFAULT_MAX_PER_CLIENT,
    maxWatchMs: options.maxWatchMs ?? 30 * 60_000,
    timers: options.timers,
  });
}
