import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import type { ReadCacheView } from '../ecs/read-cache/read-cache.js';
import { asksForFresh as operationAsksForFresh } from '../schema/fresh-directive.js';

/** Whether the request's headers ask for fresh data: `Cache-Control: no-cache`, or HTTP/1.0's `Pragma: no-cache`. */
export function asksForFresh(headers: Headers): boolean {
  const says = (name: string) =>
    (headers.get(name) ?? '').split(',').some((directive) => directive.trim().toLowerCase() === 'no-cache');
  return says('cache-control') || says('pragma');
}

/**
 * The request's side of the shared read cache: an operation marked `@fresh` is served
 * fresh (set before the call cap's estimate reads anything), and a response that used
 * any answer from the cache carries `Age`: the oldest such answer's age in whole
 * seconds, as HTTP caches say it.
 */
export function useReadCacheControls(): Plugin<GatewayContext> {
  // The views of a request's operations (a batched request runs several).
  const views = new WeakMap<Request, ReadCacheView[]>();
  return {
    onExecute({ args }) {
      const context = args.contextValue as GatewayContext & { readonly request?: Request };
      const view = context.cache;
      if (!view) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation && operationAsksForFresh(operation)) view.fresh = true;
      if (!context.request) return;
      const list = views.get(context.request) ?? [];
      list.push(view);
      views.set(context.request, list);
    },
    onResponse({ request, response }) {
      let oldest: number | undefined;
      for (const view of views.get(request) ?? []) {
        const age = view.stats.oldestAgeMs;
        if (age !== undefined) oldest = Math.max(oldest ?? 0, age);
      }
      if (oldest !== undefined) response.headers.set('age', String(Math.floor(oldest / 1_000)));
    },
  };
}
