import { type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import type { RelationPaging } from '../loaders/relation-paging.js';
import { CallEstimate, type CostEnv, readUpstreamCost } from '../schema/cost.js';
import type { ApiLimits } from '../spec/limits.js';
import { visitOperationFields } from './operation-fields.js';

export interface UpstreamCallCapOptions {
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
  /** Most upstream calls an operation may be estimated to make. */
  readonly maxUpstreamCalls?: number;
  /** False when the loaders do not batch (the gateway option); the estimate counts per id and per parent. */
  readonly batching?: boolean;
  /** Most items of a bulk mutation (GATEWAY_MAX_BULK_ITEMS): the bound its estimate counts. */
  readonly maxBulkItems?: number;
  /** How relations read their pages (the gateway option): a walk by NextToken adds to their bound. */
  readonly relationPaging?: RelationPaging;
}

type OperationRequest = Parameters<typeof visitOperationFields>[0];
type OperationArgs = Omit<OperationRequest, 'variableValues'> & { readonly variableValues?: unknown };

/**
 * The upper bound on the ECS calls an operation can make, from each field's declared
 * upstream cost (see CallEstimate): the lists above it, `all` pages and relation pages
 * at their caps, aliases and fragments counted as often as they are selected,
 * selections `@skip`/`@include` leave out not counted.
 */
export function estimateUpstreamCalls(request: OperationRequest, env: CostEnv): CallEstimate {
  const estimate = new CallEstimate(env);
  const costs = new Map<number, ReturnType<typeof readUpstreamCost>>();
  visitOperationFields(request, ({ index, field, args, parents, ancestors }) => {
    const cost = readUpstreamCost(field.extensions);
    costs.set(index, cost);
    // The nearest enclosing field that calls ECS produced the parents (page wrappers such as `DiskPage.nodes` pass them on).
    const producer = ancestors.findLast((ancestor) => {
      const calls = costs.get(ancestor.index)?.calls;
      return calls !== undefined && calls !== 'none';
    });
    return estimate.add({ index, cost, args, parents, ...(producer ? { producer } : {}) });
  });
  return estimate;
}

/**
 * Rejects an operation before execution when its estimate exceeds the cap. The region
 * count is the cached region list's when the process holds one; else an operation whose
 * count rests on it has the list read first (through the request's caller: the call its
 * `regions` field makes anyway, counted and budgeted, and shared with that field). When
 * that call fails, the `regions` field fails with it and nothing below it is counted.
 * The estimate is kept on the context for `extensions.upstream`.
 *
 * The estimate cannot know what the shared read cache holds. So a query over the cap,
 * when the cache is on and the request did not ask for fresh data, is first run once
 * from the cache alone (loaders of its own over a view that calls nothing): when every
 * answer it needed was cached, that result is the answer, at no upstream call; when any
 * was not, the operation is refused as it would have been. Mutations are never run so.
 */
export function useUpstreamCallCap({
  limits,
  allPagesCap,
  maxUpstreamCalls = 200,
  batching = true,
  maxBulkItems,
  relationPaging,
}: UpstreamCallCapOptions): Plugin<GatewayContext> {
  const estimateOf = async (args: OperationArgs, context: Partial<GatewayContext>) => {
    const request = { ...args, variableValues: args.variableValues as Record<string, unknown> | undefined };
    const env = {
      limits,
      allPagesCap,
      batching,
      regions: context.loaders?.knownRegionCount(),
      ...(maxBulkItems === undefined ? {} : { maxBulkItems }),
      ...(relationPaging === undefined ? {} : { relationPaging }),
    };
    let estimate = estimateUpstreamCalls(request, env);
    if (estimate.assumedRegions && context.loaders) {
      // A failure is the request's own: its `regions` field fails with it, at its path.
      const known = await context.loaders.regions().then(
        (list) => ({ regions: list.length }),
        () => ({ regionListFailed: true }),
      );
      estimate = estimateUpstreamCalls(request, { ...env, ...known });
    }
    if (context.upstream) context.upstream.estimate = estimate.total;
    return estimate.total;
  };
  const refusalOf = (total: number): ExecutionResult => ({
    errors: [
      new GraphQLError(
        `This operation could make up to ${total} ECS calls; the most allowed is ${maxUpstreamCalls}. Ask for smaller pages or fewer nested lists.`,
        { extensions: { code: 'TOO_MANY_UPSTREAM_CALLS', estimate: total, maxUpstreamCalls } },
      ),
    ],
  });
  return {
    // A subscription's estimate is that of one event (its root field costs none: the pool
    // polls), checked when it starts; each event then gets a budget of its own (beginEvent).
    async onSubscribe({ args, setResultAndStopExecution }) {
      const total = await estimateOf(args, args.contextValue as Partial<GatewayContext>);
      if (total > maxUpstreamCalls) setResultAndStopExecution(refusalOf(total));
    },
    async onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const context = args.contextValue as Partial<GatewayContext>;
      const total = await estimateOf(args, context);
      if (total <= maxUpstreamCalls) return;
      const refusal = refusalOf(total);
      const query = getOperationAST(args.document, args.operationName)?.operation === 'query';
      const cached = query ? context.cachedOnly?.() : undefined;
      if (!cached) {
        setResultAndStopExecution(refusal);
        return;
      }
      setExecuteFn(async (executeArgs) => {
        const result = await executeFn({
          ...executeArgs,
          contextValue: { ...(executeArgs.contextValue as object), ...cached },
        });
        if (cached.cache.cacheMisses > 0) return refusal;
        context.cache?.absorb(cached.cache.stats);
        return result;
      });
    },
  };
}
