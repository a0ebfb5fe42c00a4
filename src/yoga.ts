import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { type Config, DEFAULT_REGION_ID } from './config/settings.js';
import { createContext, type GatewayContext } from './context.js';
import type { EcsCaller } from './ecs/caller.js';
import { ReadCache } from './ecs/read-cache/read-cache.js';
import type { CacheStore } from './ecs/read-cache/store.js';
import {
  createWatching,
  DEFAULT_MAX_PER_CLIENT,
  DEFAULT_MAX_SUBSCRIPTIONS,
  type GatewayWatchOptions,
  sharedCacheStore,
  sharedIdempotencyStore,
} from './gateway-state.js';
import { useGraphiQLPage } from './graphiql.js';
import { ListingCensus } from './loaders/census.js';
import { RegionDirectory } from './loaders/regions.js';
import type { RelationPaging } from './loaders/relation-paging.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import { DocumentCache, NO_ERROR_CACHE, useDocumentCache } from './plugins/document-cache.js';
import { maskError, redactingLogger } from './plugins/mask-errors.js';
import { useArgumentChecks } from './plugins/use-argument-checks.js';
import { useAuthentication } from './plugins/use-authentication.js';
import { useBodyLimit } from './plugins/use-body-limit.js';
import { corsFor, useBrowserSafety, useCsrfHeader } from './plugins/use-browser-safety.js';
import { useDocumentLimits } from './plugins/use-document-limits.js';
import { type IdempotencyKeyOptions, useIdempotencyKey } from './plugins/use-idempotency-key.js';
import { useMetricsEndpoint, useOperationMetrics } from './plugins/use-metrics.js';
import { usePageSizeLimit } from './plugins/use-page-size-limit.js';
import { useParseErrorWithoutEcho } from './plugins/use-parse-error-without-echo.js';
import { asksForFresh, useReadCacheControls } from './plugins/use-read-cache-controls.js';
import { useResultLog } from './plugins/use-result-log.js';
import { useSseStreams, useSubscribeRefusalWithData } from './plugins/use-sse-streams.js';
import { useUpstreamCallCap } from './plugins/use-upstream-call-cap.js';
import { useUpstreamCallsExtension } from './plugins/use-upstream-calls-extension.js';
import { useWriteSafety } from './plugins/use-write-safety.js';
import { DEFAULT_MAX_BULK_ITEMS } from './schema/cost.js';
import { schema as gatewaySchema } from './schema/index.js';
import type { SharedRedis } from './shared-state/redis.js';
import type { ApiLimits } from './spec/limits.js';

export type { GatewayWatchOptions } from './gateway-state.js';

export interface GatewayOptions {
  /** Every upstream call goes through it: the ECS client, or a test double. */
  readonly ecs: EcsCaller;
  /** The API's page and id limits (ECS_API_LIMITS). */
  readonly limits: ApiLimits;
  /** The region of root fields that name none (ALIBABA_CLOUD_REGION_ID). Default cn-hangzhou. */
  readonly defaultRegionId?: string;
  /** Deepest field nesting of an operation. Default 10. */
  readonly maxDepth?: number;
  /** Most tokens of a document (GATEWAY_MAX_TOKENS). Default 1000. */
  readonly maxTokens?: number;
  /** Most aliases of an operation (GATEWAY_MAX_ALIASES). Default 50. */
  readonly maxAliases?: number;
  /** Most directives of an operation (GATEWAY_MAX_DIRECTIVES). Default 50. */
  readonly maxDirectives?: number;
  /** Most fields of an operation, fragments expanded (GATEWAY_MAX_SELECTIONS). Default 1000. */
  readonly maxSelections?: number;
  /** Yoga's parse cache; a test passes its own to look inside. Default a new DocumentCache. */
  readonly documentCache?: DocumentCache;
  /** Most ECS calls an operation may be estimated to make. Default 200. */
  readonly maxUpstreamCalls?: number;
  /** Most pages `page: { all: true }` and a relation's children may take. Default 20. */
  readonly allPagesCap?: number;
  /** Most items one bulk mutation acts on (GATEWAY_MAX_BULK_ITEMS). Default 50. */
  readonly maxBulkItems?: number;
  /** How long the region list is shared between requests. Default 10 minutes. */
  readonly regionsTtlMs?: number;
  /** Adds `extensions.upstream` (the request's ECS calls) to every result. Default off. */
  readonly debug?: boolean;
  /** Serve GraphiQL on GET /graphql. Default on. */
  readonly graphiql?: boolean;
  /** Where logs go; every line passes through secret redaction. */
  readonly logger?: YogaLogger;
  /** The clock of the region cache, the listing census and the shared read cache. */
  readonly now?: () => number;
  /** The schema to serve; the gateway's own unless a test brings another. */
  readonly schema?: GraphQLSchema;
  /** The interface the server listens on (HOST); mutations need loopback or a token. Default 127.0.0.1. */
  readonly host?: string;
  /** Browser origins allowed besides the gateway's own (GATEWAY_CORS_ORIGINS), lower case. Default none. */
  readonly corsOrigins?: readonly string[];
  /** Largest request body, in bytes (GATEWAY_MAX_BODY_BYTES). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Bearer token every operation must carry (GATEWAY_TOKEN). Default none. */
  readonly token?: string | undefined;
  /** Refuse every mutation (GATEWAY_READ_ONLY). Default off. */
  readonly readOnly?: boolean;
  /**
   * False: the loaders behave like naive resolvers, for comparison: one filtered call
   * per parent for every relation, one call per id, no sharing within a request. Default on.
   */
  readonly batching?: boolean;
  /**
   * How a relation reads every page of a listing, a region's scan above all: by
   * PageNumber, the pages after the first at once (the default), or by NextToken at the
   * action's MaxResults, one call after another. See RelationPaging.
   */
  readonly relationPaging?: RelationPaging;
  /**
   * Redis shared by the gateway's replicas (REDIS_URL); undefined keeps everything in
   * process. Each store, the limiter and the watch pool fall back to local state while it is down.
   */
  readonly sharedState?: SharedRedis;
  /** The Idempotency-Key store, its bounds, TTL and clock. Default: in-process, 24 h. */
  readonly idempotency?: Omit<IdempotencyKeyOptions, 'token'>;
  /**
   * The shared cache of ECS reads (see ReadCache; its clock is `now`). Default off, so
   * a gateway built here counts every call; the configured gateway turns it on.
   */
  readonly cache?: GatewayCacheOptions;
  /**
   * Metrics to record into and serve at GET /metrics (GATEWAY_METRICS); the ECS
   * client's hook is the builder's to wire (`metrics.onCall`). Default none.
   */
  readonly metrics?: GatewayMetrics;
  /** Subscriptions: their limits and the watch pool's intervals. */
  readonly watch?: GatewayWatchOptions;
}

export interface GatewayCacheOptions {
  /** How long an answer is served, ms (GATEWAY_CACHE_TTL_MS); 0 = off. Default 5000. */
  readonly ttlMs?: number;
  /** How long an answer holding a transitional state is served, ms. Default 1000. */
  readonly transitionalTtlMs?: number;
  /** Bound of the default in-process store, bytes (GATEWAY_CACHE_MAX_BYTES). Default 64 MiB. */
  readonly maxBytes?: number;
  /** Where answers are kept. Default a MemoryCacheStore of maxBytes. */
  readonly store?: CacheStore;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

/** Builds the gateway's yoga instance; it does not listen (main.ts does). */
export function createGateway(options: GatewayOptions): Gateway {
  const {
    ecs,
    limits,
    defaultRegionId = DEFAULT_REGION_ID,
    maxDepth = 10,
    maxTokens,
    maxAliases,
    maxDirectives,
    maxSelections,
    maxUpstreamCalls = 200,
    allPagesCap = 20,
    maxBulkItems = DEFAULT_MAX_BULK_ITEMS,
    regionsTtlMs = 10 * 60_000,
    debug = false,
    graphiql = true,
    schema = gatewaySchema,
    host = '127.0.0.1',
    token,
    readOnly = false,
    batching = true,
    documentCache = new DocumentCache(),
    corsOrigins = [],
    maxBodyBytes = 1_048_576,
  } = options;
  const clock = options.now ? { now: options.now } : {};
  const regions = new RegionDirectory({ ttlMs: regionsTtlMs, ...clock });
  const census = new ListingCensus(clock);
  // The cache's default region is the client's (both are ALIBABA_CLOUD_REGION_ID), so
  // a call naming no region is keyed and invalidated in the region it goes to.
  const { metrics } = options;
  const cache = options.cache
    ? new ReadCache({
        ...options.cache,
        store: options.cache.store ?? sharedCacheStore(options.sharedState, options.cache, options.now),
        defaultRegionId,
        now: options.now,
        onLookup: metrics?.onLookup,
      })
    : undefined;
  if (metrics && cache) metrics.watchStore(() => cache.storeStats());
  const logging = redactingLogger(options.logger);
  const watching = createWatching(options.watch ?? {}, {
    // A poll is a fresh read whose answer every request then gets from the cache.
    ecs: cache?.enabled ? cache.view(ecs, { fresh: true }) : ecs,
    limits,
    logging,
    sharedState: options.sharedState,
  });
  metrics?.watchSubscriptions(() => ({ subscriptions: watching.open, ...watching.pool.stats() }));
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    context: ({ request, ...server }) =>
      createContext({
        watching,
        clientAddress: clientAddressOf(server),
        signal: request.signal,
        ecs,
        limits,
        regions,
        census,
        allPagesCap,
        maxBulkItems,
        defaultRegionId,
        batching,
        relationPaging: options.relationPaging,
        maxUpstreamCalls,
        cache,
        fresh: asksForFresh(request.headers),
      }),
    maskedErrors: { maskError },
    logging,
    // GraphiQL is served by useGraphiQLPage below: from the package, no network, on the example.
    graphiql: false,
    landingPage: false,
    // Browsers: see use-browser-safety.ts. No uploads here, so no multipart parser.
    cors: corsFor(corsOrigins),
    multipart: false,
    maxRequestBodySize: maxBodyBytes,
    // Only documents that passed the limits and validation are kept, within a byte
    // budget; parse errors are not kept (each costs at most GATEWAY_MAX_TOKENS tokens).
    parserAndValidationCache: { documentCache, errorCache: NO_ERROR_CACHE },
    plugins: [
      // Every answer with errors is logged, whichever plugin below refused it.
      useResultLog(logging),
      // Cheapest refusal first, before the body is read or parsed: the body size, who is
      // asking (Host, browser origin), the token (onRequest hooks, in this order); then
      // yoga's CSRF header check (it runs as the request is about to be parsed);
      useBodyLimit({ maxBytes: maxBodyBytes }),
      useBrowserSafety({ host, corsOrigins, tokenRequired: token !== undefined }),
      ...(graphiql ? [useGraphiQLPage('/graphql')] : []),
      useCsrfHeader({ maxTokens }),
      useAuthentication({ token }),
      // /metrics answers here, under the same Host, Origin and token rules as /graphql.
      ...(metrics ? [useMetricsEndpoint(metrics)] : []),
      // The GraphQL over SSE protocol at /graphql/stream, after every check above.
      useSseStreams({
        watching,
        maxReserved: options.watch?.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS,
        maxReservedPerClient: options.watch?.maxSubscriptionsPerClient ?? DEFAULT_MAX_PER_CLIENT,
        timers: options.watch?.timers,
        clientAddress: clientAddressOf,
      }),
      // then tokens (while parsing), aliases, directives, depth and selections, before
      // validation and the parse cache;
      useDocumentLimits({ schema, maxTokens, maxAliases, maxDirectives, maxDepth, maxSelections }),
      useDocumentCache(documentCache),
      // Before the refusals at execution, so that they count as operations that failed.
      ...(metrics ? [useOperationMetrics(metrics)] : []),
      // A refusal at subscribe must reach graphql-sse clients as a result.
      useSubscribeRefusalWithData(),
      // then, after validation, the write policy before the pre-execution estimates.
      useWriteSafety({ host, token, readOnly }),
      usePageSizeLimit({ limits, allPagesCap }),
      useArgumentChecks({ limits }),
      // The operation's @fresh directive, before the estimate reads anything through the cache.
      useReadCacheControls(),
      useUpstreamCallCap({
        limits,
        allPagesCap,
        maxUpstreamCalls,
        batching,
        maxBulkItems,
        relationPaging: options.relationPaging,
      }),
      useIdempotencyKey({
        ...options.idempotency,
        store: options.idempotency?.store ?? sharedIdempotencyStore(options.sharedState, options.idempotency),
        token,
      }),
      ...(debug ? [useUpstreamCallsExtension()] : []),
      useParseErrorWithoutEcho(),
    ],
  });
}

/** The client's address, from the Node request yoga's server context carries; `unknown` without one. */
function clientAddressOf(serverContext: unknown): string {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? 'unknown';
}

/** The gateway options the configuration sets; main.ts adds the caller (and a logger). */
export function gatewayOptionsFromConfig(
  config: Pick<Config, 'ecs' | 'gateway'>,
  ecs: EcsCaller,
): GatewayOptions {
  return {
    ecs,
    limits: config.ecs.apiLimits,
    defaultRegionId: config.ecs.regionId,
    maxDepth: config.gateway.maxDepth,
    maxTokens: config.gateway.maxTokens,
    maxAliases: config.gateway.maxAliases,
    maxDirectives: config.gateway.maxDirectives,
    maxSelections: config.gateway.maxSelections,
    maxUpstreamCalls: config.gateway.maxUpstreamCalls,
    allPagesCap: config.gateway.allPagesCap,
    maxBulkItems: config.gateway.maxBulkItems,
    regionsTtlMs: config.gateway.regionsTtlMs,
    debug: config.gateway.debug,
    host: config.gateway.host,
    token: config.gateway.token,
    readOnly: config.gateway.readOnly,
    corsOrigins: config.gateway.corsOrigins,
    maxBodyBytes: config.gateway.maxBodyBytes,
    cache: {
      ttlMs: config.gateway.cacheTtlMs,
      transitionalTtlMs: config.gateway.cacheTransitionalTtlMs,
      maxBytes: config.gateway.cacheMaxBytes,
    },
    watch: {
      maxSubscriptions: config.gateway.maxSubscriptions,
      maxSubscriptionsPerClient: config.gateway.maxSubscriptionsPerClient,
      maxWatchMs: config.gateway.maxWatchMs,
      minIntervalMs: config.gateway.watchMinIntervalMs,
      maxIntervalMs: config.gateway.watchMaxIntervalMs,
    },
  };
}
