import DataLoader from 'dataloader';
import type { AnyAction } from '../ecs/action.js';
import type { EcsCaller } from '../ecs/caller.js';
import type { ApiLimits } from '../ecs/limits.js';
import type { Params } from '../ecs/params.js';
import { asError, distinct, groupBy } from './batching.js';
import {
  callListingPage,
  type Listing,
  type ListingFilter,
  type ResourceKey,
  resourceCacheKey,
} from './listing.js';
import { type Collected, collectAllPages } from './pages.js';

type StringKeys<P extends Params> = {
  [K in keyof P]: P[K] extends { readonly kind: 'string' } ? K : never;
}[keyof P] &
  string;

/**
 * A one-to-many relation served by a listing: the children of a parent are the
 * listing's items filtered on `parentParam` (the disks of an instance: DescribeDisks
 * with InstanceId). `parentOf` reads the parent id back from an item, so a region scan
 * can be grouped locally.
 */
export interface Relation<A extends AnyAction = AnyAction, Item = unknown> {
  readonly listing: Listing<A, Item>;
  readonly parentParam: string;
  readonly parentOf: (item: Item) => string | undefined;
  /** Filters every call of the relation adds, in both plans. */
  readonly filter?: ListingFilter<A> | undefined;
}

export function defineRelation<A extends AnyAction, Item>(relation: {
  readonly listing: Listing<A, Item>;
  readonly parentParam: StringKeys<A['params']>;
  readonly parentOf: (item: Item) => string | undefined;
  readonly filter?: ListingFilter<A>;
}): Relation<A, Item> {
  return relation;
}

export type RelationPlan = 'perParent' | 'scan';

/**
 * Chooses how to fetch the children of `parents` parents in one region, knowing the
 * region's unfiltered TotalCount from one first page (which a scan reuses): a scan
 * costs the remaining pages; per parent costs at least one call each. A scan the page
 * cap would cut is never chosen, since it would silently drop children.
 */
export function chooseRelationPlan(input: {
  readonly parents: number;
  readonly totalCount: number;
  readonly pageSize: number;
  readonly maxPages: number;
}): RelationPlan {
  const scanPages = Math.ceil(input.totalCount / input.pageSize);
  if (scanPages > input.maxPages) return 'perParent';
  return scanPages - 1 <= input.parents ? 'scan' : 'perParent';
}

export type RelationLoader<Item> = DataLoader<ResourceKey, Collected<Item>, string>;

export interface RelationLoaderOptions<Item> {
  /** Cap on calls for one parent's children (per-parent plan) or one region (scan). */
  readonly maxPages: number;
  /** Sees every item fetched, to prime by-id caches. */
  readonly onItems?: (regionId: string, items: readonly Item[]) => void;
}

/**
 * Loads the children of many parents at once. Per region: one parent is fetched
 * directly; several parents cost one first unfiltered page at the API page size (at
 * most one call to decide), then either the rest of the region's pages grouped
 * locally, or one filtered listing per parent, whichever costs fewer calls.
 */
export function createRelationLoader<A extends AnyAction, Item>(
  ecs: EcsCaller,
  relation: Relation<A, Item>,
  limits: ApiLimits,
  options: RelationLoaderOptions<Item>,
): RelationLoader<Item> {
  const { listing } = relation;
  const pageSize = limits.pageSize;
  const { maxPages, onItems } = options;

  async function perParent(regionId: string, parentId: string): Promise<Collected<Item>> {
    const filter = { ...relation.filter, [relation.parentParam]: parentId } as ListingFilter<A>;
    const collected = await collectAllPages(ecs, listing, { regionId, filter, pageSize, maxPages });
    onItems?.(regionId, collected.items);
    return collected;
  }

  async function loadRegion(regionId: string, parentIds: readonly string[]) {
    const results = new Map<string, Collected<Item> | Error>();
    const settle = async (parentId: string) => {
      results.set(parentId, await perParent(regionId, parentId).catch(asError));
    };
    if (parentIds.length === 1) {
      await settle(parentIds[0] as string);
      return results;
    }
    const query = { regionId, filter: relation.filter, pageSize, maxPages };
    const first = await callListingPage(ecs, listing, { ...query, pageNumber: 1 });
    const plan = chooseRelationPlan({
      parents: parentIds.length,
      totalCount: first.totalCount,
      pageSize,
      maxPages,
    });
    if (plan === 'perParent') {
      onItems?.(regionId, first.items);
      await Promise.all(parentIds.map(settle));
      return results;
    }
    const scanned = await collectAllPages(ecs, listing, query, first);
    onItems?.(regionId, scanned.items);
    const byParent = groupBy(scanned.items, relation.parentOf);
    for (const parentId of parentIds) {
      const items = byParent.get(parentId) ?? [];
      results.set(parentId, { items, totalCount: items.length, truncated: false });
    }
    return results;
  }

  return new DataLoader<ResourceKey, Collected<Item>, string>(
    async (keys) => {
      const byRegion = new Map<string, Map<string, Collected<Item> | Error>>();
      await Promise.all(
        [...groupBy(keys, (key) => key.regionId)].map(async ([regionId, regionKeys]) => {
          const parentIds = distinct(regionKeys.map((key) => key.id));
          const results = await loadRegion(regionId, parentIds).catch(
            (error: unknown) => new Map(parentIds.map((id) => [id, asError(error)])),
          );
          byRegion.set(regionId, results);
        }),
      );
      return keys.map((key) => byRegion.get(key.regionId)?.get(key.id) ?? new Error('relation not loaded'));
    },
    { cacheKeyFn: resourceCacheKey },
  );
}
