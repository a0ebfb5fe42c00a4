import DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import type { Params } from '../spec/params.js';
import { asError, distinct, groupBy } from './batching.js';
import {
  type ListedPage,
  type Listing,
  type ListingFilter,
  type ResourceKey,
  resourceCacheKey,
} from './listing.js';
import type { Collected } from './pages.js';
import {
  callFirstPage,
  collectRelationPages,
  DEFAULT_RELATION_PAGING,
  isWholeListing,
  type RelationPages,
  type RelationPaging,
  relationPages,
} from './relation-paging.js';

type StringKeys<P extends Params> = {
  [K in keyof P]: P[K] extends { readonly kind: 'string' } ? K : never;
}[keyof P] &
  string;

/**
 * The page that decides a relation's plan in a region: the first page of its listing,
 * with the relation's own filters but none naming a parent, at the API page size. It
 * depends on no parent, so it can be started before the parents are known; and when
 * the listing declares how few children every parent has, a known parent count can
 * make it needless (perParentIsProven).
 */
export interface DecidingPage<A extends AnyAction = AnyAction, Item = unknown> {
  readonly listing: Listing<A, Item>;
  /** Filters every call of the relation adds, in both plans. */
  readonly filter?: ListingFilter<A> | undefined;
  /** The listing the parents are items of: its region count bounds the children from below. */
  readonly parentListing?: Pick<Listing, 'name'> | undefined;
  /**
   * The fewest children every parent has, as ECS's model guarantees (with `filter`
   * applied). With the region's parent count known, it proves the region's children
   * fill at least so many pages, which can settle the plan without a deciding call.
   */
  readonly minChildrenPerParent?: number | undefined;
}

/**
 * A one-to-many relation served by a listing: the children of a parent are the
 * listing's items filtered on `parentParam` (the disks of an instance: DescribeDisks
 * with InstanceId). `parentOf` reads the parent id back from an item, so a region scan
 * can be grouped locally.
 */
export interface Relation<A extends AnyAction = AnyAction, Item = unknown> extends DecidingPage<A, Item> {
  readonly parentParam: string;
  readonly parentOf: (item: Item) => string | undefined;
  /**
   * Every parent of an item, for a relation whose children have several (an instance
   * in up to five security groups): a scan files the item under each. Overrides parentOf.
   */
  readonly parentsOf?: ((item: Item) => readonly string[]) | undefined;
  /**
   * A wider filter whose one call holds the children of several parents (the snapshots
   * of every disk of an instance: DescribeSnapshots with InstanceId). In the per-parent
   * plan, parents whose key names the same `via` value share that call.
   */
  readonly viaParam?: string | undefined;
}

type ChildrenBound =
  | { readonly parentListing: Pick<Listing, 'name'>; readonly minChildrenPerParent: number }
  | { readonly parentListing?: undefined; readonly minChildrenPerParent?: undefined };

export function defineRelation<A extends AnyAction, Item>(
  relation: {
    readonly listing: Listing<A, Item>;
    readonly parentParam: StringKeys<A['params']>;
    readonly parentOf: (item: Item) => string | undefined;
    readonly parentsOf?: (item: Item) => readonly string[];
    readonly filter?: ListingFilter<A>;
    readonly viaParam?: StringKeys<A['params']>;
  } & ChildrenBound,
): Relation<A, Item> {
  const min = relation.minChildrenPerParent;
  if (min !== undefined && !(Number.isInteger(min) && min > 0))
    throw new Error(
      `The relation of ${relation.listing.name} by ${relation.parentParam}: minChildrenPerParent must be a positive integer; got ${min}.`,
    );
  return relation;
}

/** The children of each parent among `items`: an item with several parents is under each. */
function childrenByParent<A extends AnyAction, Item>(items: readonly Item[], relation: Relation<A, Item>) {
  const { parentsOf } = relation;
  if (!parentsOf) return groupBy(items, relation.parentOf);
  const groups = new Map<string | undefined, Item[]>();
  for (const item of items)
    for (const parent of new Set(parentsOf(item))) {
      const group = groups.get(parent);
      if (group) group.push(item);
      else groups.set(parent, [item]);
    }
  return groups;
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

/**
 * How many calls a scan of the region may take in all, its first page included, now
 * that the first page is known; 0 when the plan is per parent. By number, the first
 * page's TotalCount tells the pages (chooseRelationPlan). By token, ECS sends no count
 * (the SDK models call TotalCount meaningless there): past a first page that is not the
 * whole listing the rest is unknown, so the walk goes on only as far as the calls it
 * replaces (one per parent, within the page cap), and one that has not reached the end
 * by then hands over to per parent.
 */
export function scanCalls(input: {
  readonly parents: number;
  readonly first: ListedPage<unknown>;
  readonly pages: RelationPages;
  readonly maxPages: number;
}): number {
  const { parents, first, pages, maxPages } = input;
  if (isWholeListing(first, pages)) return 1;
  if (pages.byToken) {
    const calls = Math.min(parents, maxPages);
    return calls >= 2 ? calls : 0;
  }
  const plan = chooseRelationPlan({ parents, totalCount: first.totalCount, pageSize: pages.size, maxPages });
  return plan === 'scan' ? maxPages : 0;
}

/** The region's count a first page tells: by token, only when it is the whole listing. */
export function countOf(first: ListedPage<unknown>, pages: RelationPages): number | undefined {
  return pages.byToken && !isWholeListing(first, pages) ? undefined : first.totalCount;
}

/**
 * Whether the per-parent plan is proven cheapest without a deciding call: when the
 * region holds at least `parentsInRegion` parents of at least `minChildrenPerParent`
 * children each, a scan takes at least ⌈parentsInRegion × minChildrenPerParent /
 * pageSize⌉ calls, so once that reaches the parents to load (one call each), or the
 * page cap (no scan then), the deciding call could only confirm per parent.
 */
export function perParentIsProven(input: {
  readonly parents: number;
  readonly parentsInRegion: number | undefined;
  readonly minChildrenPerParent: number | undefined;
  readonly pageSize: number;
  readonly maxPages: number;
}): boolean {
  if (input.parentsInRegion === undefined || input.minChildrenPerParent === undefined) return false;
  const scanPages = Math.ceil((input.parentsInRegion * input.minChildrenPerParent) / input.pageSize);
  return scanPages >= input.parents || scanPages > input.maxPages;
}

/**
 * The deciding page a request started early, when it turned out to hold the whole
 * region (no page follows it): it is then a complete scan, cheaper than any call per
 * parent. Undefined when none was started, or it failed (the parents' own calls then
 * stand in for it), or more pages follow.
 */
export async function wholeRegionPage<Item>(
  started: Promise<ListedPage<Item>> | undefined,
  pages: RelationPages,
): Promise<ListedPage<Item> | undefined> {
  if (!started) return undefined;
  const page = await started.catch(() => undefined);
  return page && isWholeListing(page, pages) ? page : undefined;
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
  /** The region's count of the relation's parents, when a listing of them told it (its TotalCount). */
  readonly parentsInRegion?: (regionId: string) => number | undefined;
  /** Sees the TotalCount of every unfiltered page the relation fetched. */
  readonly onRegionTotal?: (regionId: string, totalCount: number) => void;
  /**
   * The deciding page of a region, fetched at most once per request whoever asks first
   * (the loader, or the page of the parents, which may start it early). Default: a call
   * of the loader's own.
   */
  readonly firstPage?: (regionId: string) => Promise<ListedPage<Item>>;
  /** The deciding page of a region when something has already started it, else undefined. */
  readonly startedFirstPage?: (regionId: string) => Promise<ListedPage<Item>> | undefined;
  /**
   * False: behave like a naive resolver, for comparison: every parent's children come
   * from a filtered call of their own (every page; no shared `via` call, no scan, no
   * batch, no cache), so every evaluation of the field costs its own calls.
   */
  readonly batching?: boolean;
  /** How the relation reads every page of a listing. Default DEFAULT_RELATION_PAGING. */
  readonly paging?: RelationPaging;
}

/**
 * Loads the children of many parents at once. Per region: one parent (or one shared
 * `via` call) is fetched directly, and so are several when the region's parent count
 * proves per parent cheapest (perParentIsProven); otherwise one first unfiltered page
 * at the API page size (at most one call to decide), then either the rest of the
 * region's pages grouped locally, or one filtered listing per parent (per `via` value
 * for keys that name one), whichever costs fewer calls. The deciding page may have
 * been started early by the request (options.firstPage); one started for a plan that
 * turned out not to need it serves all the same when it holds the whole region.
 */
export function createRelationLoader<A extends AnyAction, Item>(
  ecs: EcsCaller,
  relation: Relation<A, Item>,
  limits: ApiLimits,
  options: RelationLoaderOptions<Item>,
): RelationLoader<Item> {
  const { listing } = relation;
  const { maxPages, onItems, batching = true } = options;
  const pages = relationPages(listing, limits, options.paging ?? DEFAULT_RELATION_PAGING);
  const pageSize = pages.size;
  const unfiltered = Object.values(relation.filter ?? {}).every((value) => value === undefined);

  function unitsOf(keys: readonly RelationKey[]): FetchUnit[] {
    const units = new Map<string, FetchUnit>();
    for (const key of keys) {
      const shared = batching && relation.viaParam !== undefined && key.via !== undefined;
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
      const collected = await collectRelationPages(ecs, listing, { regionId, filter, maxPages }, pages);
      onItems?.(regionId, collected.items);
      if (unit.param === relation.parentParam) {
        results.set(unit.value, collected);
        return;
      }
      const byParent = childrenByParent(collected.items, relation);
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
    const proven = perParentIsProven({
      parents: units.length,
      parentsInRegion: options.parentsInRegion?.(regionId),
      minChildrenPerParent: relation.minChildrenPerParent,
      pageSize,
      maxPages,
    });
    const query = { regionId, filter: relation.filter, maxPages };
    if (units.length === 1 || proven) {
      // A deciding page started early for nothing still serves when it holds the whole region.
      const whole = await wholeRegionPage(options.startedFirstPage?.(regionId), pages);
      if (whole && (await scan(query, keys, whole, results))) return results;
      await Promise.all(units.map((unit) => fetchUnit(regionId, unit, results)));
      return results;
    }
    const first = await (options.firstPage?.(regionId) ?? callFirstPage(ecs, listing, query, pages));
    const count = countOf(first, pages);
    if (unfiltered && count !== undefined) options.onRegionTotal?.(regionId, count);
    const calls = scanCalls({ parents: units.length, first, pages, maxPages });
    if (calls > 0 && (await scan({ ...query, maxPages: calls }, keys, first, results))) return results;
    if (calls === 0) onItems?.(regionId, first.items);
    await Promise.all(units.map((unit) => fetchUnit(regionId, unit, results)));
    return results;
  }

  /**
   * The region's pages from `first` on, at most `query.maxPages` calls, grouped by
   * parent; false, with nothing set, when they did not reach the end of the listing.
   */
  async function scan(
    query: { regionId: string; filter: ListingFilter<A> | undefined; maxPages: number },
    keys: readonly RelationKey[],
    first: ListedPage<Item>,
    results: Map<string, Collected<Item> | Error>,
  ): Promise<boolean> {
    const { regionId } = query;
    const scanned = await collectRelationPages(ecs, listing, query, pages, first);
    onItems?.(regionId, scanned.items);
    if (scanned.truncated) return false;
    const byParent = childrenByParent(scanned.items, relation);
    for (const parentId of distinct(keys.map((key) => key.id))) {
      const items = byParent.get(parentId) ?? [];
      results.set(parentId, { items, totalCount: items.length, truncated: false });
    }
    return true;
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
    batching ? { cacheKeyFn: resourceCacheKey } : { batch: false, cache: false },
  );
}
