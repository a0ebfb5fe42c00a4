import DataLoader from 'dataloader';
import type { ActionResult } from '../spec/action.js';
import { DescribeEipAddresses } from '../spec/actions/eips.js';
import { asError, distinct, groupBy } from './batching.js';
import type { ByIdLoader } from './by-id.js';
import { callListingPage, defineListing, type ResourceKey, resourceCacheKey } from './listing.js';
import type { Loaders, LoadersOptions } from './loaders.js';
import { collectAllPages } from './pages.js';
import { chooseRelationPlan } from './relations.js';

/** An EIP as DescribeEipAddresses lists it (EipAddressSetType). */
export type EipItem = ActionResult<typeof DescribeEipAddresses>['EipAddresses'][number];

/** EIPs of a region: DescribeEipAddresses, whose AllocationId filter takes one id. */
export const eipListing = defineListing({
  action: DescribeEipAddresses,
  idsParam: 'AllocationId',
  items: (result) => result.EipAddresses,
  idOf: (eip) => eip.AllocationId ?? '',
});

/**
 * EIPs by allocation id. The filter takes one id, so one id costs one filtered call;
 * several ids of a region cost one unfiltered page at the API page size, then whichever
 * is cheaper for the ids not on it: the region's remaining pages, or one filtered call
 * each (the plan of the policies' lookup). Unknown ids are null with no further call;
 * a failed call fails the keys it was for. Without batching, one filtered call per id.
 */
export function createEipLoader({
  ecs,
  limits,
  allPagesCap,
  batching = true,
}: LoadersOptions): ByIdLoader<EipItem> {
  const listing = eipListing;
  const pageSize = limits.pageSize;

  async function byOne(regionId: string, id: string): Promise<readonly EipItem[]> {
    return (await callListingPage(ecs, listing, { regionId, ids: [id], pageNumber: 1, pageSize: 1 })).items;
  }

  async function loadRegion(regionId: string, ids: readonly string[]): Promise<EipItem[]> {
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

  return new DataLoader<ResourceKey, EipItem | null, string>(
    async (keys) => {
      const found = new Map<string, EipItem | Error>();
      await Promise.all(
        [...groupBy(keys, (key) => key.regionId)].map(async ([regionId, regionKeys]) => {
          const ids = distinct(regionKeys.map((key) => key.id));
          try {
            for (const eip of await loadRegion(regionId, ids))
              found.set(resourceCacheKey({ regionId, id: listing.idOf(eip) }), eip);
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

/** The request's EIP loader; listings prime it, and the request's Loaders.forget() empties it. */
export function eipLoader(request: { readonly loaders: Loaders }): ByIdLoader<EipItem> {
  return request.loaders.own(createEipLoader);
}
