import type { EcsCaller } from '../ecs/caller.js';
import type { ActionInput, ActionResult, AnyAction } from '../spec/action.js';
import type { ApiLimits } from '../spec/limits.js';
import type { IdListParam, Params, StringParam } from '../spec/params.js';

/** A resource addressed within its region: every ECS id lives in one region. */
export interface ResourceKey {
  readonly regionId: string;
  readonly id: string;
}

export function resourceCacheKey(key: ResourceKey): string {
  return `${key.regionId}/${key.id}`;
}

type IdListKeys<P extends Params> = {
  [K in keyof P]: P[K] extends { readonly kind: 'idList' } ? K : never;
}[keyof P] &
  string;

type StringKeys<P extends Params> = {
  [K in keyof P]: P[K] extends { readonly kind: 'string' } ? K : never;
}[keyof P] &
  string;

/** Filters of a listing call other than the ones the loaders set themselves. */
export type ListingFilter<A extends AnyAction> = Omit<
  Partial<ActionInput<A>>,
  'RegionId' | 'PageNumber' | 'PageSize'
>;

/**
 * How one paged, regional Describe* action lists one kind of item: the action, where
 * its items are in a result and each item's id. Pages only: a listing with an id
 * filter (`Listing`) also serves lookups by id.
 */
export interface PagedListing<A extends AnyAction = AnyAction, Item = unknown> {
  readonly name: string;
  readonly action: A;
  /** The items of a result; `regionId` is the region called, for items that do not carry it. */
  readonly items: (result: ActionResult<A>, regionId: string) => readonly Item[];
  readonly idOf: (item: Item) => string;
}

/**
 * A paged listing with an id-list filter that fetches items by id. Declared once per
 * resource (disks, instances, ...) and shared by the by-id loader, the page fetcher and
 * the relation loaders, so they prime each other.
 */
export interface Listing<A extends AnyAction = AnyAction, Item = unknown> extends PagedListing<A, Item> {
  readonly idsParam: string;
  /**
   * When `idsParam` is a plain string rather than a JSON-array filter: the separator
   * its ids are joined with (DescribeImages' ImageId takes `m-1,m-2`). A string id
   * parameter without one takes a single id (DescribeAutoSnapshotPolicyEx).
   */
  readonly idsSeparator?: string | undefined;
  /** Filters a lookup by id adds, where the action's defaults would hide items (DescribeImages lists only Available images unless told). */
  readonly lookupFilter?: ListingFilter<A> | undefined;
}

/** Whether a listing serves lookups by id. */
export function hasIdFilter<A extends AnyAction, Item>(
  listing: PagedListing<A, Item>,
): listing is Listing<A, Item> {
  return typeof (listing as Partial<Listing<A, Item>>).idsParam === 'string';
}

/** What keeps an action from backing a listing: it must be regional and paged. */
function pagingProblems(action: AnyAction): string[] {
  return ['RegionId', 'PageNumber', 'PageSize']
    .filter((name) => !action.params[name])
    .map((name) => `it takes no ${name} parameter`);
}

/**
 * Declares a listing without an id filter (DescribeInstanceStatus), checking at load
 * time that the action is a paged, regional Describe*: it serves pages, never lookups.
 */
export function definePagedListing<A extends AnyAction, Item>(listing: {
  readonly action: A;
  readonly items: (result: ActionResult<A>, regionId: string) => readonly Item[];
  readonly idOf: (item: Item) => string;
}): PagedListing<A, Item> {
  const problems = pagingProblems(listing.action);
  if (problems.length > 0)
    throw new Error(`${listing.action.name} cannot back a listing: ${problems.join('; ')}.`);
  return { name: listing.action.name, ...listing };
}

/**
 * Declares a listing, checking at load time that the action is a paged, regional
 * Describe* with the named id-list filter, so a wrong declaration fails at start.
 */
export function defineListing<A extends AnyAction, Item>(listing: {
  readonly action: A;
  readonly idsParam: IdListKeys<A['params']> | StringKeys<A['params']>;
  readonly items: (result: ActionResult<A>, regionId: string) => readonly Item[];
  readonly idOf: (item: Item) => string;
  readonly idsSeparator?: string;
  readonly lookupFilter?: ListingFilter<A>;
}): Listing<A, Item> {
  const { action, idsParam } = listing;
  const kind = action.params[idsParam]?.kind;
  const problems = [
    kind === 'idList' || kind === 'string' ? undefined : `${idsParam} is not an id-list parameter`,
    kind === 'idList' && listing.idsSeparator !== undefined
      ? `${idsParam} is a JSON array and takes no separator`
      : undefined,
    ...pagingProblems(action),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`${action.name} cannot back a listing: ${problems.join('; ')}.`);
  return { name: action.name, ...listing };
}

/** The most ids one call of the listing may filter on: the action's declared bound. */
export function idsPerCall<A extends AnyAction, Item>(listing: Listing<A, Item>, limits: ApiLimits): number {
  const param = listing.action.params[listing.idsParam] as IdListParam | StringParam;
  // A joined string declares no bound: it is held to the id limit of the JSON-array filters.
  const bound =
    param.kind === 'string'
      ? listing.idsSeparator === undefined
        ? 1
        : limits.ids
      : typeof param.max === 'string'
        ? limits[param.max]
        : param.max;
  // PageSize must cover every id of the chunk, or a chunk's items would need a second page.
  return Math.min(bound, limits.pageSize);
}

export interface ListedPage<Item> {
  readonly items: readonly Item[];
  readonly totalCount: number;
  readonly pageNumber: number;
  readonly pageSize: number;
  /** Where the listing goes on, for a page called by NextToken; undefined on its last page and on pages by number. */
  readonly nextToken?: string | undefined;
}

/** One call for one page of a listing; every other piece goes through here. */
export async function callListingPage<A extends AnyAction, Item>(
  ecs: EcsCaller,
  listing: PagedListing<A, Item>,
  request: {
    readonly regionId: string;
    readonly filter?: ListingFilter<A> | undefined;
    /** Restricts the call to these ids, through the listing's id-list filter. */
    readonly ids?: readonly string[];
    readonly pageNumber: number;
    readonly pageSize: number;
  },
): Promise<ListedPage<Item>> {
  if (request.ids && !hasIdFilter(listing))
    throw new Error(`${listing.name} has no id filter to look ids up by.`);
  // The declaration-typed input cannot be spelled generically over A; the keys were checked in defineListing.
  const input = {
    RegionId: request.regionId,
    ...request.filter,
    ...(request.ids && hasIdFilter(listing)
      ? { ...listing.lookupFilter, [listing.idsParam]: encodeIds(listing, request.ids) }
      : {}),
    PageNumber: request.pageNumber,
    PageSize: request.pageSize,
  } as unknown as ActionInput<A>;
  const result = await ecs.call(listing.action, input);
  const items = listing.items(result, request.regionId);
  const totalCount = (result as { readonly TotalCount?: number }).TotalCount;
  return {
    items,
    totalCount: totalCount ?? items.length,
    pageNumber: request.pageNumber,
    pageSize: request.pageSize,
  };
}

/** The ids as the listing's id parameter takes them. */
function encodeIds(
  listing: Pick<Listing, 'name' | 'action' | 'idsParam' | 'idsSeparator'>,
  ids: readonly string[],
): readonly string[] | string {
  if (listing.action.params[listing.idsParam]?.kind === 'idList') return ids;
  if (listing.idsSeparator !== undefined) return ids.join(listing.idsSeparator);
  if (ids.length !== 1)
    throw new Error(`${listing.name} takes one ${listing.idsParam} a call; got ${ids.length}.`);
  return ids[0] as string;
}
