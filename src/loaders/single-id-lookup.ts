import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { asError, distinct, groupBy } from './batching.js';
import type { ByIdLoader } from './by-id.js';
import { callListingPage, type Listing, type ResourceKey, resourceCacheKey } from './listing.js';
import { collectAllPages } from './pages.js';
import { chooseRelationPlan } from './relations.js';

export interface SingleIdLookupOptions {
  readonly ecs: EcsCaller;
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
  /** Without batching, one filtered call per id (the naive baseline). */
  readonly batching?: boolean;
}

/**
 * Items by id through a listing whose id filter takes one id (DescribeEipAddresses'
 * AllocationId, DescribeAutoSnapshotPolicyEx's AutoSnapshotPolicyId). One id costs one
 * filtered call; several ids of a region cost one unfiltered page at the API page size,
 * then whichever is cheaper for the ids not on it: the region's remaining pages, or one
 * filtered call each. Unknown ids are null with no further call; a failed call fails
 * the keys it was for.
 */
export function createSingleIdLookupLoader<A extends AnyAction, Item>(
  listing: Listing<A, Item>,
  { ecs, limits, allPagesCap, batching = true }: SingleIdLookupOptions,
): ByIdLoader<Item> {
  const pageSize = limits.pageSize;

  async function byOne(regionId: string, id: string): Promise<readonly Item[]> {
    return (await callListingPage(ecs, listing, { regionId, ids: [id], pageNumber: 1, pageSize: 1 })).items;
  }

  async function loadRegion(regionId: string, ids: readonly string[]): Promise<Item[]> {
    if (ids.length === 1) return [...(await byOne(regionId, ids[0] as string))];
    const query = { regionId, pageSize, maxPages: allPagesCap };
    const first = await callListingPage(ecs, listing, { ...query, pageNumber: 1 });
    const listed = new Set(first.items.map(listing.idOf));
    const missing = ids.filter((id) => !listed.has(id));
    if (missing.length === 0 || first.totalCount <= pageSize) return [...first.items];
    const plan = chooseRelationPlan({
      parents: missing.length,
      totalCount: first.totalCount,
      pageSize,
      maxPages: allPagesCap,
    });
    if (plan === 'scan') return [...(await collectAllPages(ecs, listing, query, first)).items];
    const each = await Promise.all(missing.map((id) => byOne(regionId, id)));
    return [...first.items, ...each.flat()];
  }

  return new DataLoader<ResourceKey, Item | null, string>(
    async (keys) => {
      const found = new Map<string, Item | Error>();
      await Promise.all(
        [...groupBy(keys, (key) => key.regionId)].map(async ([regionId, regionKeys]) => {
          const ids = distinct(regionKeys.map((key) => key.id));
          try {
            for (const item of await loadRegion(regionId, ids))
              found.set(resourceCacheKey({ regionId, id: listing.idOf(item) }), item);
          } catch (error) {
            for (const id of ids) found.set(resourceCacheKey({ regionId, id }), asError(error));
          }
        }),
      );
      return keys.map((key) => found.get(resourceCacheKey(key)) ?? null);
    },
    { cacheKeyFn: resourceCacheKey, batch: batching, cache: batching },
  );
}
