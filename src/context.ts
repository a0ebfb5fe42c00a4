import { randomUUID } from 'node:crypto';
import type { CallHook, EcsCaller } from './ecs/caller.js';
import type { ReadCache, ReadCacheView } from './ecs/read-cache/read-cache.js';
import type { ListingCensus } from './loaders/census.js';
import { Loaders } from './loaders/loaders.js';
import type { RegionDirectory } from './loaders/regions.js';
import type { RelationPaging } from './loaders/relation-paging.js';
import { DEFAULT_MAX_BULK_ITEMS } from './schema/cost.js';
import type { Watching } from './schema/subscriptions/watching.js';
import type { ApiLimits } from './spec/limits.js';
import { budgetedCaller } from './upstream-budget.js';

/** The upstream calls of one request that reached ECS, successful or not. */
export interface UpstreamCount {
  calls: number;
  readonly byAction: Record<string, number>;
  /** The operation's estimated upper bound, set before execution. */
  estimate?: number;
}

/** What every resolver of one request sees. Nothing here outlives the request. */
export interface GatewayContext {
  /**
   * The request's caller: its view of the shared read cache when the cache is on, over
   * its caller of real calls (budgeted and counted).
   */
  readonly ecs: EcsCaller;
  readonly loaders: Loaders;
  readonly limits: ApiLimits;
  /** Cap on pages for `page: { all: true }`. */
  readonly allPagesCap: number;
  /** Most items one bulk mutation acts on (GATEWAY_MAX_BULK_ITEMS). */
  readonly maxBulkItems: number;
  /** The region of root fields that name none (ALIBABA_CLOUD_REGION_ID). */
  readonly defaultRegionId: string;
  readonly upstream: UpstreamCount;
  /** The request's view of the shared read cache; undefined when the cache is off. */
  readonly cache: ReadCacheView | undefined;
  /**
   * What a context needs to run the request's operation from the shared cache alone
   * (loaders of its own over a view that calls nothing, CacheMiss on a miss), for an
   * operation the call cap would refuse; undefined when the cache is off or the request
   * asked for fresh data.
   */
  cachedOnly(): CachedOnly | undefined;
  /** The process's watch pool and subscription limits; undefined when subscriptions are off. */
  readonly watching: Watching | undefined;
  /** Who asks, for the per-client subscription bound: the socket's remote address. */
  readonly clientAddress: string;
  /** Aborted when the client goes away (its socket closed). */
  readonly signal: AbortSignal | undefined;
  /**
   * A new scope for one event of a subscription: its own count, budget, cache view and
   * loaders. A subscription's context lives as long as its stream; each event is a new
   * execution, so it must neither see the loaders' answers of an earlier event nor
   * share one budget with every event to come. See `beginEvent`.
   */
  eventScope(): EventScope;
}

/** What beginEvent replaces on a context for one subscription event. */
export interface EventScope {
  readonly ecs: EcsCaller;
  readonly loaders: Loaders;
  readonly upstream: UpstreamCount;
  readonly cache: ReadCacheView | undefined;
  cachedOnly(): CachedOnly | undefined;
}

export interface CachedOnly {
  readonly ecs: EcsCaller;
  readonly loaders: Loaders;
  readonly cache: ReadCacheView;
}

/** What the process holds and every request's context is made from. */
export interface ContextSettings {
  readonly ecs: EcsCaller;
  readonly limits: ApiLimits;
  readonly regions: RegionDirectory;
  /** The process's last known listing sizes, by which requests start deciding pages early. */
  readonly census?: ListingCensus;
  readonly allPagesCap: number;
  readonly defaultRegionId: string;
  /** False: loaders behave like naive resolvers, for comparison (see LoadersOptions). Default true. */
  readonly batching?: boolean;
  /** How relations read every page of a listing (see RelationPaging). Default DEFAULT_RELATION_PAGING. */
  readonly relationPaging?: RelationPaging;
  /** Most items one bulk mutation acts on (GATEWAY_MAX_BULK_ITEMS). Default DEFAULT_MAX_BULK_ITEMS. */
  readonly maxBulkItems?: number;
  /** Most upstream calls one request may start (GATEWAY_MAX_UPSTREAM_CALLS); unlimited when absent. */
  readonly maxUpstreamCalls?: number;
  /** The process-wide cache of reads; absent or disabled: every call is a real one. */
  readonly cache?: ReadCache | undefined;
  /** The request asked for fresh data (Cache-Control: no-cache). */
  readonly fresh?: boolean;
  /** The process's watch pool and subscription limits; absent: subscriptions are off. */
  readonly watching?: Watching | undefined;
  /** The client's address (the socket's); `unknown` when the server gives none. */
  readonly clientAddress?: string | undefined;
  /** The request's signal: aborted when the client goes away. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Wraps a caller so that every call it starts is counted, by action, and uncounted
 * when the client reports that it never reached ECS (no attempt: a parameter refused
 * before sending, the breaker's refusal, a closed client). A call past the request's
 * budget never gets here (budgetedCaller is above), nor does an answer from the cache.
 */
function countingCaller(ecs: EcsCaller, count: UpstreamCount): EcsCaller {
  const flow = randomUUID(); // the request's own turn in the client's fair limiter
  return {
    call(action, input, options) {
      const name = action.name;
      count.calls += 1;
      count.byAction[name] = (count.byAction[name] ?? 0) + 1;
      const onEnd: CallHook = (event) => {
        options?.onEnd?.(event);
        if (event.attempts > 0) return;
        count.calls -= 1;
        const left = (count.byAction[name] ?? 1) - 1;
        if (left > 0) count.byAction[name] = left;
        else delete count.byAction[name];
      };
      return ecs.call(action, input, { flow, ...options, onEnd });
    },
  };
}

export function createContext(settings: ContextSettings): GatewayContext {
  return {
    ...requestScope(settings),
    limits: settings.limits,
    allPagesCap: settings.allPagesCap,
    maxBulkItems: settings.maxBulkItems ?? DEFAULT_MAX_BULK_ITEMS,
    defaultRegionId: settings.defaultRegionId,
    watching: settings.watching,
    clientAddress: settings.clientAddress ?? 'unknown',
    signal: settings.signal,
    // An event's root object is fresh from the pool's poll; its relations are read through
    // the shared cache as any query's are, even when the subscription asked no-cache, so
    // a crowd watching the same ids shares them instead of multiplying them.
    eventScope: () => requestScope({ ...settings, fresh: false }),
  };
}

/**
 * Swaps a fresh EventScope into a subscription's context, for the event about to be
 * executed (events of one stream are executed one after another). The operation's
 * estimate, checked once at subscribe, is the bound of each event.
 */
export function beginEvent(context: GatewayContext): void {
  const scope = context.eventScope();
  if (context.upstream.estimate !== undefined) scope.upstream.estimate = context.upstream.estimate;
  Object.assign(context, scope);
}

/** The callers, count and loaders of one request, or of one subscription event. */
function requestScope(settings: ContextSettings): EventScope {
  const upstream: UpstreamCount = { calls: 0, byAction: {} };
  const counted = countingCaller(settings.ecs, upstream);
  // Real calls only reach the budget and the count: answers from the cache cost neither.
  const real =
    settings.maxUpstreamCalls === undefined ? counted : budgetedCaller(counted, settings.maxUpstreamCalls);
  const cache = settings.cache?.enabled
    ? settings.cache.view(real, { fresh: settings.fresh ?? false })
    : undefined;
  const ecs = cache ?? real;
  const loadersOver = (caller: EcsCaller) =>
    new Loaders({
      ecs: caller,
      limits: settings.limits,
      regions: settings.regions,
      ...(settings.census ? { census: settings.census } : {}),
      allPagesCap: settings.allPagesCap,
      batching: settings.batching ?? true,
      ...(settings.relationPaging ? { relationPaging: settings.relationPaging } : {}),
    });
  return {
    ecs,
    loaders: loadersOver(ecs),
    upstream,
    cache,
    cachedOnly() {
      if (!cache || cache.fresh) return undefined;
      const only = cache.cachedOnly();
      return { ecs: only, loaders: loadersOver(only), cache: only };
    },
  };
}
