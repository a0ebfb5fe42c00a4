import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiLimits } from '../ecs/limits.js';
import { type CostEnv, callsOf, itemsOf, readUpstreamCost } from '../schema/cost.js';
import { visitOperationFields } from './operation-fields.js';

export interface UpstreamCallCapOptions {
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
  /** Most upstream calls an operation may be estimated to make. */
  readonly maxUpstreamCalls?: number;
  /** False when the loaders do not batch (the gateway option); the estimate counts per id and per parent. */
  readonly batching?: boolean;
}

/**
 * Estimates the ECS calls an operation can make, from each field's declared upstream
 * cost, its page sizes and the lists above it, and rejects the operation before
 * execution when the estimate exceeds the cap. The estimate is an upper bound: caches
 * and the relation loaders' scans make the real count lower, never higher.
 */
function estimateUpstreamCalls(request: Parameters<typeof visitOperationFields>[0], env: CostEnv): number {
  let calls = 0;
  visitOperationFields(request, ({ field, args, parents, ancestors }) => {
    const cost = readUpstreamCost(field.extensions);
    const enclosing = ancestors.map((ancestor) => ({
      coordinate: ancestor.coordinate,
      cost: readUpstreamCost(ancestor.field.extensions),
      parents: ancestor.parents,
    }));
    if (cost) calls += callsOf(cost, parents, args, env, enclosing);
    return itemsOf(cost, args, env);
  });
  return calls;
}

export function useUpstreamCallCap({
  limits,
  allPagesCap,
  maxUpstreamCalls = 200,
  batching = true,
}: UpstreamCallCapOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const estimate = estimateUpstreamCalls(
        { ...args, variableValues: args.variableValues as Record<string, unknown> | undefined },
        { limits, allPagesCap, batching },
      );
      if (estimate <= maxUpstreamCalls) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `This operation could make up to ${estimate} ECS calls; the most allowed is ${maxUpstreamCalls}. Ask for smaller pages or fewer nested lists.`,
            { extensions: { code: 'TOO_MANY_UPSTREAM_CALLS', estimate, maxUpstreamCalls } },
          ),
        ],
      });
    },
  };
}
