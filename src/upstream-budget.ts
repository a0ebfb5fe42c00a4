import { GraphQLError } from 'graphql';
import type { EcsCaller } from './ecs/caller.js';

export const UPSTREAM_BUDGET_EXHAUSTED = 'UPSTREAM_BUDGET_EXHAUSTED';

/**
 * Wraps a request's caller so that it starts at most `maxCalls` calls: the estimate
 * bounds an operation before it runs, and this holds the bound while it runs whatever
 * the data turns out to be. A call past the budget is not made; it fails with a
 * GraphQLError coded UPSTREAM_BUDGET_EXHAUSTED, which the loaders hand to the fields
 * that needed the call, so they resolve to null with the error at their path and the
 * rest of the answer stands.
 */
export function budgetedCaller(ecs: EcsCaller, maxCalls: number): EcsCaller {
  let started = 0;
  return {
    call(action, input, options) {
      if (started >= maxCalls)
        return Promise.reject(
          new GraphQLError(
            `This request has made its ${maxCalls} ECS calls, the most allowed; ${action.name} was not called.`,
            {
              extensions: {
                code: UPSTREAM_BUDGET_EXHAUSTED,
                maxUpstreamCalls: maxCalls,
                action: action.name,
              },
            },
          ),
        );
      started += 1;
      return ecs.call(action, input, options);
    },
  };
}
