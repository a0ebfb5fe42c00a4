import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';

/**
 * Adds `extensions.upstream: { calls, byAction }` to every result: the ECS calls the
 * request made. For debugging and benchmarks; off unless the gateway's debug option is.
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
              upstream: { calls: upstream.calls, byAction: { ...upstream.byAction } },
            },
          });
        },
      };
    },
  };
}
