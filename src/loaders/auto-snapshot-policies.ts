import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { ActionResult } from '../spec/action.js';
import { DescribeAutoSnapshotPolicyEx } from '../spec/actions/auto-snapshot-policies.js';
import type { ApiLimits } from '../spec/limits.js';
import { asError, distinct, groupBy } from './batching.js';
import type { ByIdLoader } from './by-id.js';
import { callListingPage, defineListing, type ResourceKey, resourceCacheKey } from './listing.js';
import type { Loaders } from './loaders.js';
import { collectAllPages } from './pages.js';
import { chooseRelationPlan } from './relations.js';

export type AutoSnapshotPolicyItem = ActionResult<
  typeof DescribeAutoSnapshotPolicyEx
>['AutoSnapshotPolicies'][number];

/** Automatic snapshot policies by DescribeAutoSnapshotPolicyEx, whose id filter takes one id. */
export const autoSnapshotPolicyListing = defineListing({
  action: DescribeAutoSnapshotPolicyEx,
  idsParam: 'AutoSnapshotPolicyId',
  items: (result) => result.AutoSnapshotPolicies,
  idOf: (policy) => policy.AutoSnapshotPolicyId ?? '',
});

export interface PolicyRequest {
  readonly ecs: EcsCaller;
  readonly limits: ApiLimits;
  readonly allPagesCap: number;
}

/**
 * Policies by id. The id filter takes one id, but a region holds at most 100 policies,
 * so several ids of one region cost one unfiltered page at the API page size, then
 * whichever is cheaper for the ids not on it: the region's remaining pages, or one
 * filtered call each. One id costs one filtered call. Unknown ids are null with no
 * further call; a failed call fails the keys it was for.
 */
export function createAutoSnapshotPolicyLoader({
  ecs,
  limits,
  allPagesCap,
}: PolicyRequest): ByIdLoader<AutoSnapshotPolicyItem> {
  const listing = autoSnapshotPolicyListing;
  const pageSize = limits.pageSize;

  async function byOne(regionId: string, id: string): Promise<readonly AutoSnapshotPolicyItem[]> {
    return (await callListingPage(ecs, listing, { regionId, ids: [id], pageNumber: 1, pageSize: 1 })).items;
  }

  async function loadRegion(regionId: string, ids: readonly string[]): Promise<AutoSnapshotPolicyItem[]> {
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

  return new DataLoader<ResourceKey, AutoSnapshotPolicyItem | null, string>(
    async (keys) => {
      const found = new Map<string, AutoSnapshotPolicyItem | Error>();
      await Promise.all(
        [...groupBy(keys, (key) => key.regionId)].map(async ([regionId, regionKeys]) => {
          const ids = distinct(regionKeys.map((key) => key.id));
          try {
            for (const policy of await loadRegion(regionId, ids))
              found.set(resourceCacheKey({ regionId, id: listing.idOf(policy) }), policy);
          } catch (error) {
            for (const id of ids) found.set(resourceCacheKey({ regionId, id }), asError(error));
          }
        }),
      );
      return keys.map((key) => found.get(resourceCacheKey(key)) ?? null);
    },
    { cacheKeyFn: resourceCacheKey },
  );
}

/**
 * The request's policy loader; list results prime it (see the schema's policy fields),
 * and the request's Loaders.forget() empties it.
 */
export function autoSnapshotPolicyLoader(request: {
  readonly loaders: Loaders;
}): ByIdLoader<AutoSnapshotPolicyItem> {
  return request.loaders.own(createAutoSnapshotPolicyLoader);
}
