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
  /**
   * A wider filter whose one call holds the children of several parents (the snapshots
   * of every disk of an instance: DescribeSnapshots with InstanceId). In the per-parent
   * plan, parents whose key names the same `via` value share that call.
   */
  readonly viaParam?: string | undefined;
}

export function defineRelation<A extends AnyAction, Item>(relation: {
  readonly listing: Listing<A, Item>;
  readonly parentParam: StringKeys<A['params']>;
  readonly parentOf: (item: Item) => string | undefined;
  readonly filter?: ListingFilter<A>;
  readonly viaParam?: StringKeys<A['params']>;
}): Relation<A, Item> {
  return relation;
}

/** A parent of a relation; `via` is its value of the relation's viaParam, when it has one. */
export interface RelationKey extends ResourceKey {
  readonly via?: string | undefined;
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

/** One filtered listing: a parent's own children, or a `via` call shared by several parents. */
interface FetchUnit {
  readonly param: string;
  readonly value: string;
  readonly parentIds: string[];
}

export type RelationLoader<Item> = DataLoader<RelationKey, Collected<Item>, string>;

export interface RelationLoaderOptions<Item> {
  /** Cap on calls for one parent's children (per-parent plan) or one region (scan). */
  readonly maxPages: number;
  /** Sees every item fetched, to prime by-id caches. */
  readonly onItems?: (regionId: string, items: readonly Item[]) => void;
}

/**
 * Loads the children of many parents at once. Per region: one parent (or one shared
 * `via` call) is fetched directly; more cost one first unfiltered page at the API page
 * size (at most one call to decide), then either the rest of the region's pages grouped
 * locally, or one filtered listing per parent (per `via` value for keys that name one),
 * whichever costs fewer calls.
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

  function unitsOf(keys: readonly RelationKey[]): FetchUnit[] {
    const units = new Map<string, FetchUnit>();
    for (const key of keys) {
      const shared = relation.viaParam !== undefined && key.via !== undefined;
      const param = shared ? (relation.viaParam as string) : relation.parentParam;
      const value = shared ? (key.via as string) : key.id;
      const unit = units.get(`${param}=${value}`) ?? { param, value, parentIds: [] };
      if (!unit.parentIds.includes(key.id)) unit.parentIds.push(key.id);
      units.set(`${param}=${value}`, unit);
    }
    return [...units.values()];
  }

  async function fetchUnit(regionId: string, unit: FetchUnit, results: Map<string, Collected<Item> | Error>) {
    try {
      const filter = { ...relation.filter, [unit.param]: unit.value } as ListingFilter<A>;
      const collected = await collectAllPages(ecs, listing, { regionId, filter, pageSize, maxPages });
      onItems?.(regionId, collected.items);
      if (unit.param === relation.parentParam) {
        results.set(unit.value, collected);
        return;
      }
      const byParent = groupBy(collected.items, relation.parentOf);
      for (const parentId of unit.parentIds) {
        const items = byParent.get(parentId) ?? [];
        results.set(parentId, { items, totalCount: items.length, truncated: collected.truncated });
      }
    } catch (error) {
      for (const parentId of unit.parentIds) results.set(parentId, asError(error));
    }
  }

  async function loadRegion(regionId: string, keys: readonly RelationKey[]) {
    const results = new Map<string, Collected<Item> | Error>();
    const units = unitsOf(keys);
    if (units.length === 1) {
      await fetchUnit(regionId, units[0] as FetchUnit, results);
      return results;
    }
    const query = { regionId, filter: relation.filter, pageSize, maxPages };
    const first = await callListingPage(ecs, listing, { ...query, pageNumber: 1 });
    const plan = chooseRelationPlan({
      parents: units.length,
      totalCount: first.totalCount,
      pageSize,
      maxPages,
    });
    if (plan === 'perParent') {
      onItems?.(regionId, first.items);
      await Promise.all(units.map((unit) => fetchUnit(regionId, unit, results)));
      return results;
    }
    const scanned = await collectAllPages(ecs, listing, query, first);
    onItems?.(regionId, scanned.items);
    const byParent = groupBy(scanned.items, relation.parentOf);
    for (const parentId of distinct(keys.map((key) => key.id))) {
      const items = byParent.get(parentId) ?? [];
      results.set(parentId, { items, totalCount: items.length, truncated: false });
    }
    return results;
  }

  return new DataLoader<RelationKey, Collected<Item>, string>(
    async (keys) => {
      const byRegion = new Map<string, Map<string, Collected<Item> | Error>>();
      await Promise.all(
        [...groupBy(keys, (key) => key.regionId)].map(async ([regionId, regionKeys]) => {
          const results = await loadRegion(regionId, regionKeys).catch(
            (error: unknown) => new Map(regionKeys.map((key) => [key.id, asError(error)])),
          );
          byRegion.set(regionId, results);
        }),
      );
      return keys.map((key) => byRegion.get(key.regionId)?.get(key.id) ?? new Error('relation not loaded'));
    },
    { cacheKeyFn: resourceCacheKey },
  );
}
