import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';

/**
 * Adds `extensions.upstream: { calls, estimate, byAction }` to every result: the ECS
 * calls the request made, and the upper bound estimated before execution (absent when
 * the operation was refused before the estimate). With the shared read cache on, also
 * `cache: { hits, coalesced, misses, oldestAgeMs, storeEntries, storeBytes }`: what
 * this request got from the store and from others' calls in flight, and the store's
 * size. For debugging and benchmarks; off unless the gateway's debug option is.
 */
export function useUpstreamCallsExtension(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      const { upstream, cache } = args.contextValue;
      return {
        async onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return; // a stream; not served here
          const store = cache ? await cache.storeStats() : undefined;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              upstream: {
                calls: upstream.calls,
                ...(upstream.estimate === undefined ? {} : { estimate: upstream.estimate }),
                byAction: { ...upstream.byAction },
                ...(cache
                  ? {
                      cache: {
                        hits: cache.stats.hits,
                        coalesced: cache.stats.coalesced,
                        misses: cache.stats.misses,
                        ...(cache.stats.oldestAgeMs === undefined
                          ? {}
                          : { oldestAgeMs: cache.stats.oldestAgeMs }),
                        storeEntries: store?.entries ?? 0,
                        storeBytes: store?.bytes ?? 0,
                      },
                    }
                  : {}),
              },
            },
          });
        },
      };
    },
  };
}
