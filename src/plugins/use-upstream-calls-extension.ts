import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';

/**
 * Adds `extensions.upstream: { calls, estimate, byAction }` to every result: the ECS
 * calls the request made, and the upper bound estimated before execution (absent when
 * the operation was refused before the estimate). For debugging and benchmarks; off
 * unless the gateway's debug option is.
 */
export function useUpstreamCallsExtension(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const { upstream } = args.contextValue;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return; // a stream; not served here
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              upstream: {
                calls: upstream.calls,
                ...(upstream.estimate === undefined ? {} : { estimate: upstream.estimate }),
                byAction: { ...upstream.byAction },
              },
            },
          });
        },
      };
    },
  };
}
