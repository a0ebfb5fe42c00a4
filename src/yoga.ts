import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { createContext, type GatewayContext } from './context.js';
import type { EcsCaller } from './ecs/caller.js';
import type { ApiLimits } from './ecs/limits.js';
import { RegionDirectory } from './loaders/regions.js';
import { maskError, redactingLogger } from './plugins/mask-errors.js';
import { useDepthLimit } from './plugins/use-depth-limit.js';
import { usePageSizeLimit } from './plugins/use-page-size-limit.js';
import { useUpstreamCallCap } from './plugins/use-upstream-call-cap.js';
import { useUpstreamCallsExtension } from './plugins/use-upstream-calls-extension.js';
import { schema as gatewaySchema } from './schema/index.js';

export interface GatewayOptions {
  /** Every upstream call goes through it: the ECS client, or a test double. */
  readonly ecs: EcsCaller;
  /** The API's page and id limits (ECS_API_LIMITS). */
  readonly limits: ApiLimits;
  /** Deepest field nesting of an operation. Default 10. */
  readonly maxDepth?: number;
  /** Most ECS calls an operation may be estimated to make. Default 200. */
  readonly maxUpstreamCalls?: number;
  /** Most pages `page: { all: true }` and a relation's children may take. Default 20. */
  readonly allPagesCap?: number;
  /** How long the region list is shared between requests. Default 10 minutes. */
  readonly regionsTtlMs?: number;
  /** Adds `extensions.upstream` (the request's ECS calls) to every result. Default off. */
  readonly debug?: boolean;
  /** Serve GraphiQL on GET /graphql. Default on. */
  readonly graphiql?: boolean;
  /** Where logs go; every line passes through secret redaction. */
  readonly logger?: YogaLogger;
  /** The clock of the region cache. */
  readonly now?: () => number;
  /** The schema to serve; the gateway's own unless a test brings another. */
  readonly schema?: GraphQLSchema;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

// The example is also a codegen document, so GraphiQL opens on a query that is known to run.
const EXAMPLE_QUERY = readFileSync(new URL('../examples/regions-and-zones.graphql', import.meta.url), 'utf8');

/** Builds the gateway's yoga instance; it does not listen (main.ts does). */
export function createGateway(options: GatewayOptions): Gateway {
  const {
    ecs,
    limits,
    maxDepth = 10,
    maxUpstreamCalls = 200,
    allPagesCap = 20,
    regionsTtlMs = 10 * 60_000,
    debug = false,
    graphiql = true,
    schema = gatewaySchema,
  } = options;
  const regions = new RegionDirectory({ ttlMs: regionsTtlMs, ...(options.now ? { now: options.now } : {}) });
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    context: () => createContext({ ecs, limits, regions, allPagesCap }),
    maskedErrors: { maskError },
    logging: redactingLogger(options.logger),
    graphiql: graphiql ? { title: 'ECS GraphQL Gateway', defaultQuery: EXAMPLE_QUERY } : false,
    landingPage: false,
    plugins: [
      useDepthLimit({ maxDepth }),
      usePageSizeLimit({ limits, allPagesCap }),
      useUpstreamCallCap({ limits, allPagesCap, maxUpstreamCalls }),
      ...(debug ? [useUpstreamCallsExtension()] : []),
    ],
  });
}
