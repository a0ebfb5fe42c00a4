import type DataLoader from 'dataloader';
import type { EcsCaller } from '../ecs/caller.js';
import type { AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import { type ByIdLoader, createByIdLoader } from './by-id.js';
import type { ListingCensus } from './census.js';
import { disksOfInstance } from './disks.js';
import {
  createInstanceSnapshotsLoader,
  type InstanceSnapshotsLoader,
  instanceSnapshotsPlan,
} from './instance-snapshots.js';
import { hasIdFilter, type ListedPage, type Listing, type PagedListing } from './listing.js';
import { fetchPage, type ListingQuery, type Page, type PageRequest } from './pages.js';
import type { RegionDirectory, RegionItem, ZoneItem } from './regions.js';
import { createZonesLoader } from './regions.js';
import {
  DEFAULT_RELATION_PAGING,
  firstPageRequest,
  type RelationPaging,
  relationPages,
} from './relation-paging.js';
import {
  createRelationLoader,
  type DecidingPage,
  perParentIsProven,
  type Relation,
  type RelationLoader,
} from './relations.js';
import { snapshotListing } from './snapshots.js';
import { tokenMaxResults } from './token-pages.js';

/** A cache forget() can empty: every DataLoader is one. */
export interface Clearable {
  clearAll(): unknown;
}

export interface LoadersOptions {
  /** The request's caller (it counts the request's upstream calls). */
  readonly ecs: EcsCaller;
  readonly limits: ApiLimits;
  /** The process-wide region cache. */
  readonly regions: RegionDirectory;
  /** Most calls for one relation's children in one region, or one `all` page request. */
  readonly allPagesCap: number;
  /**
   * The process's last known listing sizes per region: every unfiltered page of the
   * request adds to it, and it says whether a deciding page is worth starting early.
   * Without it, nothing is started early.
   */
  readonly census?: ListingCensus;
  /**
   * False: the loaders behave like naive resolvers, for comparison: a relation fetches
   * each parent's children with its own filtered call, a lookup by id is one call per
   * id, nothing is cached within the request, and lists do not prime the lookups by id.
   * Default true.
   */
  readonly batching?: boolean;
  /** How relations read every page of a listing (a region's scan). Default DEFAULT_RELATION_PAGING. */
  readonly relationPaging?: RelationPaging;
}

/**
 * Every loader of one request, created lazily per listing or relation: a schema file
 * declares its Listing/Relation once at module level (a description, no data) and asks
 * the request's Loaders for the loader. All results of a listing, whatever fetched
 * them, prime its by-id loader, so a later lookup by id costs nothing.
 */
export class Loaders {
  readonly zones: DataLoader<string, readonly ZoneItem[]>;
  readonly #options: LoadersOptions;
  // Keyed by the declaration object; each entry's item type is its key's.
  readonly #byId = new Map<object, ByIdLoader<unknown>>();
  readonly #relations = new Map<object, RelationLoader<unknown>>();
  readonly #pages = new Map<string, Promise<Page<unknown>>>();
  readonly #own = new Map<object, Clearable>();
  // TotalCount of the unfiltered listing of a region, by regionTotalKey: a relation's parent count.
  readonly #regionTotals = new Map<string, number>();
  readonly #batching: boolean;
  readonly #paging: RelationPaging;
  #instanceSnapshots: InstanceSnapshotsLoader | undefined;
  #regionList: Promise<readonly RegionItem[]> | undefined;

  constructor(options: LoadersOptions) {
    this.#options = options;
    this.#batching = options.batching ?? true;
    this.#paging = options.relationPaging ?? DEFAULT_RELATION_PAGING;
    this.zones = createZonesLoader(options.ecs);
  }

  /**
   * The region list, asked for at most once per request (a failure included), so the
   * estimate can count it as one call whatever the process-wide cache does meanwhile.
   */
  regions(): Promise<readonly RegionItem[]> {
    this.#regionList ??= this.#options.regions.list(this.#options.ecs);
    return this.#regionList;
  }

  /** How many regions the account has, when the process-wide cache holds a fresh list. */
  knownRegionCount(): number | undefined {
    return this.#options.regions.peek()?.length;
  }

  async region(regionId: string): Promise<RegionItem | null> {
    return (await this.regions()).find((region) => region.RegionId === regionId) ?? null;
  }

  byId<A extends AnyAction, Item>(listing: Listing<A, Item>): ByIdLoader<Item> {
    let loader = this.#byId.get(listing) as ByIdLoader<Item> | undefined;
    if (!loader) {
      loader = createByIdLoader(this.#options.ecs, listing, this.#options.limits, {
        batching: this.#batching,
      });
      this.#byId.set(listing, loader as ByIdLoader<unknown>);
    }
    return loader;
  }

  /** One page (or every page) of a listing; the same request within a request is fetched once. */
  page<A extends AnyAction, Item>(
    listing: PagedListing<A, Item>,
    query: ListingQuery<A>,
    request: PageRequest,
  ): Promise<Page<Item>> {
    const key = pageKey(listing, query, request);
    let page = this.#pages.get(key) as Promise<Page<Item>> | undefined;
    if (!page) {
      page = fetchPage(this.#options.ecs, listing, query, request, this.#options.limits).then((fetched) => {
        // Recorded before any resolver below the page runs, so the relations it leads to can use it.
        // A page by NextToken tells no count (ECS sends none), unless it is the whole listing.
        const counted = request.kind !== 'after' || (request.token === undefined && !fetched.hasNextPage);
        if (counted && isUnfiltered(query.filter)) {
          this.#regionTotals.set(regionTotalKey(listing, query.regionId), fetched.totalCount);
          this.#options.census?.record(listing.name, query.regionId, fetched.totalCount);
        }
        this.#prime(listing, query.regionId, fetched.nodes);
        return fetched;
      });
      if (this.#batching) this.#pages.set(key, page as Promise<Page<unknown>>);
    }
    return page;
  }

  /**
   * The page deciding a relation's plan in a region, fetched at most once per request
   * (a failure included), whether the relation's loader asks first or the page of its
   * parents started it early (speculate). A page of the listing asked for directly with
   * the same filter, number and size is the same call.
   */
  firstPage<A extends AnyAction, Item>(
    plan: DecidingPage<A, Item>,
    regionId: string,
  ): Promise<ListedPage<Item>> {
    return this.page(plan.listing, { regionId, filter: plan.filter }, this.#firstPageRequest(plan)).then(
      listedPage,
    );
  }

  /** The deciding page when this request has already started it, else undefined (nothing is called). */
  startedFirstPage<A extends AnyAction, Item>(
    plan: DecidingPage<A, Item>,
    regionId: string,
  ): Promise<ListedPage<Item>> | undefined {
    const key = pageKey(plan.listing, { regionId, filter: plan.filter }, this.#firstPageRequest(plan));
    return (this.#pages.get(key) as Promise<Page<Item>> | undefined)?.then(listedPage);
  }

  /**
   * Starts, alongside a page of `listing`, the deciding pages of the relations selected
   * below it (`plans`), so that they are not a round of their own after it. Only where
   * the plan will most probably need them: the page asks for at least two parents, and,
   * for a relation whose plan a parent count can settle (minChildrenPerParent), the
   * count is known and does not prove per parent (a cold census starts nothing). Each
   * is the batch's deciding page that the estimate counts already, started at most once
   * per request; one that the plan turns out not to need is a call the estimate allowed.
   */
  speculate<A extends AnyAction, Item>(
    listing: PagedListing<A, Item>,
    query: ListingQuery<A>,
    request: PageRequest,
    plans: Iterable<DecidingPage>,
  ): void {
    if (!this.#batching || !this.#options.census) return;
    // A region the cached list does not hold fails its page: nothing to start beside it.
    const regions = this.#options.regions.peek();
    if (regions && !regions.some((region) => region.RegionId === query.regionId)) return;
    const parents = this.#parentsOnPage(listing, query, request);
    if (parents < 2) return;
    const { allPagesCap } = this.#options;
    for (const plan of plans) {
      if (plan.parentListing !== undefined && plan.minChildrenPerParent !== undefined) {
        const parentsInRegion = this.#parentsInRegion(plan.parentListing, query.regionId);
        if (parentsInRegion === undefined) continue;
        const proven = perParentIsProven({
          parents,
          parentsInRegion,
          minChildrenPerParent: plan.minChildrenPerParent,
          pageSize: this.#relationPages(plan).size,
          maxPages: allPagesCap,
        });
        if (proven) continue;
      }
      // A failure is the relation loader's to report when it uses the page, and no one's otherwise.
      this.firstPage(plan, query.regionId).catch(() => {});
    }
  }

  /** How many items a page request can yield, as far as the census and an id filter tell. */
  #parentsOnPage<A extends AnyAction, Item>(
    listing: PagedListing<A, Item>,
    query: ListingQuery<A>,
    request: PageRequest,
  ): number {
    // `all` walks by NextToken at the action's MaxResults where the listing has tokens.
    const perCall = Math.max(
      request.kind === 'all' ? request.pageSize : 0,
      tokenMaxResults(listing, this.#options.limits) ?? 0,
    );
    let parents = request.kind === 'all' ? request.maxPages * perCall : request.size;
    const known = this.#options.census?.count(listing.name, query.regionId);
    // Where a page after a token starts is not known: the census bounds it only by the whole listing.
    const before = request.kind === 'page' ? (request.number - 1) * request.size : 0;
    if (known !== undefined) parents = Math.min(parents, Math.max(0, known - before));
    if (hasIdFilter(listing)) {
      const ids = (query.filter as Readonly<Record<string, unknown>> | undefined)?.[listing.idsParam];
      if (Array.isArray(ids)) parents = Math.min(parents, ids.length);
    }
    return parents;
  }

  /** The region's count of a listing: this request's own unfiltered page, else the census. */
  #parentsInRegion(listing: Pick<Listing, 'name'>, regionId: string): number | undefined {
    return (
      this.#regionTotals.get(regionTotalKey(listing, regionId)) ??
      this.#options.census?.count(listing.name, regionId)
    );
  }

  #relationPages(plan: { readonly listing: { readonly action: AnyAction } }) {
    return relationPages(plan.listing, this.#options.limits, this.#paging);
  }

  /** The first call of a relation's scan, in the relations' paging. */
  #firstPageRequest(plan: { readonly listing: { readonly action: AnyAction } }): PageRequest {
    return firstPageRequest(this.#relationPages(plan));
  }

  related<A extends AnyAction, Item>(relation: Relation<A, Item>): RelationLoader<Item> {
    let loader = this.#relations.get(relation) as RelationLoader<Item> | undefined;
    if (!loader) {
      const { parentListing } = relation;
      loader = createRelationLoader(this.#options.ecs, relation, this.#options.limits, {
        maxPages: this.#options.allPagesCap,
        batching: this.#batching,
        paging: this.#paging,
        onItems: (regionId, items) => this.#prime(relation.listing, regionId, items),
        onRegionTotal: (regionId, totalCount) =>
          this.#regionTotals.set(regionTotalKey(relation.listing, regionId), totalCount),
        parentsInRegion: (regionId) =>
          parentListing ? this.#parentsInRegion(parentListing, regionId) : undefined,
        firstPage: (regionId) => this.firstPage(relation, regionId),
        startedFirstPage: (regionId) => this.startedFirstPage(relation, regionId),
      });
      this.#relations.set(relation, loader as RelationLoader<unknown>);
    }
    return loader;
  }

  /** The snapshots of the disks attached to each instance, sharing the disks relation's answers. */
  instanceSnapshots(): InstanceSnapshotsLoader {
    this.#instanceSnapshots ??= createInstanceSnapshotsLoader(this.#options.ecs, this.#options.limits, {
      maxPages: this.#options.allPagesCap,
      batching: this.#batching,
      paging: this.#paging,
      disks: this.related(disksOfInstance),
      onItems: (regionId, items) => this.#prime(snapshotListing, regionId, items),
      firstPage: (regionId) => this.firstPage(instanceSnapshotsPlan, regionId),
      startedFirstPage: (regionId) => this.startedFirstPage(instanceSnapshotsPlan, regionId),
    });
    return this.#instanceSnapshots;
  }

  /**
   * The request's loader that `create` makes, made on first use; the function is its
   * key. For loaders that are no listing's or relation's (policies, instance types):
   * they are this request's too, so forget() reaches them.
   */
  own<L extends Clearable>(create: (options: LoadersOptions) => L): L {
    let loader = this.#own.get(create) as L | undefined;
    if (!loader) {
      loader = create(this.#options);
      this.#own.set(create, loader);
    }
    return loader;
  }

  /**
   * Drops every answer this request has cached (the process-wide region list stays):
   * after a write, the resources it changed must be described again.
   */
  forget(): void {
    this.zones.clearAll();
    for (const loader of this.#own.values()) loader.clearAll();
    for (const loader of this.#byId.values()) loader.clearAll();
    for (const loader of this.#relations.values()) loader.clearAll();
    this.#instanceSnapshots?.clearAll();
    this.#pages.clear();
    this.#regionTotals.clear();
  }

  #prime<A extends AnyAction, Item>(
    listing: PagedListing<A, Item>,
    regionId: string,
    items: readonly Item[],
  ) {
    // A listing without an id filter has no lookups to prime.
    if (!this.#batching || !hasIdFilter(listing)) return;
    const loader = this.byId(listing);
    for (const item of items) loader.prime({ regionId, id: listing.idOf(item) }, item);
  }
}

function pageKey(
  listing: Pick<Listing, 'name'>,
  query: ListingQuery<AnyAction>,
  request: PageRequest,
): string {
  return JSON.stringify([listing.name, query.regionId, query.filter ?? {}, request]);
}

function listedPage<Item>(page: Page<Item>): ListedPage<Item> {
  return {
    items: page.nodes,
    totalCount: page.totalCount,
    pageNumber: page.pageNumber,
    pageSize: page.pageSize,
    nextToken: page.next?.token,
  };
}

function regionTotalKey(listing: Pick<Listing, 'name'>, regionId: string): string {
  return `${listing.name} ${regionId}`;
}

/** A listing with no filter but its region: its TotalCount counts the whole region. */
function isUnfiltered(filter: object | undefined): boolean {
  return Object.values(filter ?? {}).every((value) => value === undefined);
}
