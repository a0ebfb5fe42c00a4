import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { asError, chunk, distinct, groupBy } from './batching.js';
import { callListingPage, idsPerCall, type Listing, type ResourceKey, resourceCacheKey } from './listing.js';

export type ByIdLoader<Item> = DataLoader<ResourceKey, Item | null, string>;

/**
 * Loads resources by id: keys are grouped by region and chunked to the action's id
 * limit, one call per chunk with PageSize equal to the chunk, chunks in parallel.
 * Results come back in key order whatever order ECS answers in; an id ECS does not
 * return resolves to null (it does not exist, or is not visible) without another
 * call; a failed call fails only the keys of its chunk. With `batching: false` (a naive
 * resolver, for comparison) every lookup is a call of its own, one id, nothing cached.
 */
export function createByIdLoader<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: Listing<A, Item>,
  limits: ApiLimits,
  options: { readonly batching?: boolean } = {},
): ByIdLoader<Item> {
  const perCall = idsPerCall(listing, limits);
  return new DataLoader<ResourceKey, Item | null, string>(
    async (keys) => {
      const found = new Map<string, Item | Error>();
      const calls = [...groupBy(keys, (key) => key.regionId)].flatMap(([regionId, regionKeys]) =>
        chunk(distinct(regionKeys.map((key) => key.id)), perCall).map(async (ids) => {
          try {
            const page = await callListingPage(ecs, listing, {
              regionId,
              ids,
              pageNumber: 1,
              pageSize: ids.length,
            });
            for (const item of page.items)
              found.set(resourceCacheKey({ regionId, id: listing.idOf(item) }), item);
          } catch (error) {
            for (const id of ids) found.set(resourceCacheKey({ regionId, id }), asError(error));
          }
        }),
      );
      await Promise.all(calls);
      return keys.map((key) => found.get(resourceCacheKey(key)) ?? null);
    },
    options.batching === false ? { batch: false, cache: false } : { cacheKeyFn: resourceCacheKey },
  );
}
